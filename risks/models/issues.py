"""The issue register (PRINCE2): requests for change, off-specifications, problems and
concerns, and what else the organisation lists, each through its workflow to a decision
by whoever may take it. A request for change beyond the projectleider's tolerance goes to
the board, and the baseline change it asks for is applied when the board decides it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, edits_everything, signed_in
from pmo.dates import plausible_date
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned

from .registers import AMOUNT, RegisterQuerySet, Scoped

IssueTypeQuerySet = area_queryset(readers=signed_in, writers=edits_everything)


class IssueType(Tracked):
    """An entry of the configurable list of issue types (the first migration adds the
    five of PRINCE2 and the municipal practice)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("naam"), max_length=80)
    is_change_request = models.BooleanField(
        _("wijzigingsverzoek"),
        default=False,
        help_text=_("Vraagt om een wijziging van de baseline (planning of budget)."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = IssueTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("soort issue")
        verbose_name_plural = _("soorten issues")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Issue(Scoped, Versioned, Synced, Tracked):
    class Priority(models.TextChoices):
        MUST = "must", _("must have")
        SHOULD = "should", _("should have")
        COULD = "could", _("could have")
        WONT = "wont", _("won't have (nu)")

    class Severity(models.IntegerChoices):
        LOW = 1, _("laag")
        MEDIUM = 2, _("midden")
        HIGH = 3, _("hoog")
        CRITICAL = 4, _("kritiek")

    class Status(models.TextChoices):
        CAPTURED = "vastgelegd", _("vastgelegd")
        EXAMINED = "onderzocht", _("onderzocht")
        PROPOSED = "voorgesteld", _("voorstel gedaan")
        DECIDED = "besloten", _("besloten")
        IMPLEMENTED = "uitgevoerd", _("uitgevoerd")
        CLOSED = "gesloten", _("gesloten")

    class Decision(models.TextChoices):
        APPROVED = "goedgekeurd", _("goedgekeurd")
        REJECTED = "afgewezen", _("afgewezen")
        DEFERRED = "uitgesteld", _("uitgesteld")
        CONCESSION = "concessie", _("concessie (afwijking aanvaard)")

    type = models.ForeignKey(IssueType, verbose_name=_("soort"), on_delete=models.PROTECT)
    title = models.CharField(_("issue"), max_length=200)
    description = models.TextField(_("omschrijving"))
    priority = models.CharField(
        _("prioriteit"), max_length=10, choices=Priority.choices, blank=True
    )
    severity = models.PositiveSmallIntegerField(
        _("ernst"), choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CAPTURED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issue-eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_issues",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    raised_on = models.DateField(_("gemeld op"), validators=[plausible_date])
    impact = models.TextField(_("gevolgen"), blank=True)
    beyond_tolerance = models.BooleanField(
        _("buiten de tolerantie"),
        default=False,
        help_text=_(
            "Past het niet binnen de toleranties van de projectleider, dan beslist de "
            "portfolioraad."
        ),
    )
    proposal = models.TextField(_("voorstel"), blank=True)
    # The baseline change a request for change asks for; applied when it is approved.
    requested_end = models.DateField(
        _("gevraagd nieuw einde"), null=True, blank=True, validators=[plausible_date]
    )
    requested_budget_change = models.DecimalField(
        _("gevraagde budgetwijziging (€)"), null=True, blank=True, **AMOUNT
    )
    decision = models.CharField(_("besluit"), max_length=12, choices=Decision.choices, blank=True)
    decision_reasoning = models.TextField(_("motivering besluit"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, editable=False)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-severity", "raised_on", "pk"]
        indexes = [models.Index(fields=["status", "-severity"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:issue_detail", kwargs={"pk": self.pk})
