"""What the risks domain puts before the portfolioraad, for preparing its agenda
(registered with portfolio.governance.providers in apps.py): project risks and issues
escalated to the portfolio, and proposed requests for change beyond tolerance.

A risk or issue the board already decided on is not offered again, so a decided
escalation does not come back every meeting; one escalated anew after going back goes on
the agenda when it is escalated (risk_escalate, issue_escalate place it then)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from portfolio.governance.models import AgendaItem
from portfolio.projects.models import CLOSED_STATUSES

from ..models import Issue, Level, Risk
from ..rules import workflow

Kind = AgendaItem.Kind


def _decided(model) -> QuerySet:
    return AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(model), decided_at__isnull=False
    ).values("subject_id")


def _escalated(queryset: QuerySet) -> QuerySet:
    return (
        queryset.filter(level=Level.PORTFOLIO, project__isnull=False)
        .exclude(home_level=Level.PORTFOLIO)
        .exclude(project__status__in=CLOSED_STATUSES)
        .exclude(pk__in=_decided(queryset.model))
        .select_related("project")
        .order_by("pk")
    )


def pending_for_the_board() -> list[tuple]:
    """(subject, project, kind) of each, in four queries."""
    awaiting = {
        "type__is_change_request": True,
        "beyond_tolerance": True,
        "status": workflow.PROPOSED,
    }
    changes = (
        Issue.objects.filter(project__isnull=False, **awaiting)
        .exclude(project__status__in=CLOSED_STATUSES)
        .select_related("project")
        .order_by("pk")
    )
    risks = _escalated(Risk.objects.exclude(status=Risk.Status.CLOSED))
    issues = _escalated(Issue.objects.exclude(status__in=workflow.FINISHED).exclude(**awaiting))
    return [
        *((issue, issue.project, Kind.CHANGE) for issue in changes),
        *((risk, risk.project, Kind.RISK) for risk in risks),
        *((issue, issue.project, Kind.ESCALATION) for issue in issues),
    ]
