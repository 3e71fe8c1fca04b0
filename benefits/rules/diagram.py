"""The benefits map drawn: boxes and arrows in SVG coordinates from the layered layout
(benefits/rules/graph.py). Plain data in (boxes with their kind, title, link and flags;
arrows as pairs), plain data out; the template only writes the SVG elements.

Each column is a stage, `COLUMN` wide with `GAP` between; each row `PITCH` high. An
arrow between columns is a curve from the right edge of its source to the left edge of
its target; one within a column is an arc out to the right of it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from .graph import STAGES, layout

COLUMN, GAP, BOX_HEIGHT, PITCH, TOP = 160, 50, 42, 52, 44
LINE_CHARS, LINES = 23, 2


@dataclass(frozen=True)
class BoxIn:
    id: Hashable
    kind: str
    title: str
    url: str = ""
    disbenefit: bool = False
    flags: Sequence[str] = ()
    note: str = ""  # what a screen reader says of the box


@dataclass(frozen=True)
class Box:
    id: Hashable
    kind: str
    title: str
    url: str
    disbenefit: bool
    flags: Sequence[str]
    x: int
    y: int
    note: str = ""
    lines: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def text_y(self) -> int:
        """The first line's baseline: one line centred, two lines filling the box."""
        return self.y + (26 if len(self.lines) == 1 else 18)


@dataclass(frozen=True)
class Arrow:
    source: Hashable
    target: Hashable
    d: str  # the SVG path


@dataclass(frozen=True)
class Diagram:
    boxes: list[Box]
    arrows: list[Arrow]
    width: int
    height: int
    headers: list[tuple[str, int]]  # (stage, x of its column's centre)

    @property
    def box_width(self) -> int:
        return COLUMN

    @property
    def box_height(self) -> int:
        return BOX_HEIGHT


def _lines(title: str) -> tuple[list[str], bool]:
    """The title in at most `LINES` lines, and whether it was cut short (the template then
    draws an ellipsis that screen readers skip: they read the whole title)."""
    # Whole words only: a screen reader's name must contain what the box shows.
    lines = textwrap.wrap(title, LINE_CHARS, break_long_words=False) or [""]
    return lines[:LINES], len(lines) > LINES


def diagram(boxes: Iterable[BoxIn], arrows: Iterable[tuple[Hashable, Hashable]]) -> Diagram:
    boxes = list(boxes)
    arrows = list(arrows)
    kinds = {box.id: box.kind for box in boxes}
    placed = layout(kinds, arrows)
    at: dict[Hashable, tuple[int, int]] = {}
    drawn = []
    for box in boxes:
        column, row = placed.position[box.id]
        x, y = column * (COLUMN + GAP) + 8, TOP + row * PITCH
        at[box.id] = (x, y)
        lines, truncated = _lines(box.title)
        drawn.append(
            Box(
                id=box.id,
                kind=box.kind,
                title=box.title,
                url=box.url,
                disbenefit=box.disbenefit,
                flags=tuple(box.flags),
                x=x,
                y=y,
                note=box.note,
                lines=lines,
                truncated=truncated,
            )
        )
    paths = []
    middle = BOX_HEIGHT // 2
    for source, target in arrows:
        (x1, y1), (x2, y2) = at[source], at[target]
        if kinds[source] == kinds[target]:
            right, bend = x1 + COLUMN, min(GAP - 12, 24 + abs(y2 - y1) // 8)
            a, b = y1 + middle, y2 + middle
            d = f"M{right},{a} C{right + bend},{a} {right + bend},{b} {right + 2},{b}"
        else:
            start, end = x1 + COLUMN, x2 - 2
            pull = max((end - start) // 2, 20)
            a, b = y1 + middle, y2 + middle
            d = f"M{start},{a} C{start + pull},{a} {end - pull},{b} {end},{b}"
        paths.append(Arrow(source=source, target=target, d=d))
    width = len(STAGES) * (COLUMN + GAP) - GAP + 16
    height = TOP + max(placed.rows, 1) * PITCH + 8
    headers = [
        (stage, index * (COLUMN + GAP) + 8 + COLUMN // 2) for index, stage in enumerate(STAGES)
    ]
    return Diagram(boxes=drawn, arrows=paths, width=width, height=height, headers=headers)
