"""Teams and their exceptions per month as other systems write them: a new team, many
teams at once keyed by `external_id` (HR, the formation system), and one month's
exception created, changed or removed.

Every write versions and audits the team, as the team's page does (services/teams.py):
an exception is part of the team's capacity, so creating, changing or removing one bumps
the team's `version` and is audited on the team. A bulk request is all or nothing: each
refused row is named with its fields, and then nothing is written; a row that changes
nothing writes nothing, so the same payload twice is a no-op.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.access import area_writable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.bulk import RowOutcome, UpsertResult, per_row
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import OrgUnit

from ..models import DEFAULT_HOURS_PER_FTE, Team, TeamMonth
from ..rules import month_start
from .teams import TEAM_FIELDS, team_month_clear, team_month_set

# What a sync may set of a team: its key fields beside what the team's page changes.
SYNC_FIELDS = ["code", "org_unit", *TEAM_FIELDS]
# What a new team cannot do without (the formation has defaults).
NEEDED_TO_CREATE = ("code", "name", "org_unit")
MONTH_FIELDS = ("fte", "availability_pct", "note")
FTE_PLACES = Decimal("0.01")


def _require_team_editor(actor: Actor) -> None:
    # A task without a person acts for the system; a person needs the right to keep teams.
    if actor.user is not None and not area_writable(Team, actor.user):
        raise PermissionDenied


def _fte(value: Any) -> Any:
    return value.quantize(FTE_PLACES) if isinstance(value, Decimal) else value


@transaction.atomic
def team_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    org_unit: OrgUnit,
    fte: Decimal = Decimal("0"),
    hours_per_fte: int = DEFAULT_HOURS_PER_FTE,
    availability_pct: int = 80,
    external_id: str | None = None,
) -> Team:
    """A new competence team, by whoever keeps the teams (the PMO)."""
    _require_team_editor(actor)
    team = Team(
        code=code,
        name=name,
        org_unit=org_unit,
        fte=_fte(fte),
        hours_per_fte=hours_per_fte,
        availability_pct=availability_pct,
        external_id=external_id or None,
    )
    team.full_clean(exclude=["members"])
    team.save()
    fields = [*SYNC_FIELDS, "external_id"]
    audit_record(
        actor=actor,
        instance=team,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(team, fields)),
    )
    return team


def _team_sync(*, actor: Actor, team: Team, expected_version: int, fields: dict) -> bool:
    """Apply `fields` (any of SYNC_FIELDS) to the team if it is still at
    `expected_version`; False when they change nothing."""
    current = lock(Team.objects, pk=team.pk, expected_version=expected_version)
    changed = {
        name: _fte(value) if name == "fte" else value
        for name, value in fields.items()
        if (_fte(value) if name == "fte" else value) != getattr(current, name)
    }
    if not changed:
        return False
    before = snapshot(current, SYNC_FIELDS)
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean(exclude=["members"])
    bump(current, expected_version=expected_version, **changed)
    changes = diff(before, snapshot(current, SYNC_FIELDS))
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return True


@transaction.atomic
def teams_upsert(*, actor: Actor, rows: list[dict]) -> UpsertResult:
    """Create or update a team per row, keyed by its `external_id`; `org_unit` by its
    code. A row may carry `version` (refused when the team moved on). Raises RowErrors
    naming every refused row; PermissionDenied for who may not keep teams at all."""
    _require_team_editor(actor)
    codes = {row["org_unit"] for row in rows if row.get("org_unit")}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    keys = [row["external_id"] for row in rows]
    existing = {t.external_id: t for t in Team.objects.filter(external_id__in=keys)}
    seen: set[str] = set()

    def write(index: int, row: dict) -> RowOutcome:
        key = row["external_id"]
        if key in seen:
            raise ValidationError(
                {"external_id": [_("Dit kenmerk staat al eerder in het verzoek.")]}
            )
        seen.add(key)
        fields = {name: row[name] for name in SYNC_FIELDS if name in row}
        if "org_unit" in fields:
            unit = units.get(fields["org_unit"])
            if unit is None:
                raise ValidationError(
                    {"org_unit": [_("Onbekend: %(key)s.") % {"key": fields["org_unit"]}]}
                )
            fields["org_unit"] = unit
        current = existing.get(key)
        if current is None:
            missing = [name for name in NEEDED_TO_CREATE if not fields.get(name)]
            if missing:
                raise ValidationError(
                    {name: [_("Verplicht voor een nieuw team.")] for name in missing}
                )
            team = team_create(actor=actor, external_id=key, **fields)
            return RowOutcome(index, key, team.pk, "created")
        version = row.get("version") or current.version
        changed = _team_sync(actor=actor, team=current, expected_version=version, fields=fields)
        return RowOutcome(index, key, current.pk, "updated" if changed else "unchanged")

    return per_row(rows, write)


# ---------------------------------------------------------------- exceptions per month


@transaction.atomic
def team_month_create(
    *,
    actor: Actor,
    team: Team,
    month: dt.date,
    fte: Decimal | None = None,
    availability_pct: int | None = None,
    note: str = "",
) -> TeamMonth:
    """A new exception for `month` (its first day); refused when the month has one
    already (change that one instead). Bumps and audits the team."""
    current = Team.objects.select_for_update().get(pk=team.pk)
    if (
        isinstance(month, dt.date)
        and TeamMonth.objects.filter(team=current, month=month_start(month)).exists()
    ):
        raise ValidationError(
            {"month": [_("Deze maand wijkt al af; wijzig of verwijder die afwijking.")]}
        )
    team_month_set(
        actor=actor,
        team=current,
        expected_version=current.version,
        month=month,
        fte=fte,
        availability_pct=availability_pct,
        note=note,
    )
    return TeamMonth.objects.get(team=current, month=month_start(month))


@transaction.atomic
def team_month_change(
    *, actor: Actor, row: TeamMonth, expected_version: int, **fields: Any
) -> TeamMonth:
    """Change the formation, share available or note of one exception, if the team is
    still at `expected_version` (an exception is part of the team's capacity)."""
    unknown = set(fields) - set(MONTH_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {name: getattr(row, name) for name in MONTH_FIELDS} | fields
    team_month_set(
        actor=actor,
        team=row.team,
        expected_version=expected_version,
        month=row.month,
        **values,
    )
    return TeamMonth.objects.get(pk=row.pk)


@transaction.atomic
def team_month_delete(*, actor: Actor, row: TeamMonth, expected_version: int) -> None:
    """The team's default applies to the month again."""
    team_month_clear(actor=actor, team=row.team, expected_version=expected_version, month=row.month)
