"""The power/interest grid (macht/belang-matrix) of the stakeholder register.

Rule. Power and interest are classes 1–5; a class of 3 or more counts as high (the
classic split of the grid into four quadrants, with the middle class on the high side so
that a stakeholder in doubt gets the closer engagement). The quadrant gives the strategy:

    power high, interest high → "nauw-betrekken"  (manage closely)
    power high, interest low  → "tevreden-houden" (keep satisfied)
    power low,  interest high → "informeren"      (keep informed)
    power low,  interest low  → "monitoren"       (monitor)

The services derive a stakeholder's strategy from this rule when none is chosen; a
different choice is kept. For the register, `grid` lays grouped counts — one query
whatever the register's size — out as a 5 × 5 table with power 5 on top and interest 1
on the left, each cell carrying its count and its quadrant, plus the count per quadrant
as the table alternative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CLASSES = (1, 2, 3, 4, 5)
HIGH = 3  # a class of HIGH or more is high

MANAGE = "nauw-betrekken"
SATISFY = "tevreden-houden"
INFORM = "informeren"
MONITOR = "monitoren"
# In the order the register reads them: the most attention first.
QUADRANTS = (MANAGE, SATISFY, INFORM, MONITOR)
# The shade of a quadrant's cells in the page (the risicokaart's classes), by attention.
SHADES = {MANAGE: "zeer-hoog", SATISFY: "hoog", INFORM: "midden", MONITOR: "laag"}


def on_scale(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in CLASSES


def strategy_for(power: int, interest: int) -> str:
    """The quadrant of (power, interest), as a Stakeholder.Strategy value."""
    if not (on_scale(power) and on_scale(interest)):
        raise ValueError(f"power and interest are classes 1–5, not {power!r}, {interest!r}")
    if power >= HIGH:
        return MANAGE if interest >= HIGH else SATISFY
    return INFORM if interest >= HIGH else MONITOR


@dataclass(frozen=True)
class Bounds:
    """The classes of a quadrant, inclusive: what a filter on it asks."""

    power: tuple[int, int]
    interest: tuple[int, int]


def bounds(quadrant: str) -> Bounds:
    if quadrant not in QUADRANTS:
        raise ValueError(f"no quadrant {quadrant!r}")
    high, low = (HIGH, CLASSES[-1]), (CLASSES[0], HIGH - 1)
    power = high if quadrant in (MANAGE, SATISFY) else low
    interest = high if quadrant in (MANAGE, INFORM) else low
    return Bounds(power=power, interest=interest)


@dataclass(frozen=True)
class Cell:
    power: int
    interest: int
    count: int

    @property
    def quadrant(self) -> str:
        return strategy_for(self.power, self.interest)

    @property
    def shade(self) -> str:
        return SHADES[self.quadrant]


@dataclass(frozen=True)
class Row:
    power: int
    cells: list[Cell]  # interest 1–5


@dataclass(frozen=True)
class QuadrantCount:
    quadrant: str
    count: int


@dataclass(frozen=True)
class Grid:
    rows: list[Row]  # power 5 first
    quadrants: list[QuadrantCount]  # in QUADRANTS order
    total: int


def grid(rows: Iterable[tuple]) -> Grid:
    """`rows`: (power, interest, count) groups, or (power, interest) per stakeholder.
    Values off the scale are not placed (the services refuse them)."""
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        power, interest = row[0], row[1]
        count = row[2] if len(row) > 2 else 1
        if on_scale(power) and on_scale(interest):
            counts[(power, interest)] = counts.get((power, interest), 0) + count
    by_quadrant = dict.fromkeys(QUADRANTS, 0)
    for (power, interest), count in counts.items():
        by_quadrant[strategy_for(power, interest)] += count
    return Grid(
        rows=[
            Row(power=p, cells=[Cell(p, i, counts.get((p, i), 0)) for i in CLASSES])
            for p in sorted(CLASSES, reverse=True)
        ],
        quadrants=[QuadrantCount(q, by_quadrant[q]) for q in QUADRANTS],
        total=sum(counts.values()),
    )
