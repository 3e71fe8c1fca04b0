"""The risk register (M_o_R): threats and opportunities at project, programme or
portfolio level, each described as cause → event → effect, scored before (inherent) and
after (residual) its responses on the organisation's five-point scales, with actions.

A risk lives at one level and may be escalated one level up (project → programme →
portfolio) with a reason, and back. Its scores are classes 1–5; their meaning (a
probability, an amount, weeks) comes from the portfolio's `RiskScale`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import AccessQuerySet, edits_everything, follows_parent, reads_everything
from pmo.dates import plausible_date
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned
from portfolio.projects.models import Portfolio, Programme, Project

AMOUNT = {"max_digits": 16, "decimal_places": 2}
SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Level(models.TextChoices):
    PROJECT = "project", _("project")
    PROGRAMME = "programma", _("programma")
    PORTFOLIO = "portfolio", _("portfolio")


def scale_class(verbose_name, *, optional: bool = False) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, null=optional, blank=optional, validators=SCALE
    )


class RegisterQuerySet(AccessQuerySet):
    """Risks and issues alike: a project's follow the project; a programme's are its
    opdrachtgever's and manager's; the portfolio's are the board's and the PMO's, who read
    every register."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self
        return self.filter(
            models.Q(project__in=Project.objects.visible_to(user).values("pk"))
            | models.Q(programme__manager=user)
            | models.Q(programme__sponsor=user)
            | self._owned_by(user)
        )

    def editable_by(self, user):
        """The PMO-analist; the risk's owner; for a project's, whoever changes the project;
        for a programme's, its manager."""
        if not user.is_authenticated:
            return self.none()
        if edits_everything(user):
            return self
        return self.filter(
            models.Q(project__in=Project.objects.editable_by(user).values("pk"))
            | models.Q(programme__manager=user)
            | self._owned_by(user)
        )

    def _owned_by(self, user) -> models.Q:
        # An item with an owner is its owner's too; a stakeholder has none.
        if "owner" in {field.name for field in self.model._meta.get_fields()}:
            return models.Q(owner=user)
        return models.Q(pk__in=[])


