"""Bad input the security review sent, which answered 500: each is now a field error (or
a page that ignores it) and changes nothing. From issue 10, item 10."""

import pytest
from django.urls import reverse

from portfolio.governance.models import BoardMeeting
from portfolio.scenarios.models import Scenario
from portfolio.status.models import StatusReport
from tests.support.factories import ProjectBudgetFactory, ProjectDocumentFactory, scored_framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf"])
def test_not_a_number_in_the_report_is_a_field_error(client, owner, project, value):
    ProjectBudgetFactory(project=project)
    client.force_login(owner)
    proposal = client.get(
        reverse("status:report_proposal", args=[project.code]),
        {"forecast_cost": value},
        headers={"HX-Request": "true"},
    )
    assert proposal.status_code == 200
    url = reverse("status:report_create", args=[project.code]) + "?periode=2026-11"
    response = client.post(
        url, {"progress_pct": "10", "forecast_cost": value, "periode": "2026-11"}
    )
    assert response.status_code == 422
    assert not StatusReport.objects.exists()


def test_not_a_number_sent_as_gate_benefits_is_ignored(client, owner, project):
    """The business case's benefits come from the benefit profiles, not from the post."""
    ProjectDocumentFactory(project=project, kind="overdracht")
    client.force_login(owner)
    response = client.post(
        reverse("governance:gate_propose", args=[project.code]),
        {"proposal": "Door", "benefits": "2027: NaN"},
    )
    assert response.status_code == 302
    assert project.gates.get().business_case.benefits == {}


def test_an_absurd_number_of_projects_and_scenario_ids_do_not_overflow(client, analyst, project):
    framework = scored_framework([project])
    client.force_login(analyst)
    response = client.post(
        reverse("scenarios:scenario_list", args=[framework.pk]),
        {"name": "Groot", "budget_2027": "1000", "max_projects": "99999999999999999999"},
    )
    assert response.status_code == 422
    assert not Scenario.objects.exists()
    compare = client.get(
        reverse("scenarios:scenario_compare", args=[framework.pk]), {"s": "99999999999999999999"}
    )
    assert compare.status_code == 200


def test_a_nul_character_in_a_search_is_harmless(client, analyst, project):
    framework = scored_framework([project])
    client.force_login(analyst)
    assert (
        client.get(reverse("assessment:score_grid", args=[framework.pk]), {"q": "\x00"}).status_code
        == 200
    )
    assert client.get(reverse("projects:project_list"), {"q": "a\x00b"}).status_code in (200, 422)


IMPLAUSIBLE = ["1999-12-31", "2101-01-01", "0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("value", IMPLAUSIBLE)
def test_a_date_outside_2000_to_2100_is_refused_with_a_message(
    client, owner, analyst, project, value
):
    """Planned dates, milestones, a report's forecast and a board meeting: a field
    error with the window in it, and nothing saved."""
    message = "Kies een datum tussen 2000 en 2100."
    client.force_login(owner)
    report = client.post(
        reverse("status:report_create", args=[project.code]) + "?periode=2026-11",
        {"progress_pct": "10", "forecast_end": value, "periode": "2026-11"},
    )
    assert report.status_code == 422 and message in report.text
    assert not StatusReport.objects.exists()

    client.force_login(analyst)
    milestone = client.post(
        reverse("projects:milestone_create", args=[project.code]),
        {"name": "Oplevering", "baseline_date": value, "reason": "Nieuwe planning"},
    )
    assert milestone.status_code == 422 and message in milestone.text
    assert not project.milestones.exists()
    meeting = client.post(
        reverse("governance:meeting_list"), {"title": "Portfolioraad", "date": value}
    )
    assert meeting.status_code == 422 and message in meeting.text
    assert not BoardMeeting.objects.exists()


def test_a_report_period_outside_2000_to_2100_is_not_found_with_its_reason(client, owner, project):
    client.force_login(owner)
    response = client.get(
        reverse("status:report_create", args=[project.code]), {"periode": "1999-12"}
    )
    assert response.status_code == 404
