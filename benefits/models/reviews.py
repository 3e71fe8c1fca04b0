"""After and before a project: the post-implementation review of a closed project, the
lessons learned register, and the Business Value Canvas of its initiation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import AccessQuerySet, edits_everything, follows_parent, signed_in
from pmo.dates import plausible_date
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned
from portfolio.projects.models import OrgUnit, Phase, Project

ProjectPartQuerySet = follows_parent("project")


class ReviewQuerySet(ProjectPartQuerySet):
    def editable_by(self, user) -> "ReviewQuerySet":
        """As the project, and its opdrachtgever: the review is theirs to hold, and they
        are the one reminded of it."""
        if not user.is_authenticated:
            return self.none()
        return super().editable_by(user) | self.filter(project__sponsor=user)


class Review(Versioned, Tracked):
    """Post-implementation review (PIR): planned against achieved per benefit, value for
    money, whether the decision was right, and the lessons it yields."""

    class State(models.TextChoices):
        PLANNED = "gepland", _("gepland")
        DONE = "afgerond", _("afgerond")

    class Verdict(models.TextChoices):
        YES = "ja", _("ja")
        PARTLY = "deels", _("deels")
        NO = "nee", _("nee")

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="review"
    )
    due_on = models.DateField(_("uiterlijk op"), validators=[plausible_date])
    state = models.CharField(
        _("stand"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    held_on = models.DateField(_("gehouden op"), null=True, blank=True, validators=[plausible_date])
    value_for_money = models.TextField(
        _("waar voor het geld"),
        blank=True,
        help_text=_("Wegen de gerealiseerde baten op tegen de kosten?"),
    )
    decision_right = models.CharField(
        _("was het besluit juist?"), max_length=10, choices=Verdict.choices, blank=True
    )
    decision_explanation = models.TextField(_("toelichting op het besluit"), blank=True)
    summary = models.TextField(_("conclusie"), blank=True)
    # What the review found per benefit, frozen when it is completed: the figures the
    # conclusion was drawn from, not today's.
    benefit_results = models.JSONField(_("baten bij afronding"), default=list, editable=False)
    reminded_on = models.DateField(_("herinnerd op"), null=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluatie na afronding")
        verbose_name_plural = _("evaluaties na afronding")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return str(_("Evaluatie %(project)s") % {"project": self.project})

    def get_absolute_url(self) -> str:
        return reverse("benefits:review_detail", kwargs={"pk": self.pk})


class LessonQuerySet(AccessQuerySet):
    def visible_to(self, user) -> "LessonQuerySet":
        """Lessons are there to be shared: everyone signed in reads them all."""
        return self if signed_in(user) else self.none()

    def editable_by(self, user) -> "LessonQuerySet":
        """Its author and the PMO-analist."""
        if not user.is_authenticated:
            return self.none()
        if edits_everything(user):
            return self
        return self.filter(created_by=user)


class Lesson(Versioned, Synced, Tracked):
    class Kind(models.TextChoices):
        KEEP = "behouden", _("wat goed ging")
        IMPROVE = "verbeteren", _("wat beter kan")

    title = models.CharField(_("les"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.IMPROVE)
    description = models.TextField(_("wat er gebeurde"), blank=True)
    recommendation = models.TextField(
        _("aanbeveling"), help_text=_("Wat een volgend project anders of juist weer zo doet.")
    )
    domain = models.ForeignKey(
        OrgUnit,
        verbose_name=_("domein"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        limit_choices_to={"kind": OrgUnit.Kind.DOMAIN},
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, blank=True)
    tags = models.JSONField(_("trefwoorden"), default=list, blank=True)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("evaluatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("geleerde les")
        verbose_name_plural = _("geleerde lessen")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("benefits:lesson_detail", kwargs={"pk": self.pk})


CANVAS_FIELDS = [
    "target_groups", "value_proposition", "societal_benefits", "costs",
    "key_activities", "resources", "partners",
]  # fmt: skip


class ValueCanvas(Versioned, Tracked):
    """The Business Value Canvas of a project's initiation: for whom, what it brings, and
    what it takes — one page the opdrachtgever and the board read before the business case."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="value_canvas"
    )
    target_groups = models.TextField(_("doelgroepen"), blank=True, help_text=_("Voor wie is het?"))
    value_proposition = models.TextField(
        _("waardepropositie"),
        blank=True,
        help_text=_("Wat verandert er voor hen, welk probleem lost het op?"),
    )
    societal_benefits = models.TextField(
        _("maatschappelijke baten"),
        blank=True,
        help_text=_("Wat levert het de stad en haar inwoners op?"),
    )
    costs = models.TextField(
        _("kosten"), blank=True, help_text=_("Eenmalig en structureel, in geld en inzet.")
    )
    key_activities = models.TextField(_("kernactiviteiten"), blank=True)
    resources = models.TextField(
        _("middelen"), blank=True, help_text=_("Mensen, systemen, budget.")
    )
    partners = models.TextField(_("partners"), blank=True, help_text=_("Wie moet er meedoen?"))

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("Business Value Canvas")
        verbose_name_plural = _("Business Value Canvassen")

    def __str__(self) -> str:
        return str(_("Canvas %(project)s") % {"project": self.project})
