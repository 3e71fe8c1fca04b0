"""The dashboard's figure builders (reporting/figures.py): pure, so plain data in and the
figure's shape out, without a database."""

import pytest

from pmo.figures import RAG_COLOURS, figure_table
from reporting import figures as fig

COLOURS = [("groen", "groen"), ("oranje", "oranje"), ("rood", "rood"), ("", "geen")]


def test_rag_bars_stack_one_named_series_per_colour_with_its_own_pattern():
    figure = fig.rag_bars_figure(
        names=["Totaal", "Tijd"],
        counts=[{"groen": 5, "rood": 2}, {"oranje": 3, "": 1}],
        colours=COLOURS,
        title="Kleuren",
        axis_title="Aantal",
    )
    by_name = {trace["name"]: trace for trace in figure["data"]}
    assert list(by_name) == ["groen", "oranje", "rood", "geen"]
    assert by_name["groen"]["x"] == [5, 0]
    assert by_name["geen"]["x"] == [0, 1]
    assert by_name["rood"]["marker"]["color"] == RAG_COLOURS["rood"]
    patterns = [trace["marker"]["pattern"]["shape"] for trace in figure["data"]]
    assert len(set(patterns)) == 4  # told apart without colour
    table = figure_table(figure)
    assert [row[0] for row in table["rows"]] == ["Totaal", "Tijd"]
    assert table["rows"][0][1] == [5, 0, 2, 0]


def test_bubbles_are_sized_by_budget_and_marked_by_colour_and_symbol():
    points = [
        {"code": "P-1", "name": "Ringweg", "priority": 0.8, "progress": 40, "budget": 4e6}
        | {"rag": "rood"},
        {"code": "P-2", "name": "Brug", "priority": 0.3, "progress": 90, "budget": 1e6}
        | {"rag": "groen"},
        {"code": "P-3", "name": "Plein", "priority": 0.5, "progress": 10, "budget": 0}
        | {"rag": ""},
    ]
    figure = fig.bubble_figure(
        points=points,
        colours=COLOURS,
        title="Prioriteit",
        x_title="Prioriteit",
        y_title="Voortgang",
        budget_label="Budget",
    )
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert set(traces) == {"groen", "rood", "geen"}  # no empty series for oranje
    assert traces["rood"]["x"] == [0.8] and traces["rood"]["y"] == [40]
    assert traces["rood"]["marker"]["size"] == [4e6]
    assert traces["rood"]["customdata"] == [4.0]  # € mln in the hover
    symbols = {trace["marker"]["symbol"] for trace in figure["data"]}
    assert len(symbols) == 3
    # The largest budget gets the largest bubble: area mode, sizeref = 2·max / px².
    assert traces["rood"]["marker"]["sizeref"] == pytest.approx(2 * 4e6 / fig.BUBBLE_MAX_PX**2)


def test_a_project_name_is_text_in_the_figure_never_markup():
    points = [
        {"code": "P-1", "name": '<a href="https://x">klik</a>', "priority": 1, "progress": 5}
        | {"budget": 10, "rag": "groen"}
    ]
    figure = fig.bubble_figure(
        points=points, colours=COLOURS, title="t", x_title="x", y_title="y", budget_label="b"
    )
    assert figure["data"][0]["text"] == ['P-1 &lt;a href="https://x"&gt;klik&lt;/a&gt;']


def test_money_is_shown_in_millions_per_series():
    figure = fig.money_by_group_figure(
        names=["Stadsbeheer", "Sociaal Domein"],
        series=[("Budget", [8_000_000, 4_500_000]), ("Prognose (EAC)", [8_400_000, 4_000_000])],
        title="Geld",
        axis_title="€ mln",
    )
    assert [trace["x"] for trace in figure["data"]] == [[8.0, 4.5], [8.4, 4.0]]
    assert figure["data"][0]["marker"]["color"] != figure["data"][1]["marker"]["color"]
    assert figure_table(figure)["rows"] == [
        ("Stadsbeheer", [8.0, 8.4]),
        ("Sociaal Domein", [4.5, 4.0]),
    ]


def test_budget_by_year_has_a_category_per_year():
    figure = fig.budget_by_year_figure(
        years=[2026, 2027],
        series=[("Budget", [6_500_000, 6_000_000]), ("Realisatie", [5_000_000, 0])],
        title="Per jaar",
        axis_title="€ mln",
    )
    assert figure["data"][0]["x"] == ["2026", "2027"]
    assert figure["data"][1]["y"] == [5.0, 0.0]


