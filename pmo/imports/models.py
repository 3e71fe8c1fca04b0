"""An import's life in the database: the file, its column mapping, the check, the commit,
what it changed (so it can be undone), and the mappings remembered per template.

The uploaded file is kept in the row (at most IMPORT_MAX_BYTES), so the worker that checks
or commits it reads the same bytes the page received, whichever process it runs in.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..access import AccessQuerySet, area_queryset, signed_in
from ..queue import QueuedJob
from ..versioning import Versioned


class ImportJobQuerySet(AccessQuerySet):
    """An import is its uploader's; the PMO (edits everything) sees and handles all."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self if user.edits_everything else self.filter(created_by=user)

    def editable_by(self, user):
        return self.visible_to(user)


class ImportJob(Versioned, QueuedJob):
    class State(models.TextChoices):
        MAPPING = "mapping", _("kolommen koppelen")
        CHECKING = "checking", _("wordt gecontroleerd")
        CHECKED = "checked", _("gecontroleerd")
        COMMITTING = "committing", _("wordt ingelezen")
        DONE = "done", _("ingelezen")
        FAILED = "failed", _("mislukt")
        UNDONE = "undone", _("ongedaan gemaakt")

    kind = models.CharField(_("soort lijst"), max_length=40)
    filename = models.CharField(_("bestand"), max_length=255)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    state = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.MAPPING
    )
    # The sheet's column labels as written, and {importer column key: sheet label}.
    header = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("regels"), default=0)
    # The check's (or a refused commit's) outcome: counts, row errors, the first rows.
    report = models.JSONField(default=dict, blank=True)
    # What the commit did, for undo: created and updated rows with their state after it.
    effect = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("fout"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    committed_at = models.DateTimeField(_("ingelezen op"), null=True, blank=True)
    undone_at = models.DateTimeField(_("ongedaan gemaakt op"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @classmethod
    def job_waiting(cls) -> models.Q:
        return models.Q(state__in=[cls.State.CHECKING, cls.State.COMMITTING])

    def job_task(self):
        from .tasks import run_import

        return run_import

    def job_kwargs(self) -> dict:
        return {"job_id": self.pk, "state": self.state, "version": self.version}


class ImportMapping(models.Model):
    """A template's remembered mapping: the same columns next month map themselves."""

    kind = models.CharField(max_length=40)
    # The sorted, normalised column labels of the sheet: what makes it "the same template".
    signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    # A template's columns are no secret: whoever imports the same sheet gets its mapping.
    objects = area_queryset(readers=signed_in, writers=signed_in).as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "signature"], name="one_mapping_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"
