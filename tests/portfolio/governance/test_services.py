import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from portfolio.governance import services as governance
from portfolio.governance.models import AgendaItem, BusinessCaseVersion, GateDecision
from portfolio.governance.rules import latest_first
from portfolio.governance.selectors import decided_items, meeting_items
from portfolio.governance.services import agenda_place_report
from portfolio.projects.models import LifecycleStatus, Phase
from tests.support.factories import (
    BoardMeetingFactory,
    ProjectBudgetFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(owner, department):
    project = ProjectFactory(
        manager=owner, org_unit=department, phase=Phase.INITIATION, status=LifecycleStatus.PROPOSED
    )
    ProjectBudgetFactory(project=project, year=2027)
    return project


def test_leaving_a_phase_needs_its_documents(owner, initiative):
    with pytest.raises(ValidationError) as error:
        governance.gate_propose(
            actor=Actor.screen(owner), project=initiative, proposal="Door naar definitie"
        )
    assert "Projectopdracht" in error.value.messages[0]
    assert not GateDecision.objects.exists()


def test_proposal_keeps_the_business_case_and_goes_on_the_agenda(owner, initiative):
    meeting = BoardMeetingFactory()
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(
        actor=Actor.screen(owner),
        project=initiative,
        proposal="Door",
        options="Nul-optie of volledige uitvoering",
    )
    assert (gate.from_phase, gate.to_phase) == (Phase.INITIATION, Phase.DEFINITION)
    case = BusinessCaseVersion.objects.get(gate=gate)
    assert case.costs == {"2027": "100000.00"}
    assert AgendaItem.objects.get(gate=gate).meeting == meeting
    with pytest.raises(ValidationError):  # one open proposal at a time
        governance.gate_propose(
            actor=Actor.screen(owner), project=initiative, proposal="Nog een keer"
        )


def test_the_business_case_keeps_the_benefits_per_year_it_was_given(owner, initiative):
    """The page reads them from the attributed benefit profiles; a dis-benefit may make
    a year negative. Kept as given, so the decided gate shows what the board saw."""
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(
        actor=Actor.screen(owner),
        project=initiative,
        proposal="Door",
        benefits={2026: Decimal("-5000.00"), 2027: Decimal("40000.00")},
    )
    assert gate.business_case.benefits == {"2026": "-5000.00", "2027": "40000.00"}


@pytest.mark.parametrize(
    ("decision", "phase", "status"),
    [
        ("go", Phase.DEFINITION, LifecycleStatus.ACTIVE),
        ("hold", Phase.INITIATION, LifecycleStatus.ON_HOLD),
        ("stop", Phase.INITIATION, LifecycleStatus.CANCELLED),
    ],
)
def test_board_decision_moves_the_project(owner, board_member, initiative, decision, phase, status):
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(actor=Actor.screen(owner), project=initiative, proposal="Door")
    governance.gate_decide(
        actor=Actor.screen(board_member),
        gate=gate,
        decision=decision,
        reasoning="Past in de begroting",
        gotik_money="groen",
        delivery_confidence="oranje-groen",
    )
    initiative.refresh_from_db()
    assert (initiative.phase, initiative.status) == (phase, status)
    assert initiative.version == 2
    # A stop closes the project, dated for the review after closure.
    assert (initiative.closed_on is not None) == (status == LifecycleStatus.CANCELLED)
    entry = audit_entries_for(initiative).filter(actor=board_member).get()
    assert "besluit portfolioraad" in entry.changes


def test_decision_needs_reasoning_and_conditions(owner, board_member, initiative):
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(actor=Actor.screen(owner), project=initiative, proposal="Door")
    with pytest.raises(ValidationError) as error:
        governance.gate_decide(
            actor=Actor.screen(board_member), gate=gate, decision="go-voorwaarden", reasoning=""
        )
    assert set(error.value.message_dict) == {"reasoning", "conditions"}
    initiative.refresh_from_db()
    assert initiative.phase == Phase.INITIATION


def test_prepare_agenda_collects_what_is_pending(owner, analyst, initiative, project):
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(
        actor=Actor.screen(owner), project=initiative, proposal="Door"
    )  # no meeting
    exception = StatusReportFactory(project=project, is_exception=True, rag_overall="rood")
    escalation = StatusReportFactory(project=ProjectFactory(), escalations="Capaciteit")
    StatusReportFactory(project=ProjectFactory())  # nothing for the board
    meeting = BoardMeetingFactory()
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 3
    kinds = {(item.kind, item.gate_id or item.report_id) for item in meeting.items.all()}
    assert kinds == {("gate", gate.pk), ("exception", exception.pk), ("escalation", escalation.pk)}
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 0


def test_agenda_decision_is_recorded(board_member, project):
    meeting = BoardMeetingFactory(date=dt.date.today())  # decided on the day
    report = StatusReportFactory(project=project, escalations="Meer capaciteit nodig")
    (item,) = agenda_place_report(report=report, meeting=meeting)
    with pytest.raises(ValidationError):
        governance.agenda_decide(
            actor=Actor.screen(board_member), item=item, decision="", reasoning=""
        )
    governance.agenda_decide(
        actor=Actor.screen(board_member),
        item=item,
        decision="Twee extra fte",
        reasoning="Prioriteit in het coalitieakkoord",
    )
    item.refresh_from_db()
    assert item.decided_by == board_member and item.decision == "Twee extra fte"


def _exception(project, month: int, **fields):
    return StatusReportFactory(
        project=project,
        period=dt.date(2026, month, 1),
        is_exception=True,
        rag_overall="rood",
        **fields,
    )


def test_one_open_item_per_project_and_subject_on_the_newest_report(analyst, project):
    """Monthly exception reports of one project make one agenda item, on the newest."""
    reports = [_exception(project, month) for month in (8, 9, 10, 12)]
    meeting = BoardMeetingFactory()
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 1
    (item,) = meeting.items.all()
    assert item.report == reports[-1]
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 0


def test_a_newer_report_replaces_the_open_item_and_keeps_the_older_in_its_history(project):
    meeting = BoardMeetingFactory()
    october = _exception(project, 10)
    (item,) = agenda_place_report(report=october, meeting=meeting)
    november = _exception(project, 11)
    (same,) = agenda_place_report(report=november)
    assert same.pk == item.pk
    item.refresh_from_db()
    assert item.report == november
    assert list(item.earlier_reports.all()) == [october]
    # An amended older month joins the history; it does not take the newest's place.
    assert agenda_place_report(report=_exception(project, 9))[0].report == november
    assert AgendaItem.objects.filter(project=project, kind="exception").count() == 1


def test_after_a_decision_a_new_exception_is_a_new_item(board_member, project):
    meeting = BoardMeetingFactory(date=dt.date.today())  # decided on the day
    (item,) = agenda_place_report(report=_exception(project, 10), meeting=meeting)
    governance.agenda_decide(
        actor=Actor.screen(board_member), item=item, decision="Doorgaan", reasoning="Plan"
    )
    (new,) = agenda_place_report(report=_exception(project, 11), meeting=meeting)
    assert new.pk != item.pk and not new.decided_at


def test_closed_projects_are_not_put_on_the_agenda(analyst):
    closed = ProjectFactory(status=LifecycleStatus.COMPLETED)
    _exception(closed, 10)
    meeting = BoardMeetingFactory()
    assert governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting) == 0


