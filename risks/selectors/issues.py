"""Reads of the issue register that pages, API, exports and the decision share."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from pmo.access import get_visible_or_404
from pmo.audit import audit_entries_for, readable_changes
from portfolio.governance.models import AgendaItem
from portfolio.projects.models import Project, ProjectBudget

from ..models import Issue, IssueType
from ..rules.changes import BaselineChange, baseline_change

HISTORY_LINES = 50


def issue_list(*, user) -> QuerySet[Issue]:
    return Issue.objects.visible_to(user).select_related("type", "project", "programme", "owner")


def issue_types() -> QuerySet[IssueType]:
    return IssueType.objects.order_by("position", "name")


def issue_detail(*, user, pk: int) -> Issue:
    queryset = Issue.objects.select_related(
        "type", "project", "programme", "portfolio", "owner", "raised_by", "decided_by"
    )
    return get_visible_or_404(queryset, user, pk=pk)


def issue_history(issue: Issue) -> list:
    """The issue's audit lines, newest first, with readable changes; one query."""
    entries = list(audit_entries_for(issue).order_by("-at", "-pk")[:HISTORY_LINES])
    for entry in entries:
        entry.readable = readable_changes(entry.changes, Issue)
    return entries


def issue_agenda_item(issue: Issue) -> AgendaItem | None:
    """The issue's newest item on the board's agenda (open or decided), with its meeting."""
    return (
        AgendaItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(Issue), subject_id=issue.pk
        )
        .select_related("meeting")
        .order_by("decided_at", "-pk")  # an open one (no decision) first
        .first()
    )


def baseline_preview(issue: Issue, project: Project, *, year: int) -> BaselineChange:
    """What approving `issue` in `year` does to `project`'s baseline (its budget line of
    that year read)."""
    line = ProjectBudget.objects.filter(project=project, year=year).first()
    return baseline_change(
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        requested_end=issue.requested_end,
        year=year,
        budget=line.amount if line else None,
        budget_change=issue.requested_budget_change,
    )
