"""Board, gate, level and overdue pages: who may see and do what; decisions recorded."""

import datetime as dt

import pytest
from django.urls import reverse

from portfolio.models import AgendaItem, GateDecision, LifecycleStatus, Phase, ProjectDocument

from ..factories import (
    BoardMeetingFactory,
    ProgrammeFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return BoardMeetingFactory()


@pytest.fixture
def gate_item(project, meeting, owner):
    ProjectDocumentFactory(project=project, kind="overdracht")
    gate = GateDecision.objects.create(
        project=project,
        from_phase=project.phase,
        to_phase=Phase.AFTERCARE,
        proposal="Opleveren",
        proposed_by=owner,
    )
    return AgendaItem.objects.create(meeting=meeting, kind="gate", project=project, gate=gate)


BOARD_PAGES = ["board:meeting_list", "board:decision_log", "board:overdue_reports"]


@pytest.mark.parametrize("page", BOARD_PAGES)
def test_board_pages_are_for_roles_that_read_everything(client, request, page):
    for role, expected in [
        ("owner", 403),
        ("colleague", 403),
        ("outsider", 403),
        ("board_member", 200),
        ("analyst", 200),
        ("administrator", 200),
    ]:
        client.force_login(request.getfixturevalue(role))
        assert client.get(reverse(page)).status_code == expected, role


def test_meeting_agenda_trio(client, meeting, gate_item, owner, colleague, outsider, board_member):
    url = meeting.get_absolute_url()
    for user, expected in [(owner, 403), (colleague, 403), (outsider, 403), (board_member, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == expected


def test_only_the_board_decides(client, gate_item, analyst, owner, board_member, project):
    url = reverse("board:agenda_item_decide", args=[gate_item.pk])
    data = {
        f"item{gate_item.pk}-decision": "go",
        f"item{gate_item.pk}-reasoning": "Klaar",
        f"item{gate_item.pk}-gotik_money": "groen",
    }
    for user in (analyst, owner):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    client.force_login(board_member)
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == Phase.AFTERCARE
    gate_item.refresh_from_db()
    assert gate_item.decided_by == board_member
    log = client.get(reverse("board:decision_log")).text
    assert project.code in log and "Klaar" in log


def test_decision_without_reasoning_is_a_field_error(client, gate_item, board_member, project):
    client.force_login(board_member)
    response = client.post(
        reverse("board:agenda_item_decide", args=[gate_item.pk]),
        {f"item{gate_item.pk}-decision": "go"},
    )
    assert response.status_code == 400
    assert "Dit veld is vereist." in response.text
    project.refresh_from_db()
    assert project.phase == Phase.REALISATION


def test_analyst_prepares_the_agenda(client, analyst, board_member, meeting, project):
    StatusReportFactory(project=project, is_exception=True, rag_overall="rood")
    url = reverse("board:meeting_prepare", args=[meeting.pk])
    client.force_login(board_member)
    assert client.post(url).status_code == 403
    client.force_login(analyst)
    assert client.post(url).status_code == 302
    assert meeting.items.get().kind == "exception"


def test_analyst_plans_a_meeting_with_validation(client, analyst, board_member):
    url = reverse("board:meeting_list")
    client.force_login(board_member)
    assert client.post(url, {"title": "Raad", "date": "2026-12-10"}).status_code == 403
    client.force_login(analyst)
    assert client.post(url, {"title": "", "date": "geen datum"}).status_code == 400
    assert client.post(url, {"title": "Raad", "date": "2026-12-10"}).status_code == 302


def test_gate_proposal_trio_and_missing_documents(client, project, owner, colleague, outsider):
    url = reverse("portfolio:gate_propose", args=[project.code])
    for user, expected in [(outsider, 404), (colleague, 403), (owner, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == expected
    response = client.post(url, {"proposal": "Opleveren"})
    assert response.status_code == 400
    assert "ontbreekt: Overdrachtsdocument" in response.text
    client.post(
        reverse("portfolio:document_add", args=[project.code]),
        {"kind": "overdracht", "title": "Overdracht beheer", "link": ""},
    )
    assert ProjectDocument.objects.filter(project=project).exists()
    response = client.post(url, {"proposal": "Opleveren", "benefits": "2027 150000"})
    assert response.status_code == 400
    assert "Regel 1: schrijf jaar: bedrag" in response.text
    benefits = "2027: 150.000\n2028: 90000"
    response = client.post(url, {"proposal": "Opleveren", "benefits": benefits})
    assert response.status_code == 302
    gate = GateDecision.objects.get(project=project)
    assert gate.to_phase == Phase.AFTERCARE
    assert gate.business_case.benefits == {"2027": "150000", "2028": "90000"}


def test_level_pages_roll_up_visible_projects(
    client, project, owner, outsider, board_member, department
):
    programme = ProgrammeFactory()
    project.programme = programme
    project.save()
    StatusReportFactory(project=project, rag_time="rood", rag_overall="oranje")
    ProjectFactory(org_unit=department, programme=programme)
    domain_url = reverse("board:org_unit_detail", args=[department.parent.code])
    client.force_login(board_member)
    text = client.get(domain_url).text
    assert "pmo-rag--rood" in text and "2 projecten" in text
    assert client.get(reverse("board:programme_detail", args=[programme.code])).status_code == 200
    client.force_login(owner)
    assert client.get(domain_url).status_code == 200
    client.force_login(outsider)
    assert client.get(domain_url).status_code == 404


def test_overdue_list_names_projects_without_last_periods_report(client, analyst, project):
    project.status = LifecycleStatus.ACTIVE
    project.planned_start = dt.date(2025, 1, 1)
    project.save()
    reported = ProjectFactory(status=LifecycleStatus.ACTIVE, planned_start=dt.date(2025, 1, 1))
    from portfolio.overdue import due_period

    StatusReportFactory(project=reported, period=due_period(dt.date.today()))
    client.force_login(analyst)
    text = client.get(reverse("board:overdue_reports")).text
    assert project.code in text and reported.code not in text


def test_overview_shows_status_per_domain(client, board_member, project):
    StatusReportFactory(project=project, rag_overall="rood")
    client.force_login(board_member)
    text = client.get(reverse("portfolio:project_list")).text
    assert "Status per domein" in text
    assert "Stadsbeheer" in text and "pmo-rag--rood" in text


def test_budget_weighted_rule_on_the_level_page(client, settings, board_member, department):
    settings.PMO_ROLLUP_RULE = "budget"
    big = ProjectFactory(org_unit=department)
    small = ProjectFactory(org_unit=department)
    from ..factories import ProjectBudgetFactory

    ProjectBudgetFactory(project=big, amount=900_000)
    ProjectBudgetFactory(project=small, amount=100_000)
    StatusReportFactory(project=big, rag_overall="groen")
    StatusReportFactory(project=small, rag_overall="rood")
    client.force_login(board_member)
    response = client.get(reverse("board:org_unit_detail", args=[department.code]))
    total = response.context["total"]
    # (0 × 900,000 + 2 × 100,000) / 1,000,000 = 0.2 → green; worst-of would say red.
    assert total.dimensions["overall"].colour == "groen"
    assert total.dimensions["overall"].counts["rood"] == 1
    assert "budgetgewogen" in response.text
