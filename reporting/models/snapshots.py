"""Immutable figures of one scope for one period, and one row per project in it.

A rebuild writes a new version beside the current one and swaps `is_current` in the
same transaction, so readers see either the old version or the new one, never half.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import follows_parent
from pmo.dates import plausible_date
from pmo.tracking import Tracked

from .scopes import Scope

MONEY = {"max_digits": 16, "decimal_places": 2, "null": True, "blank": True}

SnapshotQuerySet = follows_parent("scope")


class Snapshot(Tracked):
    """One built version of a scope's dashboard for one period. Nobody edits it: a
    rebuild makes a new version."""

    scope = models.ForeignKey(
        Scope, verbose_name=_("dashboard"), on_delete=models.CASCADE, related_name="snapshots"
    )
    period = models.DateField(
        _("periode"), help_text=_("Eerste dag van de periode."), validators=[plausible_date]
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    is_current = models.BooleanField(_("actueel"), default=True)
    built_at = models.DateTimeField(_("gebouwd"))
    project_count = models.PositiveIntegerField(_("aantal projecten"), default=0)
    # Key figures (a few numbers): read for the 12-period trend without the rest.
    tiles = models.JSONField(_("kerncijfers"), default=dict)
    # The aggregates per domain, programme, phase, team; the risicokaart; the
    # weerstandsvermogen; "since the last board" (see reporting/rules/).
    figures = models.JSONField(_("cijfers"), default=dict)
    # What changed since the previous period's snapshot of the same scope.
    changes = models.JSONField(_("verschil met vorige periode"), default=dict)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("momentopname")
        verbose_name_plural = _("momentopnamen")
        ordering = ["-period", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period", "version"], name="snapshot_version_unique"
            ),
            models.UniqueConstraint(
                fields=["scope", "period"],
                condition=models.Q(is_current=True),
                name="one_current_snapshot_per_period",
            ),
        ]
        indexes = [models.Index(fields=["scope", "is_current", "-period"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.period:%Y-%m} v{self.version}"


SnapshotRowQuerySet = follows_parent("snapshot")


class SnapshotRow(models.Model):
    """One project as it stood in a snapshot: copied, so history survives later edits."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    project = models.ForeignKey(
        "portfolio.Project", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("naam"), max_length=200)
    domain_id = models.PositiveIntegerField(null=True)
    domain = models.CharField(_("domein"), max_length=200, blank=True)
    org_unit = models.CharField(_("organisatieonderdeel"), max_length=200, blank=True)
    programme_id = models.PositiveIntegerField(null=True)
    programme = models.CharField(_("programma"), max_length=200, blank=True)
    phase = models.CharField(_("fase"), max_length=20)
    report_period = models.DateField(_("rapportageperiode"), null=True)
    rag_overall = models.CharField(_("totaal"), max_length=10, blank=True)
    rag_time = models.CharField(_("tijd"), max_length=10, blank=True)
    rag_cost = models.CharField(_("geld"), max_length=10, blank=True)
    rag_scope = models.CharField(_("scope"), max_length=10, blank=True)
    rag_quality = models.CharField(_("kwaliteit"), max_length=10, blank=True)
    rag_risk = models.CharField(_("risico"), max_length=10, blank=True)
    rag_benefits = models.CharField(_("baten"), max_length=10, blank=True)
    # The same colours in the previous period's snapshot: the arrows of the RAG matrix.
    previous = models.JSONField(_("vorige periode"), default=dict)
    is_exception = models.BooleanField(_("buiten tolerantie"), default=False)
    progress_pct = models.PositiveSmallIntegerField(_("voortgang (%)"), null=True)
    baseline_start = models.DateField(_("baseline start"), null=True)
    baseline_end = models.DateField(_("baseline einde"), null=True)
    forecast_end = models.DateField(_("prognose einde"), null=True)
    budget = models.DecimalField(_("budget"), **MONEY)
    eac = models.DecimalField(_("prognose kosten (EAC)"), **MONEY)
    actuals = models.DecimalField(_("realisatie"), **MONEY)
    milestone_slip_days = models.IntegerField(_("uitloop mijlpalen (dagen)"), null=True)
    priority_value = models.FloatField(_("prioriteitswaarde"), null=True)
    priority_rank = models.PositiveIntegerField(_("rang"), null=True)
    benefits_planned = models.DecimalField(_("baten gepland"), **MONEY)
    benefits_realised = models.DecimalField(_("baten gerealiseerd"), **MONEY)
    risk_exposure = models.DecimalField(_("risicoblootstelling"), **MONEY)
    capacity_load_pct = models.FloatField(_("bezetting teams (%)"), null=True)
    esg_themes = models.JSONField(_("ESG-thema's"), default=list)

    objects = SnapshotRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("project in momentopname")
        verbose_name_plural = _("projecten in momentopname")
        ordering = ["snapshot", "code"]
        indexes = [
            models.Index(fields=["snapshot", "domain_id"]),
            models.Index(fields=["snapshot", "programme_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
