"""Baselines and closing a project: the board at a gate, or the PMO-analist with a reason.

The projectleider changes forecasts (in the report), never the planned dates, the budget
or the project's closing status; the tolerances measure forecast against baseline.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from portfolio.projects import services
from portfolio.projects.models import LifecycleStatus, ProjectBudget
from tests.portfolio.projects.test_views import edit_url, form_data
from tests.support.factories import ProjectBudgetFactory

pytestmark = pytest.mark.django_db
LATER = dt.date(2027, 12, 31)


def update(user, project, reason="", **fields):
    return services.project_update(
        actor=Actor.screen(user),
        project=project,
        expected_version=project.version,
        reason=reason,
        **fields,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"planned_end": LATER},
        {"planned_start": dt.date(2025, 6, 1)},
        {"status": LifecycleStatus.COMPLETED},
        {"status": LifecycleStatus.CANCELLED},
        {"statutory": True},  # it would force the project into every scenario
    ],
)
def test_the_projectleider_cannot_move_the_baseline_or_close_the_project(owner, project, fields):
    with pytest.raises(ValidationError) as refused:
        update(owner, project, reason="Ik wil meer tijd", **fields)
    assert set(refused.value.message_dict) == set(fields)
    project.refresh_from_db()
    assert project.version == 1 and project.planned_end == dt.date(2027, 6, 30)


def test_the_projectleider_still_changes_what_is_theirs(owner, project):
    updated = update(owner, project, name="Ringweg Noord", status=LifecycleStatus.ON_HOLD)
    assert updated.name == "Ringweg Noord" and updated.status == LifecycleStatus.ON_HOLD


def test_the_analyst_changes_the_baseline_only_with_a_reason_that_is_audited(analyst, project):
    with pytest.raises(ValidationError) as refused:
        update(analyst, project, planned_end=LATER)
    assert list(refused.value.message_dict) == ["reason"]
    updated = update(analyst, project, reason="Herplanning na bezwaar", planned_end=LATER)
    assert updated.planned_end == LATER
    changes = audit_entries_for(project).first().changes
    assert changes["reden"] == ["", "Herplanning na bezwaar"]
    assert "planned_end" in changes


def test_reopening_a_closed_project_is_guarded_too(owner, analyst, project):
    update(analyst, project, reason="Opgeleverd", status=LifecycleStatus.COMPLETED)
    project.refresh_from_db()
    with pytest.raises(ValidationError):
        update(owner, project, status=LifecycleStatus.ACTIVE)


def test_closing_dates_the_project_and_reopening_clears_the_date(analyst, project):
    """The review after closure counts from `closed_on`; a reopened project has none."""
    closed = update(analyst, project, reason="Opgeleverd", status=LifecycleStatus.COMPLETED)
    assert closed.closed_on == timezone.localdate()
    other_closed = update(analyst, closed, reason="Toch gestopt", status=LifecycleStatus.CANCELLED)
    assert other_closed.closed_on == closed.closed_on  # still closed: the first date stays
    reopened = update(analyst, other_closed, reason="Heropend", status=LifecycleStatus.ACTIVE)
    assert reopened.closed_on is None


def test_the_budget_baseline_is_the_analysts_with_a_reason(owner, analyst, project):
    ProjectBudgetFactory(project=project, year=2026, amount=Decimal("100000"))
    with pytest.raises(ValidationError):
        services.budget_set(
            actor=Actor.screen(owner),
            project=project,
            expected_version=1,
            amounts={2026: Decimal("900000")},
            reason="Meer nodig",
        )
    with pytest.raises(ValidationError):
        services.budget_set(
            actor=Actor.screen(analyst),
            project=project,
            expected_version=1,
            amounts={2026: Decimal("900000")},
            reason="",
        )
    services.budget_set(
        actor=Actor.screen(analyst),
        project=project,
        expected_version=1,
        amounts={2026: Decimal("120000"), 2027: Decimal("50000")},
        reason="Raadsbesluit aanvullend krediet",
    )
    amounts = dict(ProjectBudget.objects.filter(project=project).values_list("year", "amount"))
    assert amounts == {2026: Decimal("120000"), 2027: Decimal("50000")}
    project.refresh_from_db()
    assert project.version == 2
    entry = audit_entries_for(project).first()
    assert entry.changes["reden"][1] == "Raadsbesluit aanvullend krediet"
    assert entry.changes["budget 2026"] == ["€ 100.000,00", "€ 120.000,00"]


def test_the_edit_form_shows_the_baseline_to_the_projectleider_without_letting_them_change_it(
    client, owner, project
):
    client.force_login(owner)
    page = client.get(edit_url(project)).text
    assert re.search(r'<input[^>]*name="planned_end"[^>]*disabled', page)
    assert 'value="afgerond"' not in page and 'value="gestopt"' not in page
    response = client.post(edit_url(project), form_data(project, planned_end="2027-12-31"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.planned_end == dt.date(2027, 6, 30)  # the disabled field kept its value


def test_the_analyst_sees_the_reason_field_and_needs_it(client, analyst, project):
    client.force_login(analyst)
    assert 'name="reason"' in client.get(edit_url(project)).text
    response = client.post(edit_url(project), form_data(project, planned_end="2027-12-31"))
    assert response.status_code == 422
    assert "Geef de reden" in response.text
    response = client.post(
        edit_url(project), form_data(project, planned_end="2027-12-31", reason="Herplanning")
    )
    assert response.status_code == 302


def test_the_admin_asks_the_reason_instead_of_failing(admin_client, project):
    url = reverse("admin:portfolio_project_change", args=[project.pk])
    data = {**form_data(project, planned_end="2027-12-31"), "version": project.version}
    response = admin_client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 200
    assert "Geef de reden" in response.text
    project.refresh_from_db()
    assert project.planned_end == dt.date(2027, 6, 30)


def test_budget_page_for_the_analyst_only(client, owner, colleague, outsider, analyst, project):
    """Owner and colleague may see the project but not change its budget; the outsider
    does not see it at all."""
    url = reverse("projects:budget_edit", args=[project.code])
    for user, expected in [(outsider, 404), (colleague, 403), (owner, 403), (analyst, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    page = client.get(url).text
    assert 'name="year_2026"' in page and 'name="year_2027"' in page
    response = client.post(url, {"version": 1, "year_2026": "90000", "reason": ""})
    assert response.status_code == 422
    response = client.post(url, {"version": 1, "year_2026": "90000", "reason": "Krediet"})
    assert response.status_code == 302
    assert project.budgets.get(year=2026).amount == Decimal("90000")
    stale = client.post(url, {"version": 1, "year_2026": "95000", "reason": "Nog eens"})
    assert stale.status_code == 409


def test_a_phase_change_in_the_admin_is_a_field_error_not_a_500(admin_client, project):
    url = reverse("admin:portfolio_project_change", args=[project.pk])
    data = {**form_data(project, phase="nazorg"), "version": project.version}
    response = admin_client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 200
    assert "beslisdocument" in response.text
    project.refresh_from_db()
    assert project.phase == "realisatie"
