"""Board, gate, level and overdue pages: who may see and do what; decisions recorded."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from benefits.models import Benefit
from portfolio.governance.models import (
    AgendaItem,
    BusinessCaseVersion,
    GateDecision,
    ProjectDocument,
)
from portfolio.projects.models import Phase
from tests.support.factories import (
    BenefitFactory,
    BoardMeetingFactory,
    ContributionFactory,
    ProjectDocumentFactory,
    StatusReportFactory,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    """Meeting today: its decisions may be recorded (from the meeting's date on)."""
    return BoardMeetingFactory(date=dt.date.today())


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


BOARD_PAGES = ["governance:meeting_list", "governance:decision_log", "status:overdue_reports"]


# The board's pages are out of a projectleider's sight: 404, like every page out of sight.
BOARD_READERS = expect(404, board_member=200, analyst=200, administrator=200)


@pytest.mark.parametrize("page", BOARD_PAGES)
def test_board_pages_are_for_roles_that_read_everything(client, request, page):
    assert answers(client, request, reverse(page)) == BOARD_READERS


def test_meeting_agenda_trio(client, request, meeting, gate_item):
    assert answers(client, request, meeting.get_absolute_url()) == BOARD_READERS


def test_only_the_board_decides(client, request, gate_item, board_member, project):
    url = reverse("governance:agenda_item_decide", args=[gate_item.pk])
    data = {
        f"item{gate_item.pk}-decision": "go",
        f"item{gate_item.pk}-reasoning": "Klaar",
        f"item{gate_item.pk}-gotik_money": "groen",
    }
    readers_only = ("owner", "colleague", "outsider", "analyst", "administrator", "no_role_user")
    assert answers(client, request, url, method="post", data=data, who=readers_only) == {
        "owner": 404,
        "colleague": 404,
        "outsider": 404,
        "analyst": 403,
        "administrator": 403,
        "no_role_user": 404,
    }
    client.force_login(board_member)
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == Phase.AFTERCARE
    gate_item.refresh_from_db()
    assert gate_item.decided_by == board_member
    log = client.get(reverse("governance:decision_log")).text
    assert project.code in log and "Klaar" in log


def test_decision_without_reasoning_is_a_field_error(client, gate_item, board_member, project):
    client.force_login(board_member)
    response = client.post(
        reverse("governance:agenda_item_decide", args=[gate_item.pk]),
        {f"item{gate_item.pk}-decision": "go"},
    )
    assert response.status_code == 422
    assert "Dit veld is vereist." in response.text
    project.refresh_from_db()
    assert project.phase == Phase.REALISATION


def test_analyst_prepares_the_agenda(client, analyst, board_member, meeting, project):
    StatusReportFactory(project=project, is_exception=True, rag_overall="rood")
    url = reverse("governance:meeting_prepare", args=[meeting.pk])
    client.force_login(board_member)
    assert client.post(url).status_code == 403
    client.force_login(analyst)
    assert client.post(url).status_code == 302
    assert meeting.items.get().kind == "exception"


def test_analyst_plans_a_meeting_with_validation(client, analyst, board_member):
    url = reverse("governance:meeting_list")
    client.force_login(board_member)
    assert client.post(url, {"title": "Raad", "date": "2026-12-10"}).status_code == 403
    client.force_login(analyst)
    assert client.post(url, {"title": "", "date": "geen datum"}).status_code == 422
    assert client.post(url, {"title": "Raad", "date": "2026-12-10"}).status_code == 302


def test_gate_proposal_trio_and_missing_documents(client, project, owner, colleague, outsider):
    url = reverse("governance:gate_propose", args=[project.code])
    for user, expected in [(outsider, 404), (colleague, 403), (owner, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == expected
    response = client.post(url, {"proposal": "Opleveren"})
    assert response.status_code == 422
    assert "ontbreekt: Overdrachtsdocument" in response.text
    client.post(
        reverse("governance:document_add", args=[project.code]),
        {"kind": "overdracht", "title": "Overdracht beheer", "link": ""},
    )
    assert ProjectDocument.objects.filter(project=project).exists()
    response = client.post(url, {"proposal": "Opleveren"})
    assert response.status_code == 302
    gate = GateDecision.objects.get(project=project)
    assert gate.to_phase == Phase.AFTERCARE
    assert gate.business_case.benefits == {}  # no benefit profile attributed


def test_the_business_case_takes_its_benefits_from_the_attributed_profiles(
    client, project, owner, analyst, meeting
):
    """Shown read-only on the proposal, kept with the gate, shown to the board."""
    ProjectDocumentFactory(project=project, kind="overdracht")
    url = reverse("governance:gate_propose", args=[project.code])
    client.force_login(owner)
    empty = client.get(url)
    assert "Er is geen financieel batenprofiel" in empty.text
    benefit = BenefitFactory(
        portfolio=project.portfolio,
        category=Benefit.Category.CASHABLE,
        direction=Benefit.Direction.HIGHER,
        baseline_value=Decimal(0),
        baseline_date=dt.date(2025, 12, 31),
        target_value=Decimal(200_000),
        target_date=dt.date(2027, 12, 31),
    )
    ContributionFactory(benefit=benefit, project=project, share=Decimal(40))
    page = client.get(url)
    assert 'name="benefits"' not in page.text  # no longer typed in
    assert "40.000" in page.text and "Er is geen financieel" not in page.text
    assert f"{project.get_absolute_url()}#benefits-heading" in page.text
    typed = {"proposal": "Opleveren", "benefits": "2027: 999999"}  # ignored if still sent
    assert client.post(url, typed).status_code == 302
    gate = GateDecision.objects.get(project=project)
    assert gate.business_case.benefits == {"2026": "40000.00", "2027": "40000.00"}
    client.force_login(analyst)
    agenda = client.get(meeting.get_absolute_url())
    assert "Business case bij dit voorstel" in agenda.text and "40.000" in agenda.text


def test_an_older_gate_keeps_its_typed_in_benefits_readable(client, board_member, gate_item):
    BusinessCaseVersion.objects.create(
        project=gate_item.project,
        gate=gate_item.gate,
        costs={"2027": "100000.00"},
        benefits={"2027": "150000", "2028": "90000"},
    )
    client.force_login(board_member)
    agenda = client.get(gate_item.meeting.get_absolute_url())
    assert "150.000" in agenda.text and "90.000" in agenda.text and "100.000" in agenda.text


def test_the_decision_log_never_fails_on_an_incomplete_row(client, board_member, project):
    """A gate marked decided elsewhere without a date or meeting (as the admin could)."""
    GateDecision.objects.create(
        project=project,
        from_phase=project.phase,
        to_phase=Phase.AFTERCARE,
        proposal="Opleveren",
        decision="stop",
        reasoning="Onvolledig vastgelegd",
    )
    client.force_login(board_member)
    response = client.get(reverse("governance:decision_log"))
    assert response.status_code == 200 and "Onvolledig vastgelegd" in response.text
