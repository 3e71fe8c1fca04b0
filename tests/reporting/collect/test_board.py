"""The board collectors: the last meeting held before the snapshot's day, and the
exceptions, decisions and adopted scenarios since, in a fixed number of queries."""

import datetime as dt

import pytest

from portfolio.governance.models import AgendaItem, BoardMeeting, GateDecision
from reporting.collect import BuildContext
from reporting.collect.board import last_meeting, months_before, since_board
from reporting.models import Scope
from tests.support.factories import (
    BoardMeetingFactory,
    GateDecisionFactory,
    OrgUnitFactory,
    ProjectFactory,
    ScenarioFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)
TODAY = dt.date(2026, 12, 1)
HELD = BoardMeeting.State.HELD


def context(scope: Scope, period: dt.date = NOV) -> BuildContext:
    return BuildContext(scope=scope, period=period, today=TODAY)


def organisation() -> Scope:
    # One organisation scope at most (it may come with the install).
    return Scope.objects.get_or_create(kind=Scope.Kind.ORGANISATION, defaults={"name": "Gemeente"})[
        0
    ]


def unit_scope(unit) -> Scope:
    return Scope.objects.create(kind=Scope.Kind.ORG_UNIT, org_unit=unit, name=unit.name)


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def meeting(day: dt.date, state=HELD, title="Portfolioraad") -> BoardMeeting:
    return BoardMeetingFactory(date=day, state=state, title=title)


def gate(project, decision, *, on: dt.date, meeting=None) -> GateDecision:
    return GateDecisionFactory(
        project=project, decision=decision, decided_at=moment(on), meeting=meeting
    )


def exception(project, period, *, submitted: dt.date, **kwargs):
    return StatusReportFactory(
        project=project, period=period, submitted_at=moment(submitted), **kwargs
    )


@pytest.fixture
def unit():
    return OrgUnitFactory(parent=OrgUnitFactory(kind="domein"), name="Wegen")


def test_the_last_meeting_is_the_last_held_before_the_snapshots_day():
    meeting(dt.date(2026, 10, 8))
    held = meeting(dt.date(2026, 11, 12), title="Portfolioraad november")
    meeting(dt.date(2026, 11, 26), state=BoardMeeting.State.PLANNED)
    meeting(dt.date(2026, 12, 1))  # the snapshot's own day (today): not before it

    found = last_meeting(BuildContext(scope=organisation(), period=TODAY, today=TODAY))

    assert found == {"id": held.pk, "date": "2026-11-12", "title": "Portfolioraad november"}
    assert last_meeting(context(organisation(), dt.date(2026, 9, 1))) is None


def test_exceptions_submitted_after_the_meeting_for_the_scopes_projects(unit):
    ring = ProjectFactory(org_unit=unit, code="P-RING", name="Ringweg")
    brug = ProjectFactory(org_unit=unit, code="P-BRUG", name="Brug")
    other = ProjectFactory(org_unit=OrgUnitFactory(name="Jeugd"))
    exception(ring, dt.date(2026, 10, 1), submitted=dt.date(2026, 11, 3), is_exception=True)
    exception(brug, dt.date(2026, 11, 1), submitted=dt.date(2026, 11, 20), is_exception=True)
    exception(ring, dt.date(2026, 9, 1), submitted=dt.date(2026, 10, 2), is_exception=True)
    exception(brug, dt.date(2026, 10, 1), submitted=dt.date(2026, 11, 5))  # within tolerance
    exception(other, dt.date(2026, 11, 1), submitted=dt.date(2026, 11, 6), is_exception=True)

    found = since_board(context(unit_scope(unit)), dt.date(2026, 10, 15))

    assert found["exceptions"] == [
        {"project": "P-BRUG", "name": "Brug", "period": "2026-11-01"},
        {"project": "P-RING", "name": "Ringweg", "period": "2026-10-01"},
    ]


