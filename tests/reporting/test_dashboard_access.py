"""Who sees which dashboard (issue 15, item 6): the board and the PMO see every scope; a
projectleider the scopes of their own department (and below), and /dashboard/ takes them
there; without one a friendly page says the PMO can set it up; who has no role and no
department sees none. Run past the trio and every role with tests/support/roles.py."""

import pytest
from django.urls import reverse

from tests.support.factories import (
    OrgUnitFactory,
    ScopeFactory,
    SnapshotFactory,
    SnapshotRowFactory,
    organisation_scope,
    user_with_role,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

# The trio's department (Wegen) has a dashboard; the outsider's (Jeugd) has none.
DEPARTMENT = expect(200, outsider=404, no_role_user=404)
WHOLE = expect(404, board_member=200, analyst=200, administrator=200)


@pytest.fixture
def scopes(department):
    whole = organisation_scope()
    unit = ScopeFactory(org_unit=department, name="Dashboard Wegen")
    for scope in (whole, unit):
        SnapshotRowFactory(snapshot=SnapshotFactory(scope=scope), code=f"P-{scope.pk:03d}")
    return {"whole": whole, "unit": unit}


def scope_url(scope, name="reporting:scope_dashboard") -> str:
    return reverse(name, args=[scope.pk])


def test_each_dashboard_answers_who_may_see_it(client, request, scopes):
    for key, expected in (("unit", DEPARTMENT), ("whole", WHOLE)):
        scope = scopes[key]
        assert answers(client, request, scope_url(scope)) == expected, key
        drill = scope_url(scope) + "?domein=1"
        assert answers(client, request, drill, headers={"HX-Request": "true"}) == expected, key
        export = scope_url(scope, "reporting:rows_export") + "?format=csv"
        assert answers(client, request, export) == expected, key


def test_dashboard_takes_everyone_to_their_own_and_only_shows_what_they_may_see(
    client, request, scopes
):
    """No "not for you" page: the outsider, a projectleider whose department has no
    dashboard yet, is told the PMO can set one up; who has no place at all gets 404."""
    assert answers(client, request, reverse("reporting:dashboard")) == expect(200, no_role_user=404)
    whole, unit = scopes["whole"], scopes["unit"]
    expected = {
        "owner": (unit, [unit]),
        "colleague": (unit, [unit]),
        "board_member": (whole, [unit, whole]),
        "analyst": (whole, [unit, whole]),
        "administrator": (whole, [unit, whole]),
    }
    for name, (shown, listed) in expected.items():
        client.force_login(request.getfixturevalue(name))
        html = client.get(reverse("reporting:dashboard")).text
        assert f'<h1 class="utrecht-heading-1">Dashboard: {shown.name}</h1>' in html, name
        options = [s for s in (whole, unit) if f'<option value="{s.pk}"' in html]
        assert sorted(options, key=lambda s: s.pk) == sorted(listed, key=lambda s: s.pk), name
    client.force_login(request.getfixturevalue("outsider"))
    html = client.get(reverse("reporting:dashboard")).text
    assert "Er is nog geen dashboard voor Jeugd. Het PMO kan er een instellen" in html
    assert "pmo-tile" not in html


def test_the_scope_selector_refuses_a_scope_out_of_sight(client, owner, scopes):
    client.force_login(owner)
    chosen = reverse("reporting:dashboard") + "?dashboard="
    assert client.get(chosen + str(scopes["whole"].pk)).status_code == 404
    assert client.get(chosen + str(scopes["unit"].pk)).status_code == 302


def test_a_projectleider_higher_up_sees_the_dashboards_of_the_units_below(client, department):
    unit = ScopeFactory(org_unit=department)
    sideways = ScopeFactory(org_unit=OrgUnitFactory(parent=department.parent))
    elsewhere = ScopeFactory(org_unit=OrgUnitFactory())
    head = user_with_role("projectleider", org_unit=department.parent)
    client.force_login(head)
    assert client.get(scope_url(unit)).status_code == 200
    assert client.get(scope_url(sideways)).status_code == 200
    assert client.get(scope_url(elsewhere)).status_code == 404


def test_the_menu_offers_the_dashboard_to_who_can_have_one(client, request, scopes):
    dashboard = reverse("reporting:dashboard")
    shown = {}
    for name in ("owner", "outsider", "board_member", "analyst", "no_role_user"):
        client.force_login(request.getfixturevalue(name))
        shown[name] = f'href="{dashboard}"' in client.get(reverse("projects:project_list")).text
    assert shown == {
        "owner": True,
        "outsider": True,  # placed in a department: the page says the PMO can set one up
        "board_member": True,
        "analyst": True,
        "no_role_user": False,
    }


def test_only_the_pmo_is_offered_nu_bouwen(client, request, scopes):
    url = scope_url(scopes["unit"])
    offered = {}
    for name in ("owner", "board_member", "analyst", "administrator"):
        client.force_login(request.getfixturevalue(name))
        offered[name] = "Nu bouwen" in client.get(url).text
    assert offered == {
        "owner": False,
        "board_member": False,
        "analyst": True,
        "administrator": False,
    }
