"""One answer from the permission layer on every page: out of sight is 404 (a whole area a
role may not see included), visible but not allowed is 403. Each page is run past the
trio (owner, colleague, outsider) and every role with tests/support/roles.py."""

import pytest
from django.urls import reverse

from tests.support.roles import answers, expect
from tests.support.world import build_world

pytestmark = pytest.mark.django_db

# Who reads the project of the owner (the trio's department) and who changes it.
SEES_PROJECT = expect(200, outsider=404, no_role_user=404)
CHANGES_PROJECT = expect(403, owner=200, analyst=200, outsider=404, no_role_user=404)
# The board's and the PMO's areas: roles that read the whole portfolio.
READS_PORTFOLIO = expect(404, board_member=200, analyst=200, administrator=200)


@pytest.fixture
def world(department, owner):
    return build_world(department, owner)


def test_project_pages(client, request, world):
    project = world["project"]
    pages = {
        project.get_absolute_url(): SEES_PROJECT,
        f"{project.get_absolute_url()}?tab=besluiten": SEES_PROJECT,
        world["report"].get_absolute_url(): SEES_PROJECT,
        reverse("status:org_unit_detail", args=[project.org_unit.code]): SEES_PROJECT,
        reverse("projects:project_edit", args=[project.code]): CHANGES_PROJECT,
        reverse("status:report_create", args=[project.code]) + "?periode=2026-11": CHANGES_PROJECT,
        reverse("governance:gate_propose", args=[project.code]): CHANGES_PROJECT,
        # Creating projects is the PMO's; the list itself is everyone's.
        reverse("projects:project_create"): expect(403, analyst=200),
        reverse("projects:project_list"): expect(200),
    }
    for url, expected in pages.items():
        assert answers(client, request, url) == expected, url


def test_dashboard_pages(client, request, world):
    """/dashboard/ opens one's own dashboard, or says none is set up yet; the
    organisation's is the board's; its beheer is the beheerder's and the PMO's."""
    from reporting.models import Scope

    organisation = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    pages = {
        reverse("reporting:dashboard"): expect(200, no_role_user=404),
        reverse("reporting:scope_dashboard", args=[organisation.pk]): READS_PORTFOLIO,
        reverse("reporting:scope_list"): expect(404, analyst=200, administrator=200),
        reverse("reporting:scope_edit", args=[organisation.pk]): expect(
            404, analyst=200, administrator=200
        ),
    }
    for url, expected in pages.items():
        assert answers(client, request, url) == expected, url


def test_board_and_afwegingskader_pages_are_out_of_a_projectleiders_sight(client, request, world):
    framework, scenario = world["framework"], world["scenario"]
    pages = [
        reverse("governance:meeting_list"),
        world["meeting"].get_absolute_url(),
        reverse("governance:decision_log"),
        reverse("status:overdue_reports"),
        reverse("assessment:framework_list"),
        reverse("assessment:framework_detail", args=[framework.pk]),
        reverse("assessment:score_grid", args=[framework.pk]),
        reverse("assessment:ranking", args=[framework.pk]),
        reverse("scenarios:scenario_list", args=[framework.pk]),
        reverse("scenarios:scenario_detail", args=[scenario.pk]),
        reverse("risks:resistance"),
        reverse("capacity:heatmap"),
        reverse("capacity:heatmap_export") + "?format=csv",
    ]
    for url in pages:
        assert answers(client, request, url) == READS_PORTFOLIO, url


def test_writes_in_an_area_one_may_read_are_403_and_out_of_sight_404(client, request, world):
    framework, scenario, meeting = world["framework"], world["scenario"], world["meeting"]
    analyst_only = expect(404, board_member=403, administrator=403, analyst=302)
    writes = {
        reverse("governance:meeting_prepare", args=[meeting.pk]): analyst_only,
        reverse("assessment:new_version", args=[framework.pk]): analyst_only,
        reverse("scenarios:scenario_solve", args=[scenario.pk]): analyst_only,
    }
    for url, expected in writes.items():
        assert answers(client, request, url, method="post") == expected, url
    # The weerstandsvermogen's forms: the board reads the page, the PMO-analist writes.
    forms = expect(404, board_member=403, administrator=403, analyst=200)
    for url in (reverse("risks:policy_edit"), reverse("risks:capacity_create")):
        assert answers(client, request, url) == forms, url
    # Adopting is the board's: the analyst reads the scenario but may not adopt it.
    adopt = reverse("scenarios:scenario_adopt", args=[scenario.pk])
    assert answers(
        client, request, adopt, method="post", who=("owner", "analyst", "administrator")
    ) == {"owner": 404, "analyst": 403, "administrator": 403}


def test_capacity_team_pages_and_a_projects_demand_grid(client, request, world):
    """The teams are everyone's to read and the PMO's to change; a project's demand grid
    is seen with the project and changed by who changes the project."""
    from tests.support.factories import TeamFactory

    team = TeamFactory(org_unit=world["department"])
    detail = reverse("capacity:team_detail", args=[team.code])
    for url in (reverse("capacity:team_list"), detail):
        assert answers(client, request, url) == expect(200), url
    clearing = {"onderdeel": "wissen", "wissen-version": "1", "wissen-month": "2027-01"}
    assert answers(client, request, detail, method="post", data=clearing) == expect(
        403, analyst=302
    )
    grid = reverse("capacity:demand_grid", args=[world["project"].code])
    assert answers(client, request, grid) == SEES_PROJECT
    adding = {"version": "1", "toevoegen": "1", "team": str(team.pk)}
    assert answers(client, request, grid, method="post", data=adding) == CHANGES_PROJECT
