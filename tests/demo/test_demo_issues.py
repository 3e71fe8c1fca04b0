"""The demo's issue register: every type, every step, decisions with their reasoning, a
request for change the portfolioraad approved applied to its project, and escalated risks
on the next meeting's agenda."""

import pytest
from django.core.management import call_command

from pmo.audit import audit_entries_for
from portfolio.governance.models import AgendaItem, BoardMeeting
from risks.models import Issue, IssueType

pytestmark = pytest.mark.django_db


def test_the_demo_issues_show_the_whole_workflow_and_the_board():
    call_command("seed_demo", verbosity=0)
    issues = Issue.objects.select_related("type", "project", "decided_by")
    assert issues.count() >= 15
    assert set(issues.values_list("type__code", flat=True)) == set(
        IssueType.objects.values_list("code", flat=True)
    )
    assert set(issues.values_list("status", flat=True)) == set(Issue.Status.values)
    decided = issues.exclude(decision="")
    assert decided.count() >= 5 and all(issue.decision_reasoning for issue in decided)
    approved = decided.get(
        type__is_change_request=True, beyond_tolerance=True, decision="goedgekeurd"
    )
    assert approved.decided_by.username == "raad"
    assert approved.project.planned_end == approved.requested_end
    reasons = [e.changes.get("reden", ["", ""])[1] for e in audit_entries_for(approved.project)]
    assert any("besluit portfolioraad over wijzigingsverzoek" in reason for reason in reasons)
    assert decided.filter(type__is_change_request=True, decision="afgewezen").exists()
    upcoming = BoardMeeting.objects.get(state="gepland")
    kinds = set(upcoming.items.values_list("kind", flat=True))
    assert {AgendaItem.Kind.RISK, AgendaItem.Kind.CHANGE} <= kinds
