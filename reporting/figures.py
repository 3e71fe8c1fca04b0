"""The board's dashboard as Plotly figure dicts and small drawings. Pure: plain data in
(a snapshot's figures, labels already in the page's language), a figure out; no Django.

No figure speaks by colour alone: RAG series carry their word as the trace name (legend
and table), a marker symbol in the bubble chart and a bar pattern in the stacked bars;
every figure has a table beside it on the page.
"""

from collections.abc import Mapping, Sequence

from pmo.figures import BASELINE, BLUE, GREY, LATE, ON_TIME, ORANGE, PALETTE, RAG_COLOURS, text_only
from risks.rules.heatmap import band

RAG_ORDER = ("groen", "oranje", "rood", "")
# Higher is better: the matrix's arrows compare these.
RAG_RANK = {"groen": 3, "oranje": 2, "rood": 1}
RAG_SYMBOLS = {"groen": "circle", "oranje": "diamond", "rood": "x", "": "square-open"}
RAG_PATTERNS = {"groen": "", "oranje": "/", "rood": "x", "": "."}
# Readable on a projector at the back of the room and on a phone alike.
FONT = {"size": 14}
MILLION = 1_000_000
# The largest bubble's diameter in pixels.
BUBBLE_MAX_PX = 48


def rag_colour(key: str | None) -> str:
    return RAG_COLOURS.get(key or None, GREY)


def mln(amount: float | None) -> float:
    return round((amount or 0) / MILLION, 2)


def _layout(title: str, **layout) -> dict:
    return {
        "title": {"text": title},
        "font": FONT,
        # At the foot of the chart, not of the plot: on a phone's short plot a legend
        # placed below the axis would cover the axis title.
        "legend": {
            "orientation": "h",
            "traceorder": "normal",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
        },
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        **layout,
    }


@text_only
def rag_bars_figure(
    *,
    names: Sequence[str],
    counts: Sequence[Mapping[str, int]],
    colours: Sequence[tuple[str, str]],
    title: str,
    axis_title: str,
) -> dict:
    """Stacked bars: per row (a RAG dimension, a domain, a programme) the number of
    projects of each colour; `counts[i]` maps colour → number for `names[i]`."""
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": list(names),
                "x": [int(count.get(key, 0) or 0) for count in counts],
                "marker": {
                    "color": rag_colour(key),
                    "pattern": {
                        "shape": RAG_PATTERNS.get(key, ""),
                        "fillmode": "overlay",
                        "fgcolor": "#222222",
                        "fgopacity": 0.6,
                    },
                    "line": {"color": "#ffffff", "width": 1},
                },
                "hovertemplate": "%{y}<br>" + label + ": %{x}<extra></extra>",
            }
            for key, label in colours
        ],
        "layout": _layout(
            title,
            barmode="stack",
            xaxis={"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            yaxis={"automargin": True, "autorange": "reversed"},
        ),
    }


@text_only
def money_by_group_figure(
    *,
    names: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    title: str,
    axis_title: str,
) -> dict:
    """Grouped horizontal bars in € mln: e.g. budget, forecast (EAC) and actuals per
    domain. Each series has its own colour and its name in the legend and the table."""
    colours = [BLUE, ORANGE, BASELINE, PALETTE[2]]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": list(names),
                "x": [mln(v) for v in values],
                "marker": {"color": colours[index % len(colours)]},
                "hovertemplate": "%{y}<br>" + label + ": € %{x:,.2f} mln<extra></extra>",
            }
            for index, (label, values) in enumerate(series)
        ],
        "layout": _layout(
            title,
            barmode="group",
            xaxis={"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            yaxis={"automargin": True, "autorange": "reversed"},
        ),
    }


