"""Milestones on the Mijlpalen tab: the projectleider keeps forecast and actual dates
(htmx row, versioned, audited); name and baseline date follow the baseline rule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from portfolio.projects import services
from portfolio.projects.models import Milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(project):
    return Milestone.objects.create(
        project=project, name="Gunning", baseline_date=dt.date(2027, 3, 1)
    )


def edit_url(milestone):
    return reverse("projects:milestone_edit", args=[milestone.project.code, milestone.pk])


def test_the_projectleider_keeps_forecast_and_actual_but_not_the_baseline(owner, milestone):
    updated = services.milestone_update(
        actor=Actor.screen(owner),
        milestone=milestone,
        expected_version=1,
        forecast_date=dt.date(2027, 4, 1),
    )
    assert (updated.forecast_date, updated.version) == (dt.date(2027, 4, 1), 2)
    assert audit_entries_for(milestone).first().changes["forecast_date"][1] == "2027-04-01"
    with pytest.raises(ValidationError) as refused:
        services.milestone_update(
            actor=Actor.screen(owner),
            milestone=updated,
            expected_version=2,
            baseline_date=dt.date(2027, 6, 1),
            reason="Later",
        )
    assert "baseline_date" in refused.value.message_dict
    with pytest.raises(ValidationError):  # not achieved in the future
        services.milestone_update(
            actor=Actor.screen(owner),
            milestone=updated,
            expected_version=2,
            actual_date=dt.date(2027, 1, 1),
        )


def test_a_stale_milestone_edit_is_refused_naming_who_changed_it(owner, analyst, milestone):
    services.milestone_update(
        actor=Actor.screen(analyst),
        milestone=milestone,
        expected_version=1,
        baseline_date=dt.date(2027, 5, 1),
        reason="Herplanning aanbesteding",
    )
    with pytest.raises(StaleError) as stale:
        services.milestone_update(
            actor=Actor.screen(owner),
            milestone=milestone,
            expected_version=1,
            forecast_date=dt.date(2027, 4, 1),
        )
    assert str(analyst) in stale.value.message()


def test_the_tab_edits_a_row_in_place_with_htmx(client, owner, milestone):
    client.force_login(owner)
    tab = client.get(milestone.project.get_absolute_url() + "?tab=mijlpalen").text
    assert edit_url(milestone) in tab
    editor = client.get(edit_url(milestone), headers={"HX-Request": "true"})
    assert editor.text.lstrip().startswith('<tr class="utrecht-table__row pmo-editing"')
    assert "disabled" in editor.text.split('name="baseline_date"')[1].split(">")[0]
    row = client.post(
        edit_url(milestone),
        {"forecast_date": "2027-03-20", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert row.status_code == 200 and "<form" not in row.text
    assert "19" in row.text  # 19 days' slip in its row
    milestone.refresh_from_db()
    assert milestone.forecast_date == dt.date(2027, 3, 20)


def test_without_javascript_the_row_is_a_page_and_errors_are_422(client, owner, milestone):
    client.force_login(owner)
    assert "<html" in client.get(edit_url(milestone)).text
    response = client.post(edit_url(milestone), {"actual_date": "2030-01-01", "version": 1})
    assert response.status_code == 422
    assert "toekomst" in response.text
    stale = client.post(edit_url(milestone), {"forecast_date": "2027-03-02", "version": 0})
    assert stale.status_code == 409
    ok = client.post(edit_url(milestone), {"forecast_date": "2027-03-02", "version": 1})
    assert ok.status_code == 302


def test_who_may_edit_and_add_milestones(client, owner, colleague, outsider, analyst, milestone):
    """Owner edits; colleague sees the project but not to change it; outsider sees
    nothing; only the analyst adds a milestone (a new baseline)."""
    add = reverse("projects:milestone_create", args=[milestone.project.code])
    for user, edit_status, add_status in [
        (outsider, 404, 404),
        (colleague, 403, 403),
        (owner, 200, 403),
        (analyst, 200, 200),
    ]:
        client.force_login(user)
        assert client.get(edit_url(milestone)).status_code == edit_status, user
        assert client.get(add).status_code == add_status, user
    response = client.post(
        add, {"name": "Oplevering", "baseline_date": "2027-06-01", "reason": "Nieuwe fase"}
    )
    assert response.status_code == 302
    assert Milestone.objects.filter(name="Oplevering").exists()


def test_milestones_can_be_looked_up_in_the_admin(admin_client, milestone):
    response = admin_client.get(reverse("admin:portfolio_milestone_changelist"))
    assert response.status_code == 200 and "Gunning" in response.text


def test_milestone_changes_appear_in_the_projects_history(client, owner, milestone):
    services.milestone_update(
        actor=Actor.screen(owner),
        milestone=milestone,
        expected_version=1,
        forecast_date=dt.date(2027, 4, 1),
    )
    client.force_login(owner)
    history = client.get(milestone.project.get_absolute_url() + "?tab=historie").text
    assert "Mijlpaal <em>Gunning</em>" in history and "Prognosedatum" in history
