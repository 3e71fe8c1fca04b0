"""Recording changes, whoever makes them (UI, API, import or task)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

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
