"""Writes to projects: typed, keyword-only, atomic, audited, guarded by `version`."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock

from .models import Project

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


@transaction.atomic
def project_create(*, actor: Actor, **fields: Any) -> Project:
    project = Project(**fields)
    project.full_clean()
    project.save()
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(project, PROJECT_EDITABLE_FIELDS)),
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    expected_version: int,
    **fields: Any,
) -> Project:
    """Apply `fields` if nobody changed the project since `expected_version`.

    Raises StaleError naming what changed meanwhile; nothing is written then.
    """
    unknown = set(fields) - set(PROJECT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Project.objects, pk=project.pk, expected_version=expected_version)
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
    changes = diff(before, snapshot(current, PROJECT_EDITABLE_FIELDS))
    if not changes:
        return current
    # The version condition in the UPDATE itself guards databases without row locks.
    bump(
        current,
        expected_version=expected_version,
        updated_at=timezone.now(),
        **{name: getattr(current, name) for name in fields},
    )
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current
