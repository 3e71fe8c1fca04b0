"""Every resource, generated from the registry: who sees its rows, who sees its list,
whose write is refused how. One runner for all resources; a new resource joins by
naming its row in tests/support/api_world.py and its audience below."""

import pytest

from pmo.api.registry import discovered
from tests.support.api_world import build_api_world
from tests.support.roles import EVERYONE, answers, expect

pytestmark = pytest.mark.django_db
resources = discovered()

# Who may read a row, by the permission layer's three shapes.
SIGNED_IN = expect(200)
WITH_THE_PROJECT = expect(200, outsider=404, no_role_user=404)
BOARD_AREA = expect(200, owner=404, colleague=404, outsider=404, no_role_user=404)

AUDIENCE = {
    "org-units": SIGNED_IN,
    "portfolios": SIGNED_IN,
    "programmes": SIGNED_IN,
    "projects": WITH_THE_PROJECT,
    "budget-lines": WITH_THE_PROJECT,
    "milestones": WITH_THE_PROJECT,
    "status-reports": WITH_THE_PROJECT,
    "tolerances": WITH_THE_PROJECT,
    "gate-decisions": WITH_THE_PROJECT,
    "board-decisions": WITH_THE_PROJECT,
    "teams": SIGNED_IN,
    "team-months": SIGNED_IN,
    "demand": WITH_THE_PROJECT,
    "board-meetings": BOARD_AREA,
    "frameworks": BOARD_AREA,
    "objectives": BOARD_AREA,
    "criteria": BOARD_AREA,
    "judgements": BOARD_AREA,
    "scores": BOARD_AREA,
    "scenarios": BOARD_AREA,
    # A dashboard of an org unit is seen by its projectleiders and who reads everything.
    "dashboards": WITH_THE_PROJECT,
    "snapshots": WITH_THE_PROJECT,
    "snapshot-rows": WITH_THE_PROJECT,
    "benefits": WITH_THE_PROJECT,
    "benefit-contributions": WITH_THE_PROJECT,
    "benefit-plan-points": WITH_THE_PROJECT,
    "measurements": WITH_THE_PROJECT,
    # A map is seen by its programme's manager and whoever sees a project on it.
    "benefit-maps": WITH_THE_PROJECT,
    "map-nodes": WITH_THE_PROJECT,
    "map-links": WITH_THE_PROJECT,
    "risks": WITH_THE_PROJECT,
    "risk-actions": WITH_THE_PROJECT,
    "issues": WITH_THE_PROJECT,
    "issue-types": SIGNED_IN,
    "stakeholders": WITH_THE_PROJECT,
    "stakeholder-actions": WITH_THE_PROJECT,
    "capacity-statements": BOARD_AREA,
    "capacity-components": BOARD_AREA,
    "simulations": BOARD_AREA,
    "reviews": WITH_THE_PROJECT,
    "lessons": SIGNED_IN,
    "value-canvases": WITH_THE_PROJECT,
    # An OKR is seen by its owner and whoever sees a project it is linked to.
    "okrs": WITH_THE_PROJECT,
    "key-results": WITH_THE_PROJECT,
}


@pytest.fixture
def rows(department, owner, analyst):
    return build_api_world(department, owner, analyst)


def test_every_resource_has_an_audience_and_a_row(rows):
    assert set(AUDIENCE) == set(resources) == set(rows)


@pytest.mark.parametrize("path", sorted(AUDIENCE))
def test_a_row_is_seen_by_its_audience_only(api_client, request, rows, path):
    """Outside one's sight is 404, for the row and for its history alike."""
    detail = f"/api/v1/{path}/{rows[path]}"
    assert answers(api_client, request, detail) == AUDIENCE[path]
    assert answers(api_client, request, f"{detail}/history") == AUDIENCE[path]


@pytest.mark.parametrize("path", sorted(AUDIENCE))
def test_a_list_holds_the_row_for_its_audience(api_client, request, rows, path):
    """A list shows each user what they may see; a whole area out of sight is 404."""
    seen, statuses = {}, {}
    for name in EVERYONE:
        api_client.force_login(request.getfixturevalue(name))
        response = api_client.get(f"/api/v1/{path}", {"page_size": 1000})
        statuses[name] = response.status_code
        if response.status_code == 200:
            seen[name] = rows[path] in {row["id"] for row in response.json()["results"]}
    area_out = {name for name, code in AUDIENCE[path].items() if code == 404}
    if path in ("teams", "board-meetings", "frameworks") or (resources[path].area is not None):
        assert statuses == {n: 404 if n in area_out else 200 for n in EVERYONE}
    else:
        assert statuses == dict.fromkeys(EVERYONE, 200)
        assert seen == {n: n not in area_out for n in EVERYONE}


# The resources whose rows are removed through the API (a month's exception to a team).
DELETES = {"team-months"}


def test_only_the_named_resources_take_delete():
    assert {path for path, r in resources.items() if hasattr(r, "destroy")} == DELETES


@pytest.mark.parametrize("path", sorted(AUDIENCE))
def test_no_resource_takes_a_method_it_does_not_name(api_client, analyst, rows, path):
    """405 with an Allow header for a method a resource has not (Dutch API rule): DELETE
    where a resource removes nothing, PUT everywhere (a change is a PATCH)."""
    api_client.force_login(analyst)
    url = f"/api/v1/{path}/{rows[path]}"
    response = api_client.put(url) if path in DELETES else api_client.delete(url)
    assert response.status_code == 405
    assert ("DELETE" in response["Allow"]) == (path in DELETES)
    assert "PUT" not in response["Allow"]
    assert "GET" in response["Allow"]


def test_signed_out_is_401_with_a_bearer_challenge(api_client, rows):
    response = api_client.get("/api/v1/projects")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Content-Type"] == "application/problem+json"