@text_only
def budget_by_year_figure(
    *,
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[float]]],
    title: str,
    axis_title: str,
) -> dict:
    """Grouped bars per year in € mln (budget against actuals)."""
    colours = [BLUE, BASELINE, ORANGE]
    return {
        "data": [
            {
                "type": "bar",
                "name": label,
                "x": [str(year) for year in years],
                "y": [mln(v) for v in values],
                "marker": {"color": colours[index % len(colours)]},
                "hovertemplate": "%{x}<br>" + label + ": € %{y:,.2f} mln<extra></extra>",
            }
            for index, (label, values) in enumerate(series)
        ],
        "layout": _layout(
            title,
            barmode="group",
            xaxis={"type": "category", "automargin": True},
            yaxis={"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
        ),
    }


@text_only
def milestone_slip_figure(
    *,
    names: Sequence[str],
    slips: Sequence[int],
    title: str,
    axis_title: str,
    later: str,
    earlier: str,
) -> dict:
    """Horizontal bars: days each milestone's forecast lies behind (or ahead of) its
    baseline, the largest slip on top; later and earlier are two named series."""
    traces = []
    for label, colour, keep in (
        (later, LATE, lambda d: d > 0),
        (earlier, ON_TIME, lambda d: d <= 0),
    ):
        picked = [(n, d) for n, d in zip(names, slips, strict=True) if keep(d)]
        if picked:
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": label,
                    "y": [n for n, _d in picked],
                    "x": [d for _n, d in picked],
                    "marker": {"color": colour},
                    "hovertemplate": "%{y}<br>" + label + ": %{x}<extra></extra>",
                }
            )
    return {
        "data": traces,
        "layout": _layout(
            title,
            barmode="overlay",
            xaxis={"title": {"text": axis_title}, "zeroline": True, "automargin": True},
            yaxis={
                "automargin": True,
                "autorange": "reversed",
                "categoryorder": "array",
                "categoryarray": list(names),
            },
        ),
    }


def bubble_sizeref(budgets: Sequence[float]) -> float:
    """Plotly's sizeref for area-sized bubbles: the largest budget gets BUBBLE_MAX_PX."""
    largest = max(budgets, default=0)
    return 2.0 * largest / BUBBLE_MAX_PX**2 if largest > 0 else 1.0


@text_only
def bubble_figure(
    *,
    points: Sequence[Mapping],
    colours: Sequence[tuple[str, str]],
    title: str,
    x_title: str,
    y_title: str,
    budget_label: str,
) -> dict:
    """Priority (x) against progress (y), a bubble's area by budget, one series per
    overall colour with its own marker symbol. `points`: code, name, priority, progress,
    budget (euros), rag."""
    sizeref = bubble_sizeref([float(p.get("budget") or 0) for p in points])
    traces = []
    for key, label in colours:
        mine = [p for p in points if (p.get("rag") or "") == key]
        if not mine:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": label,
                "x": [p["priority"] for p in mine],
                "y": [p["progress"] for p in mine],
                "text": [f"{p['code']} {p['name']}" for p in mine],
                "customdata": [mln(float(p.get("budget") or 0)) for p in mine],
                "marker": {
                    "size": [max(float(p.get("budget") or 0), 0) for p in mine],
                    "sizemode": "area",
                    "sizeref": sizeref,
                    "sizemin": 4,
                    "symbol": RAG_SYMBOLS.get(key, "circle"),
                    "color": rag_colour(key),
                    "opacity": 0.75,
                    "line": {"color": "#333333", "width": 1},
                },
                "hovertemplate": f"%{{text}}<br>{x_title}: %{{x}}<br>{y_title}: %{{y}} %<br>"
                f"{budget_label}: € %{{customdata:,.2f}} mln<extra>{label}</extra>",
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            title,
            xaxis={"title": {"text": x_title}, "automargin": True, "zeroline": False},
            yaxis={
                "title": {"text": y_title},
                "range": [-5, 105],
                "ticksuffix": " %",
                "automargin": True,
            },
            hovermode="closest",
        ),
    }


