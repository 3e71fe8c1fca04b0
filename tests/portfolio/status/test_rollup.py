"""The roll-up rule on a hand-checked example."""

from decimal import Decimal

import pytest

from portfolio.status.rules.rollup import Item, decide, effective_weight, roll_up

# Four projects of one programme, checked by hand:
#            tijd     geld     budget
#   A        groen    groen    4,000,000
#   B        oranje   groen    1,000,000
#   C        rood     groen      500,000
#   D        –        oranje           0 (no budget: weighs 1 euro)
ITEMS = [
    Item({"time": "groen", "cost": "groen"}, effective_weight(Decimal(4_000_000))),
    Item({"time": "oranje", "cost": "groen"}, effective_weight(Decimal(1_000_000))),
    Item({"time": "rood", "cost": "groen"}, effective_weight(Decimal(500_000))),
    Item({"time": None, "cost": "oranje"}, effective_weight(Decimal(0))),
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


def test_groups_roll_up_like_their_projects():
    one_by_one = [
        Item({"time": "oranje"}, Decimal(5)),
        Item({"time": "oranje"}, Decimal(7)),
        Item({"time": "groen"}, Decimal(1)),
    ]
    grouped = [Item({"time": "oranje"}, Decimal(12), count=2), Item({"time": "groen"}, Decimal(1))]
    for rule in ("worst", "budget"):
        assert roll_up(one_by_one, ["time"], rule) == roll_up(grouped, ["time"], rule)


def test_nothing_reported_has_no_colour():
    assert roll_up([Item({"time": None})], ["time"])["time"].colour is None
    assert decide({}, {}, "budget") is None


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        decide({"groen": 1}, {}, "average")


@pytest.mark.django_db
def test_project_colours_reads_each_projects_own_latest_report():
    import datetime as dt

    from portfolio.projects.models import Project
    from portfolio.status.selectors import project_colours
    from tests.support.factories import (
        OrgUnitFactory,
        ProjectBudgetFactory,
        ProjectFactory,
        StatusReportFactory,
    )

    red, silent, amended = (ProjectFactory(org_unit=OrgUnitFactory()) for _ in range(3))
    StatusReportFactory(project=red, period=dt.date(2026, 9, 1), rag_overall="groen")
    StatusReportFactory(project=red, period=dt.date(2026, 10, 1), rag_overall="rood")
    StatusReportFactory(project=amended, rag_overall="oranje", is_current=False)
    StatusReportFactory(project=amended, rag_overall="groen", revision=2)
    StatusReportFactory(project=silent, rag_overall="rood", state="concept")  # a draft
    ProjectBudgetFactory(project=red, year=2026, amount=300)
    ProjectBudgetFactory(project=red, year=2027, amount=200)
    rows = {
        row["org_unit__path"]: row for row in project_colours(Project.objects.all(), rule="budget")
    }
    assert rows[red.org_unit.path]["rag_overall"] == "rood"
    assert rows[silent.org_unit.path]["rag_overall"] is None
    assert rows[amended.org_unit.path]["rag_overall"] == "groen"
    assert (rows[red.org_unit.path]["budget"], rows[red.org_unit.path]["unbudgeted"]) == (500, 0)
    assert (rows[silent.org_unit.path]["budget"], rows[silent.org_unit.path]["unbudgeted"]) == (
        0,
        1,
    )
    assert all(row["n"] == 1 for row in rows.values())


@pytest.mark.django_db
def test_only_projects_that_must_report_count_and_old_reports_count_as_missing():
    """On 1 December the October report is the one due: a September report is missing,
    and closed, paused, proposed and going-concern projects are not counted at all."""
    import datetime as dt

    from portfolio.projects.models import LifecycleStatus, Project
    from portfolio.status.selectors import project_colours, project_count
    from tests.support.factories import OrgUnitFactory, ProjectFactory, StatusReportFactory

    unit = OrgUnitFactory()
    fresh, old = ProjectFactory(org_unit=unit), ProjectFactory(org_unit=unit)
    StatusReportFactory(project=fresh, period=dt.date(2026, 10, 1), rag_overall="groen")
    StatusReportFactory(project=old, period=dt.date(2026, 9, 1), rag_overall="oranje")
    for status in (LifecycleStatus.COMPLETED, LifecycleStatus.ON_HOLD, LifecycleStatus.PROPOSED):
        closed = ProjectFactory(org_unit=unit, status=status)
        StatusReportFactory(project=closed, period=dt.date(2026, 6, 1), rag_overall="rood")
    ProjectFactory(org_unit=unit, kind=Project.Kind.GOING_CONCERN)
    rows = project_colours(Project.objects.all(), as_of=dt.date(2026, 12, 1))
    assert project_count(rows) == 2
    assert sorted((row["rag_overall"] or "-", row["n"]) for row in rows) == [
        ("-", 1),
        ("groen", 1),
    ]
