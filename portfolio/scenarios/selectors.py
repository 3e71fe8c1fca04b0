"""Reads of scenarios that pages, the decision log and the API share."""

from django.db.models import F, QuerySet, Value

from .models import Scenario


def scenario_queryset() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("framework", "adopted_by", "adopted_meeting")


def scenario_rules(scenario: Scenario):
    return scenario.rules.select_related("project", "other")


def framework_scenarios(framework) -> QuerySet[Scenario]:
    return framework.scenarios.select_related("adopted_by")


def compared_scenarios(framework, ids: list[int]) -> list[Scenario]:
    return list(framework.scenarios.filter(pk__in=ids).order_by("name"))


def adopted_scenarios(limit: int = 200) -> QuerySet[Scenario]:
    """Scenarios the board adopted, as entries of the decision log (newest first)."""
    return (
        Scenario.objects.exclude(adopted_at=None)
        .select_related("framework", "adopted_by", "adopted_meeting")
        .annotate(decided_at=F("adopted_at"), is_scenario=Value(True))
        .order_by("-adopted_at")[:limit]
    )
