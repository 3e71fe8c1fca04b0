"""Scenarios with team capacity per month (issue 14, part 3): the rows come from the
capacity the heatmap shows, running work outside the candidates is subtracted, the
tolerance decides, conflicts name team and month, and the result shows each team's load."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from pmo.actors import Actor
from portfolio.capacity import selectors as capacity_selectors
from portfolio.capacity.models import Demand, Team
from portfolio.projects.models import Phase
from portfolio.scenarios.capacity import year_months
from portfolio.scenarios.messages import conflict_message
from portfolio.scenarios.models import Scenario, ScenarioRule
from portfolio.scenarios.selectors import scenario_changes, scenario_problem
from portfolio.scenarios.services import (
    scenario_create,
    scenario_rule_add,
    scenario_solve,
    scenario_update,
)
from tests.support import query_counts
from tests.support.factories import (
    DemandFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    TeamFactory,
    TeamMonthFactory,
    scored_framework,
)
from tests.support.openapi import CheckedClient

pytestmark = pytest.mark.django_db
MARCH = dt.date(2027, 3, 1)
JULY = dt.date(2027, 7, 1)


@pytest.fixture
def team():
    # 2.5 fte x 156 h x 80 % = 312 hours a month.
    return TeamFactory(code="CT", name="Civiele techniek")


@pytest.fixture
def portfolio(team):
    """P0 (value 3) asks 350 h of the team in March 2027, more than its 312; P1 (value 2)
    asks 100 h; P2 (value 1.5) asks nothing; P3 is worth less than nothing. Each costs
    100k of an ample budget."""
    proposals = [
        ProjectFactory(code=f"P{i}", phase=Phase.DEFINITION, status="voorgesteld") for i in range(4)
    ]
    framework = scored_framework(proposals, values=[(3, 3), (2, 2), (2, 0), (-1, -1)])
    for project in proposals:
        ProjectBudgetFactory(project=project, year=2027, amount=Decimal("100000"))
    projects = {p.code: p for p in proposals}
    DemandFactory(project=projects["P0"], team=team, month=MARCH, hours=Decimal("350"))
    DemandFactory(project=projects["P1"], team=team, month=MARCH, hours=Decimal("100"))
    return framework, projects


@pytest.fixture
def api_client(client):
    """Every API response checked against the OpenAPI document."""
    return CheckedClient(client)


def create(analyst, framework, **kwargs):
    kwargs.setdefault("budgets", {"2027": "1000000"})
    kwargs.setdefault("capacity_tolerance_pct", 100)
    return scenario_create(actor=Actor.screen(analyst), framework=framework, name="C", **kwargs)


def solve(scenario):
    return scenario_solve(scenario_id=scenario.pk, version=scenario.version)


def chosen(solved, projects):
    return {code for code, p in projects.items() if p.pk in solved.result["selected"]}


def test_capacity_leaves_out_a_valuable_project_until_the_tolerance_or_capacity_allows_it(
    analyst, portfolio, team
):
    framework, projects = portfolio
    scenario = create(analyst, framework)
    solved = solve(scenario)
    # 350 h do not fit in 312: the most valuable project stays out, the rest fits.
    assert chosen(solved, projects) == {"P1", "P2"}
    capacity = solved.result["capacity"]
    assert capacity["load"]["CT"]["2027-03"] == [100.0, 312.0, 312.0]
    assert capacity["binding"] == {"CT": {"2027-03": ["P0"]}}

    # At 115 % (358.8 h) P0 fits, but not together with P1 (450 h): P0 is worth more.
    raised = scenario_update(
        actor=Actor.screen(analyst),
        scenario=solved,
        expected_version=solved.version,
        capacity_tolerance_pct=115,
    )
    solved = solve(raised)
    assert chosen(solved, projects) == {"P0", "P2"}
    assert solved.result["capacity"]["load"]["CT"]["2027-03"] == [350.0, 312.0, 358.8]
    assert solved.result["capacity"]["binding"] == {"CT": {"2027-03": ["P1"]}}

    # Twice the formation in March (a temporary hire): both fit.
    TeamMonthFactory(team=team, month=MARCH, fte=Decimal("5"), availability_pct=None)
    solved = solve(solved)
    assert chosen(solved, projects) == {"P0", "P1", "P2"}
    assert solved.result["capacity"]["load"]["CT"]["2027-03"] == [450.0, 624.0, 717.6]
    assert solved.result["capacity"]["binding"] == {}


def test_without_a_tolerance_capacity_does_not_count(analyst, portfolio):
    framework, projects = portfolio
    solved = solve(create(analyst, framework, capacity_tolerance_pct=None))
    assert chosen(solved, projects) == {"P0", "P1", "P2"}
    assert "capacity" not in solved.result
    assert scenario_problem(solved).problem.demand is None


def test_committed_work_outside_the_candidates_is_subtracted(analyst, portfolio, team):
    """A closed-phase project still running is no candidate: its 100 h leave 212 for the
    candidates. A running candidate's own 50 h are in its row, not subtracted twice."""
    framework, projects = portfolio
    outside = ProjectFactory(code="O1", phase=Phase.CLOSED, status="lopend")
    DemandFactory(project=outside, team=team, month=MARCH, hours=Decimal("100"))
    running = ProjectFactory(code="R0", phase=Phase.REALISATION, status="lopend")
    DemandFactory(project=running, team=team, month=MARCH, hours=Decimal("50"))
    framework = scored_framework(
        [*projects.values(), running], values=[(3, 3), (2, 2), (2, 0), (-1, -1), (1, 1)]
    )
    # P1's 100 h now cut to 170: with R0 (50) they need 220, more than the 212 left.
    Demand.objects.filter(project=projects["P1"]).update(hours=Decimal("170"))
    scenario = create(analyst, framework)
    built = scenario_problem(scenario)
    rows = built.capacity
    assert [rows.label(r) for r in range(len(rows.cells))] == [(rows.teams[0], MARCH)]
    assert rows.outside[0, 2] == pytest.approx(100.0)
    assert rows.limits.tolist() == pytest.approx([212.0])
    codes = [p.code for p in built.projects]
    assert "O1" not in codes
    assert built.problem.demand[codes.index("R0"), 0] == 50.0
    solved = solve(scenario)
    assert chosen(solved, {**projects, "R0": running}) == {"R0", "P2"}
    assert solved.result["capacity"]["load"]["CT"]["2027-03"] == [150.0, 312.0, 312.0]
    # Another month: only the outside work shows, nothing of the candidates.
    assert solved.result["capacity"]["load"]["CT"]["2027-04"] == [0.0, 312.0, 312.0]


