"""The snapshot's aggregates from its rows, checked against sums worked out by hand."""

import ast
from decimal import Decimal
from pathlib import Path

from reporting.rules import aggregate


def row(pid, *, domain=1, programme=None, colour="groen", phase="realisatie", **extra):
    base = {
        "project_id": pid,
        "code": f"P-{pid:03}",
        "name": f"Project {pid}",
        "domain_id": domain,
        "domain": {1: "Sociaal", 2: "Ruimte"}[domain],
        "programme_id": programme,
        "programme": f"Programma {programme}" if programme else "",
        "phase": phase,
        "is_exception": False,
        **dict.fromkeys(aggregate.DIMENSIONS, colour),
        "budget": Decimal("100.00"),
        "eac": Decimal("120.00"),
        "actuals": Decimal("50.00"),
        "benefits_planned": None,
        "benefits_realised": None,
        "risk_exposure": Decimal(0),
    }
    return base | extra


def test_the_rules_import_no_django():
    for path in Path(aggregate.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = [
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in getattr(node, "names", [])
        ]
        assert not [name for name in names if name and name.startswith("django")], path


def test_domains_and_programmes_sum_their_rows():
    rows = [
        row(1, programme=7, colour="rood", is_exception=True),
        row(2, programme=7, budget=Decimal("300.50")),
        row(3),
        row(4, domain=2, phase="initiatief", colour=""),
    ]
    groups = aggregate.groups(rows, no_programme="Zonder programma")
    ruimte, sociaal = groups["domains"]
    assert (ruimte["name"], ruimte["projects"], ruimte["phases"]) == (
        "Ruimte",
        1,
        {"initiatief": 1},
    )
    assert ruimte["rag"] == {"": 1}
    assert sociaal["projects"] == 3 and sociaal["red"] == 1 and sociaal["exceptions"] == 1
    assert sociaal["budget"] == 500.5 and sociaal["eac"] == 360.0
    names = [(p["domain_id"], p["name"], p["projects"]) for p in groups["programmes"]]
    # Named programmes first, then each domain's projects without a programme.
    assert names == [(1, "Programma 7", 2), (1, "Zonder programma", 1), (2, "Zonder programma", 1)]


def test_every_dimension_counts_every_colour_including_no_report():
    rows = [row(1, colour="rood"), row(2, colour=""), row(3, rag_time="oranje")]
    counts = aggregate.rag_by_dimension(rows)
    assert counts["rag_overall"] == {"groen": 1, "oranje": 0, "rood": 1, "": 1}
    assert counts["rag_time"] == {"groen": 0, "oranje": 1, "rood": 1, "": 1}
    assert set(counts) == set(aggregate.DIMENSIONS)


def test_budget_by_year_keeps_projects_of_the_scope_only():
    lines = [
        {"project_id": 1, "year": 2026, "budget": Decimal("10"), "actuals": Decimal("4")},
        {"project_id": 2, "year": 2026, "budget": Decimal("5"), "actuals": None},
        {"project_id": 1, "year": 2027, "budget": Decimal("7"), "actuals": Decimal("0")},
        {"project_id": 99, "year": 2026, "budget": Decimal("1000"), "actuals": Decimal("0")},
    ]
    result = aggregate.budget_by_year(lines, {1: 1, 2: 1})
    assert result == [
        {"domain_id": 1, "year": 2026, "budget": 15.0, "actuals": 4.0},
        {"domain_id": 1, "year": 2027, "budget": 7.0, "actuals": 0.0},
    ]


def test_tiles_and_percentages_without_a_base():
    rows = [row(1, colour="rood", is_exception=True), row(2, budget=Decimal(0), eac=None)]
    teams = [
        {"load_pct": 130.0, "demand": 13},
        {"load_pct": 100.0, "demand": 10},
        {"load_pct": None, "demand": 0},
        {"load_pct": None, "demand": 5},  # no capacity at all: any demand is too much
    ]
    tiles = aggregate.tiles(
        rows,
        benefits={"planned": 0, "realised": 0},
        resistance={"ratio": 1.4, "class": "B"},
        teams=teams,
    )
    assert tiles["projects"] == 2 and tiles["red"] == 1 and tiles["exceptions"] == 1
    assert tiles["budget"] == 100.0 and tiles["eac"] == 120.0
    assert tiles["eac_vs_budget_pct"] == 120.0
    assert tiles["benefits_pct"] is None  # nothing planned: no percentage, not 0 %
    assert (tiles["resistance_ratio"], tiles["resistance_class"]) == (1.4, "B")
    assert tiles["overloaded_teams"] == 2 and tiles["teams"] == 4
    assert aggregate.tiles([], benefits={}, resistance=None, teams=[])["eac_vs_budget_pct"] is None
