"""Optimistic locking for every model that can be changed by two people at once.

A versioned row carries `version`; every write bumps it. A writer names the version it
started from; if the row moved on meanwhile, the write is refused with `StaleError`, which
names who changed which fields since (from the audit trail), and nothing is written. The
version condition sits inside the UPDATE itself, so databases without row locks (SQLite)
refuse a stale write too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Versioned(models.Model):
    # Optimistic lock: every write bumps it; a write carrying an older one is refused.
    version = models.PositiveIntegerField(gettext_lazy("versie"), default=1, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class ChangeSince:
    """A change made by someone else after the version the writer started from."""

    actor: str
    at: Any
    fields: dict[str, list[str]]


class StaleError(Exception):
    """The writer started from an older version; nothing was written."""

    def __init__(
        self,
        *,
        subject: str,
        current_version: int,
        changes: list[ChangeSince],
        text: str | None = None,
    ):
        self.subject = subject
        self.current_version = current_version
        self.changes = changes
        # A writer with a shorter way to say it (one score cell) may give its own text.
        self.text = text
        super().__init__(self.message())

    def message(self) -> str:
        if self.text:
            return self.text
        if not self.changes:
            return _("%(subject)s is intussen door iemand anders gewijzigd.") % {
                "subject": self.subject
            }
        parts = []
        for change in self.changes:
            fields = ", ".join(sorted(change.fields)) or _("geen velden")
            parts.append(
                _("%(actor)s op %(at)s: %(fields)s")
                % {"actor": change.actor, "at": f"{change.at:%d-%m-%Y %H:%M}", "fields": fields}
            )
        return _("%(subject)s is intussen gewijzigd door %(changes)s.") % {
            "subject": self.subject,
            "changes": "; ".join(parts),
        }

    def __str__(self) -> str:
        return self.message()


def _subject(instance: models.Model) -> str:
    return f"{str(instance._meta.verbose_name).capitalize()} {instance}"


def changes_since(instance: models.Model, version: int) -> list[ChangeSince]:
    """The audited changes to `instance` after `version`, oldest first, fields by label."""
    from .audit import audit_entries_for

    labels = {
        field.name: str(field.verbose_name)
        for field in instance._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    entries = audit_entries_for(instance).filter(version__gt=version).order_by("at", "pk")
    return [
        ChangeSince(
            actor=str(entry.actor) if entry.actor else _("onbekend"),
            at=entry.at,
            fields={labels.get(name, name): values for name, values in entry.changes.items()},
        )
        for entry in entries
    ]


def stale(instance: models.Model, expected_version: int) -> StaleError:
    return StaleError(
        subject=_subject(instance),
        current_version=instance.version,
        changes=changes_since(instance, expected_version),
    )


def lock(queryset: models.QuerySet, *, pk: int, expected_version: int) -> models.Model:
    """The row locked for this transaction, or StaleError if it moved past the version."""
    current = queryset.select_for_update().get(pk=pk)
    if current.version != expected_version:
        raise stale(current, expected_version)
    return current


def bump(instance: models.Model, *, expected_version: int, **fields: Any) -> None:
    """Write `fields` and the next version if the row is still at `expected_version`.

    `instance` follows the new version, so its writer can go on changing it.
    """
    model = type(instance)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if updated != 1:
        current = model._default_manager.get(pk=instance.pk)
        raise stale(current, expected_version)
    instance.version = expected_version + 1
    for name, value in fields.items():
        setattr(instance, name, value)
