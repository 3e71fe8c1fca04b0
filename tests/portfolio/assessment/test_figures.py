"""The afwegingskader's figures: plain data in, Plotly dicts out."""

from portfolio.assessment.figures import value_impact_figure, weight_interval_figure
from portfolio.scenarios.figures import frontier_figure


def test_bubbles_are_grouped_by_status_and_skip_projects_without_impact():
    points = [
        {"code": "A", "name": "a", "value": 1.5, "impact": 2.0, "budget": 100.0, "rag": "groen"},
        {"code": "B", "name": "b", "value": -0.5, "impact": 4.0, "budget": 400.0, "rag": "rood"},
        {"code": "C", "name": "c", "value": 0.1, "impact": None, "budget": 50.0, "rag": "groen"},
        {"code": "D", "name": "d", "value": 0.7, "impact": 3.0, "budget": 10.0, "rag": None},
    ]
    figure = value_impact_figure(
        points=points,
        rag_labels={"groen": "groen", "rood": "rood", None: "geen"},
        title="t",
        value_axis="waarde",
        impact_axis="impact",
    )
    by_name = {trace["name"]: trace for trace in figure["data"]}
    assert set(by_name) == {"groen", "rood", "geen"}
    assert by_name["groen"]["x"] == [1.5]  # C has no impact score: not drawn
    assert by_name["rood"]["marker"]["size"] == [400.0]


def test_weight_intervals_are_floating_bars_in_percent():
    figure = weight_interval_figure(
        criteria=["A", "B"],
        weights=[0.6, 0.4],
        ranking=[(0.55, 0.65), (0.3, 0.45)],
        top=[(0.5, 0.8), (0.2, 0.5)],
        title="t",
        ranking_label="r",
        top_label="top",
        current_label="nu",
        axis_title="gewicht",
    )
    top, ranking, current = figure["data"]
    assert top["base"] == [50.0, 20.0] and top["x"] == [30.0, 30.0]
    assert ranking["base"] == [55.0, 30.0] and ranking["x"] == [10.0, 15.0]
    assert current["x"] == [60.0, 40.0]
    assert figure["layout"]["xaxis"]["range"] == [0, 90.0]


def test_the_frontier_marks_the_scenario():
    figure = frontier_figure(
        frontier=[[0.0, 0.0, 0], [100.0, 2.0, 1], [200.0, 3.5, 2]],
        chosen=(200.0, 3.5),
        title="t",
        budget_axis="b",
        value_axis="v",
        frontier_label="f",
        chosen_label="dit",
    )
    line, star = figure["data"]
    assert line["x"] == [0.0, 100.0, 200.0] and line["customdata"] == [0, 1, 2]
    assert (star["x"], star["y"], star["name"]) == ([200.0], [3.5], "dit")
