"""Demand as other systems write it: many rows of project x team x month x hours at once,
keyed by `external_id`, or by the place itself (project, team, month) for a row without.

All or nothing, set-wise: the rows are checked as a whole (known project and team, a
project the writer may change, the first of a month, hours from 0 to 744 with at most
one decimal, no row twice), every refused row is named with its fields, and then nothing
is written. Rows that change nothing write nothing, so the same payload twice is a no-op.
A fixed number of queries whatever the number of rows (bulk inserts, one UPDATE run for
all changed rows, audit lines by COPY), so 10,000 rows fit one request.

Each row's change is audited on the row, and each touched project's demand plan is
bumped and audited by cell ("ICT 2027-03": [old, new]) as the grid is
(services/demand.py): a grid opened before the sync is stale and says who changed what.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_insert
from pmo.bulk import RowErrors, RowOutcome, UpsertResult
from pmo.dates import EARLIEST, LATEST
from pmo.models import AuditEntry
from portfolio.projects.models import Project

from ..models import Demand, DemandPlan, Team
from .demand import HOURS_PLACES, MAX_CELL_HOURS

# The fields a row sets, in the order the UPDATE writes them.
WRITTEN = ["project", "team", "month", "hours", "external_id", "updated_at"]


def _hours_errors(hours: Decimal) -> list[str]:
    if hours < 0:
        return [_("Uren kunnen niet negatief zijn.")]
    if hours > MAX_CELL_HOURS:
        return [_("Meer dan 744 uur in één maand kan niet.")]
    if hours != hours.quantize(HOURS_PLACES):
        return [_("Geef uren met ten hoogste één decimaal.")]
    return []


def _month_errors(month: dt.date) -> list[str]:
    if month.day != 1:
        return [_("Geef een maand als haar eerste dag, bv. 2027-03-01.")]
    if not EARLIEST <= month <= LATEST:
        return [_("Kies een maand tussen 2000 en 2100.")]
    return []


def _text(hours: Decimal | None) -> str:
    return "" if hours is None else str(hours.quantize(HOURS_PLACES))


class _Lookups:
    """What the rows refer to, one query per kind."""

    def __init__(self, actor: Actor, rows: list[dict]):
        user = actor.user
        # A project is named by its external_id; an import, whose projects need not have
        # one, names it by its pk (an int) instead.
        project_keys = {row["project"] for row in rows}
        ids = {key for key in project_keys if isinstance(key, int)}
        visible = Project.objects.visible_to(user).only("pk", "external_id", "code", "name")
        self.projects = {
            p.external_id: p for p in visible.filter(external_id__in=project_keys - ids)
        }
        if ids:
            self.projects |= {p.pk: p for p in visible.filter(pk__in=ids)}
        self.teams = {
            t.code: t for t in Team.objects.filter(code__in={row["team"] for row in rows})
        }
        keys = {row.get("external_id") for row in rows} - {None, ""}
        self.by_key = {
            d.external_id: d
            for d in Demand.objects.select_for_update().filter(external_id__in=keys)
        }
        project_ids = [p.pk for p in self.projects.values()]
        places = {
            (self.projects[row["project"]].pk, self.teams[row["team"]].pk, row["month"])
            for row in rows
            if row["project"] in self.projects and row["team"] in self.teams
        }
        # One query: the rows' projects, teams and months (the months named, not the
        # range between them, which read and locked some 37 rows per row written), then
        # only the rows' own cells are kept.
        found = Demand.objects.select_for_update().filter(
            project_id__in={project for project, _team, _month in places},
            team_id__in={team for _project, team, _month in places},
            month__in={month for _project, _team, month in places},
        )
        self.by_place = {
            (d.project_id, d.team_id, d.month): d
            for d in found
            if (d.project_id, d.team_id, d.month) in places
        }
        # The projects the writer may change: those named and those a keyed row is in.
        candidates = set(project_ids) | {d.project_id for d in self.by_key.values()}
        self.editable = set(
            Project.objects.editable_by(user).filter(pk__in=candidates).values_list("pk", flat=True)
        )
        self.team_codes = {t.pk: t.code for t in self.teams.values()}
        other_teams = {d.team_id for d in self.by_key.values()} - set(self.team_codes)
        if other_teams:
            self.team_codes |= dict(
                Team.objects.filter(pk__in=other_teams).values_list("pk", "code")
            )
        # How the audit names a project: those named, and those a keyed row moves from.
        self.project_names = {p.pk: str(p) for p in self.projects.values()}
        elsewhere = candidates - set(self.project_names)
        if elsewhere:
            for project in Project.objects.filter(pk__in=elsewhere).only("pk", "code", "name"):
                self.project_names[project.pk] = str(project)


def _place_of(row: dict, found: _Lookups, errors: dict) -> tuple[int, int, dt.date] | None:
    project, team = found.projects.get(row["project"]), found.teams.get(row["team"])
    row["hours"] = Decimal(str(row["hours"]))
    if project is None:
        errors["project"] = [_("Onbekend project: %(key)s.") % {"key": row["project"]}]
    elif project.pk not in found.editable:
        errors["project"] = [_("U mag de capaciteitsvraag van dit project niet wijzigen.")]
    if team is None:
        errors["team"] = [_("Onbekend team: %(key)s.") % {"key": row["team"]}]
    if month_errors := _month_errors(row["month"]):
        errors["month"] = month_errors
    if hours_errors := _hours_errors(row["hours"]):
        errors["hours"] = hours_errors
    if errors:
        return None
    return (project.pk, team.pk, row["month"])


def _target(key, place, found: _Lookups, errors: dict) -> Demand | None:
    """The stored row this row writes: the one with its key, else the one at its place
    (which it adopts); None for a new row. Refusals go to `errors`."""
    occupant = found.by_place.get(place)
    current = found.by_key.get(key) if key else None
    if current is not None:
        if current.project_id not in found.editable:
            errors["external_id"] = [_("U mag deze rij niet wijzigen.")]
        elif occupant is not None and occupant.pk != current.pk:
            errors["non_field_errors"] = [
                _("Voor dit project, team en deze maand bestaat al een andere rij.")
            ]
        return current
    if occupant is not None and key and occupant.external_id not in (None, "", key):
        errors["external_id"] = [
            _("Voor dit project, team en deze maand bestaat al een rij met kenmerk %(key)s.")
            % {"key": occupant.external_id}
        ]
    return occupant


@transaction.atomic
def demand_upsert(*, actor: Actor, rows: list[dict]) -> UpsertResult:
    """Create or update a demand row per row: `project` by its external_id, `team` by its
    code, `month` (the first of a month), `hours`, and an optional `external_id` as the
    row's key. Raises RowErrors naming every refused row; nothing is written then."""
    if not rows:
        return UpsertResult()
    found = _Lookups(actor, rows)
    errors: dict[int, dict[str, list[str]]] = {}
    seen_keys, seen_places, seen_rows = set(), set(), set()
    creates, updates, outcomes = [], [], []
    for index, row in enumerate(rows):
        row_errors: dict[str, list[str]] = {}
        key = (row.get("external_id") or "").strip() or None
        if key and key in seen_keys:
            row_errors["external_id"] = [_("Dit kenmerk staat al eerder in het verzoek.")]
        seen_keys.add(key)
        place = _place_of(row, found, row_errors)
        if place is None:
            errors[index] = row_errors
            continue
        if place in seen_places:
            row_errors["non_field_errors"] = [
                _("Dit project, team en deze maand staan al eerder in het verzoek.")
            ]
        seen_places.add(place)
        current = _target(key, place, found, row_errors)
        if current is not None and current.pk in seen_rows:
            row_errors.setdefault("non_field_errors", []).append(
                _("Een eerdere rij in het verzoek wijzigt deze rij al.")
            )
        if row_errors:
            errors[index] = row_errors
            continue
        label = f"{row['project']}/{row['team']}/{row['month'].isoformat()[:7]}"
        project_id, team_id, month = place
        if current is None:
            demand = Demand(project_id=project_id, team_id=team_id, month=month, hours=row["hours"])
            demand.external_id = key
            creates.append((index, key or label, demand))
            continue
        seen_rows.add(current.pk)
        before, moved_from = _state(current, found), current.project_id
        after = {
            "project_id": project_id,
            "team_id": team_id,
            "month": month,
            "hours": row["hours"],
            "external_id": key or current.external_id,
        }
        if all(getattr(current, name) == value for name, value in after.items()):
            outcomes.append(RowOutcome(index, key or label, current.pk, "unchanged"))
            continue
        for name, value in after.items():
            setattr(current, name, value)
        updates.append((index, key or label, current, before, moved_from))
    if errors:
        raise RowErrors(errors)
    _write(actor, found, creates, updates, outcomes)
    return UpsertResult(rows=sorted(outcomes, key=lambda outcome: outcome.index))