def test_agenda_items_come_in_a_stable_meaningful_order(owner, analyst, initiative):
    """Gates first, then exceptions, then escalations; by project code within each."""
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    governance.gate_propose(actor=Actor.screen(owner), project=initiative, proposal="Door")
    b, a = ProjectFactory(code="B-2026-002"), ProjectFactory(code="A-2026-001")
    _exception(b, 10)
    _exception(a, 10, escalations="Capaciteit")
    meeting = BoardMeetingFactory()
    governance.meeting_prepare_agenda(actor=Actor.screen(analyst), meeting=meeting)
    order = [(item.kind, item.project.code) for item in meeting_items(meeting)]
    assert order == [
        ("gate", initiative.code),
        ("exception", "A-2026-001"),
        ("exception", "B-2026-002"),
        ("escalation", "A-2026-001"),
    ]


def test_a_go_sets_the_baseline_from_the_decision_and_the_business_case(
    owner, board_member, initiative
):
    """The board sets baselines: the planned dates it decides and the approved costs."""
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(
        actor=Actor.screen(owner),
        project=initiative,
        proposal="Door",
        costs={"2027": Decimal("250000"), "2028": Decimal("80000")},
    )
    governance.gate_decide(
        actor=Actor.screen(board_member),
        gate=gate,
        decision="go",
        reasoning="Past in de begroting",
        planned_end=dt.date(2028, 12, 31),
    )
    initiative.refresh_from_db()
    assert initiative.planned_end == dt.date(2028, 12, 31)
    amounts = dict(initiative.budgets.values_list("year", "amount"))
    assert amounts == {2027: Decimal("250000"), 2028: Decimal("80000")}
    changes = audit_entries_for(initiative).first().changes
    assert changes["planned_end"] == ["2027-06-30", "2028-12-31"]
    assert "budget 2028" in changes


def test_a_hold_leaves_the_baseline_alone(owner, board_member, initiative):
    ProjectDocumentFactory(project=initiative, kind="projectopdracht")
    gate = governance.gate_propose(
        actor=Actor.screen(owner), project=initiative, proposal="Door", costs={"2027": 1}
    )
    governance.gate_decide(
        actor=Actor.screen(board_member),
        gate=gate,
        decision="hold",
        reasoning="Eerst dekking",
        planned_end=dt.date(2028, 12, 31),
    )
    initiative.refresh_from_db()
    assert initiative.planned_end == dt.date(2027, 6, 30)
    assert dict(initiative.budgets.values_list("year", "amount")) == {2027: Decimal("100000")}


def test_decisions_are_recorded_from_the_meeting_date_on(board_member, project):
    """On 1 December the 13 December meeting's decisions cannot be recorded yet."""
    meeting = BoardMeetingFactory(date=dt.date(2026, 12, 13))
    (item,) = agenda_place_report(report=_exception(project, 10), meeting=meeting)
    with pytest.raises(ValidationError, match="vanaf de vergaderdatum, 13 december 2026"):
        governance.agenda_decide(
            actor=Actor.screen(board_member), item=item, decision="Door", reasoning="Plan"
        )
    with time_machine.travel(dt.datetime(2026, 12, 13, 15, tzinfo=dt.UTC)):
        governance.agenda_decide(
            actor=Actor.screen(board_member), item=item, decision="Door", reasoning="Plan"
        )


def test_the_decision_log_dates_decisions_by_their_meeting(board_member, project):
    meeting = BoardMeetingFactory(date=dt.date(2026, 11, 15))
    (item,) = agenda_place_report(report=_exception(project, 10), meeting=meeting)
    governance.agenda_decide(
        actor=Actor.screen(board_member), item=item, decision="Door", reasoning="Plan"
    )
    (entry,) = latest_first(decided_items())
    assert entry.decision_date == dt.date(2026, 11, 15)  # recorded on 1 December
