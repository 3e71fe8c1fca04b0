"""Capacity arithmetic: months, a team's hours, how loaded a cell is, a plan moved in time.

Plain values in and out, no Django models, so pages, the scenario and the benchmark share
one definition:

    capacity(team, month) = fte x hours_per_fte x availability % / 100

with the month's exception, where there is one, replacing the formation, the
availability, or both. A cell's load is its demand over its capacity; a cell with demand
but no capacity counts as over-allocated, whatever the tolerance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# From this share of capacity a cell is tight; over it (times the tolerance) it is over.
TIGHT_FROM = 0.9


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every first-of-month from `first`'s month up to and including `last`'s."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_count(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


@dataclass(frozen=True)
class Formation:
    """What a team can give: its default, or one month's exception (None: the default)."""

    fte: Decimal | float | None
    hours_per_fte: int
    availability_pct: int | None


def capacity_hours(default: Formation, exception: Formation | None = None) -> float:
    fte, pct = default.fte, default.availability_pct
    if exception is not None:
        if exception.fte is not None:
            fte = exception.fte
        if exception.availability_pct is not None:
            pct = exception.availability_pct
    return float(fte or 0) * default.hours_per_fte * float(pct or 0) / 100


def team_hours(
    default: Formation, exceptions: Mapping[dt.date, Formation], months: Iterable[dt.date]
) -> list[float]:
    """The team's capacity in hours for each month, exceptions applied."""
    return [capacity_hours(default, exceptions.get(month)) for month in months]


class Load(StrEnum):
    EMPTY = "empty"  # neither capacity nor demand
    FREE = "free"
    TIGHT = "tight"
    OVER = "over"


def load_level(demand: float, capacity: float, tolerance: float = 1.0) -> Load:
    if capacity <= 0:
        return Load.OVER if demand > 0 else Load.EMPTY
    share = demand / (capacity * tolerance)
    if share > 1 + 1e-9:
        return Load.OVER
    return Load.TIGHT if share >= TIGHT_FROM else Load.FREE


def load_pct(demand: float, capacity: float) -> int | None:
    """Demand as a whole percentage of capacity; None where there is no capacity."""
    return round(100 * demand / capacity) if capacity > 0 else None


def shifted(
    cells: Mapping[tuple[int, dt.date], float], months: int
) -> dict[tuple[int, dt.date], float]:
    """A plan's (team, month) -> hours moved `months` later (earlier when negative)."""
    moved: dict[tuple[int, dt.date], float] = {}
    for (team, month), hours in cells.items():
        key = (team, add_months(month, months))
        moved[key] = moved.get(key, 0.0) + hours
    return moved