def test_decisions_after_the_meeting_dated_by_their_own_meeting_in_dutch(unit):
    project = ProjectFactory(org_unit=unit, code="P-RING", phase="realisatie")
    other = ProjectFactory(org_unit=OrgUnitFactory(name="Jeugd"))
    last = meeting(dt.date(2026, 11, 5))
    extra = meeting(dt.date(2026, 11, 19), state=BoardMeeting.State.PLANNED)
    gate(project, "go-voorwaarden", on=dt.date(2026, 11, 20), meeting=extra)
    # Typed in after the meeting but taken at it: dated by the meeting, so not "since".
    gate(project, "go", on=dt.date(2026, 11, 9), meeting=last)
    gate(project, "hold", on=dt.date(2026, 10, 1))  # before the meeting
    gate(other, "stop", on=dt.date(2026, 11, 20))  # another scope's project
    item = AgendaItem.objects.create(
        meeting=extra,
        kind=AgendaItem.Kind.EXCEPTION,
        project=project,
        decision="Herstelplan vóór 1 januari",
        decided_at=moment(dt.date(2026, 11, 21)),
    )
    AgendaItem.objects.create(  # the item of a gate: decided by its gate
        meeting=extra,
        kind=AgendaItem.Kind.GATE,
        project=project,
        decision="go",
        decided_at=moment(dt.date(2026, 11, 21)),
    )
    without_meeting = gate(project, "stop", on=dt.date(2026, 11, 25))

    decisions = since_board(context(unit_scope(unit)), dt.date(2026, 11, 5))["decisions"]

    assert decisions == [
        {
            "date": "2026-11-25",
            "project": "P-RING",
            "subject": "faseovergang Realisatie → Nazorg",
            "decision": "stop",
        },
        {
            "date": "2026-11-19",
            "project": "P-RING",
            "subject": "buiten tolerantie",
            "decision": item.decision,
        },
        {
            "date": "2026-11-19",
            "project": "P-RING",
            "subject": "faseovergang Realisatie → Nazorg",
            "decision": "go met voorwaarden",
        },
    ]
    assert without_meeting.meeting is None


def test_scenarios_adopted_since_are_the_portfolios_for_every_scope(unit):
    last = meeting(dt.date(2026, 10, 14))
    adopted = ScenarioFactory(name="Ambitie", adopted_at=moment(dt.date(2026, 11, 2)))
    ScenarioFactory(name="Eerder", adopted_at=moment(dt.date(2026, 10, 20)), adopted_meeting=last)
    ScenarioFactory(name="Nog niet")
    ScenarioFactory(name="Na de periode", adopted_at=moment(dt.date(2026, 12, 1)))

    found = since_board(context(unit_scope(unit)), last_meeting(context(organisation()))["date"])

    assert found["scenarios"] == [{"id": adopted.pk, "name": "Ambitie", "adopted_at": "2026-11-02"}]


def test_without_a_meeting_since_is_the_last_three_months(unit):
    project = ProjectFactory(org_unit=unit)
    gate(project, "go", on=dt.date(2026, 9, 1))
    gate(project, "hold", on=dt.date(2026, 8, 30))  # three months before 30 November

    decisions = since_board(context(unit_scope(unit)), None)["decisions"]

    assert [d["date"] for d in decisions] == ["2026-09-01"]
    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)


def test_at_most_fifty_of_each_newest_first(unit):
    for day in range(1, 29):
        for project in ProjectFactory.create_batch(2, org_unit=unit):
            gate(project, "go", on=dt.date(2026, 11, day))

    decisions = since_board(context(unit_scope(unit)), dt.date(2026, 10, 31))["decisions"]

    assert len(decisions) == 50
    assert decisions[0]["date"] == "2026-11-28" and decisions[-1]["date"] == "2026-11-04"


def grow(size, unit):
    for _ in range(size):
        project = ProjectFactory(org_unit=unit)
        exception(project, NOV, submitted=dt.date(2026, 11, 20), is_exception=True)
        gate(project, "go", on=dt.date(2026, 11, 20))
        ScenarioFactory(adopted_at=moment(dt.date(2026, 11, 21)))


def test_queries_do_not_grow_with_the_projects(unit, django_assert_num_queries):
    ctx = context(unit_scope(unit))
    meeting(dt.date(2026, 11, 4))
    grow(3, unit)
    with django_assert_num_queries(1):
        since = last_meeting(ctx)["date"]
    # Exceptions; gate decisions; other decisions; scenarios.
    with django_assert_num_queries(4):
        small = since_board(ctx, since)
    grow(27, unit)
    with django_assert_num_queries(4):
        large = since_board(ctx, since)
    assert [len(small[key]) for key in small] == [3, 3, 3]
    assert [len(large[key]) for key in large] == [30, 30, 30]
