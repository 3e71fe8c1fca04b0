"""A benefit's plan, measurements and target as a Plotly figure dict. Pure: plain data in,
a figure out; the page shows the same numbers as a table (pmo.figures.figure_table)."""

from collections.abc import Sequence

from pmo.figures import BASELINE, BLUE, ORANGE, text_only

from .rules.realisation import Point


@text_only
def realisation_figure(
    *,
    plan: Sequence[Point],
    measured: Sequence[Point],
    target: Point | None,
    title: str,
    unit: str,
    labels: dict[str, str],
) -> dict:
    """The plan as a dashed line, the measurements as a line with markers, the target as
    a diamond: three shapes, so it reads without colour too."""
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": labels["plan"],
            "x": [p.date.isoformat() for p in plan],
            "y": [float(p.value) for p in plan],
            "line": {"color": BASELINE, "dash": "dash", "width": 2},
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": labels["measured"],
            "x": [p.date.isoformat() for p in measured],
            "y": [float(p.value) for p in measured],
            "line": {"color": BLUE, "width": 2},
            "marker": {"size": 8, "color": BLUE},
        },
    ]
    if target is not None:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": labels["target"],
                "x": [target.date.isoformat()],
                "y": [float(target.value)],
                "marker": {"symbol": "diamond", "size": 13, "color": ORANGE},
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "xaxis": {"type": "date", "automargin": True},
            "yaxis": {"title": {"text": unit}, "automargin": True},
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.2},
            "margin": {"t": 48, "r": 16},
        },
    }