def test_a_forced_in_project_over_capacity_is_named_by_team_and_month(analyst, portfolio):
    framework, projects = portfolio
    # With a project maximum too: the team's row comes after the count row.
    scenario = create(analyst, framework, max_projects=3)
    scenario_rule_add(
        actor=Actor.screen(analyst),
        scenario=scenario,
        expected_version=scenario.version,
        kind=ScenarioRule.Kind.FORCED_IN,
        project=projects["P0"],
    )
    scenario.refresh_from_db()
    solved = solve(scenario)
    assert solved.result["status"] == "infeasible"
    (conflict,) = solved.result["conflicts"]
    assert conflict["kind"] == "forced_in_over_capacity"
    detail = conflict["detail"]
    assert (detail["team"], detail["team_code"], detail["month"]) == (
        "Civiele techniek",
        "CT",
        "2027-03",
    )
    assert detail["projects"] == ["P0"]
    message = conflict_message(conflict)
    assert message.startswith("Team Civiele techniek, maart 2027: 350 uur gevraagd, 312")
    with translation.override("en"):
        assert "March 2027" in conflict_message(conflict)
    # No load to show without a selection; the page names the conflict.
    assert "load" not in solved.result["capacity"]


def test_a_minimal_conflict_over_a_team_names_team_and_month():
    team = {"kind": "capacity", "team": "Civiele techniek", "team_code": "CT", "month": "2027-03"}
    conflict = {"kind": "minimal_conflict", "detail": {"groups": [team, {"kind": "capacity"}]}}
    assert conflict_message(conflict) == (
        "Deze regels kunnen niet tegelijk gelden: de capaciteit van team Civiele techniek in "
        "maart 2027; het maximum aantal projecten."
    )


def test_the_rows_are_built_from_the_capacity_the_heatmap_shows(analyst, portfolio, team):
    """THE test of issue 14: one selector feeds the heatmap and the scenario. For every
    row, limit / tolerance + ... equals the heatmap's capacity of that team and month,
    and both read it through the same `team_capacity`."""
    framework, projects = portfolio
    TeamMonthFactory(team=team, month=JULY, availability_pct=50)  # summer: 195 h
    other = TeamFactory(code="GEO", name="Geo-informatie", fte=Decimal("1.2"))
    DemandFactory(project=projects["P1"], team=team, month=JULY, hours=Decimal("80"))
    DemandFactory(project=projects["P2"], team=other, month=MARCH, hours=Decimal("20"))
    outside = ProjectFactory(phase=Phase.CLOSED, status="lopend")
    DemandFactory(project=outside, team=team, month=JULY, hours=Decimal("30"))
    scenario = create(analyst, framework, capacity_tolerance_pct=105)

    spy = mock.patch.object(
        capacity_selectors, "team_capacity", wraps=capacity_selectors.team_capacity
    )
    with spy as team_capacity:
        rows = scenario_problem(scenario).capacity
        months = year_months(scenario.budgets)
        figures = capacity_selectors.capacity_figures(
            months=months, teams=list(Team.objects.order_by("name"))
        )
    assert team_capacity.call_count == 2, "the scenario and the heatmap read the one selector"
    (scenario_call, heatmap_call) = team_capacity.call_args_list
    assert scenario_call.args[1] == heatmap_call.args[1] == months

    heat_row = {t.code: k for k, t in enumerate(figures.teams)}
    assert len(rows.cells) == 3  # CT March and July, GEO March: only what candidates ask
    for r, limit in enumerate(rows.limits):
        label, month = rows.label(r)
        t, m = heat_row[label.code], months.index(month)
        candidates = sum(
            float(d.hours)
            for d in Demand.objects.filter(team_id=label.pk, month=month, project__status="lopend")
            if d.project_id in {p.pk for p in projects.values()}
        )
        outside_hours = figures.committed[t][m] - candidates
        assert (limit + outside_hours) / 1.05 == pytest.approx(figures.capacity[t][m])
    july = [(label.code, month) for label, month in map(rows.label, range(3))].index(("CT", JULY))
    assert rows.limits[july] == pytest.approx(195 * 1.05 - 30)

    # Not a tautology: whatever team_capacity says is what the scenario's rows hold.
    def thousand(teams, months):
        return [[1000.0] * len(months) for _team in teams]

    with mock.patch.object(capacity_selectors, "team_capacity", side_effect=thousand):
        doubled = scenario_problem(scenario).capacity
    assert doubled.limits[july] == pytest.approx(1000 * 1.05 - 30)


