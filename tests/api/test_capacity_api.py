"""Teams, their exceptions per month and demand on the API: writes through the capacity
services (versioned, audited with the API channel) and bulk demand all or nothing, in a
fixed number of queries. The capacity figures: tests/api/test_capacity_figures.py."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmo.actors import Actor
from pmo.api.models import Deletion
from pmo.models import AuditEntry
from pmo.versioning import StaleError
from portfolio.capacity.models import Demand, DemandPlan, Team, TeamMonth
from portfolio.capacity.rules import add_months
from portfolio.capacity.selectors import plan_version
from portfolio.capacity.services.demand import demand_plan_save
from tests.support.factories import (
    DemandFactory,
    ProjectFactory,
    TeamFactory,
    TeamMonthFactory,
)

pytestmark = pytest.mark.django_db


def post(client, path, body, **headers):
    return client.post(f"/api/v1/{path}", body, content_type="application/json", **headers)


def patch(client, path, body, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.patch(f"/api/v1/{path}", body, content_type="application/json", **headers)


def pointers(response) -> set[str]:
    return {error["pointer"] for error in response.json()["errors"]}


@pytest.fixture
def team(department):
    return TeamFactory(code="ICT", name="ICT", org_unit=department)


@pytest.fixture
def synced(project):
    project.external_id = "FIN-1"
    project.save()
    return project


# ---------------------------------------------------------------------------- teams


def test_the_pmo_creates_a_team_and_a_projectleider_may_not(api_client, analyst, owner, department):
    body = {"code": "GEO", "name": "Geo-informatie", "org_unit": department.pk, "fte": "3.5"}
    api_client.force_login(owner)
    assert post(api_client, "teams", body).status_code == 403
    api_client.force_login(analyst)
    response = post(api_client, "teams", body)
    assert response.status_code == 201, response.content
    team = Team.objects.get(code="GEO")
    assert response.json()["id"] == team.pk and team.fte == Decimal("3.50")
    entry = AuditEntry.objects.get(object_id=team.pk, action="create")
    assert entry.source == "api" and entry.changes["code"] == ["", "GEO"]
    duplicate = post(api_client, "teams", body)
    assert duplicate.status_code == 400 and "#/code" in pointers(duplicate)


def test_a_team_is_changed_with_if_match_and_refused_when_stale(api_client, analyst, team):
    api_client.force_login(analyst)
    url = f"teams/{team.pk}"
    etag = api_client.get(f"/api/v1/{url}")["ETag"]
    assert etag == '"1"'
    assert patch(api_client, url, {"fte": "4"}).status_code == 428
    changed = patch(api_client, url, {"fte": "4", "availability_pct": 75}, etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] == '"2"'
    stale = patch(api_client, url, {"name": "Informatievoorziening"}, etag)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    team.refresh_from_db()
    assert (team.fte, team.availability_pct, team.name, team.version) == (
        Decimal("4.00"),
        75,
        "ICT",
        2,
    )
    entry = AuditEntry.objects.filter(object_id=team.pk, action="update").get()
    assert entry.source == "api" and entry.version == 2


def test_teams_are_upserted_by_external_id(api_client, analyst, department):
    api_client.force_login(analyst)
    rows = [
        {
            "external_id": f"HR-{n}",
            "code": f"T-{n}",
            "name": f"T{n}",
            "org_unit": department.code,
        }
        for n in range(3)
    ]
    first = post(api_client, "teams/bulk", {"rows": rows})
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 3
    assert post(api_client, "teams/bulk", {"rows": rows}).json()["unchanged"] == 3
    rows[1]["fte"] = "6.25"
    third = post(api_client, "teams/bulk", {"rows": rows}).json()
    assert (third["updated"], third["unchanged"]) == (1, 2)
    team = Team.objects.get(external_id="HR-1")
    assert team.fte == Decimal("6.25") and team.version == 2
    refused = post(
        api_client,
        "teams/bulk",
        {"rows": [{**rows[0], "name": "Nieuw"}, {"external_id": "HR-9", "org_unit": "NERGENS"}]},
    )
    assert refused.status_code == 400
    assert {"#/rows/1/org_unit"} <= pointers(refused)
    assert Team.objects.get(external_id="HR-0").name == "T0"  # all or nothing


# ----------------------------------------------------------------------- team months


def test_a_months_exception_is_created_changed_and_removed_on_the_teams_version(
    api_client, analyst, owner, team
):
    body = {"team": team.pk, "month": "2027-07-01", "availability_pct": 40, "note": "Zomer"}
    api_client.force_login(owner)
    assert post(api_client, "team-months", body).status_code == 403
    api_client.force_login(analyst)
    created = post(api_client, "team-months", body)
    assert created.status_code == 201, created.content
    row = TeamMonth.objects.get(team=team, month=dt.date(2027, 7, 1))
    team.refresh_from_db()
    assert team.version == 2 and created["ETag"] == '"2"'
    assert post(api_client, "team-months", body).status_code == 400  # the month has one
    url = f"team-months/{row.pk}"
    assert patch(api_client, url, {"availability_pct": 30}, '"1"').status_code == 412
    changed = patch(api_client, url, {"availability_pct": 30}, '"2"')
    assert changed.status_code == 200 and changed.json()["availability_pct"] == 30
    assert api_client.delete(f"/api/v1/{url}").status_code == 428
    removed = api_client.delete(f"/api/v1/{url}", HTTP_IF_MATCH='"3"')
    assert removed.status_code == 204
    assert not TeamMonth.objects.filter(pk=row.pk).exists()
    assert Deletion.objects.filter(resource="team-months", object_id=row.pk).exists()
    team.refresh_from_db()
    assert team.version == 4
    lines = AuditEntry.objects.filter(object_id=team.pk, content_type__model="team")
    assert set(lines.values_list("source", flat=True)) == {"api"}
    assert lines.count() == 3


def test_team_months_are_filtered_by_team_and_month(api_client, board_member, team):
    other = TeamFactory()
    for month in (dt.date(2027, 1, 1), dt.date(2027, 6, 1), dt.date(2028, 1, 1)):
        TeamMonthFactory(team=team, month=month)
    TeamMonthFactory(team=other, month=dt.date(2027, 6, 1))
    api_client.force_login(board_member)
    response = api_client.get(
        "/api/v1/team-months", {"team": team.pk, "from": "2027-02-01", "to": "2027-12-01"}
    )
    assert [row["month"] for row in response.json()["results"]] == ["2027-06-01"]


# ---------------------------------------------------------------------------- demand


def demand_rows(count, project="FIN-1", team="ICT", start=dt.date(2027, 1, 1)):
    return [
        {
            "external_id": f"PLAN-{n}",
            "project": project,
            "team": team,
            "month": add_months(start, n).isoformat(),
            "hours": "40.0",
        }
        for n in range(count)
    ]


def test_demand_is_created_then_updated_by_external_id(api_client, owner, synced, team):
    api_client.force_login(owner)
    rows = demand_rows(6)
    first = post(api_client, "demand/bulk", {"rows": rows})
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 6
    assert Demand.objects.filter(project=synced).count() == 6
    assert DemandPlan.objects.get(project=synced).version == 2
    audits = AuditEntry.objects.count()
    again = post(api_client, "demand/bulk", {"rows": rows}).json()
    assert again["unchanged"] == 6
    assert AuditEntry.objects.count() == audits  # the same payload twice writes nothing
    assert DemandPlan.objects.get(project=synced).version == 2
    rows[2]["hours"] = "12.5"
    changed = post(api_client, "demand/bulk", {"rows": rows}).json()
    assert (changed["updated"], changed["unchanged"]) == (1, 5)
    row = Demand.objects.get(external_id="PLAN-2")
    assert row.hours == Decimal("12.5")
    line = AuditEntry.objects.filter(object_id=row.pk, content_type__model="demand").latest("at")
    assert line.source == "api" and line.changes == {"hours": ["40.0", "12.5"]}
    plan = DemandPlan.objects.get(project=synced)
    assert plan.version == 3
    plan_line = AuditEntry.objects.filter(object_id=plan.pk, content_type__model="demandplan")
    assert plan_line.latest("at").changes == {"ICT 2027-03": ["40.0", "12.5"]}


def test_a_row_without_external_id_is_kept_by_project_team_and_month(
    api_client, owner, synced, team
):
    existing = DemandFactory(project=synced, team=team, month=dt.date(2027, 3, 1))
    api_client.force_login(owner)
    row = {"project": "FIN-1", "team": "ICT", "month": "2027-03-01", "hours": "80.0"}
    answer = post(api_client, "demand/bulk", {"rows": [row]}).json()
    assert answer["updated"] == 1 and answer["rows"][0]["id"] == existing.pk
    assert answer["rows"][0]["external_id"] == "FIN-1/ICT/2027-03"
    existing.refresh_from_db()
    assert existing.hours == Decimal("80.0") and existing.external_id is None
    keyed = post(api_client, "demand/bulk", {"rows": [{**row, "external_id": "PLAN-X"}]})
    assert keyed.json()["updated"] == 1  # the row at that place takes the key
    existing.refresh_from_db()
    assert existing.external_id == "PLAN-X"


def test_one_bad_row_refuses_them_all_and_names_each(
    api_client, owner, colleague, synced, team, department
):
    ProjectFactory(org_unit=department, manager=colleague, external_id="FIN-COLLEGA")
    api_client.force_login(owner)
    rows = demand_rows(6)
    rows[1]["hours"] = "-4"
    rows[2]["team"] = "ONBEKEND"
    rows[3]["project"] = "FIN-COLLEGA"  # visible to the owner, but not theirs
    rows[4]["month"] = "2027-05-15"
    rows[5]["external_id"] = rows[0]["external_id"]
    response = post(api_client, "demand/bulk", {"rows": rows})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert pointers(response) == {"#/rows/1/hours"}  # the types are checked first
    rows[1]["hours"] = "4"
    response = post(api_client, "demand/bulk", {"rows": rows})
    assert response.status_code == 400
    assert pointers(response) == {
        "#/rows/2/team",
        "#/rows/3/project",
        "#/rows/4/month",
        "#/rows/5/external_id",
    }
    assert not Demand.objects.exists()
    assert not DemandPlan.objects.exists()


def test_the_service_refuses_negative_hours_too(owner, synced, team):
    from pmo.bulk import RowErrors
    from portfolio.capacity.services.demand_sync import demand_upsert

    row = {"project": "FIN-1", "team": "ICT", "month": dt.date(2027, 1, 1), "hours": Decimal("-1")}
    with pytest.raises(RowErrors) as refused:
        demand_upsert(actor=Actor.importer(owner), rows=[row])
    assert list(refused.value.errors) == [0] and "hours" in refused.value.errors[0]
    assert not Demand.objects.exists()


def test_a_project_out_of_sight_is_unknown(api_client, outsider, synced, team):
    api_client.force_login(outsider)
    response = post(api_client, "demand/bulk", {"rows": demand_rows(1)})
    assert response.status_code == 400 and pointers(response) == {"#/rows/0/project"}
    assert "Onbekend project" in response.json()["errors"][0]["detail"]


def test_an_open_grid_is_stale_after_a_sync(api_client, owner, synced, team):
    version = plan_version(synced)
    api_client.force_login(owner)
    assert post(api_client, "demand/bulk", {"rows": demand_rows(1)}).status_code == 200
    with pytest.raises(StaleError) as stale:
        demand_plan_save(
            actor=Actor.screen(owner),
            project=synced,
            expected_version=version,
            cells={(team.pk, dt.date(2027, 1, 1)): Decimal("8")},
        )
    assert str(owner) in str(stale.value) and "ICT 2027-01" in str(stale.value)
    assert Demand.objects.get(project=synced).hours == Decimal("40.0")


def test_demand_is_filtered_by_project_team_and_month(api_client, owner, synced, team, department):
    other_team = TeamFactory(org_unit=department)
    for month in (dt.date(2027, 1, 1), dt.date(2027, 4, 1), dt.date(2027, 9, 1)):
        DemandFactory(project=synced, team=team, month=month)
    DemandFactory(project=synced, team=other_team, month=dt.date(2027, 4, 1))
    DemandFactory(project=ProjectFactory(org_unit=department), team=team, month=dt.date(2027, 4, 1))
    api_client.force_login(owner)
    response = api_client.get(
        "/api/v1/demand",
        {"project": synced.pk, "team": team.pk, "from": "2027-02-01", "to": "2027-08-01"},
    )
    rows = response.json()["results"]
    assert [(row["month"], row["hours"]) for row in rows] == [("2027-04-01", "40.0")]


def test_a_bulk_write_costs_the_same_queries_for_ten_rows_as_for_five_hundred(
    analyst, department, team
):
    """No query per row: the lookups, the inserts in batches, one UPDATE run for every
    changed row, the plans and the audit lines."""
    from portfolio.capacity.services.demand_sync import demand_upsert

    for n in range(50):
        ProjectFactory(org_unit=department, external_id=f"P-{n}")

    START = {"W": dt.date(2060, 1, 1), "A": dt.date(2027, 1, 1), "B": dt.date(2040, 1, 1)}

    def queries(count: int, hours: str, prefix: str) -> int:
        rows = [
            {
                "external_id": f"{prefix}-{n}",
                "project": f"P-{n % 50}",
                "team": "ICT",
                "month": add_months(START[prefix], n // 50),
                "hours": Decimal(hours),
            }
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            demand_upsert(actor=Actor.api(analyst), rows=rows)
        return len(captured)

    queries(1, "1", "W")  # warm-up: content types
    created_few, created_many = queries(10, "8", "A"), queries(500, "8", "B")
    # 500 new rows take more insert batches on SQLite (999 parameters a query), no more.
    assert created_few <= created_many <= created_few + 500 * 8 // 999
    assert queries(10, "9", "A") == queries(500, "9", "B")  # updates: one statement run
    assert queries(500, "9", "B") == queries(10, "9", "A")  # unchanged: nothing written
