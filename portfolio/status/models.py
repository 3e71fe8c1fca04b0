"""Status reporting: hoofdpuntenrapportage per project per period, tolerances, reminders."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import edits_everything
from pmo.dates import plausible_date
from pmo.tracking import Tracked
from pmo.versioning import Versioned

from ..projects.models import Project, ProjectChildQuerySet


class RAG(models.TextChoices):
    GREEN = "groen", _("groen")
    AMBER = "oranje", _("oranje")
    RED = "rood", _("rood")


# (key, field suffix, label) in the order the board reads them.
DIMENSIONS = [
    ("time", _("tijd")),
    ("cost", _("geld")),
    ("scope", _("scope")),
    ("quality", _("kwaliteit")),
    ("risk", _("risico")),
    ("benefits", _("baten")),
]
DIMENSION_KEYS = [key for key, _label in DIMENSIONS]


def rag_field(label, **kwargs):
    # Blank is allowed for a draft; a submitted report has every colour (rules/validation).
    kwargs.setdefault("blank", True)
    return models.CharField(label, max_length=10, choices=RAG.choices, **kwargs)


class ToleranceQuerySet(ProjectChildQuerySet):
    """Seen with the project; set by the PMO (the board's room for the projectleider),
    not by the projectleider it binds."""

    def editable_by(self, user):
        return self.visible_to(user) if edits_everything(user) else self.none()


class ProjectTolerance(Tracked):
    """The room a projectleider has before the board must decide (PRINCE2 tolerances)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="tolerance")
    time_days = models.PositiveIntegerField(_("tijd (dagen)"), default=30)
    cost_pct = models.DecimalField(
        _("geld (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=10,
        validators=[MinValueValidator(0)],
    )
    cost_eur = models.DecimalField(
        _("geld (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    scope = models.TextField(_("scope"), blank=True)
    quality = models.TextField(_("kwaliteit"), blank=True)
    risk = models.TextField(_("risico"), blank=True)
    benefits = models.TextField(_("baten"), blank=True)

    objects = ToleranceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tolerantie")
        verbose_name_plural = _("toleranties")

    def __str__(self) -> str:
        return f"{self.project.code}"


class StatusReportQuerySet(ProjectChildQuerySet):
    def current(self):
        return self.filter(is_current=True)


class StatusReport(Versioned, Tracked):
    """Hoofdpuntenrapportage. An amendment after submission is a new revision; the
    earlier one stays, no longer current."""

    class State(models.TextChoices):
        DRAFT = "concept", _("concept")
        SUBMITTED = "ingediend", _("ingediend")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(
        _("periode"), help_text=_("Eerste dag van de periode."), validators=[plausible_date]
    )
    revision = models.PositiveSmallIntegerField(_("herziening"), default=1)
    is_current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)

    rag_time = rag_field(_("tijd"))
    rag_cost = rag_field(_("geld"))
    rag_scope = rag_field(_("scope"))
    rag_quality = rag_field(_("kwaliteit"))
    rag_risk = rag_field(_("risico"))
    rag_benefits = rag_field(_("baten"))
    rag_overall = rag_field(_("totaal"))
    # What the system proposed from forecasts and tolerances, and for baten from the
    # attributed benefits' progress; kept beside the choice.
    proposed_rag_time = rag_field(_("voorstel tijd"), blank=True)
    proposed_rag_cost = rag_field(_("voorstel geld"), blank=True)
    proposed_rag_benefits = rag_field(_("voorstel baten"), blank=True)
    proposed_rag_risk = rag_field(_("voorstel risico"), blank=True)
    override_reason_time = models.TextField(_("reden afwijking voorstel tijd"), blank=True)
    override_reason_cost = models.TextField(_("reden afwijking voorstel geld"), blank=True)
    override_reason_benefits = models.TextField(_("reden afwijking voorstel baten"), blank=True)
    override_reason_risk = models.TextField(_("reden afwijking voorstel risico"), blank=True)
    # {dimension: {"cause": …, "effect": …, "measure": …}} for amber and red dimensions.
    explanations = models.JSONField(default=dict, blank=True)

    progress_pct = models.PositiveSmallIntegerField(
        _("voortgang (%)"),
        null=True,  # a draft may leave it open; submitting needs it
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    forecast_end = models.DateField(
        _("prognose einddatum"), null=True, blank=True, validators=[plausible_date]
    )
    forecast_cost = models.DecimalField(
        _("prognose totale kosten (EAC)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual_cost = models.DecimalField(
        _("werkelijke kosten tot nu"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual_cost_date = models.DateField(
        _("peildatum werkelijke kosten"), null=True, blank=True, validators=[plausible_date]
    )
    plausibility_reason = models.TextField(_("toelichting bij opvallende waarden"), blank=True)
    achievements = models.TextField(_("bereikt deze periode"), blank=True)
    next_plans = models.TextField(_("plannen volgende periode"), blank=True)
    escalations = models.TextField(_("escalaties"), blank=True)
    decisions_requested = models.TextField(
        _("gevraagde besluiten van de portfolioraad"), blank=True
    )

    is_exception = models.BooleanField(_("buiten tolerantie"), default=False)
    exception_cause = models.TextField(_("oorzaak"), blank=True)
    exception_consequences = models.TextField(_("gevolgen"), blank=True)
    exception_options = models.TextField(_("opties"), blank=True)
    exception_recommendation = models.TextField(_("aanbeveling"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoofdpuntenrapportage")
        verbose_name_plural = _("hoofdpuntenrapportages")
        ordering = ["project", "-period", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"],
                condition=models.Q(is_current=True),
                name="one_current_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["project", "period", "revision"], name="unique_report_revision"
            ),
            models.CheckConstraint(
                condition=models.Q(progress_pct__lte=100), name="progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=(models.Q(forecast_cost__isnull=True) | models.Q(forecast_cost__gte=0))
                & (models.Q(actual_cost__isnull=True) | models.Q(actual_cost__gte=0)),
                name="report_costs_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["period", "is_current", "state"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("status:report_detail", kwargs={"code": self.project.code, "pk": self.pk})

    def colour(self, dimension: str) -> str:
        return getattr(self, f"rag_{dimension}")


class ReportReminder(Tracked):
    """A report that was overdue when the daily check ran, and whom it told."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reminders")
    period = models.DateField(_("periode"), validators=[plausible_date])
    notified_at = models.DateTimeField(_("herinnerd op"), auto_now_add=True)
    notified = models.EmailField(_("herinnerd"), blank=True)
    resolved_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-period", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="one_reminder_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period:%Y-%m}"


# What a report form or API client writes; everything else is derived by the services.
RAG_FIELDS = [f"rag_{key}" for key in DIMENSION_KEYS] + ["rag_overall"]
REPORT_FIELDS = [
    *RAG_FIELDS,
    "override_reason_time",
    "override_reason_cost",
    "override_reason_benefits",
    "override_reason_risk",
    "progress_pct",
    "forecast_end",
    "forecast_cost",
    "actual_cost",
    "actual_cost_date",
    "plausibility_reason",
    "achievements",
    "next_plans",
    "escalations",
    "decisions_requested",
    "exception_cause",
    "exception_consequences",
    "exception_options",
    "exception_recommendation",
]
# Carried over from last period into the new form; narratives start empty.
PREFILL_FIELDS = [
    *RAG_FIELDS,
    "progress_pct",
    "forecast_end",
    "forecast_cost",
    "actual_cost",
    "actual_cost_date",
    "next_plans",
]