def _state(demand: Demand, found: _Lookups) -> dict:
    """A row as the audit shows it (and the cell it is, for the plan's audit)."""
    return {
        "project": found.project_names.get(demand.project_id, str(demand.project_id)),
        "team": found.team_codes.get(demand.team_id, str(demand.team_id)),
        "month": demand.month.isoformat()[:7],  # 2027-03 (strftime costs 30 µs a row)
        "hours": _text(demand.hours),
        "external_id": demand.external_id or "",
    }


def _changes(before: dict, after: dict) -> dict[str, list[str]]:
    return {
        name: [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }


def _write(actor: Actor, found: _Lookups, creates: list, updates: list, outcomes: list) -> None:
    now = timezone.now()
    for _index, _label, demand in creates:
        demand.updated_at = now
    Demand.objects.bulk_create([demand for _i, _l, demand in creates], batch_size=1000)
    _update_rows([demand for _i, _l, demand, _b, _p in updates], now)
    lines, cells = [], {}
    for index, label, demand in creates:
        outcomes.append(RowOutcome(index, label, demand.pk, "created"))
        after = _state(demand, found)
        lines.append((demand, AuditEntry.Action.CREATE, _changes({}, after)))
        cell = f"{after['team']} {after['month']}"
        cells.setdefault(demand.project_id, {})[cell] = ["", after["hours"]]
    for index, label, demand, before, moved_from in updates:
        outcomes.append(RowOutcome(index, label, demand.pk, "updated"))
        after = _state(demand, found)
        lines.append((demand, AuditEntry.Action.UPDATE, _changes(before, after)))
        old_cell, new_cell = (
            f"{before['team']} {before['month']}",
            f"{after['team']} {after['month']}",
        )
        if old_cell != new_cell or moved_from != demand.project_id:
            cells.setdefault(moved_from, {})[old_cell] = [
                before["hours"],
                "",
            ]
            cells.setdefault(demand.project_id, {})[new_cell] = ["", after["hours"]]
        else:
            cells.setdefault(demand.project_id, {})[new_cell] = [before["hours"], after["hours"]]
    audit_insert(actor=actor, model=Demand, lines=lines)
    _plans_bump(actor, cells, now)


def _update_rows(demands: list[Demand], now) -> None:
    """One UPDATE statement run for all changed rows (Django's bulk_update builds a CASE
    per field and row, which grows with the square of the rows)."""
    if not demands:
        return
    fields = [Demand._meta.get_field(name) for name in WRITTEN]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Demand._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    rows = []
    for demand in demands:
        demand.updated_at = now
        values = [
            field.get_db_prep_save(getattr(demand, field.attname), connection) for field in fields
        ]
        rows.append([*values, demand.pk])
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _plans_bump(actor: Actor, cells: dict[int, dict], now) -> None:
    """Bump the demand plan of every touched project (made at version 2 where there was
    none: a grid opened at version 1 is stale) and audit its cells on it."""
    if not cells:
        return
    touched = list(cells)
    existing = set(
        DemandPlan.objects.select_for_update()
        .filter(project_id__in=touched)
        .values_list("project_id", flat=True)
    )
    DemandPlan.objects.filter(project_id__in=existing).update(
        version=F("version") + 1, updated_at=now
    )
    DemandPlan.objects.bulk_create(
        [DemandPlan(project_id=pk, version=2) for pk in touched if pk not in existing],
        batch_size=1000,
    )
    plans = DemandPlan.objects.filter(project_id__in=touched).select_related("project")
    lines = [(plan, AuditEntry.Action.UPDATE, cells[plan.project_id]) for plan in plans]
    audit_insert(actor=actor, model=DemandPlan, lines=lines)
