"""A scenario's team capacity: one constraint row per team and month, and the load its
selection puts on each team.

Pure: plain numbers in, plain numbers out (no Django models), so the solve, the page and
the tests share one definition. The selector reads the figures — the capacity from
`portfolio.capacity.selectors.team_capacity`, the very numbers the heatmap shows, and the
committed demand the heatmap counts — and this module turns them into rows:

    limit(team, month)  = max(capacity x tolerance - committed outside the candidates, 0)
    demand(i, row)      = the hours candidate i plans for that team in that month

"Committed outside the candidates" is the demand of running work the scenario cannot
choose: running projects and going-concern work that are no candidate. Candidates' own
demand counts only when they are selected. Only cells in which some candidate asks hours
get a row: a row no candidate asks anything of binds nothing (its limit is never
negative), so leaving it out keeps the model small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..capacity.rules import Load, load_level, load_pct

# How many left-out projects a binding cell names (the most valuable first).
BLOCKED_NAMED = 5
# Hours below this are rounding noise, not demand.
EPSILON = 1e-6


@dataclass(frozen=True)
class TeamLabel:
    pk: int
    code: str
    name: str


def month_key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def year_months(years: Iterable[str]) -> list[dt.date]:
    """Every month of the scenario's budget years, in order."""
    return [dt.date(int(y), m, 1) for y in sorted(years) for m in range(1, 13)]


@dataclass(frozen=True, eq=False)
class CapacityRows:
    """The capacity rows of one scenario. Rows are cells (team index, month index) in
    `cells`; `capacity` and `outside` hold every team x month, rows or not."""

    tolerance_pct: int
    teams: tuple[TeamLabel, ...]
    months: tuple[dt.date, ...]
    capacity: np.ndarray  # (T, M) the team's hours (the heatmap's figure)
    outside: np.ndarray  # (T, M) committed demand of work that is no candidate
    cells: tuple[tuple[int, int], ...]  # (R,) the cell of each row
    demand: np.ndarray  # (n, R) candidate hours per row

    @property
    def tolerated(self) -> np.ndarray:
        """(T, M) the hours a team may be loaded with: capacity x tolerance."""
        return self.capacity * self.tolerance_pct / 100

    @property
    def limits(self) -> np.ndarray:
        """(R,) the hours left for the candidates in each row, never below zero."""
        if not self.cells:
            return np.zeros(0)
        t, m = (np.array(axis) for axis in zip(*self.cells, strict=True))
        return np.maximum(self.tolerated[t, m] - self.outside[t, m], 0.0)

    def label(self, row: int) -> tuple[TeamLabel, dt.date]:
        t, m = self.cells[row]
        return self.teams[t], self.months[m]

    def inputs(self, ids: Sequence[int]) -> dict[str, object]:
        """What the solve depends on: the limits, and per candidate its hours per row (by
        team code and month, so a new row does not change every candidate's digest)."""
        keys = [(self.teams[t].code, month_key(self.months[m])) for t, m in self.cells]
        found: dict[str, object] = {
            "limits": [
                self.tolerance_pct,
                [[*key, round(float(v), 1)] for key, v in zip(keys, self.limits, strict=True)],
            ]
        }
        for i, pk in enumerate(ids):
            rows = np.flatnonzero(self.demand[i] > EPSILON) if self.cells else []
            found[pk] = [[*keys[r], round(float(self.demand[i, r]), 1)] for r in rows]
        return found

    def load(self, selected: Iterable[int]) -> dict[str, dict[str, list[float]]]:
        """{team code: {"YYYY-MM": [load, capacity, tolerated]}} with the selection: the
        load is the selection's hours plus the committed work outside the candidates."""
        load = self.outside.copy()
        chosen = list(selected)
        if self.cells and chosen:
            used = self.demand[chosen].sum(axis=0)
            for r, (t, m) in enumerate(self.cells):
                load[t, m] += used[r]
        tolerated = self.tolerated
        return {
            team.code: {
                month_key(month): [
                    round(float(load[t, m]), 1),
                    round(float(self.capacity[t, m]), 1),
                    round(float(tolerated[t, m]), 1),
                ]
                for m, month in enumerate(self.months)
            }
            for t, team in enumerate(self.teams)
        }

    def binding(
        self,
        selected: Iterable[int],
        open_: Iterable[int],
        values: np.ndarray,
        codes: Sequence[str],
    ) -> dict[str, dict[str, list[str]]]:
        """{team code: {"YYYY-MM": [project codes]}}: the cells whose room left kept out
        a project the scenario could still have taken (`open_`: not selected, not ruled
        out), the most valuable first."""
        if not self.cells:
            return {}
        chosen, candidates = list(selected), sorted(open_, key=lambda i: -values[i])
        room = self.limits - (self.demand[chosen].sum(axis=0) if chosen else 0.0)
        # (open candidates, rows): would this candidate not fit in what the row has left?
        kept_out = self.demand[candidates] > room + EPSILON
        found: dict[str, dict[str, list[str]]] = {}
        for r in np.flatnonzero(kept_out.any(axis=0)):
            t, m = self.cells[r]
            blocked = [codes[candidates[k]] for k in np.flatnonzero(kept_out[:, r])]
            found.setdefault(self.teams[t].code, {})[month_key(self.months[m])] = blocked[
                :BLOCKED_NAMED
            ]
        return found


