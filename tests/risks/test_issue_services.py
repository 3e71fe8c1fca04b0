"""The issue register: the workflow one step at a time, who decides (the projectleider
within tolerance, the portfolioraad beyond it), the board's approval of a request for
change applying its baseline change with its audit and closing its agenda item, a
rejection leaving the baseline alone, stale and bad writes refused with nothing saved."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from portfolio.governance.models import AgendaItem
from risks import services
from risks.models import Issue
from tests.support.factories import (
    BoardMeetingFactory,
    IssueFactory,
    ProjectBudgetFactory,
    issue_type,
)

pytestmark = pytest.mark.django_db
FIELDS = {
    "title": "Leverancier levert drie maanden later",
    "description": "De leverancier van het zaaksysteem meldt vertraging.",
    "raised_on": dt.date(2026, 10, 1),
}


def screen(user):
    return Actor.screen(user)


def proposed(actor, issue, proposal="Drie maanden later opleveren."):
    """Through the workflow to voorgesteld, as the projectleider does."""
    issue = services.issue_update(
        actor=actor, issue=issue, expected_version=issue.version, proposal=proposal
    )
    for step in ("onderzocht", "voorgesteld"):
        issue = services.issue_advance(
            actor=actor, issue=issue, expected_version=issue.version, to_status=step
        )
    return issue


@pytest.fixture
def change(owner, project):
    """A request for change beyond tolerance: end 30 September 2027, € 50.000 more."""
    ProjectBudgetFactory(project=project, year=2026, amount=D("100000.00"))
    issue = services.issue_create(
        actor=screen(owner),
        project=project,
        type=issue_type("wijzigingsverzoek"),
        beyond_tolerance=True,
        requested_end=dt.date(2027, 9, 30),
        requested_budget_change=D("50000.00"),
        **FIELDS,
    )
    return proposed(screen(owner), issue)


def test_an_issue_is_raised_as_captured_by_whoever_may_raise_a_risk(owner, colleague, project):
    issue = services.issue_create(actor=screen(owner), project=project, type=issue_type(), **FIELDS)
    assert (issue.status, issue.level, issue.raised_by) == ("vastgelegd", "project", owner)
    assert audit_entries_for(issue).count() == 1
    with pytest.raises(PermissionDenied):
        services.issue_create(actor=screen(colleague), project=project, type=issue_type(), **FIELDS)


def test_the_workflow_goes_one_step_forward_or_to_closed(owner, project):
    issue = IssueFactory(project=project)
    actor = screen(owner)
    with pytest.raises(ValidationError, match="één stap verder"):
        services.issue_advance(
            actor=actor, issue=issue, expected_version=1, to_status="voorgesteld"
        )
    issue = services.issue_advance(
        actor=actor, issue=issue, expected_version=1, to_status="onderzocht"
    )
    with pytest.raises(ValidationError) as refused:  # a proposal needs its text
        services.issue_advance(
            actor=actor, issue=issue, expected_version=2, to_status="voorgesteld"
        )
    assert "proposal" in refused.value.message_dict
    issue = services.issue_update(
        actor=actor, issue=issue, expected_version=2, proposal="Later opleveren."
    )
    issue = services.issue_advance(
        actor=actor, issue=issue, expected_version=3, to_status="voorgesteld"
    )
    assert issue.status == "voorgesteld"
    with pytest.raises(ValidationError, match="besluit"):  # the decision is not a step
        services.issue_advance(
            actor=actor, issue=issue, expected_version=issue.version, to_status="besloten"
        )
    closed = services.issue_advance(
        actor=actor, issue=issue, expected_version=issue.version, to_status="gesloten"
    )
    with pytest.raises(ValidationError, match="gesloten issue"):
        services.issue_advance(
            actor=actor, issue=closed, expected_version=closed.version, to_status="onderzocht"
        )
    assert Issue.objects.get().status == "gesloten"


def test_the_projectleider_decides_within_tolerance_with_a_reasoning(owner, project):
    issue = proposed(screen(owner), IssueFactory(project=project))
    with pytest.raises(ValidationError) as refused:
        services.issue_decide(
            actor=screen(owner),
            issue=issue,
            expected_version=issue.version,
            decision="goedgekeurd",
            reasoning=" ",
        )
    assert "decision_reasoning" in refused.value.message_dict
    decided = services.issue_decide(
        actor=screen(owner),
        issue=issue,
        expected_version=issue.version,
        decision="goedgekeurd",
        reasoning="Past binnen de planning.",
    )
    assert (decided.status, decided.decided_by, decided.decision) == (
        "besloten",
        owner,
        "goedgekeurd",
    )
    assert decided.decided_at is not None
    after = services.issue_advance(
        actor=screen(owner), issue=decided, expected_version=decided.version, to_status="uitgevoerd"
    )
    assert after.status == "uitgevoerd"


def test_the_projectleider_may_not_decide_a_request_beyond_tolerance(owner, analyst, change):
    project = change.project
    for user in (owner, analyst):
        with pytest.raises(PermissionDenied):
            services.issue_decide(
                actor=screen(user),
                issue=change,
                expected_version=change.version,
                decision="goedgekeurd",
                reasoning="Akkoord",
            )
    change.refresh_from_db()
    project.refresh_from_db()
    assert (change.status, change.decision, change.decided_by) == ("voorgesteld", "", None)
    assert project.planned_end == dt.date(2027, 6, 30)
    assert project.budgets.get(year=2026).amount == D("100000.00")


def test_the_board_approves_and_the_baseline_changes_with_its_audit(board_member, owner, project):
    meeting = BoardMeetingFactory()
    ProjectBudgetFactory(project=project, year=2026, amount=D("100000.00"))
    issue = services.issue_create(
        actor=screen(owner),
        project=project,
        type=issue_type("wijzigingsverzoek"),
        beyond_tolerance=True,
        requested_end=dt.date(2027, 9, 30),
        requested_budget_change=D("50000.00"),
        **FIELDS,
    )
    issue = proposed(screen(owner), issue)
    item = AgendaItem.objects.get(kind="change")
    assert (item.meeting, item.subject, item.project) == (meeting, issue, project)
    version = project.version
    decided = services.issue_decide(
        actor=screen(board_member),
        issue=issue,
        expected_version=issue.version,
        decision="goedgekeurd",
        reasoning="De extra functionaliteit is het waard.",
    )
    assert (decided.status, decided.decided_by) == ("besloten", board_member)
    project.refresh_from_db()
    assert project.planned_end == dt.date(2027, 9, 30)
    assert project.budgets.get(year=2026).amount == D("150000.00")
    assert project.version == version + 1
    (changes,) = [e.changes for e in audit_entries_for(project) if "planned_end" in e.changes]
    assert changes["planned_end"] == ["2027-06-30", "2027-09-30"]
    assert "budget 2026" in changes
    assert "besluit portfolioraad over wijzigingsverzoek" in changes["reden"][1]
    item.refresh_from_db()
    assert (item.decision, item.decided_by) == ("goedgekeurd", board_member)
    assert item.reasoning == "De extra functionaliteit is het waard."


def test_a_rejection_leaves_the_baseline_alone(board_member, change):
    meeting_item = AgendaItem.objects.filter(kind="change").first()
    services.issue_decide(
        actor=screen(board_member),
        issue=change,
        expected_version=change.version,
        decision="afgewezen",
        reasoning="Past niet in de begroting.",
    )
    project = change.project
    project.refresh_from_db()
    assert project.planned_end == dt.date(2027, 6, 30)
    assert project.budgets.get(year=2026).amount == D("100000.00")
    assert meeting_item is None  # no meeting was planned: nothing to close


def test_a_stale_decision_is_refused(board_member, owner, change):
    services.issue_update(
        actor=screen(owner), issue=change, expected_version=change.version, impact="Groter"
    )
    with pytest.raises(StaleError):
        services.issue_decide(
            actor=screen(board_member),
            issue=change,
            expected_version=change.version,
            decision="goedgekeurd",
            reasoning="Akkoord",
        )
    change.refresh_from_db()
    assert change.status == "voorgesteld"
    assert change.project.planned_end == dt.date(2027, 6, 30)


def test_a_budget_below_zero_is_refused_and_nothing_is_saved(board_member, owner, project):
    ProjectBudgetFactory(project=project, year=2026, amount=D("100000.00"))
    issue = services.issue_create(
        actor=screen(owner),
        project=project,
        type=issue_type("wijzigingsverzoek"),
        beyond_tolerance=True,
        requested_budget_change=D("-150000.00"),
        **FIELDS,
    )
    issue = proposed(screen(owner), issue)
    with pytest.raises(ValidationError) as refused:
        services.issue_decide(
            actor=screen(board_member),
            issue=issue,
            expected_version=issue.version,
            decision="goedgekeurd",
            reasoning="Akkoord",
        )
    assert "requested_budget_change" in refused.value.message_dict
    issue.refresh_from_db()
    assert (issue.status, issue.decision) == ("voorgesteld", "")
    assert project.budgets.get(year=2026).amount == D("100000.00")


def test_within_tolerance_the_baseline_stays_the_boards(owner, project):
    """A projectleider approving a request that asks for another baseline is refused."""
    issue = services.issue_create(
        actor=screen(owner),
        project=project,
        type=issue_type("wijzigingsverzoek"),
        requested_end=dt.date(2027, 9, 30),
        **FIELDS,
    )
    issue = proposed(screen(owner), issue)
    with pytest.raises(ValidationError, match="portfolioraad"):
        services.issue_decide(
            actor=screen(owner),
            issue=issue,
            expected_version=issue.version,
            decision="goedgekeurd",
            reasoning="Akkoord",
        )
    rejected = services.issue_decide(
        actor=screen(owner),
        issue=issue,
        expected_version=issue.version,
        decision="afgewezen",
        reasoning="Niet nodig.",
    )
    assert rejected.decision == "afgewezen"


def test_only_a_request_for_change_asks_for_another_baseline(owner, project):
    with pytest.raises(ValidationError) as refused:
        services.issue_create(
            actor=screen(owner),
            project=project,
            type=issue_type(),
            requested_end=dt.date(2027, 9, 30),
            **FIELDS,
        )
    assert "requested_end" in refused.value.message_dict
    assert not Issue.objects.exists()


def test_a_decided_request_keeps_what_it_asked_for(board_member, owner, change):
    decided = services.issue_decide(
        actor=screen(board_member),
        issue=change,
        expected_version=change.version,
        decision="afgewezen",
        reasoning="Niet nu.",
    )
    with pytest.raises(ValidationError) as refused:
        services.issue_update(
            actor=screen(owner),
            issue=decided,
            expected_version=decided.version,
            requested_end=dt.date(2028, 1, 1),
        )
    assert "requested_end" in refused.value.message_dict


def test_a_proposed_request_beyond_tolerance_follows_the_agenda(owner, project):
    """On the agenda once proposed beyond tolerance; off it when it no longer is."""
    BoardMeetingFactory()
    issue = IssueFactory(project=project, change=True)
    issue = proposed(screen(owner), issue)
    assert AgendaItem.objects.filter(kind="change", decided_at=None).count() == 1
    services.issue_update(
        actor=screen(owner), issue=issue, expected_version=issue.version, beyond_tolerance=False
    )
    assert not AgendaItem.objects.exists()


def test_escalation_to_the_portfolio_puts_the_issue_before_the_board(owner, project):
    project.programme = None
    project.save()
    BoardMeetingFactory()
    issue = IssueFactory(project=project)
    with pytest.raises(ValidationError):
        services.issue_escalate(actor=screen(owner), issue=issue, expected_version=1, reason="")
    up = services.issue_escalate(
        actor=screen(owner), issue=issue, expected_version=1, reason="Raakt het hele portfolio"
    )
    assert (up.level, up.is_escalated) == ("portfolio", True)
    item = AgendaItem.objects.get()
    assert (item.kind, item.subject) == ("escalation", up)
    back = services.issue_deescalate(actor=screen(owner), issue=up, expected_version=2)
    assert (back.level, back.escalation_reason) == ("project", "")
    assert not AgendaItem.objects.exists()