def test_milestone_slip_splits_later_from_earlier_and_keeps_the_largest_slip_on_top():
    figure = fig.milestone_slip_figure(
        names=["P-3 · Gunning", "P-7 · Ontwerp", "P-9 · Oplevering"],
        slips=[106, 30, -5],
        title="Uitloop",
        axis_title="Dagen",
        later="later",
        earlier="eerder of op tijd",
    )
    late, early = figure["data"]
    assert (late["name"], late["x"]) == ("later", [106, 30])
    assert (early["name"], early["y"], early["x"]) == (
        "eerder of op tijd",
        ["P-9 · Oplevering"],
        [-5],
    )
    assert figure["layout"]["yaxis"]["categoryarray"] == [
        "P-3 · Gunning",
        "P-7 · Ontwerp",
        "P-9 · Oplevering",
    ]


def test_capacity_sets_demand_against_capacity_per_team():
    figure = fig.capacity_figure(
        names=["Civiele techniek", "Inkoop"],
        capacity=[312.0, 156.0],
        demand=[380.0, 120.0],
        title="Capaciteit",
        axis_title="Uren",
        labels={"capacity": "Capaciteit", "demand": "Vraag"},
    )
    assert figure_table(figure)["rows"] == [
        ("Civiele techniek", [312.0, 380.0]),
        ("Inkoop", [156.0, 120.0]),
    ]


def test_resistance_draws_the_need_per_certainty_against_the_available_line():
    figure = fig.resistance_figure(
        levels=[("50 %", 8e6), ("90 %", 12e6)],
        available=15e6,
        title="Weerstandsvermogen",
        labels={"required": "Benodigd", "available": "Beschikbaar"}
        | {"certainty": "Zekerheid", "amount": "€ mln"},
    )
    need, line = figure["data"]
    assert need["y"] == [8.0, 12.0]
    assert line["y"] == [15.0, 15.0] and line["line"]["dash"] == "dash"


def test_the_risicokaart_puts_probability_five_on_top_with_bands_by_score():
    grid = fig.risk_grid([[5, 4, 1], [2, 3, 5], [1, 1, 3]])
    assert [row["probability"] for row in grid] == [5, 4, 3, 2, 1]
    top = grid[0]["cells"]
    assert [cell["impact"] for cell in top] == [1, 2, 3, 4, 5]
    assert top[3]["count"] == 1 and top[3]["band"] == "zeer-hoog"  # 5 × 4 = 20
    two = grid[3]["cells"]
    assert two[2]["count"] == 5 and two[2]["band"] == "midden"  # 2 × 3 = 6
    assert grid[4]["cells"][0] == {"probability": 1, "impact": 1, "count": 3, "band": "laag"}
    assert sum(cell["count"] for row in grid for cell in row["cells"]) == 9


def test_a_sparkline_needs_two_values_and_puts_the_highest_on_top():
    assert fig.sparkline([]) is None
    assert fig.sparkline([None, 4, None]) is None
    line = fig.sparkline([1, None, 3, 2], width=120, height=32)
    points = [tuple(map(float, p.split(","))) for p in line["points"].split()]
    assert len(points) == 3  # the missing period is left out
    xs, ys = zip(*points, strict=True)
    assert xs == tuple(sorted(xs))
    assert ys[1] == min(ys) and ys[0] == max(ys)  # 3 on top, 1 at the bottom
    # The last point's dot, as text in SVG's notation whatever the page's language.
    assert (line["last_x"], line["last_y"]) == (f"{xs[-1]:.1f}", f"{ys[-1]:.1f}")
    flat = fig.sparkline([5, 5, 5], height=30)
    assert {float(p.split(",")[1]) for p in flat["points"].split()} == {15.0}


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        ("groen", "rood", "better"),
        ("oranje", "groen", "worse"),
        ("rood", "rood", ""),
        ("groen", None, ""),
        ("", "groen", ""),
    ],
)
def test_the_matrix_arrow_compares_with_last_period(now, before, expected):
    assert fig.rag_trend(now, before) == expected


def test_a_tiles_change_is_better_or_worse_by_its_direction():
    assert fig.tile_direction(2, higher_is_better=False) == "worse"
    assert fig.tile_direction(-1, higher_is_better=False) == "better"
    assert fig.tile_direction(0.5, higher_is_better=True) == "better"
    assert fig.tile_direction(3, higher_is_better=None) == ""
    assert fig.tile_direction(0, higher_is_better=True) == ""
    assert fig.tile_direction(None, higher_is_better=True) == ""
