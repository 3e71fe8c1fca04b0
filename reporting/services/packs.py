"""The board pack of a snapshot: asked for by whoever reads the dashboard, made by a
Celery job, kept beside the snapshot.

A snapshot never changes, so its pack in one format and language is made once: a request
for a pack that is done gets that same file back, a request while one waits joins it,
and only a first request (or one after a failure) sends a job. The job renders the whole
file in memory and stores it in one write with its SHA-256, so a pack is either done
with all its bytes or has none.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pmo.actors import Actor
from pmo.audit import audit_record
from pmo.models import AuditEntry
from pmo.queue import requested, send_on_commit

from .. import pack as renderer
from ..models import BoardPack, Snapshot


def languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def pack_request(*, snapshot: Snapshot, format: str, language: str, actor: Actor) -> BoardPack:
    """The pack of `snapshot` in `format` and `language`: the one already made, the one
    being made, or a new one sent to the queue after commit. Whoever sees the snapshot
    may ask: a board member hands the pack out, and making it builds no figures."""
    user = actor.user
    if user is not None and not Snapshot.objects.visible_to(user).filter(pk=snapshot.pk).exists():
        raise PermissionDenied
    errors = {}
    if format not in BoardPack.Format.values:
        errors["format"] = [_("Kies PDF of Excel.")]
    if language not in languages():
        errors["language"] = [_("Deze taal kent de applicatie niet.")]
    if errors:
        raise ValidationError(errors)
    key = {"snapshot": snapshot, "format": format, "language": language}
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().defer("content").filter(**key).first()
        if pack is None:
            try:
                with transaction.atomic():  # a concurrent first request may win the insert
                    pack = BoardPack.objects.create(**key, **requested())
            except IntegrityError:
                pack = BoardPack.objects.select_for_update().defer("content").get(**key)
            else:
                audit_record(actor=actor, instance=pack, action=AuditEntry.Action.CREATE)
                send_on_commit(pack)
                return pack
        if pack.status != BoardPack.Status.FAILED:
            return pack  # done: the same file; waiting: join it
        BoardPack.objects.filter(pk=pack.pk).update(
            status=BoardPack.Status.PENDING, error="", **requested()
        )
        pack.refresh_from_db(fields=["status", "error", "job_requested_at", "job_sent"])
        audit_record(
            actor=actor,
            instance=pack,
            action=AuditEntry.Action.UPDATE,
            changes={
                "status": [str(BoardPack.Status.FAILED.label), str(pack.get_status_display())]
            },
        )
        send_on_commit(pack)
    return pack


def pack_build(*, pack_id: int) -> BoardPack:
    """Make the pack `pack_id` (the task's body). Idempotent: a done pack is left alone,
    and two workers making the same pack write the same bytes."""
    pack = BoardPack.objects.defer("content").select_related("snapshot__scope").get(pk=pack_id)
    if pack.status == BoardPack.Status.DONE:
        return pack
    BoardPack.objects.filter(pk=pack.pk).update(status=BoardPack.Status.RUNNING, error="")
    try:
        content = renderer.render(pack.snapshot, fmt=pack.format, language=pack.language)
    except OperationalError:
        # Transient (the task retries it): the pack stays waiting for the next try.
        raise
    except Exception as error:
        with override("nl"):
            message = _("Het pakket kon niet worden gemaakt: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
        BoardPack.objects.filter(pk=pack.pk).update(
            status=BoardPack.Status.FAILED,
            error=message[:2000],
            content=b"",
            sha256="",
            built_at=None,
        )
        raise
    BoardPack.objects.filter(pk=pack.pk).update(
        status=BoardPack.Status.DONE,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        built_at=timezone.now(),
        error="",
    )
    pack.refresh_from_db(fields=["status", "sha256", "built_at", "error"])
    return pack
