"""`/api/v1/capacity`: each team's hours per month equal to `selectors.team_capacity`
(the figures of the heatmap and the scenarios), its filters, its limit of 36 months with
problem details, CSV, and a query count that does not grow with the number of teams."""

import datetime as dt
from decimal import Decimal

import pytest

from portfolio.capacity.rules import months_between
from portfolio.capacity.selectors import team_capacity, team_queryset
from tests.support import query_counts
from tests.support.factories import OrgUnitFactory, TeamFactory, TeamMonthFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(department):
    return TeamFactory(code="ICT", name="ICT", org_unit=department)


def pointers(response) -> set[str]:
    return {error["pointer"] for error in response.json()["errors"]}


def test_the_capacity_figures_are_the_heatmaps(api_client, colleague, department):
    teams = [TeamFactory(org_unit=department, fte=Decimal(n + 1)) for n in range(3)]
    TeamMonthFactory(team=teams[0], month=dt.date(2027, 7, 1), availability_pct=25)
    TeamMonthFactory(team=teams[2], month=dt.date(2027, 8, 1), fte=Decimal("0.5"))
    api_client.force_login(colleague)
    response = api_client.get("/api/v1/capacity", {"from": "2027-06", "to": "2027-09"})
    assert response.status_code == 200, response.content
    months = months_between(dt.date(2027, 6, 1), dt.date(2027, 9, 1))
    ordered = list(team_queryset())
    expected = [
        (team.pk, month.isoformat(), hours)
        for team, row in zip(ordered, team_capacity(ordered, months), strict=True)
        for month, hours in zip(months, row, strict=True)
    ]
    found = [(row["team"], row["month"], row["hours"]) for row in response.json()["results"]]
    assert found == expected
    july = {r["team"]: r["hours"] for r in response.json()["results"] if r["month"] == "2027-07-01"}
    assert july[teams[0].pk] == pytest.approx(1 * 156 * 0.25)
    assert july[teams[1].pk] == pytest.approx(2 * 156 * 0.8)


def test_the_capacity_is_filtered_by_team_and_org_unit_subtree(api_client, analyst, department):
    inside = TeamFactory(org_unit=OrgUnitFactory(parent=department))
    TeamFactory(org_unit=OrgUnitFactory())
    chosen = TeamFactory(org_unit=department)
    api_client.force_login(analyst)
    by_unit = api_client.get(
        "/api/v1/capacity", {"org_unit": department.pk, "from": "2027-01", "to": "2027-01"}
    )
    assert {row["team"] for row in by_unit.json()["results"]} == {inside.pk, chosen.pk}
    by_team = api_client.get(f"/api/v1/capacity?team={chosen.pk}&team={inside.pk}&from=2027-01")
    rows = by_team.json()["results"]
    assert {row["team"] for row in rows} == {chosen.pk, inside.pk} and len(rows) == 24


def test_at_most_36_months_and_a_clear_refusal(api_client, analyst):
    api_client.force_login(analyst)
    assert (
        api_client.get("/api/v1/capacity", {"from": "2027-01", "to": "2029-12"}).status_code == 200
    )
    too_long = api_client.get("/api/v1/capacity", {"from": "2027-01", "to": "2030-01"})
    assert too_long.status_code == 400
    assert too_long["Content-Type"] == "application/problem+json"
    assert pointers(too_long) == {"#/to"}
    backwards = api_client.get("/api/v1/capacity", {"from": "2027-05", "to": "2027-01"})
    assert pointers(backwards) == {"#/to"}
    assert pointers(api_client.get("/api/v1/capacity", {"from": "maart"})) == {"#/from"}
    assert pointers(api_client.get("/api/v1/capacity", {"org_unit": 999999})) == {"#/org_unit"}


def test_the_capacity_needs_a_sign_in_and_reads_as_csv(api_client, analyst, team):
    assert api_client.get("/api/v1/capacity").status_code == 401
    api_client.force_login(analyst)
    response = api_client.get(
        "/api/v1/capacity", {"format": "csv", "from": "2027-01", "to": "2027-02"}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "team,code,name,org_unit,month,hours"
    assert lines[1].startswith(f"{team.pk},ICT,ICT,") and len(lines) == 3


def test_the_capacity_costs_the_same_queries_for_two_teams_as_for_forty(
    client, analyst, department
):
    client.force_login(analyst)
    url = f"/api/v1/capacity?org_unit={department.pk}&from=2027-01&to=2029-12"
    TeamFactory.create_batch(2, org_unit=department)
    few = query_counts.count(client, url)
    for team in TeamFactory.create_batch(38, org_unit=department):
        TeamMonthFactory(team=team)
    assert query_counts.count(client, url) == few


def test_the_root_lists_the_capacity_figures_beside_the_resources(api_client):
    from pmo.api.registry import discovered

    listed = api_client.get("/api/v1").json()["resources"]
    assert listed["capacity"].endswith("/api/v1/capacity")
    assert set(discovered()) | {"capacity"} == set(listed)
