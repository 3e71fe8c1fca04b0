from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import (
    AccessQuerySet,
    edits_everything,
    follows_parent,
    is_project_manager,
    reads_everything,
)
from pmo.dates import plausible_date
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned

from .structure import (  # re-exported: the structure is part of this domain
    OrgUnit,
    Portfolio,
    Programme,
    code_validator,
)


class ProjectQuerySet(AccessQuerySet):
    def visible_to(self, user) -> "ProjectQuerySet":
        """Board, analysts and administrators read all; a projectleider reads the
        projects of their own org unit (and below) and those they lead or sponsor."""
        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self
        own = models.Q(manager=user) | models.Q(sponsor=user)
        if user.org_unit_id is not None:
            # The path lookup needs the unit's path; one small subquery keeps the count fixed.
            unit_path = OrgUnit.objects.filter(pk=user.org_unit_id).values("path")[:1]
            own |= models.Q(org_unit__path__startswith=models.Subquery(unit_path))
        return self.filter(own)

    def reporting(self) -> "ProjectQuerySet":
        """The projects that file the monthly report (MUST_REPORT)."""
        return self.filter(MUST_REPORT)

    def editable_by(self, user) -> "ProjectQuerySet":
        """Analysts change all projects; a projectleider changes the projects they lead."""
        if edits_everything(user):
            return self
        if is_project_manager(user):
            return self.filter(manager=user)
        return self.none()


# Milestones, budget lines and every other part of a project follow its permissions.
ProjectChildQuerySet = follows_parent("project")


class Phase(models.TextChoices):
    INITIATION = "initiatief", _("Initiatief")
    DEFINITION = "definitie", _("Definitie")
    DESIGN = "ontwerp", _("Ontwerp")
    PREPARATION = "voorbereiding", _("Voorbereiding")
    REALISATION = "realisatie", _("Realisatie")
    AFTERCARE = "nazorg", _("Nazorg")
    CLOSED = "afgesloten", _("Afgesloten")


PHASE_ORDER = {value: index for index, value in enumerate(Phase.values)}


class LifecycleStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    ACTIVE = "lopend", _("Lopend")
    ON_HOLD = "gepauzeerd", _("Gepauzeerd")
    COMPLETED = "afgerond", _("Afgerond")
    CANCELLED = "gestopt", _("Gestopt")


# A closed project files no reports and goes before the board no more.
CLOSED_STATUSES = (LifecycleStatus.COMPLETED, LifecycleStatus.CANCELLED)
# Who files the monthly report: running projects. Proposals have not started, paused and
# closed projects have nothing to report, and going-concern work (lijn) never reports.


def closure_fields(old_status: str, new_status: str, today) -> dict:
    """What a change of lifecycle status does to `closed_on`: closing dates it, reopening
    clears it, anything else leaves it."""
    if new_status == old_status:
        return {}
    if new_status in CLOSED_STATUSES and old_status not in CLOSED_STATUSES:
        return {"closed_on": today}
    if old_status in CLOSED_STATUSES and new_status not in CLOSED_STATUSES:
        return {"closed_on": None}
    return {}


MUST_REPORT = models.Q(status=LifecycleStatus.ACTIVE, kind="project")
STATUTORY = _("Een wettelijke taak (zoals verkiezingen): elk scenario neemt het project mee.")


class Project(Versioned, Synced, Tracked):
    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        GOING_CONCERN = "lijn", _("Lijnactiviteit")

    class DeliveryApproach(models.TextChoices):
        TRADITIONAL = "traditioneel", _("Traditioneel")
        AGILE = "agile", _("Agile")
        HYBRID = "hybride", _("Hybride")

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": _("Er bestaat al een project met deze code.")},
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="projects"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opdrachtgever"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_projects",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("projectleider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_projects",
    )
    phase = models.CharField(
        _("fase"), max_length=20, choices=Phase.choices, default=Phase.INITIATION
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LifecycleStatus.choices,
        default=LifecycleStatus.PROPOSED,
    )
    delivery_approach = models.CharField(
        _("aanpak"),
        max_length=20,
        choices=DeliveryApproach.choices,
        default=DeliveryApproach.TRADITIONAL,
    )
    statutory = models.BooleanField(_("wettelijk verplicht"), default=False, help_text=STATUTORY)
    planned_start = models.DateField(
        _("geplande start"), null=True, blank=True, validators=[plausible_date]
    )
    planned_end = models.DateField(
        _("gepland einde"), null=True, blank=True, validators=[plausible_date]
    )
    # Derived: the newest submitted, current status report (kept by the report services),
    # so roll-ups join one row per project instead of searching all reports.
    current_report = models.ForeignKey(
        "portfolio.StatusReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Set when the project is completed or stopped (cleared when reopened): the review
    # after closure is due a number of months after it.
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["phase", "code"]),
            models.Index(fields=["status", "code"]),
            models.Index(fields=["name"]),
            models.Index(fields=["planned_end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="project_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", kwargs={"code": self.code})

    @property
    def must_report(self) -> bool:
        return self.status == LifecycleStatus.ACTIVE and self.kind == self.Kind.PROJECT

    def clean(self) -> None:
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Het geplande einde ligt vóór de geplande start.")
        if (
            self.programme_id
            and self.portfolio_id
            and self.programme.portfolio_id != self.portfolio_id
        ):
            errors["programme"] = _("Dit programma hoort bij een ander portfolio.")
        if errors:
            raise ValidationError(errors)


class ProjectBudget(Tracked):
    """Approved budget of a project for one calendar year, in euros, and what was booked
    on it that year (realisatie)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2000)])
    amount = models.DecimalField(
        _("bedrag"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    # What the financial administration booked on the project in that year, synced in
    # through the API; the budget beside it is the baseline the PMO-analist sets.
    actual = models.DecimalField(
        _("realisatie"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Geboekt in de financiële administratie in dat jaar."),
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget per jaar")
        verbose_name_plural = _("budgetten per jaar")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="one_budget_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"


class Milestone(Versioned, Synced, Tracked):
    """A point the board follows: the baseline date is set at a gate or by the PMO-analist
    with a reason; the projectleider keeps the forecast and the actual date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("naam"), max_length=200)
    baseline_date = models.DateField(_("baselinedatum"), validators=[plausible_date])
    forecast_date = models.DateField(
        _("prognosedatum"), null=True, blank=True, validators=[plausible_date]
    )
    actual_date = models.DateField(
        _("werkelijke datum"), null=True, blank=True, validators=[plausible_date]
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["project", "baseline_date", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def slip_days(self) -> int | None:
        """Days later (positive) or earlier than the baseline, by actual or forecast."""
        current = self.actual_date or self.forecast_date
        return None if current is None else (current - self.baseline_date).days
