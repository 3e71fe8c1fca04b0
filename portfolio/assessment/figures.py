"""Plotly figures of the afwegingskader. Pure: plain data in, figure dicts out, no Django."""

from collections.abc import Sequence

from pmo.figures import BLUE, LIGHT_BLUE, RAG_COLOURS, VERMILION, text_only

ORANGE = VERMILION  # the second series: what-if against the framework's own weights


def _layout(title: str, **extra) -> dict:
    return {
        # Small title font: these titles are sentences and must fit a phone's width.
        "title": {"text": title, "font": {"size": 14}},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "height": 420,
        **extra,
    }


@text_only
def value_impact_figure(
    *,
    points: Sequence[dict],
    rag_labels: dict,
    title: str,
    value_axis: str,
    impact_axis: str,
) -> dict:
    """Bubbles: value (x) against impact (y), size = budget, colour = overall RAG.

    `points` hold code, name, value, impact, budget and rag; one trace per RAG colour so
    the legend doubles as a filter. Projects without an impact score are left out.
    """
    largest = max((p["budget"] for p in points), default=0) or 1
    traces = []
    for rag, colour in RAG_COLOURS.items():
        members = [p for p in points if p["rag"] == rag and p["impact"] is not None]
        if not members:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": str(rag_labels.get(rag, rag_labels.get(None))),
                "x": [p["value"] for p in members],
                "y": [p["impact"] for p in members],
                "text": [f"{p['code']} {p['name']}" for p in members],
                "customdata": [p["budget"] for p in members],
                "marker": {
                    "color": colour,
                    "size": [p["budget"] for p in members],
                    "sizemode": "area",
                    "sizeref": 2.0 * largest / (48.0**2),
                    "sizemin": 5,
                    "opacity": 0.75,
                    "line": {"width": 1, "color": "#fff"},
                },
                "hovertemplate": "%{text}<br>"
                + value_axis
                + ": %{x:.2f}<br>"
                + impact_axis
                + ": %{y:.1f}<br>€ %{customdata:,.0f}<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            title,
            xaxis={"title": {"text": value_axis}, "zeroline": True},
            yaxis={"title": {"text": impact_axis}, "range": [0.5, 5.5]},
            legend={"orientation": "h", "y": -0.2},
        ),
    }


@text_only
def weight_interval_figure(
    *,
    criteria: Sequence[str],
    weights: Sequence[float],
    ranking: Sequence[tuple[float, float]],
    top: Sequence[tuple[float, float]],
    title: str,
    ranking_label: str,
    top_label: str,
    current_label: str,
    axis_title: str,
) -> dict:
    """Per criterion, the weight range within which the top-N set and the full ranking
    stay the same (floating bars), with the current weight as a marker."""

    def bars(intervals, name, colour, width):
        return {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": list(criteria),
            "base": [round(low * 100, 2) for low, _high in intervals],
            "x": [round((high - low) * 100, 2) for low, high in intervals],
            "marker": {"color": colour},
            "width": width,
            "hovertemplate": "%{y}: %{base:.1f}% – %{customdata:.1f}%<extra>" + name + "</extra>",
            "customdata": [round(high * 100, 2) for _low, high in intervals],
        }

    return {
        "data": [
            bars(top, top_label, LIGHT_BLUE, 0.7),
            bars(ranking, ranking_label, BLUE, 0.35),
            {
                "type": "scatter",
                "mode": "markers",
                "name": current_label,
                "y": list(criteria),
                "x": [round(w * 100, 2) for w in weights],
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 22,
                    "color": ORANGE,
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}: %{x:.1f}%<extra></extra>",
            },
        ],
        "layout": _layout(
            title,
            barmode="overlay",
            xaxis={
                "title": {"text": axis_title},
                "range": [0, min(100, 10 + 100 * max((high for _l, high in top), default=1))],
                "ticksuffix": "%",
            },
            yaxis={"automargin": True, "autorange": "reversed"},
            legend={"orientation": "h", "y": -0.2},
            height=max(260, 70 + 44 * len(criteria)),
        ),
    }


@text_only
def rank_lines_figure(
    *,
    weights: Sequence[float],
    lines: Sequence[tuple[str, Sequence[int]]],
    current: float,
    title: str,
    axis_title: str,
    rank_title: str,
) -> dict:
    """Rank of the leading projects as one criterion's weight moves from 0 to 100%."""
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": label,
            "x": [round(w * 100, 1) for w in weights],
            "y": list(ranks),
            "line": {"shape": "hv", "width": 2},
            "hovertemplate": label + ": %{y} (%{x}%)<extra></extra>",
        }
        for label, ranks in lines
    ]
    return {
        "data": traces,
        "layout": _layout(
            title,
            xaxis={"title": {"text": axis_title}, "range": [0, 100], "ticksuffix": "%"},
            yaxis={"title": {"text": rank_title}, "autorange": "reversed", "tickformat": "d"},
            shapes=[
                {
                    "type": "line",
                    "x0": current * 100,
                    "x1": current * 100,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": ORANGE, "dash": "dot"},
                }
            ],
            legend={"font": {"size": 11}},
        ),
    }
