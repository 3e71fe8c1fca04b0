"""Recording changes, whoever makes them (UI, API, import or task)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F

from .models import AuditEntry, User


def display_value(instance: models.Model, field: models.Field) -> str:
    """The value of a field as a person would read it."""
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    value = getattr(instance, field.name)
    return "" if value is None else str(value)


def snapshot(instance: models.Model, field_names: list[str]) -> dict[str, str]:
    meta = instance._meta
    return {name: display_value(instance, meta.get_field(name)) for name in field_names}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {
        name: [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }


def audit_record(
    *,
    actor: User | None,
    instance: models.Model,
    action: str,
    source: str,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        source=source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        version=getattr(instance, "version", None),
        changes=changes or {},
    )


def audit_entries_for(instance: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).select_related("actor")


def audit_version_bump(
    current: models.Model,
    *,
    actor: User | None,
    changes: dict[str, Any],
    caller: models.Model | None = None,
) -> None:
    """Record a change to a locked, versioned row: bump its `version` in the database,
    audit the change as an update, and let `caller` (the writer's copy) follow the new
    version so the writer can go on changing it."""
    type(current).objects.filter(pk=current.pk).update(version=F("version") + 1)
    current.refresh_from_db(fields=["version"])
    if caller is not None:
        caller.version = current.version
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes=changes,
    )
