"""Writes through the API go through the domain services: the same rules, the same
refusals (as problem details), audited with the channel API."""

import json

import pytest

from pmo.models import AuditEntry
from portfolio.projects.models import Project
from tests.support.factories import PortfolioFactory
from tests.support.roles import EVERYONE, expect

pytestmark = pytest.mark.django_db


def patch(client, url, body, etag):
    return client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)


def test_who_may_change_a_project(api_client, request, project):
    """The page's rule: the projectleider of the project and the PMO-analist; the
    colleague and the board see it but may not (403); the outsider does not see it."""
    url = f"/api/v1/projects/{project.pk}"
    expected = expect(403, owner=200, analyst=200, outsider=404, no_role_user=404)
    found = {}
    for name in expected:
        project.refresh_from_db()
        api_client.force_login(request.getfixturevalue(name))
        body = {"description": f"door {name}"}
        found[name] = patch(api_client, url, body, f'"{project.version}"').status_code
    assert found == expected


def test_who_may_create_a_project(api_client, request, department):
    """Creating a project is the PMO-analist's (as on the page), for everyone else 403."""
    portfolio = PortfolioFactory()
    found = {}
    for name in EVERYONE:
        api_client.force_login(request.getfixturevalue(name))
        body = {"code": f"API-{name[:3].upper()}", "name": "Via de API"}
        body |= {"portfolio": portfolio.pk, "org_unit": department.pk}
        found[name] = api_client.post(
            "/api/v1/projects", body, content_type="application/json"
        ).status_code
    assert found == expect(403, analyst=201)
    created = Project.objects.get(code="API-ANA")
    entry = AuditEntry.objects.get(object_id=created.pk, action="create")
    assert entry.source == "api"


def test_the_baseline_is_the_analysts_with_a_reason(api_client, owner, analyst, project):
    url = f"/api/v1/projects/{project.pk}"
    api_client.force_login(owner)
    refused = patch(api_client, url, {"planned_end": "2031-01-01"}, f'"{project.version}"')
    assert refused.status_code == 400
    assert [e["pointer"] for e in refused.json()["errors"]] == ["#/planned_end"]
    api_client.force_login(analyst)
    no_reason = patch(api_client, url, {"planned_end": "2031-01-01"}, f'"{project.version}"')
    assert [e["pointer"] for e in no_reason.json()["errors"]] == ["#/reason"]
    done = patch(
        api_client,
        url,
        {"planned_end": "2031-01-01", "reason": "Besluit raad 10-12"},
        f'"{project.version}"',
    )
    assert done.status_code == 200, done.content
    assert done.json()["planned_end"] == "2031-01-01"
    entry = AuditEntry.objects.filter(object_id=project.pk).latest("at")
    assert entry.source == "api" and "Besluit raad 10-12" in json.dumps(entry.changes)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"colour": "rood"}, "#/colour"),
        ({"statutory": "misschien"}, "#/statutory"),
        ({"planned_start": "1 januari"}, "#/planned_start"),
        ({"org_unit": 999999}, "#/org_unit"),
        ({"planned_start": "1850-01-01", "reason": "oud"}, "#/planned_start"),
    ],
)
def test_bad_input_is_400_with_the_field_and_nothing_written(
    api_client, analyst, project, body, pointer
):
    api_client.force_login(analyst)
    before = (project.version, AuditEntry.objects.count())
    response = patch(api_client, f"/api/v1/projects/{project.pk}", body, f'"{project.version}"')
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert pointer in [error["pointer"] for error in response.json()["errors"]]
    project.refresh_from_db()
    assert (project.version, AuditEntry.objects.count()) == before


def test_malformed_json_is_400(api_client, analyst, project):
    api_client.force_login(analyst)
    response = api_client.patch(
        f"/api/v1/projects/{project.pk}",
        '{"name": "half',
        content_type="application/json",
        HTTP_IF_MATCH=f'"{project.version}"',
    )
    assert response.status_code == 400
    assert response.json()["title"] == "Ongeldige invoer"