@pytest.mark.parametrize("change", ["demand", "capacity", "outside work", "new demand"])
def test_a_result_is_stale_once_demand_or_capacity_changes(analyst, portfolio, team, change):
    framework, projects = portfolio
    outside = ProjectFactory(phase=Phase.CLOSED, status="lopend")
    DemandFactory(project=outside, team=team, month=MARCH, hours=Decimal("10"))
    solved = solve(create(analyst, framework))
    assert scenario_changes(solved) == []
    if change == "demand":
        Demand.objects.filter(project=projects["P1"]).update(hours=Decimal("90"))
    elif change == "capacity":
        Team.objects.filter(pk=team.pk).update(fte=Decimal("3"))
    elif change == "outside work":
        Demand.objects.filter(project=outside).update(hours=Decimal("20"))
    else:
        DemandFactory(project=projects["P2"], team=team, month=JULY, hours=Decimal("5"))
    assert scenario_changes(solved) == ["capaciteit"]


def test_without_capacity_a_changed_demand_leaves_the_result_current(analyst, portfolio):
    framework, projects = portfolio
    solved = solve(create(analyst, framework, capacity_tolerance_pct=None))
    Demand.objects.filter(project=projects["P1"]).update(hours=Decimal("90"))
    assert scenario_changes(solved) == []


def test_the_page_shows_the_load_per_team_and_month_in_a_fixed_number_of_queries(
    client, analyst, portfolio, team
):
    framework, projects = portfolio
    solved = solve(create(analyst, framework))
    url = reverse("scenarios:scenario_detail", args=[solved.pk])
    client.force_login(analyst)
    page = client.get(url).text
    assert 'role="region" aria-label="Belasting per team en maand' in page
    assert 'tabindex="0"' in page
    # 100 of 312 h is free, yet binding: P0's 350 did not fit in what was left.
    assert "pmo-load--free pmo-load--binding" in page
    assert "Civiele techniek, maart 2027: bindend, hield P0 buiten de selectie." in page
    assert "telt mee tot 100 % per maand" in page
    few = query_counts.count(client, url)
    # Forty more candidates asking hours of the team and another: the same queries.
    more = ProjectFactory.create_batch(40, phase=Phase.DEFINITION, status="voorgesteld")
    for project in more:
        DemandFactory(project=project, team=team, month=JULY, hours=Decimal("1"))
        DemandFactory(project=project, month=MARCH, hours=Decimal("1"))
    assert query_counts.count(client, url) == few


def test_the_form_and_the_api_take_the_tolerance(client, api_client, analyst, portfolio):
    """The create form and the API take the tolerance, within 50..200 %."""
    framework, _projects = portfolio
    client.force_login(analyst)
    from portfolio.scenarios.forms import budget_years

    year = budget_years()[0]
    form = {"name": "Met teams", f"budget_{year}": "500000", "capacity_tolerance_pct": "105"}
    response = client.post(reverse("scenarios:scenario_list", args=[framework.pk]), form)
    assert response.status_code == 302
    assert Scenario.objects.get(name="Met teams").capacity_tolerance_pct == 105
    form |= {"name": "Te ruim", "capacity_tolerance_pct": "300"}
    refused = client.post(reverse("scenarios:scenario_list", args=[framework.pk]), form)
    assert refused.status_code == 422 and not Scenario.objects.filter(name="Te ruim").exists()

    api_client.force_login(analyst)
    body = {
        "framework": framework.pk,
        "name": "Via API",
        "budgets": {"2027": "500000.00"},
        "capacity_tolerance_pct": 110,
    }
    created = api_client.post("/api/v1/scenarios", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["capacity_tolerance_pct"] == 110
    read = api_client.get(f"/api/v1/scenarios/{created.json()['id']}").json()
    assert read["capacity_tolerance_pct"] == 110
    body |= {"name": "Te ruim", "capacity_tolerance_pct": 20}
    refused = api_client.post("/api/v1/scenarios", body, content_type="application/json")
    assert refused.status_code == 400
