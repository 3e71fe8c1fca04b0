"""Which scopes have a dashboard and when each is built.

Every scope has its own django-celery-beat entry ("Dashboard bouwen: <name>") that runs
`reporting.tasks.build_scheduled_snapshot` on its build day and time. The service keeps
that entry in step in the same transaction as the scope, so beat never runs a schedule
the page does not show. A beheerder may still pause or change the entry in the admin;
saving the scope here writes its day and time back, and leaves `enabled` alone.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock

from ..models import Scope, SnapshotBuild
from ..models.scopes import can_schedule_dashboards

TASK = "reporting.tasks.build_scheduled_snapshot"
TIMEZONE = "Europe/Amsterdam"
# Stored names are Dutch, like every other stored default (a task name, an audit value).
ORGANISATION_NAME = gettext_noop("Hele organisatie")
TASK_PREFIX = "Dashboard bouwen: "
# The foreign key that names a scope's target, per kind (the organisation has none).
TARGET_FIELD = {
    Scope.Kind.PORTFOLIO: "portfolio",
    Scope.Kind.ORG_UNIT: "org_unit",
    Scope.Kind.PROGRAMME: "programme",
}
AUDITED = ["kind", "name", "portfolio", "org_unit", "programme", "build_day", "build_time"]


def _require(actor: Actor) -> None:
    # A task or the installer acts for the system; a person needs the right.
    if actor.user is not None and not can_schedule_dashboards(actor.user):
        raise PermissionDenied


def _minute(value: dt.time) -> dt.time:
    # Beat runs per minute: seconds in a form or the API would only mislead.
    return value.replace(second=0, microsecond=0) if isinstance(value, dt.time) else value


def scope_name(kind: str, target) -> str:
    return ORGANISATION_NAME if kind == Scope.Kind.ORGANISATION else str(target)[:200]


def _targets(kind: str, portfolio, org_unit, programme) -> dict:
    """The scope's one target for its kind, or the field errors saying what is missing."""
    if kind not in Scope.Kind.values:
        raise ValidationError({"kind": [_("Kies wat het dashboard omvat.")]})
    given = {"portfolio": portfolio, "org_unit": org_unit, "programme": programme}
    field = TARGET_FIELD.get(kind)
    if field and given[field] is None:
        needed = {
            "portfolio": _("Kies het portfolio van dit dashboard."),
            "org_unit": _("Kies het organisatieonderdeel van dit dashboard."),
            "programme": _("Kies het programma van dit dashboard."),
        }[field]
        raise ValidationError({field: [needed]})
    # What does not belong to the kind is dropped, not refused: a form shows every select.
    return {name: (value if name == field else None) for name, value in given.items()}


def _duplicate(kind: str, targets: dict) -> ValidationError:
    field = TARGET_FIELD.get(kind)
    if field is None:
        return ValidationError({"kind": [_("Er is al een dashboard voor de hele organisatie.")]})
    return ValidationError(
        {field: [_("Er is al een dashboard voor %(name)s.") % {"name": targets[field]}]}
    )


def _exists(kind: str, targets: dict) -> bool:
    field = TARGET_FIELD.get(kind)
    lookup = {field: targets[field]} if field else {}
    return Scope.objects.filter(kind=kind, **lookup).exists()


# ------------------------------------------------------------------------ beat entries


def _crontab(scope: Scope):
    from django_celery_beat.models import CrontabSchedule

    when = {
        "minute": str(scope.build_time.minute),
        "hour": str(scope.build_time.hour),
        "day_of_month": str(scope.build_day),
        "month_of_year": "*",
        "day_of_week": "*",
        "timezone": TIMEZONE,
    }
    # Not get_or_create: the admin may have made a twin, which must not break a save.
    return CrontabSchedule.objects.filter(**when).first() or CrontabSchedule.objects.create(**when)


def task_name(scope: Scope) -> str:
    """ "Dashboard bouwen: <name>", or with the scope's id when another entry has that
    name (a portfolio and an org unit may share one)."""
    from django_celery_beat.models import PeriodicTask

    name = f"{TASK_PREFIX}{scope.name}"[:200]
    taken = PeriodicTask.objects.filter(name=name).exclude(pk=scope.periodic_task_id)
    return f"{name[:190]} (#{scope.pk})" if taken.exists() else name


