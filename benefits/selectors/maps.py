"""Reads of the batenkaarten: the register, one map, its boxes and arrows, and what a
box may stand for."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from pmo.access import get_visible_or_404
from portfolio.assessment.models import Objective
from portfolio.projects.models import Project

from ..models import Benefit, BenefitMap, MapNode


def map_list(*, user) -> QuerySet[BenefitMap]:
    return (
        BenefitMap.objects.visible_to(user)
        .select_related("portfolio", "programme")
        .annotate(
            node_count=Count("nodes", distinct=True), link_count=Count("links", distinct=True)
        )
        .order_by("name", "pk")  # a grouped query drops Meta.ordering
    )


def map_detail(*, user, pk: int) -> BenefitMap:
    queryset = BenefitMap.objects.select_related("portfolio", "programme", "programme__manager")
    return get_visible_or_404(queryset, user, pk=pk)


def map_nodes(benefit_map: BenefitMap) -> list[MapNode]:
    """The boxes with what they stand for, in the order they were made (one query)."""
    return list(benefit_map.nodes.select_related("benefit", "project", "objective").order_by("pk"))


def map_links(benefit_map: BenefitMap) -> list[tuple[int, int, int]]:
    """The arrows as (link id, source id, target id), one query."""
    return list(benefit_map.links.order_by("pk").values_list("pk", "source", "target"))


def map_choices(benefit_map: BenefitMap, user) -> dict[str, QuerySet]:
    """What a box on this map may stand for: the benefits and projects of its programme
    (of its portfolio for a portfolio map) and the objectives of the afwegingskader."""
    scope = (
        {"programme": benefit_map.programme_id}
        if benefit_map.programme_id
        else {"portfolio": benefit_map.portfolio_id}
    )
    return {
        "benefits": Benefit.objects.visible_to(user).filter(**scope).order_by("name"),
        "projects": Project.objects.visible_to(user).filter(**scope).order_by("code"),
        # The strategic objectives are the municipality's, known to all who draw a map.
        "objectives": Objective.objects.select_related("framework"),
    }
