"""Pages of the issue register: the trio and every role, bad input answered with field
errors and nothing saved, a step in the workflow, the decision page showing the baseline
change and the board applying it, escalation, and the export with its filters."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from risks.models import Issue
from tests.support.factories import IssueFactory, ProjectBudgetFactory, issue_type
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

POSTED = {
    "title": "Leverancier levert later",
    "description": "De software komt drie maanden later.",
    "severity": "2",
    "raised_on": "2026-10-01",
}


def test_who_sees_and_who_changes_a_projects_issue(client, request, project):
    """Seen with the project; changed by its projectleider and the PMO-analist."""
    issue = IssueFactory(project=project)
    assert answers(client, request, issue.get_absolute_url()) == expect(
        200, outsider=404, no_role_user=404
    )
    edit = reverse("risks:issue_edit", args=[issue.pk])
    assert answers(client, request, edit) == expect(
        403, owner=200, analyst=200, outsider=404, no_role_user=404
    )
    assert set(answers(client, request, reverse("risks:issue_list")).values()) == {200}
    assert answers(client, request, reverse("risks:issue_create")) == expect(
        403, owner=200, analyst=200
    )


def test_who_decides(client, request, project):
    """Within tolerance whoever changes the issue and the board; a request for change
    beyond it only the board."""
    within = IssueFactory(project=project, status="voorgesteld", proposal="Zo")
    url = reverse("risks:issue_decide", args=[within.pk])
    assert answers(client, request, url) == expect(
        403, owner=200, analyst=200, board_member=200, outsider=404, no_role_user=404
    )
    beyond = IssueFactory(project=project, change=True, status="voorgesteld")
    url = reverse("risks:issue_decide", args=[beyond.pk])
    assert answers(client, request, url) == expect(
        403, board_member=200, outsider=404, no_role_user=404
    )


def test_the_projectleider_raises_an_issue_and_bad_input_is_a_field_error(client, owner, project):
    client.force_login(owner)
    url = reverse("risks:issue_create")
    body = {**POSTED, "project": project.pk, "type": issue_type().pk}
    refused = client.post(url, {**body, "requested_end": "2027-09-30"})
    assert refused.status_code == 422
    assert "Alleen een wijzigingsverzoek" in refused.content.decode()
    assert client.post(url, {**body, "title": ""}).status_code == 422
    assert not Issue.objects.exists()
    made = client.post(url, body)
    assert made.status_code == 302
    issue = Issue.objects.get()
    assert (issue.project, issue.status, issue.raised_by) == (project, "vastgelegd", owner)


def test_a_stale_edit_is_refused_and_names_the_change(client, owner, analyst, project):
    issue = IssueFactory(project=project)
    client.force_login(analyst)
    edit = reverse("risks:issue_edit", args=[issue.pk])
    body = {**POSTED, "type": issue.type_id, "version": 1}
    assert client.post(edit, {**body, "impact": "Eerst"}).status_code == 302
    client.force_login(owner)
    stale = client.post(edit, {**body, "impact": "Later"})
    assert stale.status_code == 409
    issue.refresh_from_db()
    assert issue.impact == "Eerst"


def test_the_workflow_steps_from_the_page(client, owner, project):
    issue = IssueFactory(project=project)
    client.force_login(owner)
    url = reverse("risks:issue_advance", args=[issue.pk])
    page = client.get(issue.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in page and "hier staat het issue" in page
    assert client.post(url, {"version": 1, "to_status": "voorgesteld"}).status_code == 422
    assert client.post(url, {"version": 1, "to_status": "onderzocht"}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == "onderzocht"
    refused = client.post(url, {"version": 2, "to_status": "voorgesteld"})
    assert refused.status_code == 422  # no proposal yet
    assert "Beschrijf het voorstel" in refused.content.decode()


def test_the_board_decides_a_request_for_change_seeing_its_baseline_change(
    client, board_member, owner, project
):
    ProjectBudgetFactory(project=project, year=2026, amount=D("100000.00"))
    issue = IssueFactory(project=project, change=True, status="voorgesteld")
    client.force_login(board_member)
    url = reverse("risks:issue_decide", args=[issue.pk])
    page = client.get(url).content.decode()
    assert "30 juni 2027" in page and "30 september 2027" in page  # end now → after
    assert "100.000,00" in page and "150.000,00" in page  # budget 2026 now → after
    refused = client.post(url, {"version": 1, "decision": "goedgekeurd", "decision_reasoning": ""})
    assert refused.status_code == 422
    project.refresh_from_db()
    assert project.planned_end == dt.date(2027, 6, 30)
    done = client.post(
        url, {"version": 1, "decision": "goedgekeurd", "decision_reasoning": "Het is het waard."}
    )
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.planned_end == dt.date(2027, 9, 30)
    assert project.budgets.get(year=2026).amount == D("150000.00")
    detail = client.get(issue.get_absolute_url()).content.decode()
    assert "Het is het waard." in detail and "Goedgekeurd" in detail


def test_escalation_from_the_page_needs_a_reason(client, owner, project):
    issue = IssueFactory(project=project)
    client.force_login(owner)
    url = reverse("risks:issue_escalate", args=[issue.pk])
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 422
    assert client.post(url, {"version": 1, "reason": "Raakt het programma"}).status_code == 302
    issue.refresh_from_db()
    assert issue.is_escalated and issue.escalation_reason == "Raakt het programma"
    assert client.post(url, {"version": issue.version, "back": "1"}).status_code == 302
    issue.refresh_from_db()
    assert not issue.is_escalated


def test_the_register_exports_with_its_filters(client, analyst, project):
    IssueFactory(project=project, title="Open")
    IssueFactory(project=project, title="Dicht", status=Issue.Status.CLOSED)
    IssueFactory(project=project, title="Verzoek", change=True)
    client.force_login(analyst)
    response = client.get(
        reverse("risks:issue_list"), {"status": "vastgelegd", "beyond_tolerance": "nee"}
    )
    assert "Open" in response.content.decode() and "Verzoek" not in response.content.decode()
    export = client.get(reverse("risks:issue_list"), {"status": "vastgelegd", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == ["Open", "Verzoek"]
    assert rows[0][1] == "Soort"
    sheet = load_workbook(io.BytesIO(export.content)).active
    column = rows[0].index("Gevraagde budgetwijziging (€)") + 1
    change = next(r for r in range(2, 4) if sheet.cell(r, 1).value == "Verzoek")
    assert sheet.cell(change, column).value == 50000
    assert "€" in sheet.cell(change, column).number_format
    csv = client.get(reverse("risks:issue_list"), {"q": "Dicht", "export": "csv"})
    assert "Dicht" in csv.content.decode() and "Open" not in csv.content.decode()