def sync_task(scope: Scope) -> None:
    """Create or update the scope's beat entry from its build day and time."""
    from django_celery_beat.models import PeriodicTask

    task = None
    if scope.periodic_task_id:
        task = PeriodicTask.objects.filter(pk=scope.periodic_task_id).first()
    values = {
        "name": task_name(scope),
        "task": TASK,
        "kwargs": json.dumps({"scope_id": scope.pk}),
        "crontab": _crontab(scope),
        # One schedule per entry: an interval set in the admin would otherwise win.
        "interval": None,
        "solar": None,
        "clocked": None,
    }
    if task is None:
        task = PeriodicTask.objects.create(**values)
        # Bookkeeping, not a change of the scope: no version bump, no audit line.
        Scope.objects.filter(pk=scope.pk).update(periodic_task=task)
        scope.periodic_task = task
        return
    for name, value in values.items():
        setattr(task, name, value)
    task.save()


# ---------------------------------------------------------------------------- services


@transaction.atomic
def scope_create(
    *,
    actor: Actor,
    kind: str,
    portfolio=None,
    org_unit=None,
    programme=None,
    build_day: int = 6,
    build_time: dt.time = dt.time(6, 0),
) -> Scope:
    """A dashboard for the whole organisation, a portfolio, an org unit or a programme,
    built monthly on `build_day` at `build_time`; one per target."""
    _require(actor)
    targets = _targets(kind, portfolio, org_unit, programme)
    if _exists(kind, targets):
        raise _duplicate(kind, targets)
    target = targets.get(TARGET_FIELD.get(kind, ""))
    scope = Scope(
        kind=kind,
        name=scope_name(kind, target),
        build_day=build_day,
        build_time=_minute(build_time),
        **targets,
    )
    scope.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a twin saved meanwhile: the same refusal
            scope.save()
    except IntegrityError:
        raise _duplicate(kind, targets) from None
    sync_task(scope)
    changes = diff({}, snapshot(scope, AUDITED))
    audit_record(actor=actor, instance=scope, action=AuditEntry.Action.CREATE, changes=changes)
    return scope


@transaction.atomic
def scope_update(
    *, actor: Actor, scope: Scope, version: int, build_day: int, build_time: dt.time
) -> Scope:
    """Change when the dashboard is built, if nobody changed it since `version`. The name
    follows its target's (a renamed programme)."""
    # No select_related: PostgreSQL cannot lock the nullable side of an outer join.
    current = lock(Scope.objects, pk=scope.pk, expected_version=version)
    _require(actor)
    before = snapshot(current, AUDITED)
    target = getattr(current, TARGET_FIELD.get(current.kind, ""), None)
    current.name = scope_name(current.kind, target)
    current.build_day, current.build_time = build_day, _minute(build_time)
    current.full_clean(validate_constraints=False)
    changes = diff(before, snapshot(current, AUDITED))
    if changes:
        bump(
            current,
            expected_version=version,
            name=current.name,
            build_day=current.build_day,
            build_time=current.build_time,
        )
        audit_record(
            actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes
        )
    # Also without changes: a save repairs an entry removed or changed in the admin.
    sync_task(current)
    return current


@transaction.atomic
def scope_delete(*, actor: Actor, scope: Scope, version: int) -> None:
    """Remove a dashboard with its snapshots and its beat entry. The organisation's stays
    (the board's default; pause it in the admin), and so does one being built."""
    current = lock(Scope.objects, pk=scope.pk, expected_version=version)
    _require(actor)
    if current.kind == Scope.Kind.ORGANISATION:
        raise ValidationError(
            _(
                "Het dashboard van de hele organisatie blijft bestaan. Zet het bouwen zo "
                "nodig uit in het beheer."
            )
        )
    if SnapshotBuild.objects.filter(scope=current, status__in=SnapshotBuild.WAITING).exists():
        raise ValidationError(
            _("Dit dashboard wordt nu gebouwd. Verwijder het als de bouwopdracht klaar is.")
        )
    task = current.periodic_task
    changes = {name: [value, ""] for name, value in snapshot(current, AUDITED).items() if value}
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.DELETE, changes=changes)
    current.delete()
    if task is not None:
        task.delete()


@transaction.atomic
def ensure_organisation_scope(*, actor: Actor | None = None) -> Scope:
    """The organisation's dashboard, created with its beat entry when missing. The
    installer (no actor) creates it as migrate creates the roles: a default of the
    product, not a change by someone, so without an audit line."""
    existing = Scope.objects.filter(kind=Scope.Kind.ORGANISATION).first()
    if existing is not None:
        return existing
    if actor is not None:
        return scope_create(actor=actor, kind=Scope.Kind.ORGANISATION)
    scope = Scope.objects.create(kind=Scope.Kind.ORGANISATION, name=ORGANISATION_NAME)
    sync_task(scope)
    return scope
