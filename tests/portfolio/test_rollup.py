"""The roll-up rule on a hand-checked example."""

from decimal import Decimal

import pytest

from portfolio.rollup import Item, decide, roll_up

# Four projects of one programme, checked by hand:
#            tijd     geld     budget
#   A        groen    groen    4,000,000
#   B        oranje   groen    1,000,000
#   C        rood     groen      500,000
#   D        –        oranje           0 (no budget: weighs 1 euro)
ITEMS = [
    Item({"time": "groen", "cost": "groen"}, Decimal(4_000_000)),
    Item({"time": "oranje", "cost": "groen"}, Decimal(1_000_000)),
    Item({"time": "rood", "cost": "groen"}, Decimal(500_000)),
    Item({"time": None, "cost": "oranje"}, Decimal(0)),
]


def test_worst_of_with_counts():
    result = roll_up(ITEMS, ["time", "cost"], rule="worst")
    assert result["time"].colour == "rood"
    assert result["time"].counts == {"groen": 1, "oranje": 1, "rood": 1, "unknown": 1}
    assert result["cost"].colour == "oranje"
    assert result["cost"].counts == {"groen": 3, "oranje": 1, "rood": 0, "unknown": 0}


def test_budget_weighted():
    result = roll_up(ITEMS, ["time", "cost"], rule="budget")
    # tijd: (0×4.0M + 1×1.0M + 2×0.5M) / 5.5M = 0.36 → groen
    assert result["time"].colour == "groen"
    # geld: (0×5.5M + 1×1) / (5.5M + 1) ≈ 0 → groen: an unbudgeted amber barely counts
    assert result["cost"].colour == "groen"


def test_budget_weighted_turns_amber_and_red():
    heavy_red = [Item({"time": "rood"}, Decimal(3)), Item({"time": "groen"}, Decimal(1))]
    assert roll_up(heavy_red, ["time"], rule="budget")["time"].colour == "rood"  # 6/4 = 1.5
    balanced = [Item({"time": "rood"}, Decimal(1)), Item({"time": "groen"}, Decimal(1))]
    assert roll_up(balanced, ["time"], rule="budget")["time"].colour == "oranje"  # 1.0


def test_nothing_reported_has_no_colour():
    assert roll_up([Item({"time": None})], ["time"])["time"].colour is None
    assert decide({}, {}, "budget") is None


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        decide({"groen": 1}, {}, "average")


@pytest.mark.django_db
def test_project_colours_reads_each_projects_own_latest_report():
    import datetime as dt

    from portfolio.models import Project
    from portfolio.rollup_selectors import project_colours

    from ..factories import OrgUnitFactory, ProjectFactory, StatusReportFactory

    unit = OrgUnitFactory()
    red, silent, amended = (ProjectFactory(org_unit=unit) for _ in range(3))
    StatusReportFactory(project=red, period=dt.date(2026, 9, 1), rag_overall="groen")
    StatusReportFactory(project=red, period=dt.date(2026, 10, 1), rag_overall="rood")
    StatusReportFactory(project=amended, rag_overall="oranje", is_current=False)
    StatusReportFactory(project=amended, rag_overall="groen", revision=2)
    StatusReportFactory(project=silent, rag_overall="rood", state="concept")  # a draft
    colours = {row["pk"]: row["rag_overall"] for row in project_colours(Project.objects.all())}
    assert colours == {red.pk: "rood", silent.pk: None, amended.pk: "groen"}
