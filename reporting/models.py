from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, can_see_board, nobody
from pmo.dates import plausible_date
from pmo.queue import QueuedJob
from pmo.tracking import Tracked

# A snapshot aggregates the whole portfolio: only roles that read every project see it.
# Nobody edits one; the build task writes it through the reporting services.
SnapshotQuerySet = area_queryset(readers=can_see_board, writers=nobody)


class Snapshot(QueuedJob, Tracked):
    """Precomputed figures of one portfolio for one period; dashboards read only these."""

    class Status(models.TextChoices):
        PENDING = "pending", _("in de wachtrij")
        RUNNING = "running", _("wordt gebouwd")
        DONE = "done", _("gereed")
        FAILED = "failed", _("mislukt")

    portfolio = models.ForeignKey(
        "portfolio.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    period = models.DateField(
        _("periode"), help_text=_("Eerste dag van de periode."), validators=[plausible_date]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    figures = models.JSONField(_("cijfers"), default=dict, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    requested_at = models.DateTimeField(_("aangevraagd"), auto_now_add=True)
    built_at = models.DateTimeField(_("gebouwd"), null=True, blank=True)
    project_count = models.PositiveIntegerField(_("aantal projecten"), default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("momentopname")
        verbose_name_plural = _("momentopnamen")
        ordering = ["-period", "portfolio"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "period"], name="one_snapshot_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} {self.period:%Y-%m}"

    @classmethod
    def job_waiting(cls) -> models.Q:
        return models.Q(status__in=[cls.Status.PENDING, cls.Status.RUNNING])

    def job_task(self):
        from .tasks import build_snapshot

        return build_snapshot

    def job_kwargs(self) -> dict:
        return {"portfolio_id": self.portfolio_id, "period": self.period.isoformat()}

    @property
    def shows_earlier_build(self) -> bool:
        """Its figures are from an earlier build: a new one is on its way or failed."""
        return self.built_at is not None and self.status != self.Status.DONE
