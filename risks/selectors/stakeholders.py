"""Reads of the stakeholder register that pages, API and exports share."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from pmo.access import get_visible_or_404

from ..models import Stakeholder, StakeholderAction
from ..rules.grid import Grid, grid


def stakeholder_list(*, user) -> QuerySet[Stakeholder]:
    """The stakeholders the user sees, with their open communication actions counted."""
    # A subquery, not a join with GROUP BY: the register keeps its ordering and its
    # filters' subqueries stay plain.
    open_actions = (
        StakeholderAction.objects.filter(stakeholder=OuterRef("pk"), done_on__isnull=True)
        .order_by()
        .values("stakeholder")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Stakeholder.objects.visible_to(user)
        .select_related("project", "programme")
        .annotate(open_actions=Coalesce(Subquery(open_actions), 0))
    )


def stakeholder_grid(stakeholders: QuerySet[Stakeholder]) -> Grid:
    """The power/interest grid of `stakeholders`, in one grouped query."""
    grouped = stakeholders.order_by().values_list("power", "interest").annotate(count=Count("pk"))
    return grid(grouped)


def stakeholder_detail(*, user, pk: int) -> Stakeholder:
    queryset = Stakeholder.objects.select_related("project", "programme", "portfolio")
    return get_visible_or_404(queryset, user, pk=pk)


def stakeholder_actions(stakeholder: Stakeholder) -> QuerySet[StakeholderAction]:
    """Open ones first (by due date), then the ones done."""
    return stakeholder.actions.order_by(F("done_on").asc(nulls_first=True), "due_on", "pk")
