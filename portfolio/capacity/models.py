"""Capacity: competence teams, what they can give per month and what projects ask of them.

A team's capacity in a month is its formation (fte, part-time counted pro rata) times the
hours an fte works in a month times the share left after leave, public holidays and
absence. Each team has a default; a month can differ (summer leave, a vacancy, a new
hire) through a `TeamMonth` exception. Demand is hours per project x team x month; a
project's whole demand plan carries one version, so two people editing the grid cannot
overwrite each other. Going-concern work (lijnactiviteiten) is a kind of project, so it
asks for capacity the same way.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, edits_everything, follows_parent, signed_in
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned

from ..projects.models import OrgUnit, Project, code_validator

# Everyone signed in reads the teams (a projectleider plans demand on them); the PMO
# keeps their capacity.
TeamQuerySet = area_queryset(readers=signed_in, writers=edits_everything)
# A team's monthly exceptions follow the team; demand follows its project.
TeamMonthQuerySet = follows_parent("team")
DemandQuerySet = follows_parent("project")
DemandPlanQuerySet = follows_parent("project")

# 36 hours a week, 52 weeks, 12 months.
DEFAULT_HOURS_PER_FTE = 156
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Team(Versioned, Synced, Tracked):
    """A competence team (competentieteam) whose capacity projects draw on."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("naam"), max_length=120)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.PROTECT,
        related_name="teams",
    )
    fte = models.DecimalField(
        _("formatie (fte)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("De aanstellingen van de leden opgeteld: deeltijd telt naar rato."),
    )
    hours_per_fte = models.PositiveSmallIntegerField(
        _("uren per fte per maand"),
        default=DEFAULT_HOURS_PER_FTE,
        validators=[MinValueValidator(1), MaxValueValidator(744)],
        help_text=_("Een volle aanstelling in uren per maand (36 uur per week: 156)."),
    )
    availability_pct = models.PositiveSmallIntegerField(
        _("inzetbaar (%)"),
        default=80,
        validators=PERCENT,
        help_text=_("Het deel van de uren dat overblijft na verlof, feestdagen en verzuim."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leden"), blank=True, related_name="teams"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fte__gte=0), name="team_fte_not_negative"),
            models.CheckConstraint(
                condition=models.Q(availability_pct__lte=100), name="team_availability_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMonth(Tracked):
    """One month in which a team's capacity differs from its default: the formation, the
    share available, or both (summer leave, a vacancy, a new colleague)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(_("maand"))
    fte = models.DecimalField(
        _("formatie (fte)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    availability_pct = models.PositiveSmallIntegerField(
        _("inzetbaar (%)"), null=True, blank=True, validators=PERCENT
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = TeamMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("afwijkende maand")
        verbose_name_plural = _("afwijkende maanden")
        ordering = ["team", "month"]
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="one_exception_per_team_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="team_month_is_first_of_month"
            ),
            models.CheckConstraint(
                condition=~models.Q(fte=None, availability_pct=None),
                name="team_month_changes_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.month:%Y-%m}"


class DemandPlan(Versioned, Tracked):
    """The version of one project's demand as a whole: the grid is saved against it."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="demand_plan")

    objects = DemandPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("capaciteitsvraag")
        verbose_name_plural = _("capaciteitsvragen")

    def __str__(self) -> str:
        return str(self.project)


class Demand(Synced, Tracked):
    """Hours a project asks of a team in one month."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="demand"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="demand"
    )
    month = models.DateField(_("maand"))
    hours = models.DecimalField(
        _("uren"), max_digits=8, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("capaciteitsvraag per maand")
        verbose_name_plural = _("capaciteitsvraag per maand")
        ordering = ["project", "team", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "team", "month"], name="one_demand_per_project_team_month"
            ),
            models.CheckConstraint(condition=models.Q(month__day=1), name="demand_first_of_month"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="demand_not_negative"),
        ]
        indexes = [
            # The heatmap sums hours per team and month over a range of months: on
            # PostgreSQL this index answers it without reading the table.
            models.Index(
                fields=["month", "team"], include=["project", "hours"], name="demand_month_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.team_id} {self.month:%Y-%m}: {self.hours}"
