"""Reads of the risks domain that pages, API, exports and the simulation share."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from pmo.access import get_visible_or_404
from portfolio.status.rules.rag import RiskFact

from ..models import Risk, RiskAction
from ..rules.heatmap import HeatMap, heat_map

TOP_RISKS = 10


def risk_list(*, user) -> QuerySet[Risk]:
    return Risk.objects.visible_to(user).select_related("project", "programme", "owner")


def open_risks(risks: QuerySet[Risk]) -> QuerySet[Risk]:
    return risks.filter(status=Risk.Status.OPEN)


def risk_heat_map(risks: QuerySet[Risk]) -> HeatMap:
    """The risicokaart of `risks` (open ones), in one grouped query."""
    grouped = (
        open_risks(risks)
        .order_by()
        .values_list(
            "inherent_probability", "inherent_money", "residual_probability", "residual_money"
        )
        .annotate(count=Count("pk"))
    )
    return heat_map(grouped)


def top_risks(risks: QuerySet[Risk], count: int = TOP_RISKS) -> QuerySet[Risk]:
    """The open threats with the largest residual expected value."""
    return (
        open_risks(risks)
        .filter(kind=Risk.Kind.THREAT, expected_value__isnull=False)
        .select_related("project")
        .order_by("-expected_value", "pk")[:count]
    )


def risk_detail(*, user, pk: int) -> Risk:
    queryset = Risk.objects.select_related("project", "programme", "portfolio", "owner", "actionee")
    return get_visible_or_404(queryset, user, pk=pk)


def risk_actions(risk: Risk) -> QuerySet[RiskAction]:
    return risk.actions.select_related("actionee").order_by("due_on", "pk")


def project_risk_facts(project) -> list[RiskFact]:
    """The residual scores of the project's open threats, as the status report's risico
    proposal takes them (registered with portfolio.status.providers in apps.py). One
    query; whoever asks, every open threat counts."""
    scores = Risk.objects.filter(
        project=project, status=Risk.Status.OPEN, kind=Risk.Kind.THREAT
    ).values_list("residual_score", flat=True)
    return [RiskFact(residual_score=score) for score in scores.order_by("pk")]
