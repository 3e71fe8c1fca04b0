"""Reads of capacity and demand that the heatmap, the scenario, the API and exports share.

`team_capacity` is the one place a team's hours per month come from: the heatmap shows
them and a scenario's capacity constraints are built from them (a test holds the two
equal). Demand counts by its project's lifecycle status: running projects and
going-concern work are committed; proposals are shown beside them; paused, completed and
stopped projects ask nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from ..projects.models import LifecycleStatus, Project
from .models import Demand, DemandPlan, Team, TeamMonth
from .rules import Formation, team_hours

COMMITTED = (LifecycleStatus.ACTIVE,)
PROPOSED = (LifecycleStatus.PROPOSED,)
COUNTED = (*COMMITTED, *PROPOSED)


def team_queryset() -> QuerySet[Team]:
    return Team.objects.select_related("org_unit").order_by("name", "pk")


def formation(team: Team) -> Formation:
    return Formation(team.fte, team.hours_per_fte, team.availability_pct)


def team_exceptions(team_ids: Iterable[int], months: list[dt.date]) -> dict[int, dict]:
    """team id -> {month: Formation} of the exceptions within `months` (one query)."""
    found: dict[int, dict] = defaultdict(dict)
    if not months:
        return found
    rows = TeamMonth.objects.filter(
        team_id__in=list(team_ids), month__gte=months[0], month__lte=months[-1]
    ).values_list("team_id", "month", "fte", "availability_pct")
    for team_id, month, fte, pct in rows:
        found[team_id][month] = Formation(fte, 0, pct)
    return found


def team_capacity(teams: list[Team], months: list[dt.date]) -> list[list[float]]:
    """Hours per team (in the order given) per month, exceptions applied: the figures the
    heatmap shows and a scenario's capacity is built from (one query)."""
    exceptions = team_exceptions([t.pk for t in teams], months)
    return [team_hours(formation(t), exceptions.get(t.pk, {}), months) for t in teams]


def demand_totals(
    team_ids: list[int], months: list[dt.date]
) -> dict[tuple[int, dt.date, str], float]:
    """(team id, month, project status) -> hours, over the counted statuses (one query)."""
    if not months:
        return {}
    rows = (
        Demand.objects.filter(
            team_id__in=team_ids,
            month__gte=months[0],
            month__lte=months[-1],
            project__status__in=COUNTED,
        )
        .values_list("team_id", "month", "project__status")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    return {(team, month, status): float(hours) for team, month, status, hours in rows}


@dataclass
class CapacityFigures:
    """Capacity and demand per team (rows, in `teams` order) and month (columns)."""

    teams: list[Team]
    months: list[dt.date]
    capacity: list[list[float]]
    committed: list[list[float]]
    proposed: list[list[float]]


def capacity_figures(*, months: list[dt.date], teams: list[Team] | None = None) -> CapacityFigures:
    """The heatmap's figures: three queries whatever the number of projects."""
    teams = list(team_queryset()) if teams is None else teams
    ids = [t.pk for t in teams]
    totals = demand_totals(ids, months)
    committed = [[0.0] * len(months) for _ in teams]
    proposed = [[0.0] * len(months) for _ in teams]
    row = {pk: i for i, pk in enumerate(ids)}
    column = {m: j for j, m in enumerate(months)}
    for (team, month, status), hours in totals.items():
        target = committed if status in COMMITTED else proposed
        target[row[team]][column[month]] += hours
    return CapacityFigures(teams, months, team_capacity(teams, months), committed, proposed)


def project_demand(
    project_ids: Iterable[int], months: list[dt.date]
) -> dict[tuple[int, int, dt.date], float]:
    """(project id, team id, month) -> hours of these projects within `months`."""
    if not months:
        return {}
    rows = Demand.objects.filter(
        project_id__in=list(project_ids), month__gte=months[0], month__lte=months[-1]
    ).values_list("project_id", "team_id", "month", "hours")
    return {(p, t, m): float(h) for p, t, m, h in rows}


def plan_cells(project: Project) -> dict[tuple[int, dt.date], Decimal]:
    """A project's whole demand: (team id, month) -> hours."""
    rows = Demand.objects.filter(project=project).values_list("team_id", "month", "hours")
    return {(team, month): hours for team, month, hours in rows}


def plan_version(project: Project) -> int:
    """The version a grid edit starts from (1 before the first save)."""
    version = DemandPlan.objects.filter(project=project).values_list("version", flat=True).first()
    return version or 1


def cell_projects(*, team: Team, month: dt.date, user) -> tuple[list[Demand], float]:
    """The projects asking `team` for hours in `month` that `user` may see, largest
    first, and the hours of those they may not see (counted, not named)."""
    counted = Demand.objects.filter(team=team, month=month, project__status__in=COUNTED)
    visible = list(
        counted.filter(project__in=Project.objects.visible_to(user).values("pk"))
        .select_related("project", "project__org_unit")
        .order_by("-hours", "project__code")
    )
    total = counted.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return visible, float(total) - sum(float(d.hours) for d in visible)
