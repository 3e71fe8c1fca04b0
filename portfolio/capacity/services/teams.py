"""Writes to a team's capacity: its default formation and its exceptions per month.

The team's capacity as a whole is what is versioned: changing the default or one month's
exception bumps the team's `version`, so two people editing the same team's capacity
cannot overwrite each other, and a stale edit is refused naming who changed what since.
Exceptions are audited on the team, keyed by month ("2027-07 inzetbaar").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.access import is_editable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.dates import plausible_date
from pmo.models import AuditEntry
from pmo.versioning import bump, lock

from ..models import Team, TeamMonth
from ..rules import month_start

# What a team's page or an API client may change of a team's default.
TEAM_FIELDS = ["name", "fte", "hours_per_fte", "availability_pct"]
FTE_PLACES = Decimal("0.01")
# The audit keys of an exception, after its month; kept in Dutch like every audit value.
MONTH_KEYS = {"fte": "formatie", "availability_pct": "inzetbaar", "note": "toelichting"}


def _require_editable(team: Team, actor: Actor) -> None:
    # A task without a person acts for the system; a person needs the right to change it.
    if actor.user is not None and not is_editable(team, actor.user):
        raise PermissionDenied


def _fte(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(FTE_PLACES)


@transaction.atomic
def team_update(*, actor: Actor, team: Team, expected_version: int, **fields: Any) -> Team:
    """Change a team's default (name, formation, hours per fte, share available) if
    nobody changed its capacity since `expected_version`."""
    unknown = set(fields) - set(TEAM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Team.objects, pk=team.pk, expected_version=expected_version)
    _require_editable(current, actor)
    before = snapshot(current, TEAM_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["members"])
    current.fte = _fte(current.fte)
    changes = diff(before, snapshot(current, TEAM_FIELDS))
    if not changes:
        return current
    bump(current, expected_version=expected_version, **{n: getattr(current, n) for n in fields})
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


def _month(value: dt.date) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({"month": [_("Geef een maand.")]})
    month = month_start(value.date() if isinstance(value, dt.datetime) else value)
    try:
        plausible_date(month)
    except ValidationError as error:
        raise ValidationError({"month": error.messages}) from None
    return month


def _month_values(row: TeamMonth | None) -> dict[str, str]:
    if row is None:
        return dict.fromkeys(MONTH_KEYS, "")
    return snapshot(row, list(MONTH_KEYS))


def _month_changes(month: dt.date, before: dict, after: dict) -> dict[str, list[str]]:
    return {f"{month:%Y-%m} {MONTH_KEYS[name]}": pair for name, pair in diff(before, after).items()}


@transaction.atomic
def team_month_set(
    *,
    actor: Actor,
    team: Team,
    expected_version: int,
    month: dt.date,
    fte: Decimal | None = None,
    availability_pct: int | None = None,
    note: str = "",
) -> Team:
    """Make `month` (its first day) an exception to the team's default, or change the
    exception it is: a formation, a share available, or both. Returns the team at its
    new version."""
    month = _month(month)
    if fte is None and availability_pct is None:
        needed = _("Geef een afwijkende formatie, een afwijkend percentage inzetbaar of beide.")
        raise ValidationError({"fte": [needed]})
    current = lock(Team.objects, pk=team.pk, expected_version=expected_version)
    _require_editable(current, actor)
    row = TeamMonth.objects.filter(team=current, month=month).first()
    before = _month_values(row)
    row = row or TeamMonth(team=current, month=month)
    row.fte, row.availability_pct, row.note = fte, availability_pct, (note or "").strip()
    row.full_clean(exclude=["team"])
    row.fte = _fte(row.fte)
    changes = _month_changes(month, before, _month_values(row))
    if not changes:
        return current
    row.save()
    bump(current, expected_version=expected_version)
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def team_month_clear(*, actor: Actor, team: Team, expected_version: int, month: dt.date) -> Team:
    """The team's default applies to `month` again. Returns the team at its new version
    (unchanged when the month had no exception)."""
    month = _month(month)
    current = lock(Team.objects, pk=team.pk, expected_version=expected_version)
    _require_editable(current, actor)
    row = TeamMonth.objects.filter(team=current, month=month).first()
    if row is None:
        return current
    changes = _month_changes(month, _month_values(row), _month_values(None))
    row.delete()
    bump(current, expected_version=expected_version)
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current
