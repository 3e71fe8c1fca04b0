"""Writes to projects: typed, keyword-only, atomic, audited, guarded by `version`."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.audit import audit_entries_for, audit_record, diff, snapshot
from pmo.models import AuditEntry, User

from ..models import Project

# Fields a project form or API client may change; everything else is managed here.
PROJECT_EDITABLE_FIELDS = [
    "code",
    "name",
    "description",
    "kind",
    "portfolio",
    "org_unit",
    "programme",
    "sponsor",
    "manager",
    "phase",
    "status",
    "delivery_approach",
    "planned_start",
    "planned_end",
    "external_id",
]


@dataclass(frozen=True)
class ChangeSince:
    """A change made by someone else after the version the writer started from."""

    actor: str
    at: Any
    fields: dict[str, list[str]]


class StaleVersionError(Exception):
    """The writer started from an older version; nothing was written."""

    def __init__(self, *, current_version: int, changes: list[ChangeSince]):
        self.current_version = current_version
        self.changes = changes
        super().__init__(self.message())

    def message(self) -> str:
        if not self.changes:
            return _("Dit project is intussen door iemand anders gewijzigd.")
        parts = []
        for change in self.changes:
            fields = ", ".join(sorted(change.fields)) or _("geen velden")
            parts.append(
                _("%(actor)s op %(at)s: %(fields)s")
                % {"actor": change.actor, "at": f"{change.at:%d-%m-%Y %H:%M}", "fields": fields}
            )
        return _("Dit project is intussen gewijzigd door %(changes)s.") % {
            "changes": "; ".join(parts)
        }


def changes_since(project: Project, version: int) -> list[ChangeSince]:
    entries = audit_entries_for(project).filter(version__gt=version).order_by("at", "pk")
    field_labels = {
        name: str(Project._meta.get_field(name).verbose_name) for name in PROJECT_EDITABLE_FIELDS
    }
    return [
        ChangeSince(
            actor=str(entry.actor) if entry.actor else _("onbekend"),
            at=entry.at,
            fields={field_labels.get(name, name): values for name, values in entry.changes.items()},
        )
        for entry in entries
    ]


@transaction.atomic
def project_create(
    *, actor: User | None, source: str = AuditEntry.Source.UI, **fields: Any
) -> Project:
    project = Project(**fields)
    project.full_clean()
    project.save()
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.CREATE,
        source=source,
        changes=diff({}, snapshot(project, PROJECT_EDITABLE_FIELDS)),
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor: User | None,
    project: Project,
    expected_version: int,
    source: str = AuditEntry.Source.UI,
    **fields: Any,
) -> Project:
    """Apply `fields` if nobody changed the project since `expected_version`.

    Raises StaleVersionError naming what changed meanwhile; nothing is written then.
    """
    unknown = set(fields) - set(PROJECT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.version != expected_version:
        raise StaleVersionError(
            current_version=current.version, changes=changes_since(current, expected_version)
        )
    if "phase" in fields and fields["phase"] != current.phase:
        raise ValidationError(
            {
                "phase": _(
                    "Een project gaat naar een volgende fase met een besluit van de "
                    "portfolioraad (beslisdocument), niet door de fase te wijzigen."
                )
            }
        )
    before = snapshot(current, PROJECT_EDITABLE_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    after = snapshot(current, PROJECT_EDITABLE_FIELDS)
    changes = diff(before, after)
    if not changes:
        return current
    # The version condition in the UPDATE itself guards databases without row locks.
    updated = Project.objects.filter(pk=current.pk, version=expected_version).update(
        version=F("version") + 1,
        updated_at=timezone.now(),
        **{name: getattr(current, name) for name in fields},
    )
    if updated != 1:
        current.refresh_from_db()
        raise StaleVersionError(
            current_version=current.version, changes=changes_since(current, expected_version)
        )
    current.refresh_from_db()
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        source=source,
        changes=changes,
    )
    return current
