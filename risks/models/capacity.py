"""Weerstandsvermogen: the beschikbare weerstandscapaciteit an organisation states (its
components, on a date), and the simulations that give the benodigde capaciteit of its
open risks at the policy's certainty (risks/rules/simulation.py). A simulation is built
by a Celery task; its states are kept here (waiting, running, done, failed with its
error), and pmo.queue sends it again when the broker or a worker failed."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, can_see_board, edits_everything, follows_parent
from pmo.dates import plausible_date
from pmo.queue import QueuedJob
from pmo.tracking import Tracked
from pmo.versioning import Versioned
from portfolio.projects.models import OrgUnit, Portfolio

from .registers import AMOUNT

# The organisation's financial position: the board and the PMO read it, the PMO-analist
# states it.
CapacityQuerySet = area_queryset(readers=can_see_board, writers=edits_everything)


class CapacityStatement(Versioned, Tracked):
    """The beschikbare weerstandscapaciteit of a portfolio (or one org unit) on a date."""

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="+"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    as_of = models.DateField(_("peildatum"), validators=[plausible_date])
    notes = models.TextField(_("toelichting"), blank=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("beschikbare weerstandscapaciteit")
        verbose_name_plural = _("beschikbare weerstandscapaciteit")
        ordering = ["-as_of", "pk"]

    def __str__(self) -> str:
        return str(_("Weerstandscapaciteit per %(date)s") % {"date": self.as_of})


class CapacityComponent(Tracked):
    class Kind(models.TextChoices):
        INCIDENTAL = "incidenteel", _("incidenteel")
        STRUCTURAL = "structureel", _("structureel")

    statement = models.ForeignKey(
        CapacityStatement, on_delete=models.CASCADE, related_name="components"
    )
    name = models.CharField(
        _("onderdeel"),
        max_length=160,
        help_text=_("Bijvoorbeeld: algemene reserve, onbenutte belastingcapaciteit."),
    )
    kind = models.CharField(
        _("soort"), max_length=12, choices=Kind.choices, default=Kind.INCIDENTAL
    )
    amount = models.DecimalField(_("bedrag (€)"), validators=[MinValueValidator(0)], **AMOUNT)

    objects = follows_parent("statement").as_manager()

    class Meta:
        verbose_name = _("onderdeel weerstandscapaciteit")
        verbose_name_plural = _("onderdelen weerstandscapaciteit")
        ordering = ["statement", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="capacity_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class Simulation(QueuedJob, Tracked):
    """One run of the Monte Carlo simulation of a portfolio's (or org unit's) open risks."""

    class State(models.TextChoices):
        WAITING = "wachtrij", _("in de wachtrij")
        RUNNING = "bezig", _("bezig")
        DONE = "klaar", _("klaar")
        FAILED = "mislukt", _("mislukt")

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="+"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("stand"), max_length=10, choices=State.choices, default=State.WAITING
    )
    error = models.TextField(_("fout"), blank=True)
    seed = models.PositiveBigIntegerField(_("seed"))
    iterations = models.PositiveIntegerField(_("iteraties"), default=100_000)
    certainty = models.DecimalField(_("zekerheid (%)"), max_digits=4, decimal_places=1)
    risk_count = models.PositiveIntegerField(_("risico's"), default=0)
    required = models.DecimalField(_("benodigde weerstandscapaciteit (€)"), null=True, **AMOUNT)
    available = models.DecimalField(_("beschikbare weerstandscapaciteit (€)"), null=True, **AMOUNT)
    # The statement the ratio was taken against: the newest on the day of the run.
    statement = models.ForeignKey(
        CapacityStatement,
        verbose_name=_("beschikbare weerstandscapaciteit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ratio = models.DecimalField(_("ratio"), max_digits=9, decimal_places=2, null=True)
    rating = models.CharField(_("klasse"), max_length=2, blank=True)
    # Quantiles, the histogram and the risks contributing most, as the engine gave them.
    results = models.JSONField(_("uitkomsten"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("gestart"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name = _("simulatie weerstandsvermogen")
        verbose_name_plural = _("simulaties weerstandsvermogen")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Simulatie %(pk)s") % {"pk": self.pk})

    @classmethod
    def job_waiting(cls) -> models.Q:
        return models.Q(state__in=[cls.State.WAITING, cls.State.RUNNING])

    def job_task(self):
        from ..tasks import run_simulation

        return run_simulation

    def job_kwargs(self) -> dict:
        return {"simulation_id": self.pk}

    @property
    def is_waiting(self) -> bool:
        return self.state in (self.State.WAITING, self.State.RUNNING)
