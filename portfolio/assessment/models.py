"""The afwegingskader: objectives, versioned frameworks, criteria, weights, scores, scenarios.

A published framework version is immutable (its objectives, criteria and weights); a
change makes a new draft copied from it. Scores belong to one version, so a ranking can
always be traced back to the exact weights it was made with.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, can_configure_assessment, follows_parent, reads_everything
from pmo.tracking import Tracked
from pmo.versioning import Versioned

from ..projects.models import Project

CONTRIBUTION_MIN, CONTRIBUTION_MAX = -3, 3
IMPACT_MIN, IMPACT_MAX = 1, 5

# What each contribution value means; shown next to the score grid and in its help.
CONTRIBUTION_LABELS = {
    -3: _("schaadt sterk"),
    -2: _("schaadt"),
    -1: _("schaadt licht"),
    0: _("geen bijdrage"),
    1: _("draagt licht bij"),
    2: _("draagt bij"),
    3: _("draagt sterk bij"),
}
IMPACT_LABELS = {
    1: _("zeer laag"),
    2: _("laag"),
    3: _("gemiddeld"),
    4: _("hoog"),
    5: _("zeer hoog"),
}
# WSJF uses the modified Fibonacci scale of SAFe.
WSJF_SCALE = (1, 2, 3, 5, 8, 13, 20)


# The afwegingskader is portfolio-wide: roles that read all projects read it, the
# PMO-analist changes it.
AssessmentFrameworkQuerySet = area_queryset(
    readers=reads_everything, writers=can_configure_assessment
)


class AssessmentFramework(Versioned, Tracked):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        PUBLISHED = "published", _("gepubliceerd")

    class WeightMethod(models.TextChoices):
        DIRECT = "direct", _("direct ingevuld")
        AHP = "ahp", _("paarsgewijs vergeleken (AHP)")

    name = models.CharField(_("naam"), max_length=120)
    number = models.PositiveIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    weight_method = models.CharField(
        _("wegingsmethode"),
        max_length=10,
        choices=WeightMethod.choices,
        default=WeightMethod.DIRECT,
    )
    uses_wsjf = models.BooleanField(
        _("WSJF gebruiken"),
        default=False,
        help_text=_("Weighted Shortest Job First naast de waarde tonen."),
    )
    description = models.TextField(_("toelichting"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    objects = AssessmentFrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("afwegingskader")
        verbose_name_plural = _("afwegingskaders")
        ordering = ["name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["name", "number"], name="framework_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


# Parts of a framework follow the framework's permissions.
FrameworkChildQuerySet = follows_parent("framework")


class Objective(Tracked):
    """Strategische doelstelling, or a sub-objective under one (two levels)."""

    framework = models.ForeignKey(
        AssessmentFramework, on_delete=models.CASCADE, related_name="objectives"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hoofddoel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("naam"), max_length=160)
    description = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = FrameworkChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["framework", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(Tracked):
    """One column of the score grid: a contribution to an objective or an impact axis."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("bijdrage aan doel")
        IMPACT = "impact", _("impact (lager is beter)")

    framework = models.ForeignKey(
        AssessmentFramework, on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("doelstelling"),
        # Deleting a whole framework (a discarded draft) takes its criteria along.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
    )
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("toelichting"), blank=True)
    # Normalised within its kind: contribution weights sum to 1, impact weights too.
    weight = models.FloatField(
        _("gewicht"), default=0.0, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = FrameworkChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ["framework", "kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(weight__lte=1),
                name="criterion_weight_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="impact", objective__isnull=True)
                | models.Q(kind="contribution", objective__isnull=False),
                name="contribution_has_objective",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scale(self) -> tuple[int, int]:
        if self.kind == self.Kind.CONTRIBUTION:
            return CONTRIBUTION_MIN, CONTRIBUTION_MAX
        return IMPACT_MIN, IMPACT_MAX

    @property
    def labels(self) -> dict:
        return self.labels_for(self.kind)

    @classmethod
    def labels_for(cls, kind: str) -> dict:
        return CONTRIBUTION_LABELS if kind == cls.Kind.CONTRIBUTION else IMPACT_LABELS

    @property
    def scale_low(self) -> int:
        return self.scale[0]

    @property
    def scale_high(self) -> int:
        return self.scale[1]

    @property
    def scale_label(self) -> str:
        """The scale as the grid's column head shows it: "−3…+3" or "1…5"."""
        low, high = self.scale
        if low < 0:
            return f"−{-low}…+{high}"
        return f"{low}…{high}"


class PairwiseJudgement(Tracked):
    """One rater's AHP judgement: how much more `first` matters than `second` (1/9 … 9)."""

    framework = models.ForeignKey(
        AssessmentFramework, on_delete=models.CASCADE, related_name="judgements"
    )
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.FloatField(_("oordeel"))

    objects = FrameworkChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("paarsgewijs oordeel")
        verbose_name_plural = _("paarsgewijze oordelen")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "rater", "first", "second"], name="one_judgement_per_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1 / 9 - 1e-9) & models.Q(value__lte=9),
                name="judgement_on_saaty_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}:{self.second_id} = {self.value:g}"


# A score follows its criterion, which follows its framework.
ScoreQuerySet = follows_parent("criterion")


class Score(Versioned, Tracked):
    """How much one project contributes to one criterion in one framework version."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(
        _("score"),
        validators=[MinValueValidator(CONTRIBUTION_MIN), MaxValueValidator(IMPACT_MAX)],
    )
    justification = models.TextField(_("onderbouwing"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "project"], name="one_score_per_cell"),
            models.CheckConstraint(
                condition=models.Q(value__gte=CONTRIBUTION_MIN) & models.Q(value__lte=IMPACT_MAX),
                name="score_within_scales",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.criterion_id}: {self.value}"


class WsjfEstimate(Versioned, Tracked):
    """Weighted Shortest Job First inputs for one project in one framework version."""

    framework = models.ForeignKey(
        AssessmentFramework, on_delete=models.CASCADE, related_name="wsjf_estimates"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="wsjf_estimates")
    business_value = models.PositiveSmallIntegerField(_("bedrijfswaarde"))
    time_criticality = models.PositiveSmallIntegerField(_("tijdkritiek"))
    risk_reduction = models.PositiveSmallIntegerField(_("risicoreductie"))
    job_size = models.PositiveSmallIntegerField(_("omvang"))

    objects = FrameworkChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("WSJF-schatting")
        verbose_name_plural = _("WSJF-schattingen")
        constraints = [
            models.UniqueConstraint(fields=["framework", "project"], name="one_wsjf_per_project"),
        ]

    def __str__(self) -> str:
        return f"WSJF {self.project_id}: {self.wsjf:.2f}"

    @property
    def wsjf(self) -> float:
        return (self.business_value + self.time_criticality + self.risk_reduction) / self.job_size
