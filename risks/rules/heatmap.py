"""The risicokaart: how many open risks lie in each cell of probability × financial
impact, before (inherent) and after (residual) their responses, side by side.

Model. From grouped counts (inherent probability, inherent money, residual probability,
residual money, count) — one query whatever the register's size — each side is a 5 × 5
grid with probability 5 on top, plus a row per probability for risks without a financial
effect (their money class is empty). A cell's band follows its score P × I: low (≤ 4),
medium (5–9), high (10–15), very high (≥ 16), so the map can be read without colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CLASSES = (1, 2, 3, 4, 5)
BANDS = ((4, "laag"), (9, "midden"), (15, "hoog"), (25, "zeer-hoog"))


def band(score: int) -> str:
    return next(name for upper, name in BANDS if score <= upper)


@dataclass(frozen=True)
class Cell:
    probability: int
    money: int | None  # None: no financial effect
    count: int

    @property
    def score(self) -> int | None:
        return None if self.money is None else self.probability * self.money

    @property
    def band(self) -> str:
        return "" if self.money is None else band(self.score)


@dataclass(frozen=True)
class Row:
    probability: int
    cells: list[Cell]  # money 1–5
    without_money: Cell  # the risks of this probability without a financial effect


@dataclass(frozen=True)
class Grid:
    rows: list[Row]  # probability 5 first
    total: int


@dataclass(frozen=True)
class HeatMap:
    inherent: Grid
    residual: Grid


def _grid(counts: dict[tuple[int, int | None], int]) -> Grid:
    rows = [
        Row(
            probability=p,
            cells=[Cell(p, m, counts.get((p, m), 0)) for m in CLASSES],
            without_money=Cell(p, None, counts.get((p, None), 0)),
        )
        for p in sorted(CLASSES, reverse=True)
    ]
    return Grid(rows=rows, total=sum(counts.values()))


def heat_map(grouped: Iterable[tuple[int, int | None, int, int | None, int]]) -> HeatMap:
    """`grouped`: (inherent p, inherent money, residual p, residual money, count) rows."""
    inherent: dict[tuple[int, int | None], int] = {}
    residual: dict[tuple[int, int | None], int] = {}
    for ip, im, rp, rm, count in grouped:
        inherent[(ip, im)] = inherent.get((ip, im), 0) + count
        residual[(rp, rm)] = residual.get((rp, rm), 0) + count
    return HeatMap(inherent=_grid(inherent), residual=_grid(residual))
