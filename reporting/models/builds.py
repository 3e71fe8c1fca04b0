"""A request to build a scope's snapshot for one period: the job whose state the page
polls. At most one waits per scope and period, so a second request joins the first."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import follows_parent
from pmo.dates import plausible_date
from pmo.queue import QueuedJob
from pmo.tracking import Tracked

from .scopes import Scope
from .snapshots import Snapshot

SnapshotBuildQuerySet = follows_parent("scope")


class SnapshotBuild(QueuedJob, Tracked):
    class Status(models.TextChoices):
        PENDING = "pending", _("in de wachtrij")
        RUNNING = "running", _("wordt gebouwd")
        DONE = "done", _("gereed")
        FAILED = "failed", _("mislukt")

    WAITING = (Status.PENDING, Status.RUNNING)

    scope = models.ForeignKey(
        Scope, verbose_name=_("dashboard"), on_delete=models.CASCADE, related_name="builds"
    )
    period = models.DateField(_("periode"), validators=[plausible_date])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    step = models.CharField(_("stap"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("momentopname"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SnapshotBuildQuerySet.as_manager()

    class Meta:
        verbose_name = _("bouwopdracht")
        verbose_name_plural = _("bouwopdrachten")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period"],
                condition=models.Q(status__in=["pending", "running"]),
                name="one_waiting_build_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.period:%Y-%m} ({self.get_status_display()})"

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    @classmethod
    def job_waiting(cls) -> models.Q:
        return models.Q(status__in=cls.WAITING)

    def job_task(self):
        from reporting.tasks import build_snapshot

        return build_snapshot

    def job_kwargs(self) -> dict:
        return {"build_id": self.pk}