class Scoped(models.Model):
    """Where an item of a register lives: always a portfolio, and a programme or a
    project below it; `level` is where it stands now, `home_level` where it was raised."""

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    home_level = models.CharField(
        _("oorspronkelijk niveau"), max_length=10, choices=Level.choices, editable=False
    )
    escalation_reason = models.TextField(_("reden van escalatie"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_escalated(self) -> bool:
        return self.level != self.home_level


class Risk(Scoped, Versioned, Synced, Tracked):
    class Kind(models.TextChoices):
        THREAT = "bedreiging", _("bedreiging")
        OPPORTUNITY = "kans", _("kans")

    class Category(models.TextChoices):
        FINANCIAL = "financieel", _("financieel")
        PLANNING = "planning", _("planning")
        TECHNICAL = "technisch", _("technisch")
        ORGANISATIONAL = "organisatorisch", _("organisatorisch")
        LEGAL = "juridisch", _("juridisch")
        POLITICAL = "politiek-bestuurlijk", _("politiek-bestuurlijk")
        SUPPLIER = "leverancier", _("leverancier")
        ENVIRONMENT = "omgeving", _("omgeving")
        SAFETY = "veiligheid", _("veiligheid")

    class Response(models.TextChoices):
        # Threats (M_o_R)
        AVOID = "vermijden", _("vermijden")
        REDUCE = "verminderen", _("verminderen")
        # Opportunities
        EXPLOIT = "benutten", _("benutten")
        ENHANCE = "vergroten", _("vergroten")
        REJECT = "afwijzen", _("afwijzen")
        # Both
        TRANSFER = "overdragen", _("overdragen")
        SHARE = "delen", _("delen")
        ACCEPT = "accepteren", _("accepteren")
        PREPARE = "voorbereiden", _("terugvalplan voorbereiden")

    class Proximity(models.TextChoices):
        IMMINENT = "direct", _("binnen een maand")
        QUARTER = "kwartaal", _("binnen drie maanden")
        YEAR = "jaar", _("binnen een jaar")
        LATER = "later", _("later")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        OCCURRED = "opgetreden", _("opgetreden")
        CLOSED = "gesloten", _("gesloten")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.THREAT)
    title = models.CharField(_("risico"), max_length=200)
    cause = models.TextField(_("oorzaak"), help_text=_("Wat is er aan de hand of kan gebeuren?"))
    event = models.TextField(_("gebeurtenis"), help_text=_("Wat gebeurt er dan onzeker?"))
    effect = models.TextField(_("gevolg"), help_text=_("Wat betekent dat voor de doelen?"))
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("risico-eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
    )
    actionee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actiehouder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    inherent_probability = scale_class(_("bruto kans"))
    inherent_money = scale_class(_("bruto financieel gevolg"), optional=True)
    inherent_time = scale_class(_("bruto gevolg voor tijd"), optional=True)
    inherent_quality = scale_class(_("bruto gevolg voor kwaliteit"), optional=True)
    residual_probability = scale_class(_("netto kans"))
    residual_money = scale_class(_("netto financieel gevolg"), optional=True)
    residual_time = scale_class(_("netto gevolg voor tijd"), optional=True)
    residual_quality = scale_class(_("netto gevolg voor kwaliteit"), optional=True)
    residual_reason = models.TextField(
        _("toelichting netto boven bruto"),
        blank=True,
        help_text=_("Nodig als de netto score hoger is dan de bruto score."),
    )
    # The owner's own estimate of the financial effect, instead of the class's bounds.
    amount_low = models.DecimalField(_("bedrag minimaal"), null=True, blank=True, **AMOUNT)
    amount_likely = models.DecimalField(
        _("bedrag meest waarschijnlijk"), null=True, blank=True, **AMOUNT
    )
    amount_high = models.DecimalField(_("bedrag maximaal"), null=True, blank=True, **AMOUNT)
    proximity = models.CharField(
        _("nabijheid"), max_length=10, choices=Proximity.choices, blank=True
    )
    response = models.CharField(
        _("beheersstrategie"), max_length=15, choices=Response.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    raised_on = models.DateField(_("gemeld op"), validators=[plausible_date])
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True, editable=False)
    # Derived by the services from the classes and the scale, so registers sort and the
    # heat map groups without recomputing.
    inherent_score = models.PositiveSmallIntegerField(_("bruto score"), editable=False, default=0)
    residual_score = models.PositiveSmallIntegerField(_("netto score"), editable=False, default=0)
    expected_value = models.DecimalField(
        _("verwachte waarde (€)"), null=True, editable=False, **AMOUNT
    )

    objects = RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("risico")
        verbose_name_plural = _("risico's")
        ordering = ["-residual_score", "title", "pk"]
        indexes = [
            models.Index(fields=["status", "residual_probability", "residual_money"]),
            # Every column the risicokaart groups by, in its order (bench/run.py risks:
            # the grouping reads the index instead of sorting 50,000 rows); it still
            # serves the bruto cell filter.
            models.Index(
                fields=[
                    "status",
                    "inherent_probability",
                    "inherent_money",
                    "residual_probability",
                    "residual_money",
                ],
                name="risk_heatmap_idx",
            ),
            models.Index(fields=["-residual_score", "title", "id"]),
            # The top risks and the register sorted by expected value, without a sort.
            models.Index(fields=["status", "kind", "-expected_value", "id"], name="risk_top_idx"),
            # Sorted by expected value as the register sorts, empty values last
            # (pmo.web.registers.StableOrdering). SQLite puts NULL last in a descending
            # index already and refuses NULLS LAST in one; on PostgreSQL the migration
            # builds it with NULLS LAST (risks/0004).
            models.Index(fields=["-expected_value", "id"], name="risk_expected_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:risk_detail", kwargs={"pk": self.pk})


class RiskAction(Versioned, Tracked):
    """A beheersmaatregel: what someone does by when to carry out the response."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("maatregel"), max_length=300)
    actionee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actiehouder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_actions",
    )
    due_on = models.DateField(_("uiterlijk"), validators=[plausible_date])
    done_on = models.DateField(
        _("uitgevoerd op"), null=True, blank=True, validators=[plausible_date]
    )

    objects = follows_parent("risk").as_manager()

    class Meta:
        verbose_name = _("beheersmaatregel")
        verbose_name_plural = _("beheersmaatregelen")
        ordering = ["risk", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.done_on is None
