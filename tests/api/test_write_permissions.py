"""Every write of every resource, generated from the registry, for the trio and each
role: 404 out of sight, 403 visible but not allowed, and the one who may gets through.
A refused write changes nothing (the row's ETag is the same afterwards)."""

import pytest

from pmo.api.registry import discovered
from tests.support.api_world import build_api_world
from tests.support.roles import EVERYONE, expect

pytestmark = pytest.mark.django_db
resources = discovered()

# A harmless change per writable resource, and who may make it.
CHANGES = {
    "projects": ({"description": "via de API"}, expect(403, owner=200, analyst=200)),
    "milestones": ({"forecast_date": "2026-07-01"}, expect(403, owner=200, analyst=200)),
    "status-reports": ({"achievements": "via de API"}, expect(403, owner=400, analyst=400)),
    "scores": ({"justification": "via de API"}, expect(403, analyst=200)),
    # Teams and their exceptions per month: whoever keeps the teams (the PMO-analist).
    "teams": ({"name": "via de API"}, expect(403, analyst=200)),
    "team-months": ({"note": "via de API"}, expect(403, analyst=200)),
    # The projectleider of a contributing project and the PMO-analist change a profile.
    "benefits": ({"data_source": "via de API"}, expect(403, owner=200, analyst=200)),
    # The programme's manager (the owner here) and the PMO-analist draw a map.
    "benefit-maps": ({"description": "via de API"}, expect(403, owner=200, analyst=200)),
    # A project's risk: its projectleider and the PMO-analist.
    "risks": ({"effect": "via de API"}, expect(403, owner=200, analyst=200)),
    # A project's issue: as its risks.
    "issues": ({"impact": "via de API"}, expect(403, owner=200, analyst=200)),
    # A project's stakeholder: as its risks.
    "stakeholders": ({"notes": "via de API"}, expect(403, owner=200, analyst=200)),
    # A review and a canvas follow their project; a lesson its author and the PMO-analist.
    "reviews": ({"summary": "via de API"}, expect(403, owner=200, analyst=200)),
    "value-canvases": ({"partners": "via de API"}, expect(403, owner=200, analyst=200)),
    "lessons": ({"title": "via de API"}, expect(403, owner=200, analyst=200)),
    # An OKR and its key results: their owner and the PMO-analist.
    "okrs": ({"description": "via de API"}, expect(403, owner=200, analyst=200)),
    "key-results": ({"current_value": "12"}, expect(403, owner=200, analyst=200)),
}
# Who does not even see the row (404 instead of 403).
OUT_OF_SIGHT = {
    "projects": ("outsider", "no_role_user"),
    "milestones": ("outsider", "no_role_user"),
    "status-reports": ("outsider", "no_role_user"),
    "scores": ("owner", "colleague", "outsider", "no_role_user"),
    "teams": (),
    "team-months": (),
    "benefits": ("outsider", "no_role_user"),
    "benefit-maps": ("outsider", "no_role_user"),
    "risks": ("outsider", "no_role_user"),
    "issues": ("outsider", "no_role_user"),
    "stakeholders": ("outsider", "no_role_user"),
    "reviews": ("outsider", "no_role_user"),
    "value-canvases": ("outsider", "no_role_user"),
    "lessons": (),
    "okrs": ("outsider", "no_role_user"),
    "key-results": ("outsider", "no_role_user"),
}


def test_every_writable_resource_is_listed_here():
    writable = {path for path, r in resources.items() if hasattr(r, "partial_update")}
    assert writable == set(CHANGES)


@pytest.mark.parametrize("path", sorted(CHANGES))
def test_who_may_change_a_row(api_client, request, department, owner, analyst, path):
    """The status report of the world is submitted: a change is refused for its content
    (400), not for the rights, for those who may write reports of the project."""
    rows = build_api_world(department, owner, analyst)
    url = f"/api/v1/{path}/{rows[path]}"
    body, allowed = CHANGES[path]
    expected = {name: 404 if name in OUT_OF_SIGHT[path] else allowed[name] for name in EVERYONE}
    found = {}
    for name in EVERYONE:
        api_client.force_login(analyst)
        etag = api_client.get(url)["ETag"]
        api_client.force_login(request.getfixturevalue(name))
        response = api_client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=etag)
        found[name] = response.status_code
        if response.status_code >= 400:
            api_client.force_login(analyst)
            assert api_client.get(url)["ETag"] == etag, name  # nothing was written
    assert found == expected
