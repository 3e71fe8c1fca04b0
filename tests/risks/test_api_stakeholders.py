"""The stakeholder register on the API: recorded and changed with the same rules as on
the page (derived strategy, classes 1–5, who may, If-Match), its actions read and added."""

import pytest

from risks.models import Stakeholder, StakeholderAction
from tests.support.factories import StakeholderActionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
BODY = {"name": "Gemeenteraad", "organisation": "Gemeente Lindenhoven", "power": 5, "interest": 3}
JSON = "application/json"


def test_a_stakeholder_is_recorded_by_the_projectleader_and_refused_to_a_colleague(
    api_client, owner, colleague, project
):
    body = {**BODY, "project": project.pk}
    api_client.force_login(colleague)
    assert api_client.post("/api/v1/stakeholders", body, content_type=JSON).status_code == 403
    api_client.force_login(owner)
    made = api_client.post("/api/v1/stakeholders", body, content_type=JSON)
    assert made.status_code == 201
    row = made.json()
    assert (row["strategy"], row["level"], row["project"]) == (
        "nauw-betrekken",
        "project",
        project.pk,
    )
    assert made["Location"].endswith(f"/api/v1/stakeholders/{row['id']}")


def test_power_off_the_scale_is_a_field_error_and_nothing_is_saved(api_client, owner, project):
    api_client.force_login(owner)
    body = {**BODY, "project": project.pk, "power": 6}
    refused = api_client.post("/api/v1/stakeholders", body, content_type=JSON)
    assert refused.status_code == 400
    assert [error["pointer"] for error in refused.json()["errors"]] == ["#/power"]
    assert not Stakeholder.objects.exists()


def test_a_change_needs_the_current_etag_and_the_strategy_follows(api_client, owner, project):
    stakeholder = StakeholderFactory(project=project, power=2, interest=4, strategy="informeren")
    url = f"/api/v1/stakeholders/{stakeholder.pk}"
    api_client.force_login(owner)
    etag = api_client.get(url)["ETag"]
    changed = api_client.patch(url, {"power": 4}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert (changed.json()["strategy"], changed.json()["version"]) == ("nauw-betrekken", 2)
    stale = api_client.patch(url, {"power": 1}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    stakeholder.refresh_from_db()
    assert stakeholder.power == 4


def test_the_list_filters_as_the_register_does(api_client, analyst, project):
    StakeholderFactory(project=project, attitude="kritisch", name="Waterschap")
    StakeholderFactory(project=project, attitude="positief")
    api_client.force_login(analyst)
    rows = api_client.get("/api/v1/stakeholders", {"attitude": "kritisch"}).json()["results"]
    assert [row["name"] for row in rows] == ["Waterschap"]


def test_an_action_is_added_to_a_stakeholder_one_may_change(
    api_client, owner, colleague, outsider, project
):
    stakeholder = StakeholderFactory(project=project)
    body = {"stakeholder": stakeholder.pk, "description": "Nieuwsbrief", "due_on": "2026-12-20"}
    api_client.force_login(outsider)
    assert (
        api_client.post("/api/v1/stakeholder-actions", body, content_type=JSON).status_code == 404
    )
    api_client.force_login(colleague)
    assert (
        api_client.post("/api/v1/stakeholder-actions", body, content_type=JSON).status_code == 403
    )
    api_client.force_login(owner)
    made = api_client.post("/api/v1/stakeholder-actions", body, content_type=JSON)
    assert made.status_code == 201
    assert (made.json()["stakeholder"], made.json()["done_on"]) == (stakeholder.pk, None)
    assert StakeholderAction.objects.get().description == "Nieuwsbrief"


def test_actions_are_read_with_their_stakeholder(api_client, colleague, outsider, project):
    action = StakeholderActionFactory(stakeholder=StakeholderFactory(project=project))
    api_client.force_login(colleague)
    listed = api_client.get("/api/v1/stakeholder-actions", {"stakeholder": action.stakeholder_id})
    assert [row["id"] for row in listed.json()["results"]] == [action.pk]
    api_client.force_login(outsider)
    assert api_client.get(f"/api/v1/stakeholder-actions/{action.pk}").status_code == 404
