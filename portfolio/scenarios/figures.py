"""Plotly figures of a scenario: the efficient frontier and cost per year."""

from collections.abc import Sequence

from pmo.figures import BLUE, GREEN, GREY, ORANGE, PURPLE, text_only

from ..assessment.figures import _layout


@text_only
def frontier_figure(
    *,
    frontier: Sequence[Sequence[float]],
    chosen: tuple[float, float] | None,
    title: str,
    budget_axis: str,
    value_axis: str,
    frontier_label: str,
    chosen_label: str,
) -> dict:
    """Best attainable value per budget level, with the scenario's own choice marked."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": frontier_label,
            "x": [point[0] for point in frontier],
            "y": [point[1] for point in frontier],
            "customdata": [point[2] for point in frontier],
            "line": {"shape": "hv", "color": BLUE},
            "hovertemplate": "€ %{x:,.0f}<br>%{y:.2f} (%{customdata})<extra></extra>",
        }
    ]
    if chosen is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": chosen_label,
                "x": [chosen[0]],
                "y": [chosen[1]],
                "marker": {"size": 14, "color": ORANGE, "symbol": "star"},
                "hovertemplate": "€ %{x:,.0f}<br>%{y:.2f}<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title,
            xaxis={"title": {"text": budget_axis}, "rangemode": "tozero"},
            yaxis={"title": {"text": value_axis}},
            legend={"orientation": "h", "y": -0.2},
        ),
    }


@text_only
def cost_per_year_figure(
    *,
    years: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    budgets: Sequence[float] | None,
    title: str,
    budget_label: str,
    axis_title: str,
) -> dict:
    """Grouped bars of cost per year for one or more scenarios, with the budget line."""
    palette = [BLUE, ORANGE, GREEN, PURPLE]
    data = [
        {
            "type": "bar",
            "name": name,
            "x": list(years),
            "y": list(values),
            "marker": {"color": palette[k % len(palette)]},
            "hovertemplate": name + " %{x}: € %{y:,.0f}<extra></extra>",
        }
        for k, (name, values) in enumerate(series)
    ]
    if budgets is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": budget_label,
                "x": list(years),
                "y": list(budgets),
                "line": {"color": GREY, "dash": "dash"},
                "hovertemplate": budget_label + " %{x}: € %{y:,.0f}<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title,
            barmode="group",
            xaxis={"type": "category"},
            yaxis={"title": {"text": axis_title}, "rangemode": "tozero"},
            legend={"orientation": "h", "y": -0.2},
            height=340,
        ),
    }