@text_only
def capacity_figure(
    *,
    names: Sequence[str],
    capacity: Sequence[float],
    demand: Sequence[float],
    title: str,
    axis_title: str,
    labels: Mapping[str, str],
) -> dict:
    """Grouped horizontal bars per team: capacity against demand in hours."""
    hatched = {"color": ORANGE, "pattern": {"shape": "/", "fillmode": "overlay"}}
    series = ((labels["capacity"], capacity, {"color": BLUE}), (labels["demand"], demand, hatched))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": list(names),
                "x": [round(v, 1) for v in values],
                "marker": marker,
            }
            for name, values, marker in series
        ],
        "layout": _layout(
            title,
            barmode="group",
            xaxis={"title": {"text": axis_title}, "rangemode": "tozero", "automargin": True},
            yaxis={"automargin": True, "autorange": "reversed"},
        ),
    }


@text_only
def resistance_figure(
    *,
    levels: Sequence[tuple[str, float]],
    available: float,
    title: str,
    labels: Mapping[str, str],
) -> dict:
    """The benodigde capaciteit per certainty (bars) against the beschikbare (a dashed
    line with its name written on it), in € mln."""
    return {
        "data": [
            {
                "type": "bar",
                "name": labels["required"],
                "x": [name for name, _amount in levels],
                "y": [mln(amount) for _name, amount in levels],
                "marker": {"color": BLUE},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["available"],
                "x": [name for name, _amount in levels],
                "y": [mln(available)] * len(levels),
                "line": {"color": "#444444", "dash": "dash", "width": 3},
            },
        ],
        "layout": _layout(
            title,
            xaxis={"type": "category", "title": {"text": labels["certainty"]}, "automargin": True},
            yaxis={"title": {"text": labels["amount"]}, "rangemode": "tozero", "automargin": True},
        ),
    }


def risk_grid(cells: Sequence[Sequence[int]], scale: int = 5) -> list[dict]:
    """The risicokaart's rows from [probability, impact, count] cells: probability
    `scale` on top, impact 1…scale left to right, each cell with its band by score (the
    register's bands, so the two maps read alike)."""
    counts = {(int(p), int(i)): int(n) for p, i, n in cells}
    return [
        {
            "probability": p,
            "cells": [
                {"probability": p, "impact": i, "count": counts.get((p, i), 0), "band": band(p * i)}
                for i in range(1, scale + 1)
            ],
        }
        for p in range(scale, 0, -1)
    ]


def sparkline(values: Sequence[float | None], *, width: int = 120, height: int = 32) -> dict | None:
    """An SVG polyline of a tile's trend (oldest first): {"points", "last_x", "last_y"},
    or None with fewer than two known values. Missing periods are left out of the line."""
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    low, high = min(v for _i, v in known), max(v for _i, v in known)
    span = high - low or 1.0
    step = (width - 4) / max(len(values) - 1, 1)
    pad = 3

    def y(v: float) -> float:
        # A flat line sits in the middle; otherwise the highest value touches the top.
        if high == low:
            return height / 2
        return pad + (height - 2 * pad) * (1 - (v - low) / span)

    points = [(2 + i * step, y(v)) for i, v in known]
    # Strings, so the page does not localise them into "118,0" (not an SVG number).
    return {
        "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
        "last_x": f"{points[-1][0]:.1f}",
        "last_y": f"{points[-1][1]:.1f}",
    }


def rag_trend(now: str | None, before: str | None) -> str:
    """ "better", "worse" or "" (same, or a side without a colour) since last period."""
    if not now or not before or now == before:
        return ""
    a, b = RAG_RANK.get(now), RAG_RANK.get(before)
    if a is None or b is None:
        return ""
    return "better" if a > b else "worse"


def tile_direction(delta: float | None, *, higher_is_better: bool | None) -> str:
    """ "better", "worse" or "" for a tile's change; "" when it did not move or when
    neither direction is better (the number of projects)."""
    if not delta or higher_is_better is None:
        return ""
    return "better" if (delta > 0) == higher_is_better else "worse"
