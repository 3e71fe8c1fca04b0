"""Incremental sync: `updated_since` finds what changed, `/deletions` what went, cursor
pages walk a list once, `external_id` finds a row, and every list answers CSV."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone

from pmo.actors import Actor
from portfolio.projects.models import ProjectBudget
from portfolio.projects.services import budget_set
from tests.support.factories import ProjectBudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def all_pages(client, url, **params):
    rows, response = [], client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])


def test_updated_since_finds_only_what_changed(api_client, analyst, department):
    projects = ProjectFactory.create_batch(5, org_unit=department)
    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later + dt.timedelta(minutes=5)):
        api_client.force_login(analyst)
        target = projects[2]
        response = api_client.patch(
            f"/api/v1/projects/{target.pk}",
            {"description": "gewijzigd"},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{target.version}"',
        )
        assert response.status_code == 200
        rows = all_pages(api_client, "/api/v1/projects", updated_since=later.isoformat())
    assert [row["id"] for row in rows] == [target.pk]


@pytest.mark.parametrize(
    ("since", "found"),
    [
        ("0805-02-27T05:59:02+17:28", 1),  # an offset PostgreSQL does not take (was a 500)
        ("2026-11-30T23:00:00-13:45", 0),
        ("9999-12-31T23:00:00-05:00", 0),  # past the last moment there is, in UTC
        ("0001-01-01T00:30:00+01:00", 1),
    ],
)
def test_any_offset_iso_allows_is_compared_in_utc(api_client, analyst, project, since, found):
    api_client.force_login(analyst)
    for path in ("projects", "deletions"):
        response = api_client.get(f"/api/v1/{path}", {"updated_since": since})
        assert response.status_code == 200, (path, response.content)
    rows = api_client.get("/api/v1/projects", {"updated_since": since}).json()["results"]
    assert len(rows) == found


def test_a_write_around_save_still_counts_as_a_change(department):
    """A queryset update() (the services' version bumps, job states) moves updated_at."""
    from portfolio.projects.models import Project

    project = ProjectFactory(org_unit=department)
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        Project.objects.filter(pk=project.pk).update(description="x")
        project.refresh_from_db()
        assert project.updated_at > timezone.now() - dt.timedelta(minutes=1)


def test_deletions_tell_what_went(api_client, analyst, project):
    line = ProjectBudgetFactory(project=project, year=2027)
    since = timezone.now()
    budget_set(
        actor=Actor.screen(analyst),
        project=project,
        expected_version=project.version,
        amounts={2027: None},
        reason="Budget vervalt",
    )
    assert not ProjectBudget.objects.filter(pk=line.pk).exists()
    api_client.force_login(analyst)
    rows = all_pages(
        api_client, "/api/v1/deletions", resource="budget-lines", updated_since=since.isoformat()
    )
    assert [(row["resource"], row["object_id"]) for row in rows] == [("budget-lines", line.pk)]


def test_deletions_of_an_area_out_of_sight_are_not_listed(api_client, owner, analyst):
    from tests.support.factories import BoardMeetingFactory

    BoardMeetingFactory().delete()
    api_client.force_login(analyst)
    rows = all_pages(api_client, "/api/v1/deletions")
    assert [r["resource"] for r in rows] == ["board-meetings"]
    api_client.force_login(owner)
    assert all_pages(api_client, "/api/v1/deletions") == []


def test_cursor_pages_walk_the_list_once(api_client, analyst, department):
    made = {p.pk for p in ProjectFactory.create_batch(7, org_unit=department)}
    api_client.force_login(analyst)
    rows = all_pages(api_client, "/api/v1/projects", page_size=3)
    assert [row["id"] for row in rows] == sorted(made)
    capped = api_client.get("/api/v1/projects", {"page_size": 5000})
    assert capped.status_code == 200


def test_a_row_is_found_by_its_external_id(api_client, analyst, department):
    ProjectFactory(org_unit=department, external_id="FIN-4711")
    ProjectFactory(org_unit=department, external_id="FIN-4712")
    api_client.force_login(analyst)
    rows = api_client.get("/api/v1/projects", {"external_id": "FIN-4711"}).json()["results"]
    assert [row["external_id"] for row in rows] == ["FIN-4711"]


def test_the_overviews_filters_hold_in_the_api(api_client, analyst, department, other_department):
    inside = ProjectFactory(org_unit=department, phase="realisatie")
    ProjectFactory(org_unit=other_department, phase="realisatie")
    ProjectFactory(org_unit=department, phase="initiatief")
    api_client.force_login(analyst)
    rows = api_client.get(
        "/api/v1/projects", {"org_unit": department.parent_id, "phase": "realisatie"}
    ).json()["results"]
    assert [row["id"] for row in rows] == [inside.pk]
    refused = api_client.get("/api/v1/projects", {"phase": "klaar"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "#/phase"


def test_a_list_answers_csv_for_excel(api_client, analyst, department):
    ProjectFactory(org_unit=department, name='=HYPERLINK("http://x")', code="CSV-001")
    ProjectFactory.create_batch(2, org_unit=department)
    api_client.force_login(analyst)
    response = api_client.get("/api/v1/projects", {"format": "csv", "page_size": 2})
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="next"' in response["Link"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[0]["code"] == "CSV-001"
    assert rows[0]["name"].startswith("'=")
    empty = api_client.get("/api/v1/projects", {"format": "csv", "phase": "nazorg"})
    assert empty.content.decode("utf-8-sig").splitlines()[0].startswith("id,code,name")


@pytest.mark.parametrize("path", ["/api/v1/deletions", "/api/v1/projects"])
def test_a_refused_csv_request_answers_a_json_problem(api_client, analyst, path):
    """Found by schemathesis: the CSV renderer wrote the problem as a CSV table."""
    api_client.force_login(analyst)
    response = api_client.get(path, {"format": "csv", "updated_since": "gisteren"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["pointer"] == "#/updated_since"
