"""Milestone timelines as Plotly figure dicts. Pure: plain data in, a figure out."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pmo.figures import BASELINE, LATE, ON_TIME, text_only


@dataclass(frozen=True)
class MilestonePoint:
    label: str
    baseline: date
    current: date | None  # actual, else forecast
    done: bool


@text_only
def milestone_timeline_figure(
    points: Sequence[MilestonePoint],
    *,
    title: str,
    baseline_label: str,
    current_label: str,
    slip_label: str,
) -> dict:
    """One row per milestone: baseline (open circle) to forecast/actual (filled),
    joined by a line; late ones orange-red."""
    labels = [p.label for p in points]
    traces: list[dict] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": baseline_label,
            "x": [p.baseline.isoformat() for p in points],
            "y": labels,
            "marker": {"symbol": "circle-open", "size": 11, "color": BASELINE},
            "hovertemplate": "%{y}<br>" + baseline_label + ": %{x}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": current_label,
            "x": [p.current.isoformat() if p.current else None for p in points],
            "y": labels,
            "marker": {
                "symbol": ["circle" if p.done else "diamond" for p in points],
                "size": 11,
                "color": [
                    LATE if p.current and p.current > p.baseline else ON_TIME for p in points
                ],
            },
            "customdata": [(p.current - p.baseline).days if p.current else None for p in points],
            "hovertemplate": "%{y}<br>"
            + current_label
            + ": %{x}<br>"
            + slip_label
            + ": %{customdata}<extra></extra>",
        },
    ]
    for p in points:
        if p.current and p.current != p.baseline:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "showlegend": False,
                    "hoverinfo": "skip",
                    "x": [p.baseline.isoformat(), p.current.isoformat()],
                    "y": [p.label, p.label],
                    "line": {"color": LATE if p.current > p.baseline else ON_TIME, "width": 2},
                }
            )
    return {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "xaxis": {"type": "date", "automargin": True},
            "yaxis": {"automargin": True, "autorange": "reversed", "type": "category"},
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.15},
            "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
            "height": max(260, 40 * len(points) + 140),
        },
    }
