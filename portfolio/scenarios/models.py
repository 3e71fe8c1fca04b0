"""Scenarios: what-if selections of the afwegingskader under constraints."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import follows_parent
from pmo.queue import QueuedJob
from pmo.tracking import Tracked
from pmo.versioning import Versioned

from ..assessment.models import AssessmentFramework, FrameworkChildQuerySet
from ..governance.models import BoardMeeting
from ..projects.models import Project

# Rules follow their scenario, which follows its framework.
ScenarioRuleQuerySet = follows_parent("scenario")


class Scenario(Versioned, QueuedJob, Tracked):
    """A what-if selection under constraints, solved by the optimiser."""

    class State(models.TextChoices):
        NEW = "new", _("nog niet berekend")
        QUEUED = "queued", _("wordt berekend")
        DONE = "done", _("berekend")
        FAILED = "failed", _("mislukt")

    framework = models.ForeignKey(
        AssessmentFramework,
        verbose_name=_("afwegingskader"),
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("toelichting"), blank=True)
    # {"2027": "12500000.00", …}: the money available per calendar year.
    budgets = models.JSONField(_("budget per jaar"), default=dict)
    max_projects = models.PositiveIntegerField(
        _("maximaal aantal projecten"),
        null=True,
        blank=True,
        help_text=_("Zolang er geen capaciteitsplanning is: hoeveel projecten tegelijk."),
    )
    capacity_tolerance_pct = models.PositiveSmallIntegerField(
        _("capaciteit meetellen tot (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(200)],
        help_text=_(
            "Leeg: de teams tellen niet mee. 105: een team mag in een maand tot 105 % van "
            "zijn capaciteit belast worden."
        ),
    )
    commit_running = models.BooleanField(
        _("lopende projecten vastleggen"),
        default=True,
        help_text=_("Projecten in realisatie of nazorg tellen als al toegezegd."),
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.NEW)
    # The optimiser's outcome for `solved_version`; stale once the scenario changes.
    result = models.JSONField(default=dict, blank=True)
    solved_version = models.PositiveIntegerField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The create form's one-time token: a resubmitted form finds its scenario, not a twin.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    adoption_reasoning = models.TextField(_("motivering"), blank=True)
    adopted_meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("vergadering"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_scenarios",
    )
    objects = FrameworkChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        ordering = ["framework", "name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def job_waiting(cls) -> models.Q:
        return models.Q(state=cls.State.QUEUED)

    def job_task(self):
        from .tasks import solve_scenario

        return solve_scenario

    def job_kwargs(self) -> dict:
        return {"scenario_id": self.pk, "version": self.version}

    @property
    def result_is_current(self) -> bool:
        return self.state == self.State.DONE and self.solved_version == self.version


class ScenarioRule(Tracked):
    """A constraint on single projects or pairs of projects in a scenario."""

    class Kind(models.TextChoices):
        FORCED_IN = "forced_in", _("moet erin")
        FORCED_OUT = "forced_out", _("valt af")
        REQUIRES = "requires", _("vereist")
        EXCLUDES = "excludes", _("sluit uit")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Project,
        verbose_name=_("ander project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScenarioRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenarioregel")
        verbose_name_plural = _("scenarioregels")
        ordering = ["scenario", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["forced_in", "forced_out"], other__isnull=True)
                | models.Q(kind__in=["requires", "excludes"], other__isnull=False),
                name="pair_rules_name_two_projects",
            ),
        ]

    def __str__(self) -> str:
        other = f" {self.other_id}" if self.other_id else ""
        return f"{self.project_id} {self.kind}{other}"
