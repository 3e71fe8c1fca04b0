"""Subjects of later domains on the board's agenda (an escalated risk, a request for
change): placed once, withdrawn when they go back, picked up when the agenda is
prepared, decided on the agenda or at the issue as their kind asks; and the meeting page
links them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pmo.actors import Actor
from portfolio.governance import providers
from portfolio.governance import services as governance
from portfolio.governance.models import AgendaItem
from risks import services as risks
from tests.support.factories import (
    BoardMeetingFactory,
    IssueFactory,
    RiskFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db
RISK = AgendaItem.Kind.RISK


@pytest.fixture
def risk(project):
    project.programme = None  # one step from the project to the portfolio
    project.save()
    return RiskFactory(project=project)


def test_placing_a_subject_is_idempotent(risk, project):
    meeting = BoardMeetingFactory()
    first = governance.agenda_place_subject(subject=risk, project=project, kind=RISK)
    again = governance.agenda_place_subject(subject=risk, project=project, kind=RISK)
    assert first.pk == again.pk and first.meeting == meeting
    assert AgendaItem.objects.count() == 1
    # The kind given is the item's kind: a request awaiting the board takes its place.
    changed = governance.agenda_place_subject(
        subject=risk, project=project, kind=AgendaItem.Kind.CHANGE
    )
    assert changed.pk == first.pk and changed.kind == "change"


def test_without_a_planned_meeting_or_a_project_nothing_is_placed(risk, project):
    assert governance.agenda_place_subject(subject=risk, project=project, kind=RISK) is None
    BoardMeetingFactory()
    assert governance.agenda_place_subject(subject=risk, project=None, kind=RISK) is None
    with pytest.raises(ValueError):
        governance.agenda_place_subject(subject=risk, project=project, kind="gate")
    assert not AgendaItem.objects.exists()


def test_a_risk_escalated_to_the_portfolio_goes_on_and_back_off_the_agenda(owner, risk):
    meeting = BoardMeetingFactory()
    up = risks.risk_escalate(
        actor=Actor.screen(owner), risk=risk, expected_version=1, reason="Hele portfolio"
    )
    item = AgendaItem.objects.get()
    assert (item.kind, item.subject, item.meeting) == ("risk", up, meeting)
    risks.risk_deescalate(actor=Actor.screen(owner), risk=up, expected_version=2)
    assert not AgendaItem.objects.exists()


def test_a_decided_item_stays_when_the_subject_is_withdrawn(board_member, risk, project):
    meeting = BoardMeetingFactory(date=risk.raised_on)  # decided from the meeting date on
    item = governance.agenda_place_subject(
        subject=risk, project=project, kind=RISK, meeting=meeting
    )
    governance.agenda_decide(
        actor=Actor.screen(board_member), item=item, decision="Accepteren", reasoning="Klein"
    )
    assert governance.agenda_withdraw_subject(subject=risk) == 0
    assert AgendaItem.objects.get().decision == "Accepteren"


def test_preparing_the_agenda_picks_up_what_is_pending(owner, analyst, risk, project):
    """Escalated while no meeting was planned: preparing the next one places it; a
    proposed request beyond tolerance too; a second preparation adds nothing."""
    risks.risk_escalate(actor=Actor.screen(owner), risk=risk, expected_version=1, reason="Top")
    change = IssueFactory(project=project, change=True, status="voorgesteld")
    assert not AgendaItem.objects.exists()
    meeting = BoardMeetingFactory()
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 2
    assert {(i.kind, i.subject) for i in meeting.items.all()} == {
        ("risk", risk),
        ("change", change),
    }
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 0


def test_a_registered_provider_is_asked_when_preparing(analyst, risk, project):
    name = "tests.a-provider"
    providers.register_board_subjects(lambda: [(risk, project, RISK)], name=name)
    try:
        meeting = BoardMeetingFactory()
        governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting)
    finally:
        providers.unregister_board_subjects(name)
    assert meeting.items.get().subject == risk


def test_a_request_for_change_is_decided_at_the_issue_not_on_the_agenda(board_member, project):
    meeting = BoardMeetingFactory(date=project.planned_start)
    change = IssueFactory(project=project, change=True, status="voorgesteld")
    item = governance.agenda_place_subject(
        subject=change, project=project, kind=AgendaItem.Kind.CHANGE, meeting=meeting
    )
    with pytest.raises(ValidationError, match="bij het issue"):
        governance.agenda_decide(
            actor=Actor.screen(board_member), item=item, decision="Akkoord", reasoning="Ja"
        )
    closed = governance.agenda_close_subject(
        actor=Actor.screen(board_member), subject=change, decision="goedgekeurd", reasoning="Ja"
    )
    assert closed.pk == item.pk and closed.decided_by == board_member


def test_a_subject_item_and_a_reports_escalation_of_one_project_stand_side_by_side(project):
    meeting = BoardMeetingFactory()
    report = StatusReportFactory(project=project, escalations="Capaciteit")
    governance.agenda_place_report(report=report, meeting=meeting)
    issue = IssueFactory(project=project)
    governance.agenda_place_subject(
        subject=issue, project=project, kind=AgendaItem.Kind.ESCALATION, meeting=meeting
    )
    # A newer report still finds its own item, not the issue's.
    (item,) = governance.agenda_place_report(
        report=StatusReportFactory(project=project, escalations="Meer", period=dt.date(2026, 11, 1))
    )
    assert item.subject_id is None
    assert meeting.items.filter(kind="escalation").count() == 2


def test_the_meeting_page_links_the_subjects(client, board_member, analyst, risk, project):
    meeting = BoardMeetingFactory()
    governance.agenda_place_subject(subject=risk, project=project, kind=RISK, meeting=meeting)
    change = IssueFactory(project=project, change=True, status="voorgesteld")
    governance.agenda_place_subject(
        subject=change, project=project, kind=AgendaItem.Kind.CHANGE, meeting=meeting
    )
    client.force_login(board_member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{risk.get_absolute_url()}"' in page and risk.title in page
    assert reverse("risks:issue_decide", args=[change.pk]) in page
    assert "Geëscaleerd risico" in page and "Wijzigingsverzoek" in page
    client.force_login(analyst)  # reads the agenda, does not decide
    assert (
        reverse("risks:issue_decide", args=[change.pk])
        not in client.get(meeting.get_absolute_url()).content.decode()
    )