def test_an_english_caller_gets_english_problems(api_client, analyst, project):
    api_client.force_login(analyst)
    response = api_client.patch(
        f"/api/v1/projects/{project.pk}",
        {"colour": "rood"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{project.version}"',
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert response.json()["title"] == "Invalid input"
    assert "Unknown field" in response.json()["errors"][0]["detail"]


def test_the_projectleider_keeps_a_milestones_forecast(api_client, owner, colleague, project):
    from tests.support.factories import MilestoneFactory

    milestone = MilestoneFactory(project=project)
    url = f"/api/v1/milestones/{milestone.pk}"
    api_client.force_login(colleague)
    assert patch(api_client, url, {"forecast_date": "2026-07-01"}, '"1"').status_code == 403
    api_client.force_login(owner)
    done = patch(api_client, url, {"forecast_date": "2026-07-01"}, f'"{milestone.version}"')
    assert done.status_code == 200, done.content
    assert done.json()["forecast_date"] == "2026-07-01"
    baseline = patch(api_client, url, {"baseline_date": "2026-09-01"}, done["ETag"])
    assert baseline.status_code == 400


def test_a_status_report_is_made_and_submitted_as_on_the_page(api_client, owner, project):
    from portfolio.governance.models import AgendaItem
    from portfolio.status.models import StatusReport

    api_client.force_login(owner)
    body = {
        "project": project.pk,
        "period": "2026-11-01",
        "rag_time": "rood",
        "rag_cost": "groen",
        "rag_scope": "groen",
        "rag_quality": "groen",
        "rag_risk": "groen",
        "rag_benefits": "groen",
        "rag_overall": "rood",
        "progress_pct": 40,
        "explanations": {
            "time": {"cause": "Vergunning", "effect": "Drie maanden later", "measure": "Overleg"}
        },
    }
    created = api_client.post("/api/v1/status-reports", body, content_type="application/json")
    assert created.status_code == 201, created.content
    report = created.json()
    assert report["state"] == StatusReport.State.DRAFT and created["Location"].endswith(
        f"/{report['id']}"
    )
    twice = api_client.post("/api/v1/status-reports", body, content_type="application/json")
    assert twice.status_code == 409
    url = f"/api/v1/status-reports/{report['id']}/submit"
    stale = api_client.post(url, HTTP_IF_MATCH='"99"')
    assert stale.status_code == 412
    submitted = api_client.post(url, HTTP_IF_MATCH=created["ETag"])
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == StatusReport.State.SUBMITTED
    assert submitted.json()["rag_overall"] == "rood"
    # A red report beyond tolerance goes to the board as on the page.
    assert (
        AgendaItem.objects.filter(report_id=report["id"]).exists()
        == submitted.json()["is_exception"]
    )


def test_the_analyst_scores_and_a_stale_score_is_refused(
    api_client, analyst, board_member, project
):
    from tests.support.factories import scored_framework

    framework = scored_framework([project], published=False)
    criterion = framework.criteria.first()
    score = criterion.scores.get(project=project)
    url = f"/api/v1/scores/{score.pk}"
    api_client.force_login(board_member)
    assert patch(api_client, url, {"value": 2}, f'"{score.version}"').status_code == 403
    api_client.force_login(analyst)
    done = patch(api_client, url, {"value": 2, "justification": "API"}, f'"{score.version}"')
    assert done.status_code == 200, done.content
    assert done.json()["value"] == 2
    stale = patch(api_client, url, {"value": 3}, f'"{score.version}"')
    assert stale.status_code == 412


def test_a_scenario_is_made_solved_and_adopted(
    api_client, analyst, board_member, project, django_capture_on_commit_callbacks
):
    from tests.support.factories import scored_framework

    framework = scored_framework([project])
    api_client.force_login(analyst)
    body = {"framework": framework.pk, "name": "Via API", "budgets": {"2026": "5000000.00"}}
    with django_capture_on_commit_callbacks(execute=True):  # the solve runs after commit
        created = api_client.post("/api/v1/scenarios", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    result = api_client.get(f"/api/v1/scenarios/{pk}/result").json()
    assert result["state"] == "done" and "selected" in result["result"]
    etag = api_client.get(f"/api/v1/scenarios/{pk}")["ETag"]
    adopt = {"reasoning": "Past binnen de begroting"}
    url = f"/api/v1/scenarios/{pk}/adopt"
    refused = api_client.post(url, adopt, content_type="application/json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 403
    api_client.force_login(board_member)
    adopted = api_client.post(url, adopt, content_type="application/json", HTTP_IF_MATCH=etag)
    assert adopted.status_code == 200, adopted.content
    assert adopted.json()["adopted_by"] == board_member.pk
