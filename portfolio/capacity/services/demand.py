"""Writes to a project's demand: the projectleider's grid saved as a whole, and the whole
plan moved in time.

A project's demand carries one version, on its `DemandPlan`: the grid is saved against
it, so a save over someone else's newer cells is refused naming who changed which cells
since, and nothing is written. The cells are written in bulk (a grid of 50 teams x 36
months is one insert, one update and one delete, not 1,800 saves) and audited on the plan,
keyed by team and month ("ICT 2027-03": [old, new]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.access import is_editable
from pmo.actors import Actor
from pmo.api.registry import delete_recorded
from pmo.audit import audit_version_bump
from pmo.dates import EARLIEST, LATEST
from pmo.versioning import lock
from portfolio.projects.models import Project

from ..models import Demand, DemandPlan, Team
from ..rules import add_months, month_start, shifted

# A month has at most 31 x 24 hours: more in one cell is a typo.
MAX_CELL_HOURS = Decimal("744")
HOURS_PLACES = Decimal("0.1")
# A plan moves by at most ten years in one step.
MAX_SHIFT_MONTHS = 120

Cell = tuple[int, dt.date]


def cell_key(team_id: int, month: dt.date) -> str:
    """The name a refusal gives a cell (ValidationError's keys), e.g. "12:2027-03"."""
    return f"{team_id}:{month:%Y-%m}"


def _require_editable(project: Project, actor: Actor) -> None:
    if actor.user is not None and not is_editable(project, actor.user):
        raise PermissionDenied


def _hours(value) -> Decimal | None:
    """The hours of a cell as a Decimal; None (and 0) mean no demand. ValueError if the
    value is no number."""
    if value is None or value == "":
        return None
    try:
        hours = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError from None
    if not hours.is_finite():
        raise ValueError
    return None if hours == 0 else hours


def _cleaned(cells: Mapping[Cell, object], teams: dict[int, Team]) -> dict[Cell, Decimal | None]:
    """The cells with their months made first-of-month and their hours checked, or a
    ValidationError naming every refused cell."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[Cell, Decimal | None] = {}

    def refuse(team_id, month, text):
        team = teams.get(team_id)
        name = f"{team.code if team else team_id} {month:%Y-%m}"
        errors.setdefault(cell_key(team_id, month), []).append(f"{name}: {text}")

    for (team_id, raw_month), value in cells.items():
        if isinstance(raw_month, dt.datetime):
            raw_month = raw_month.date()
        month = month_start(raw_month)
        if team_id not in teams:
            refuse(team_id, month, _("onbekend team."))
            continue
        if not EARLIEST <= month <= LATEST:
            refuse(team_id, month, _("kies een maand tussen 2000 en 2100."))
            continue
        if (team_id, month) in cleaned:
            refuse(team_id, month, _("deze maand staat twee keer in de invoer."))
            continue
        try:
            hours = _hours(value)
        except ValueError:
            refuse(team_id, month, _("geen getal."))
            continue
        if hours is not None and hours < 0:
            refuse(team_id, month, _("uren kunnen niet negatief zijn."))
        elif hours is not None and hours > MAX_CELL_HOURS:
            refuse(team_id, month, _("meer dan 744 uur in één maand kan niet."))
        elif hours is not None and hours != hours.quantize(HOURS_PLACES):
            refuse(team_id, month, _("geef uren met ten hoogste één decimaal."))
        else:
            cleaned[(team_id, month)] = hours
    if errors:
        raise ValidationError(errors)
    return cleaned


def _plan(project: Project, expected_version: int) -> DemandPlan:
    """The project's plan, made at version 1 if it has none yet, locked; StaleError when
    someone saved it since `expected_version`."""
    plan, _made = DemandPlan.objects.get_or_create(project=project)
    return lock(DemandPlan.objects, pk=plan.pk, expected_version=expected_version)


def _delete_rows(rows: list[Demand]) -> None:
    if rows:
        delete_recorded(Demand.objects.filter(pk__in=[row.pk for row in rows]))


def _text(hours: Decimal | None) -> str:
    return "" if hours is None else str(hours.quantize(HOURS_PLACES))


@transaction.atomic
def demand_plan_save(
    *,
    actor: Actor,
    project: Project,
    expected_version: int,
    cells: Mapping[Cell, Decimal | float | int | None],
) -> DemandPlan:
    """Save the given cells of a project's demand grid: (team id, month) -> hours, where
    None or 0 removes the cell. Cells not given are left as they are. Refused as a whole
    (nothing written) when a cell is invalid or the plan moved past `expected_version`.
    Returns the plan at its new version (unchanged when nothing changed)."""
    _require_editable(project, actor)
    team_ids = {team_id for team_id, _month in cells}
    teams = {t.pk: t for t in Team.objects.filter(pk__in=team_ids).only("pk", "code")}
    cleaned = _cleaned(cells, teams)
    plan = _plan(project, expected_version)
    existing = {
        (row.team_id, row.month): row
        for row in Demand.objects.filter(project=project, team_id__in=team_ids)
    }
    now = timezone.now()
    created, updated, removed, changes = [], [], [], {}
    for (team_id, month), hours in sorted(cleaned.items(), key=lambda item: item[0]):
        row = existing.get((team_id, month))
        old = row.hours if row else None
        if old == hours:
            continue
        changes[f"{teams[team_id].code} {month:%Y-%m}"] = [_text(old), _text(hours)]
        if row is None:
            created.append(Demand(project=project, team_id=team_id, month=month, hours=hours))
        elif hours is None:
            removed.append(row)
        else:
            row.hours, row.updated_at = hours, now
            updated.append(row)
    if not changes:
        return plan
    Demand.objects.bulk_create(created)
    Demand.objects.bulk_update(updated, ["hours", "updated_at"])
    _delete_rows(removed)
    audit_version_bump(plan, actor=actor, changes=changes)
    return plan


def _month_range(months: list[dt.date]) -> str:
    return f"{min(months):%Y-%m} – {max(months):%Y-%m}"


@transaction.atomic
def demand_shift(
    *, actor: Actor, project: Project, expected_version: int, months: int
) -> DemandPlan:
    """Move all of a project's demand `months` later (earlier when negative), each row
    keeping its hours and its identity. Versioned on the plan like a grid save."""
    if not isinstance(months, int) or abs(months) > MAX_SHIFT_MONTHS:
        raise ValidationError(
            {"months": [_("Verschuif met ten hoogste %(n)s maanden.") % {"n": MAX_SHIFT_MONTHS}]}
        )
    _require_editable(project, actor)
    plan = _plan(project, expected_version)
    rows = list(Demand.objects.filter(project=project).order_by("team_id", "month"))
    if months == 0 or not rows:
        return plan
    before = {(row.team_id, row.month): float(row.hours) for row in rows}
    after = shifted(before, months)
    targets = sorted(month for _team, month in after)
    if targets[0] < EARLIEST or targets[-1] > LATEST:
        raise ValidationError({"months": [_("Dan valt de capaciteitsvraag buiten 2000–2100.")]})
    now = timezone.now()
    # Two steps keep the rule of one row per project, team and month true after every
    # statement: first every row to a month no plan uses (year 1 onwards, one each), then
    # to its place. A row moving onto a month another row leaves would collide otherwise.
    for index, row in enumerate(rows):
        row.month, row.updated_at = add_months(dt.date(1, 1, 1), index), now
    Demand.objects.bulk_update(rows, ["month", "updated_at"])
    for row, (_team, month) in zip(rows, before, strict=True):
        row.month = add_months(month, months)
    Demand.objects.bulk_update(rows, ["month"])
    # Audit lines are kept in Dutch (pmo/audit.py), like every other audit value.
    label = "maand" if abs(months) == 1 else "maanden"
    key = f"verschoven met {months} {label}"
    old_months = [month for _team, month in before]
    audit_version_bump(
        plan,
        actor=actor,
        changes={key: [_month_range(old_months), _month_range(targets)]},
    )
    return plan
