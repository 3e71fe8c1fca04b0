"""The weerstandsvermogen and the register's trend as Plotly figure dicts. Pure: plain
data in, a figure out; the page shows the same numbers as a table beside each."""

from collections.abc import Sequence

from pmo.figures import BLUE, ORANGE, VERMILION, text_only


def euro_short(amount: float) -> str:
    """€ 1,2 mln, € 350k: short enough for an axis label."""
    if abs(amount) >= 1_000_000:
        return f"€ {amount / 1_000_000:.1f} mln".replace(".", ",")
    if abs(amount) >= 1_000:
        return f"€ {amount / 1_000:.0f}k"
    return f"€ {amount:.0f}"


@text_only
def distribution_figure(
    *,
    edges: Sequence[float],
    counts: Sequence[int],
    required: float,
    available: float | None,
    title: str,
    labels: dict[str, str],
) -> dict:
    """The simulated totals as bars (share of the iterations per bin), the cumulative
    share as a line, and the benodigde (dashed) and beschikbare (solid) capacity as
    vertical lines: shapes and words, so it reads without colour."""
    total = sum(counts) or 1
    names = [
        f"{euro_short(lo)} – {euro_short(hi)}" for lo, hi in zip(edges, edges[1:], strict=False)
    ]
    shares = [round(100 * n / total, 2) for n in counts]
    cumulative, running = [], 0
    for n in counts:
        running += n
        cumulative.append(round(100 * running / total, 2))
    index = _bin_of(edges, required)
    lines = [(index, labels["required"], "dash", VERMILION)]
    if available is not None:
        lines.append((_bin_of(edges, available), labels["available"], "solid", ORANGE))
    return {
        "data": [
            {
                "type": "bar",
                "name": labels["share"],
                "x": names,
                "y": shares,
                "marker": {"color": BLUE},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["cumulative"],
                "x": names,
                "y": cumulative,
                "yaxis": "y2",
                "line": {"color": "#444444", "width": 2},
            },
        ],
        "layout": {
            "title": {"text": title},
            "xaxis": {"title": {"text": labels["amount"]}, "automargin": True, "tickangle": -45},
            "yaxis": {"title": {"text": labels["share"]}, "ticksuffix": " %", "automargin": True},
            "yaxis2": {
                "overlaying": "y",
                "side": "right",
                "range": [0, 100],
                "ticksuffix": " %",
                "showgrid": False,
            },
            "shapes": [
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": position,
                    "x1": position,
                    "y0": 0,
                    "y1": 1,
                    "line": {"dash": dash, "color": colour, "width": 2},
                }
                for position, _name, dash, colour in lines
                if position is not None
            ],
            "annotations": [
                {
                    "xref": "x",
                    "yref": "paper",
                    "x": position,
                    "y": 1,
                    "text": name,
                    "showarrow": False,
                    "yanchor": "bottom",
                }
                for position, name, _dash, _colour in lines
                if position is not None
            ],
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.45},
            "margin": {"t": 56, "r": 48},
            "bargap": 0.05,
        },
    }


def _bin_of(edges: Sequence[float], amount: float) -> float | None:
    """Where an amount falls on the category axis (bin i spans i − 0.5 … i + 0.5)."""
    if not edges or amount < edges[0] or amount > edges[-1]:
        return None
    for i, (lo, hi) in enumerate(zip(edges, edges[1:], strict=False)):
        if amount <= hi:
            width = hi - lo or 1
            return i - 0.5 + (amount - lo) / width
    return None


@text_only
def trend_figure(
    *,
    months: Sequence[str],
    counts: Sequence[int],
    expected: Sequence[float],
    title: str,
    labels: dict[str, str],
) -> dict:
    """Open risks per month-end (bars) and their residual expected value (line)."""
    return {
        "data": [
            {
                "type": "bar",
                "name": labels["count"],
                "x": list(months),
                "y": list(counts),
                "marker": {"color": BLUE},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": labels["expected"],
                "x": list(months),
                "y": [round(v) for v in expected],
                "yaxis": "y2",
                "line": {"color": ORANGE, "width": 2},
                "marker": {"symbol": "diamond", "size": 8, "color": ORANGE},
            },
        ],
        "layout": {
            "title": {"text": title},
            "xaxis": {"type": "category", "automargin": True},
            "yaxis": {
                "title": {"text": labels["count"]},
                "rangemode": "tozero",
                "automargin": True,
            },
            "yaxis2": {
                "title": {"text": labels["expected"]},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "tickprefix": "€ ",
                "showgrid": False,
                "automargin": True,
            },
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.2},
            "margin": {"t": 48, "r": 64},
        },
    }
