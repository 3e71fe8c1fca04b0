"""The board pack of one snapshot: a PDF and an Excel workbook, made by a Celery job and
kept in the database beside the snapshot (every process reads the same bytes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import follows_parent
from pmo.queue import QueuedJob
from pmo.tracking import Tracked

from .snapshots import Snapshot

BoardPackQuerySet = follows_parent("snapshot")


class BoardPack(QueuedJob, Tracked):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        PENDING = "pending", _("in de wachtrij")
        RUNNING = "running", _("wordt gemaakt")
        DONE = "done", _("gereed")
        FAILED = "failed", _("mislukt")

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="packs")
    format = models.CharField(_("formaat"), max_length=4, choices=Format.choices)
    language = models.CharField(_("taal"), max_length=5, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("foutmelding"), blank=True)
    content = models.BinaryField(editable=False, default=bytes)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    built_at = models.DateTimeField(_("gemaakt"), null=True, blank=True)

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolioraadpakket")
        verbose_name_plural = _("portfolioraadpakketten")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "format", "language"], name="one_pack_per_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.format}"

    @classmethod
    def job_waiting(cls) -> models.Q:
        return models.Q(status__in=[cls.Status.PENDING, cls.Status.RUNNING])

    def job_task(self):
        from reporting.tasks import build_pack

        return build_pack

    def job_kwargs(self) -> dict:
        return {"pack_id": self.pk}
