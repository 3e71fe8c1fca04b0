"""OKR's: an objective for a period with key results (start, target, current, unit,
confidence 1–10). Its progress is the mean progress of its key results
(benefits/rules/okr.py), kept on the objective by the services so a list reads one row."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import AccessQuerySet, edits_everything, follows_parent, reads_everything
from pmo.dates import plausible_date
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned
from portfolio.projects.models import Portfolio, Project

from .profiles import AMOUNT, Benefit


class OkrQuerySet(AccessQuerySet):
    def visible_to(self, user) -> "OkrQuerySet":
        """Board, analysts and administrators read all; anyone else the OKR's they own
        and those linked to a project they may see."""
        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self
        projects = Project.objects.visible_to(user).values("pk")
        linked = Okr.projects.through.objects.filter(project__in=projects).values("okr")
        return self.filter(models.Q(owner=user) | models.Q(pk__in=linked))

    def editable_by(self, user) -> "OkrQuerySet":
        """The PMO-analist and the owner."""
        if not user.is_authenticated:
            return self.none()
        if edits_everything(user):
            return self
        return self.filter(owner=user)


class Okr(Versioned, Synced, Tracked):
    title = models.CharField(
        _("doel"),
        max_length=200,
        help_text=_("Kwalitatief en inspirerend: wat willen we bereiken?"),
    )
    description = models.TextField(_("toelichting"), blank=True)
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="okrs"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_okrs",
    )
    period_start = models.DateField(_("periode van"), validators=[plausible_date])
    period_end = models.DateField(_("periode tot en met"), validators=[plausible_date])
    projects = models.ManyToManyField(
        Project, verbose_name=_("projecten"), blank=True, related_name="okrs"
    )
    benefits = models.ManyToManyField(
        Benefit, verbose_name=_("baten"), blank=True, related_name="okrs"
    )
    # Derived from the key results by the services.
    progress = models.DecimalField(
        _("voortgang (%)"), max_digits=5, decimal_places=1, null=True, editable=False
    )
    confidence = models.DecimalField(
        _("vertrouwen"), max_digits=4, decimal_places=1, null=True, editable=False
    )

    objects = OkrQuerySet.as_manager()

    class Meta:
        verbose_name = _("OKR")
        verbose_name_plural = _("OKR's")
        ordering = ["-period_start", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="okr_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("benefits:okr_detail", kwargs={"pk": self.pk})


class KeyResult(Versioned, Synced, Tracked):
    okr = models.ForeignKey(Okr, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(
        _("kernresultaat"),
        max_length=200,
        help_text=_("Meetbaar: ‘Wachttijd aan de balie onder 10 minuten’."),
    )
    unit = models.CharField(_("eenheid"), max_length=30, blank=True)
    start_value = models.DecimalField(_("startwaarde"), **AMOUNT)
    target_value = models.DecimalField(_("doelwaarde"), **AMOUNT)
    current_value = models.DecimalField(_("huidige waarde"), **AMOUNT)
    confidence = models.PositiveSmallIntegerField(
        _("vertrouwen (1–10)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Hoe zeker is het dat de doelwaarde in deze periode gehaald wordt?"),
    )

    objects = follows_parent("okr").as_manager()

    class Meta:
        verbose_name = _("kernresultaat")
        verbose_name_plural = _("kernresultaten")
        ordering = ["okr", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=1, confidence__lte=10),
                name="confidence_1_10",
            )
        ]

    def __str__(self) -> str:
        return self.title