def capacity_rows(
    *,
    tolerance_pct: int,
    teams: Sequence[TeamLabel],
    months: Sequence[dt.date],
    capacity: Sequence[Sequence[float]],
    committed: Mapping[tuple[int, dt.date], float],
    asked: Mapping[tuple[int, int, dt.date], float],
    ids: Sequence[int],
    running: Iterable[int],
) -> CapacityRows:
    """The rows from the figures: `capacity` per team (in `teams` order) and month,
    `committed` (team id, month) -> hours of running work as the heatmap counts it,
    `asked` (project id, team id, month) -> hours of the candidates `ids`, `running` the
    ids among them whose demand `committed` already holds (subtracted: a candidate's
    hours count when it is selected, not twice)."""
    row = {team.pk: t for t, team in enumerate(teams)}
    column = {month: m for m, month in enumerate(months)}
    candidate = {pk: i for i, pk in enumerate(ids)}
    running = set(running)
    outside = np.zeros((len(teams), len(months)))
    for (team, month), hours in committed.items():
        if team in row and month in column:
            outside[row[team], column[month]] += hours
    hours_of: dict[tuple[int, int], dict[int, float]] = {}
    for (project, team, month), hours in asked.items():
        if team not in row or month not in column or project not in candidate:
            continue
        cell = (row[team], column[month])
        if project in running:
            outside[cell] -= hours
        if hours > EPSILON:
            hours_of.setdefault(cell, {})[candidate[project]] = hours
    cells = tuple(sorted(hours_of))
    demand = np.zeros((len(ids), len(cells)))
    for r, cell in enumerate(cells):
        for i, hours in hours_of[cell].items():
            demand[i, r] = hours
    return CapacityRows(
        tolerance_pct=tolerance_pct,
        teams=tuple(teams),
        months=tuple(months),
        capacity=np.asarray(capacity, dtype=float).reshape(len(teams), len(months)),
        # Subtracting the candidates' running hours from the heatmap's sum can leave
        # floating-point dust below zero.
        outside=np.maximum(outside, 0.0),
        cells=cells,
        demand=demand,
    )


# --------------------------------------------------------------------- the page's table


@dataclass(frozen=True)
class LoadCell:
    month: dt.date
    load: float
    capacity: float
    tolerated: float
    pct: int | None
    level: Load
    blocked: tuple[str, ...]  # projects this cell kept out

    @property
    def over(self) -> bool:
        return self.level == Load.OVER


@dataclass(frozen=True)
class LoadRow:
    code: str
    name: str
    cells: tuple[LoadCell, ...]


def month_of(key: str) -> dt.date:
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1)


def load_table(stored: Mapping) -> tuple[list[dt.date], list[LoadRow]]:
    """The months and a row per team from a result's "capacity" part, each cell with
    its load %, level (capacity.rules.load_level at the tolerance) and blocked projects."""
    tolerance = stored.get("tolerance_pct", 100) / 100
    load, binding = stored.get("load", {}), stored.get("binding", {})
    months = sorted({month for cells in load.values() for month in cells})
    rows = []
    for code, name in stored.get("teams", {}).items():
        cells = []
        for month in months:
            used, capacity, tolerated = load.get(code, {}).get(month, (0.0, 0.0, 0.0))
            cells.append(
                LoadCell(
                    month=month_of(month),
                    load=used,
                    capacity=capacity,
                    tolerated=tolerated,
                    pct=load_pct(used, capacity),
                    level=load_level(used, capacity, tolerance),
                    blocked=tuple(binding.get(code, {}).get(month, ())),
                )
            )
        rows.append(LoadRow(code, name, tuple(cells)))
    return [month_of(month) for month in months], rows


def limiting_cells(rows: Sequence[LoadRow]) -> list[tuple[LoadRow, LoadCell]]:
    """The cells to name under the table: binding ones and those over the tolerance."""
    return [(row, cell) for row in rows for cell in row.cells if cell.blocked or cell.over]


def capacity_result(
    rows: CapacityRows,
    *,
    selected: Sequence[int] | None,
    open_: Iterable[int] = (),
    values: np.ndarray | None = None,
    codes: Sequence[str] = (),
) -> dict:
    """The result's "capacity" part: the tolerance, the teams by code, and with a
    selection (None: there is none) each team's load per month and the binding cells."""
    stored: dict = {
        "tolerance_pct": rows.tolerance_pct,
        "teams": {team.code: team.name for team in rows.teams},
    }
    if selected is not None:
        stored["load"] = rows.load(selected)
        stored["binding"] = rows.binding(selected, open_, values, codes)
    return stored
