"""The capacity heatmap's cells: per team and month what the team can give against what
projects ask of it, in hours or fte, the over-allocated cells listed, and a what-if's
changes (a project's demand moved in time) cell by cell.

Plain data in, dataclasses out, no Django models: the page, its export and the tests
build the same cells. A cell's demand is the committed demand (running projects and
going-concern work), plus the proposals when they are counted; its level is
`rules.load_level` of that demand against the capacity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .rules import Load, add_months, load_level, load_pct, shifted


class Unit(StrEnum):
    HOURS = "uren"
    FTE = "fte"


@dataclass(frozen=True)
class TeamRow:
    id: int
    code: str
    name: str
    org_unit: str
    hours_per_fte: int


@dataclass(frozen=True)
class Cell:
    """One team in one month, in the heatmap's unit. `before` is the demand (and
    `before_level` the level) without the what-if, where the what-if changes the cell."""

    team: TeamRow
    month: dt.date
    capacity: float
    committed: float
    proposed: float
    demand: float
    pct: int | None
    level: Load
    before: float | None = None
    before_level: Load | None = None

    @property
    def over(self) -> bool:
        return self.level == Load.OVER

    @property
    def changed(self) -> bool:
        return self.before is not None

    @property
    def delta(self) -> float:
        return self.demand - self.before if self.before is not None else 0.0

    @property
    def month_key(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class Row:
    team: TeamRow
    cells: list[Cell]


@dataclass(frozen=True)
class Total:
    """All shown teams together in one month (fte summed team by team)."""

    month: dt.date
    capacity: float
    demand: float
    pct: int | None
    level: Load


@dataclass(frozen=True)
class Overload:
    """An over-allocated team-month: by how much demand exceeds capacity, in the unit and
    as a share of the capacity (None where there is no capacity at all)."""

    team: TeamRow
    month: dt.date
    demand: float
    capacity: float
    over: float
    over_pct: int | None

    @property
    def month_key(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class Heatmap:
    months: list[dt.date]
    unit: Unit
    include_proposals: bool
    rows: list[Row]
    totals: list[Total]
    overloads: list[Overload]
    # Where a what-if is shown: the over-allocations it makes and those it takes away.
    appeared: list[Overload] = field(default_factory=list)
    disappeared: list[Overload] = field(default_factory=list)

    @property
    def changed_cells(self) -> int:
        return sum(cell.changed for row in self.rows for cell in row.cells)


def in_unit(hours: float, team: TeamRow, unit: Unit) -> float:
    """Hours as the unit shows them: fte is hours over the team's hours per fte."""
    return hours / team.hours_per_fte if unit == Unit.FTE else hours


def overload(team: TeamRow, month: dt.date, demand: float, capacity: float) -> Overload:
    pct = load_pct(demand, capacity)
    return Overload(
        team, month, demand, capacity, demand - capacity, None if pct is None else pct - 100
    )


def shift_delta(
    plan: Mapping[tuple[int, dt.date], float], months: int, shown: Sequence[dt.date]
) -> dict[tuple[int, dt.date], float]:
    """(team, month) -> the hours a plan moved `months` adds (or takes away, negative) in
    the shown months; cells it leaves unchanged are left out."""
    if not months:
        return {}
    window = set(shown)
    moved = shifted(plan, months)
    delta: dict[tuple[int, dt.date], float] = {}
    for key in set(plan) | set(moved):
        if key[1] in window:
            change = moved.get(key, 0.0) - plan.get(key, 0.0)
            if abs(change) > 1e-9:
                delta[key] = change
    return delta


def plan_window(shown: Sequence[dt.date], months: int) -> list[dt.date]:
    """The months a plan must be read over so that moving it `months` fills the shown
    ones: the shown months and those `months` before them."""
    if not shown:
        return []
    first, last = shown[0], shown[-1]
    return [min(first, add_months(first, -months)), max(last, add_months(last, -months))]


def build(
    teams: Sequence[TeamRow],
    months: Sequence[dt.date],
    capacity: Sequence[Sequence[float]],
    committed: Sequence[Sequence[float]],
    proposed: Sequence[Sequence[float]],
    *,
    include_proposals: bool = False,
    unit: Unit = Unit.HOURS,
    delta: Mapping[tuple[int, dt.date], float] | None = None,
) -> Heatmap:
    """The grid of `teams` (rows) by `months` (columns) from hours per team and month.

    `delta` is a what-if's change in hours to the counted demand per (team id, month);
    the cells it touches keep their demand before it."""
    delta = delta or {}
    rows, overloads, appeared, disappeared = [], [], [], []
    total_capacity = [0.0] * len(months)
    total_demand = [0.0] * len(months)
    for i, team in enumerate(teams):
        cells = []
        for j, month in enumerate(months):
            hours_before = committed[i][j] + (proposed[i][j] if include_proposals else 0.0)
            change = delta.get((team.id, month), 0.0)
            hours = max(hours_before + change, 0.0)
            cap = in_unit(capacity[i][j], team, unit)
            demand = in_unit(hours, team, unit)
            level = load_level(hours, capacity[i][j])
            before = before_level = None
            if change:
                before = in_unit(hours_before, team, unit)
                before_level = load_level(hours_before, capacity[i][j])
                if level == Load.OVER and before_level != Load.OVER:
                    appeared.append(overload(team, month, demand, cap))
                elif before_level == Load.OVER and level != Load.OVER:
                    disappeared.append(overload(team, month, before, cap))
            cells.append(
                Cell(
                    team=team,
                    month=month,
                    capacity=cap,
                    committed=in_unit(committed[i][j], team, unit),
                    proposed=in_unit(proposed[i][j], team, unit),
                    demand=demand,
                    pct=load_pct(hours, capacity[i][j]),
                    level=level,
                    before=before,
                    before_level=before_level,
                )
            )
            if level == Load.OVER:
                overloads.append(overload(team, month, demand, cap))
            total_capacity[j] += cap
            total_demand[j] += demand
        rows.append(Row(team, cells))
    totals = [
        Total(
            month,
            total_capacity[j],
            total_demand[j],
            *_total_load(total_demand[j], total_capacity[j]),
        )
        for j, month in enumerate(months)
    ]
    by_month = sorted(overloads, key=lambda o: (o.month, o.team.name, o.team.code))
    return Heatmap(
        months=list(months),
        unit=unit,
        include_proposals=include_proposals,
        rows=rows,
        totals=totals,
        overloads=by_month,
        appeared=sorted(appeared, key=lambda o: (o.month, o.team.name)),
        disappeared=sorted(disappeared, key=lambda o: (o.month, o.team.name)),
    )


def _total_load(demand: float, capacity: float) -> tuple[int | None, Load]:
    return load_pct(demand, capacity), load_level(demand, capacity)
