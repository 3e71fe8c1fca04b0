"""The issue register on the API: raised and changed with the same rules as on the page;
the workflow and the decision are not fields to PATCH."""

import pytest

from risks.models import Issue
from tests.support.factories import IssueFactory, issue_type

pytestmark = pytest.mark.django_db
JSON = "application/json"


def body(project, **fields):
    return {
        "project": project.pk,
        "type": issue_type().pk,
        "title": "Leverancier levert later",
        "description": "De software komt drie maanden later.",
        "raised_on": "2026-10-01",
        **fields,
    }


def test_an_issue_is_raised_by_the_projectleader_and_refused_to_a_colleague(
    api_client, owner, colleague, project
):
    api_client.force_login(colleague)
    assert api_client.post("/api/v1/issues", body(project), content_type=JSON).status_code == 403
    api_client.force_login(owner)
    made = api_client.post("/api/v1/issues", body(project), content_type=JSON)
    assert made.status_code == 201
    row = made.json()
    assert (row["status"], row["level"], row["raised_by"]) == ("vastgelegd", "project", owner.pk)


def test_a_baseline_request_on_a_problem_is_a_field_error(api_client, owner, project):
    api_client.force_login(owner)
    refused = api_client.post(
        "/api/v1/issues", body(project, requested_end="2027-09-30"), content_type=JSON
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "#/requested_end"
    assert not Issue.objects.exists()


def test_a_change_needs_if_match_and_status_or_decision_are_not_fields(api_client, owner, project):
    issue = IssueFactory(project=project)
    api_client.force_login(owner)
    url = f"/api/v1/issues/{issue.pk}"
    etag = api_client.get(url)["ETag"]
    changed = api_client.patch(url, {"impact": "Later live"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["impact"] == "Later live"
    stale = api_client.patch(url, {"impact": "Nog later"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    etag = changed["ETag"]
    for field, value in (("status", "besloten"), ("decision", "goedgekeurd")):
        refused = api_client.patch(url, {field: value}, content_type=JSON, HTTP_IF_MATCH=etag)
        assert refused.status_code == 400, field
    issue.refresh_from_db()
    assert (issue.status, issue.decision, issue.impact) == ("vastgelegd", "", "Later live")


def test_the_issue_types_are_listed_with_the_request_for_change_marked(api_client, owner):
    api_client.force_login(owner)
    rows = api_client.get("/api/v1/issue-types").json()["results"]
    marked = {row["code"]: row["is_change_request"] for row in rows}
    assert marked["wijzigingsverzoek"] is True and marked["probleem"] is False


def test_the_list_filters_by_status_and_tolerance(api_client, analyst, project):
    IssueFactory(project=project, title="Gewoon")
    IssueFactory(project=project, title="Verzoek", change=True)
    api_client.force_login(analyst)
    rows = api_client.get("/api/v1/issues", {"beyond_tolerance": "true"}).json()["results"]
    assert [row["title"] for row in rows] == ["Verzoek"]
