"""The project collectors: the period's report, identity, budget and slip per project,
budgets per year and the slipping milestones, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from portfolio.projects.models import LifecycleStatus
from portfolio.status.models import StatusReport
from reporting.collect import BuildContext
from reporting.collect.projects import budget_by_year, project_rows, slipping_milestones
from reporting.models import Scope
from tests.support.factories import (
    MilestoneFactory,
    OrgUnitFactory,
    PortfolioFactory,
    ProgrammeFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

OCT, NOV, DEC = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)
TODAY = dt.date(2026, 12, 1)
# Org units; the projects with their period's report, budget sums and milestone slips.
PROJECT_ROW_QUERIES = 2


def organisation() -> Scope:
    # At most one organisation scope, and the install may have made it.
    scope, _created = Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Gemeente"}
    )
    return scope


def context(scope: Scope, period: dt.date = OCT) -> BuildContext:
    return BuildContext(scope=scope, period=period, today=TODAY)


@pytest.fixture
def unit():
    domain = OrgUnitFactory(kind="domein", name="Sociaal Domein")
    return OrgUnitFactory(parent=OrgUnitFactory(parent=domain, kind="cluster"), name="Jeugd")


def test_the_period_decides_which_report_a_row_shows(unit):
    project = ProjectFactory(org_unit=unit)
    StatusReportFactory(project=project, period=OCT, rag_time="oranje", rag_overall="oranje")
    StatusReportFactory(
        project=project, period=NOV, rag_time="rood", rag_overall="rood", progress_pct=70
    )
    scope = organisation()

    october = project_rows(context(scope, OCT))[project.pk]
    november = project_rows(context(scope, NOV))[project.pk]

    assert (october["report_period"], october["rag_time"], october["rag_overall"]) == (
        OCT,
        "oranje",
        "oranje",
    )
    assert october["progress_pct"] == 50
    assert (november["report_period"], november["rag_time"], november["progress_pct"]) == (
        NOV,
        "rood",
        70,
    )
    # A later period without a report of its own keeps the newest one before it.
    assert project_rows(context(scope, DEC))[project.pk]["report_period"] == NOV


def test_a_superseded_revision_and_a_draft_are_ignored(unit):
    project = ProjectFactory(org_unit=unit)
    first = StatusReportFactory(project=project, period=OCT, rag_cost="rood", is_current=False)
    StatusReportFactory(
        project=project, period=OCT, revision=2, supersedes=first, rag_cost="oranje"
    )
    StatusReportFactory(
        project=project, period=NOV, state=StatusReport.State.DRAFT, rag_cost="rood"
    )

    row = project_rows(context(organisation(), NOV))[project.pk]

    assert (row["report_period"], row["rag_cost"]) == (OCT, "oranje")


def test_a_row_carries_place_money_dates_and_slip(unit):
    programme = ProgrammeFactory(name="Jeugd in beeld")
    project = ProjectFactory(
        org_unit=unit,
        programme=programme,
        code="JEU-001",
        name="Jeugdhulp dichtbij",
        planned_start=dt.date(2026, 2, 1),
        planned_end=dt.date(2027, 3, 31),
    )
    ProjectBudgetFactory(project=project, year=2026, amount=Decimal("100000.00"))
    ProjectBudgetFactory(project=project, year=2027, amount=Decimal("50000.50"))
    StatusReportFactory(
        project=project,
        period=OCT,
        is_exception=True,
        forecast_end=dt.date(2027, 5, 31),
        forecast_cost=Decimal("175000.00"),
        actual_cost=Decimal("60000.00"),
        actual_cost_date=dt.date(2026, 10, 31),
        rag_risk="rood",
    )
    baseline = dt.date(2026, 6, 1)
    MilestoneFactory(project=project, baseline_date=baseline, forecast_date=dt.date(2026, 6, 11))
    # Reached late beats the forecast of another: actual 19 days after its baseline.
    MilestoneFactory(project=project, baseline_date=baseline, actual_date=dt.date(2026, 6, 20))
    MilestoneFactory(project=project, baseline_date=baseline, forecast_date=dt.date(2026, 5, 1))

    row = project_rows(context(organisation()))[project.pk]

    domain = unit.parent.parent
    assert row == {
        "project_id": project.pk,
        "code": "JEU-001",
        "name": "Jeugdhulp dichtbij",
        "domain_id": domain.pk,
        "domain": "Sociaal Domein",
        "org_unit": "Jeugd",
        "programme_id": programme.pk,
        "programme": "Jeugd in beeld",
        "phase": project.phase,
        "report_period": OCT,
        "rag_overall": "groen",
        "rag_time": "groen",
        "rag_cost": "groen",
        "rag_scope": "groen",
        "rag_quality": "groen",
        "rag_risk": "rood",
        "rag_benefits": "groen",
        "is_exception": True,
        "progress_pct": 50,
        "baseline_start": dt.date(2026, 2, 1),
        "baseline_end": dt.date(2027, 3, 31),
        "forecast_end": dt.date(2027, 5, 31),
        "budget": Decimal("150000.50"),
        "eac": Decimal("175000.00"),
        "actuals": Decimal("60000.00"),
        "milestone_slip_days": 19,
    }


def test_without_report_colours_are_empty_and_actuals_come_from_the_budget_lines(unit):
    project = ProjectFactory(org_unit=unit)
    ProjectBudgetFactory(project=project, year=2026, actual=Decimal("12000.00"))
    ProjectBudgetFactory(project=project, year=2027, actual=Decimal("3000.00"))
    early = ProjectFactory(org_unit=unit)
    MilestoneFactory(project=early, forecast_date=dt.date(2026, 5, 25))  # 7 days early
    MilestoneFactory(project=early)  # neither forecast nor actual: no slip known
    bare = ProjectFactory(org_unit=OrgUnitFactory(kind="domein", name="Ruimte"))

    rows = project_rows(context(organisation()))

    row = rows[project.pk]
    assert row["report_period"] is None and row["progress_pct"] is None
    assert {row[key] for key in row if key.startswith("rag_")} == {""}
    assert row["is_exception"] is False and row["eac"] is None
    assert (row["budget"], row["actuals"]) == (Decimal("200000.00"), Decimal("15000.00"))
    assert row["milestone_slip_days"] is None
    assert rows[early.pk]["milestone_slip_days"] == -7
    assert rows[early.pk]["actuals"] is None  # nothing reported, nothing booked
    assert (rows[bare.pk]["budget"], rows[bare.pk]["programme"]) == (Decimal("0.00"), "")
    # A root unit is its own domain.
    assert (rows[bare.pk]["domain"], rows[bare.pk]["org_unit"]) == ("Ruimte", "Ruimte")


def test_rows_cover_the_scope_only(unit):
    inside = ProjectFactory(org_unit=unit)
    other = ProjectFactory(org_unit=unit, portfolio=PortfolioFactory(code="ANDER"))
    closed = ProjectFactory(
        org_unit=unit, status=LifecycleStatus.COMPLETED, closed_on=dt.date(2026, 9, 30)
    )
    scope = Scope.objects.create(
        kind=Scope.Kind.PORTFOLIO, portfolio=inside.portfolio, name="Testgemeente"
    )

    rows = project_rows(context(scope))

    assert set(rows) == {inside.pk}
    assert {other.pk, closed.pk} <= set(project_rows(context(organisation(), dt.date(2026, 9, 1))))


def grow(size: int, unit) -> None:
    for project in ProjectFactory.create_batch(size, org_unit=unit):
        StatusReportFactory(project=project, period=OCT)
        StatusReportFactory(project=project, period=NOV, rag_time="rood")
        ProjectBudgetFactory(project=project, actual=Decimal("10.00"))
        MilestoneFactory(project=project, forecast_date=dt.date(2026, 7, 1))


@pytest.mark.parametrize("collect", [project_rows, budget_by_year, slipping_milestones])
def test_query_count_does_not_grow_with_the_projects(collect, unit, django_assert_num_queries):
    expected = {project_rows: PROJECT_ROW_QUERIES, budget_by_year: 1, slipping_milestones: 1}
    ctx = context(organisation())
    grow(3, unit)
    with django_assert_num_queries(expected[collect]):
        small = collect(ctx)
    grow(27, unit)
    with django_assert_num_queries(expected[collect]):
        large = collect(ctx)
    assert len(large) == (25 if collect is slipping_milestones else 10 * len(small))
    if collect is project_rows:
        assert {row["rag_time"] for row in large.values()} == {"groen"}


def test_budget_by_year_lists_each_line(unit):
    project = ProjectFactory(org_unit=unit)
    ProjectBudgetFactory(project=project, year=2027, amount=Decimal("20.00"))
    ProjectBudgetFactory(
        project=project, year=2026, amount=Decimal("10.00"), actual=Decimal("4.50")
    )
    ProjectBudgetFactory(
        project=ProjectFactory(org_unit=unit, portfolio=PortfolioFactory(code="ANDER"))
    )
    scope = Scope.objects.create(
        kind=Scope.Kind.PORTFOLIO, portfolio=project.portfolio, name="Testgemeente"
    )

    assert budget_by_year(context(scope)) == [
        {
            "project_id": project.pk,
            "year": 2026,
            "budget": Decimal("10.00"),
            "actuals": Decimal("4.50"),
        },
        {
            "project_id": project.pk,
            "year": 2027,
            "budget": Decimal("20.00"),
            "actuals": Decimal("0"),
        },
    ]


def test_slipping_milestones_largest_slip_first(unit):
    baseline = dt.date(2026, 6, 1)
    alpha = ProjectFactory(org_unit=unit, code="ALPHA")
    beta = ProjectFactory(org_unit=unit, code="BETA")
    MilestoneFactory(project=beta, name="Gunning", forecast_date=dt.date(2026, 7, 1))
    MilestoneFactory(project=alpha, name="Oplevering", forecast_date=dt.date(2026, 7, 1))
    MilestoneFactory(project=alpha, name="Besluit", forecast_date=dt.date(2026, 7, 1))
    MilestoneFactory(project=beta, name="Start", forecast_date=dt.date(2026, 9, 15))
    MilestoneFactory(project=alpha, name="Klein", forecast_date=dt.date(2026, 6, 2))
    # Reached, on time, early or without forecast: not slipping.
    MilestoneFactory(
        project=alpha, forecast_date=dt.date(2026, 12, 1), actual_date=dt.date(2026, 11, 1)
    )
    MilestoneFactory(project=alpha, forecast_date=baseline)
    MilestoneFactory(project=alpha, forecast_date=dt.date(2026, 5, 1))
    MilestoneFactory(project=alpha)

    ctx = context(organisation())
    found = slipping_milestones(ctx)

    assert [(m["project"], m["name"], m["slip_days"]) for m in found] == [
        ("BETA", "Start", 106),
        ("ALPHA", "Besluit", 30),
        ("ALPHA", "Oplevering", 30),
        ("BETA", "Gunning", 30),
        ("ALPHA", "Klein", 1),
    ]
    assert found[0]["baseline"] == "2026-06-01" and found[0]["forecast"] == "2026-09-15"
    assert [m["name"] for m in slipping_milestones(ctx, limit=2)] == [
        "Start",
        "Besluit",
    ]
