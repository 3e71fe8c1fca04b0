"""The board pack's charts as vector drawings (reportlab.graphics): plain values and
labels in, a `Drawing` out, no Django.

Drawn with shapes rather than reportlab's chart widgets: every bar carries its number as
text (a chart never speaks by colour alone), long names are shortened to fit, and the
output depends on the input only. Colours are the application's one palette.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from pmo import figures as palette

FONT, BOLD = "Helvetica", "Helvetica-Bold"
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5b6470")
RULE = colors.HexColor("#d0d5dc")
TILE = colors.HexColor("#f3f5f8")
RAG = {key: colors.HexColor(value) for key, value in palette.RAG_COLOURS.items() if key}
RAG[""] = colors.HexColor(palette.GREY)
SERIES = [colors.HexColor(c) for c in palette.PALETTE]
# Zones of the risicokaart by the cell's share of the highest score (kans × gevolg).
ZONES = ((0.2, "#d9efe6"), (0.5, "#fbe7bf"), (1.0, "#f6cfb8"))


@dataclass(frozen=True)
class Series:
    label: str
    colour: colors.Color
    values: Sequence[float | None]


def colour(key: str) -> colors.Color:
    return RAG.get(key, RAG[""])


def fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """`text` shortened with an ellipsis until it fits `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def nice_step(maximum: float, ticks: int = 4) -> float:
    """A round tick step (1, 2 or 5 × 10^n) giving about `ticks` ticks up to `maximum`."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _text(drawing, x, y, text, *, size=8, font=FONT, fill=INK, anchor="start") -> None:
    drawing.add(String(x, y, text, fontName=font, fontSize=size, fillColor=fill, textAnchor=anchor))


def _ink_on(fill: colors.Color) -> colors.Color:
    """Black or white text, whichever reads on `fill`."""
    luminance = 0.2126 * fill.red + 0.7152 * fill.green + 0.0722 * fill.blue
    return INK if luminance > 0.45 else colors.white


def legend(drawing, x: float, y: float, items: Sequence[tuple[str, colors.Color]]) -> None:
    for label, fill in items:
        drawing.add(Rect(x, y - 1, 8, 8, fillColor=fill, strokeColor=None))
        _text(drawing, x + 11, y, label, size=7.5)
        x += 11 + stringWidth(label, FONT, 7.5) + 12


# -------------------------------------------------------------------------------- tiles


def tiles(items: Sequence[tuple[str, str, str, str]], width: float, per_row: int = 5) -> Drawing:
    """Key-figure tiles: (label, value, change since last period, detail) each."""
    gap, height = 8, 64
    rows = math.ceil(len(items) / per_row) or 1
    drawing = Drawing(width, rows * (height + gap))
    tile_width = (width - gap * (per_row - 1)) / per_row
    for index, (label, value, delta, detail) in enumerate(items):
        row, column = divmod(index, per_row)
        x = column * (tile_width + gap)
        y = drawing.height - (row + 1) * (height + gap) + gap
        drawing.add(Rect(x, y, tile_width, height, fillColor=TILE, strokeColor=RULE))
        _text(drawing, x + 8, y + height - 14, fit(label, tile_width - 16, 8), fill=MUTED)
        _text(
            drawing,
            x + 8,
            y + height - 36,
            fit(value, tile_width - 16, 17, BOLD),
            size=17,
            font=BOLD,
        )
        _text(drawing, x + 8, y + 16, fit(delta, tile_width - 16, 7.5), size=7.5, fill=MUTED)
        _text(drawing, x + 8, y + 6, fit(detail, tile_width - 16, 7.5), size=7.5, fill=MUTED)
    return drawing


# ------------------------------------------------------------------------- stacked bars


def shares(
    rows: Sequence[tuple[str, Sequence[int]]],
    parts: Sequence[tuple[str, colors.Color]],
    width: float,
) -> Drawing:
    """One 100 % bar per row, split into `parts` with each count written in its part."""
    label_width, bar, gap = min(130, width * 0.25), 14, 6
    drawing = Drawing(width, 18 + len(rows) * (bar + gap))
    legend(drawing, label_width, drawing.height - 9, parts)
    span = width - label_width - 4
    for index, (label, counts) in enumerate(rows):
        y = drawing.height - 22 - (index + 1) * (bar + gap) + gap
        _text(drawing, 0, y + 4, fit(label, label_width - 6, 8))
        total = sum(counts) or 1
        x = label_width
        for (_part, fill), count in zip(parts, counts, strict=True):
            if not count:
                continue
            part_width = span * count / total
            drawing.add(Rect(x, y, part_width, bar, fillColor=fill, strokeColor=colors.white))
            if stringWidth(str(count), BOLD, 7.5) + 4 <= part_width:
                _text(
                    drawing,
                    x + part_width / 2,
                    y + 4,
                    str(count),
                    size=7.5,
                    font=BOLD,
                    fill=_ink_on(fill),
                    anchor="middle",
                )
            x += part_width
    return drawing


# ------------------------------------------------------------------------- grouped bars


def bars(
    categories: Sequence[str],
    series: Sequence[Series],
    width: float,
    *,
    value_text: Callable[[float], str],
    axis_text: Callable[[float], str] | None = None,
    marker: tuple[float, str] | None = None,
) -> Drawing:
    """Horizontal bars, one group per category and one bar per series, each with its
    value at its end; `marker` draws a reference line (value, label) across them."""
    axis_text = axis_text or value_text
    bar = 9 if len(series) > 1 else 12
    group = bar * len(series) + 8
    label_width = min(150, width * 0.28)
    values = [v for s in series for v in s.values if v is not None]
    top = max([0.0, *values, marker[0] if marker else 0.0])
    step = nice_step(top)
    scale_max = step * math.ceil(top / step) if top > 0 else step
    value_room = max([stringWidth(value_text(v), FONT, 7) for v in values] or [0]) + 6
    span = width - label_width - value_room
    legend_height = 16 if len(series) > 1 else 0
    plot_height = len(categories) * group
    drawing = Drawing(width, plot_height + 18 + legend_height)
    if legend_height:
        legend(drawing, label_width, drawing.height - 9, [(s.label, s.colour) for s in series])
    base = 14  # room for the axis' numbers below the plot

    def at(value: float) -> float:
        return label_width + span * max(value, 0) / scale_max

    tick = 0.0
    while tick <= scale_max + step / 2:
        drawing.add(Line(at(tick), base, at(tick), base + plot_height, strokeColor=RULE))
        _text(drawing, at(tick), 3, axis_text(tick), size=6.5, fill=MUTED, anchor="middle")
        tick += step
    for index, category in enumerate(categories):
        y_top = base + plot_height - index * group - 4
        _text(drawing, 0, y_top - group / 2 + 2, fit(category, label_width - 6, 8))
        for number, s in enumerate(series):
            value = s.values[index]
            y = y_top - (number + 1) * bar
            if value is None:
                continue
            drawing.add(
                Rect(
                    label_width,
                    y,
                    at(value) - label_width,
                    bar - 1,
                    fillColor=s.colour,
                    strokeColor=None,
                )
            )
            _text(drawing, at(value) + 3, y + 1.5, value_text(value), size=7)
    if marker is not None:
        x = at(marker[0])
        drawing.add(
            Line(
                x,
                base,
                x,
                base + plot_height,
                strokeColor=INK,
                strokeWidth=1.2,
                strokeDashArray=[3, 2],
            )
        )
        _text(drawing, x + 2, base + plot_height + 3, marker[1], size=7, font=BOLD)
    return drawing


# ---------------------------------------------------------------------------- risicokaart


def risk_map(
    scale: int,
    cells: Sequence[Sequence[int]],
    *,
    probability: str,
    impact: str,
    size: float = 180,
) -> Drawing:
    """Probability (up) × impact (right), each cell holding how many risks sit there."""
    scale = max(scale, 1)
    counts = {(p, i): n for p, i, n in cells}
    margin = 26
    cell = (size - margin) / scale
    drawing = Drawing(size, size)
    for p in range(1, scale + 1):
        for i in range(1, scale + 1):
            share = p * i / (scale * scale)
            fill = colors.HexColor(next(c for bound, c in ZONES if share <= bound))
            x, y = margin + (i - 1) * cell, margin + (p - 1) * cell
            drawing.add(Rect(x, y, cell, cell, fillColor=fill, strokeColor=colors.white))
            count = counts.get((p, i), 0)
            if count:
                _text(
                    drawing,
                    x + cell / 2,
                    y + cell / 2 - 4,
                    str(count),
                    size=10,
                    font=BOLD,
                    anchor="middle",
                )
    for k in range(1, scale + 1):
        _text(
            drawing,
            margin + (k - 0.5) * cell,
            margin - 10,
            str(k),
            size=7,
            fill=MUTED,
            anchor="middle",
        )
        _text(
            drawing,
            margin - 6,
            margin + (k - 0.5) * cell - 2,
            str(k),
            size=7,
            fill=MUTED,
            anchor="end",
        )
    _text(drawing, margin + (size - margin) / 2, 2, impact, size=7.5, anchor="middle")
    label = String(
        0, 0, probability, fontName=FONT, fontSize=7.5, fillColor=INK, textAnchor="middle"
    )
    # Rotated with a transform: a String has no angle of its own.
    turned = Group(label, transform=(0, 1, -1, 0, 8, margin + (size - margin) / 2))
    drawing.add(turned)
    return drawing


# -------------------------------------------------------------------------------- bubbles


def bubbles(
    points: Sequence[tuple[float, float, float, str]],
    width: float,
    height: float,
    *,
    x_label: str,
    y_label: str,
    parts: Sequence[tuple[str, colors.Color]],
    tick_text: Callable[[float], str] = str,
) -> Drawing:
    """Priority (x) against progress (y, 0–100 %), area by budget, fill by colour."""
    drawing = Drawing(width, height)
    left, bottom, top_room = 40, 24, 16
    plot_w, plot_h = width - left - 8, height - bottom - top_room
    legend(drawing, left, height - 9, parts)
    x_max = max([p[0] for p in points] or [1.0]) or 1.0
    x_step = nice_step(x_max)
    x_max = x_step * math.ceil(x_max / x_step)
    biggest = max([p[2] for p in points] or [1.0]) or 1.0
    for k in range(0, 101, 25):
        y = bottom + plot_h * k / 100
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=RULE))
        _text(drawing, left - 4, y - 2, f"{k}", size=6.5, fill=MUTED, anchor="end")
    tick = 0.0
    while tick <= x_max + x_step / 2:
        x = left + plot_w * tick / x_max
        drawing.add(Line(x, bottom, x, bottom + plot_h, strokeColor=RULE))
        _text(drawing, x, bottom - 9, tick_text(tick), size=6.5, fill=MUTED, anchor="middle")
        tick += x_step
    # The largest first, so small bubbles stay visible on top.
    for x_value, y_value, size, key in sorted(points, key=lambda p: -p[2]):
        radius = 2 + 10 * math.sqrt(max(size, 0) / biggest)
        x = left + plot_w * x_value / x_max
        y = bottom + plot_h * min(max(y_value, 0), 100) / 100
        drawing.add(
            Circle(
                x,
                y,
                radius,
                fillColor=colour(key),
                fillOpacity=0.6,
                strokeColor=INK,
                strokeWidth=0.4,
            )
        )
    _text(drawing, left + plot_w / 2, 2, x_label, size=7.5, anchor="middle")
    drawing.add(_turned(y_label, 10, bottom + plot_h / 2))
    return drawing


def _turned(text: str, x: float, y: float) -> Group:
    """A label written upwards (an axis' title); a String has no angle of its own."""
    label = String(0, 0, text, fontName=FONT, fontSize=7.5, fillColor=INK, textAnchor="middle")
    return Group(label, transform=(0, 1, -1, 0, x, y))
