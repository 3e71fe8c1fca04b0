"""The capacity of a snapshot: how loaded the teams are that the scope's projects ask
for, in the period's month(s), and per project the most loaded of its teams.

Capacity and demand come from portfolio/capacity/selectors.py `capacity_figures`, the
heatmap's figures (`team_capacity` is the one source of a team's hours). A team's demand
is what all projects ask of it, not only this scope's: its load is what it carries. As
the heatmap shows by default, that demand is the committed one (running projects and
going-concern work); which projects ask for a team follows the selectors' counted
statuses (proposals too: a proposal leans on its teams as well). A period of several
months adds up their capacity and their demand.
"""

from __future__ import annotations

from collections import defaultdict

from portfolio.capacity.models import Demand
from portfolio.capacity.rules import months_between
from portfolio.capacity.selectors import COUNTED, capacity_figures, team_queryset

from . import BuildContext


def _load_pct(demand: float, capacity: float) -> float | None:
    """Demand as a percentage of capacity (portfolio/capacity/rules.py `load_pct`,
    to a tenth: 100.4 % is over and must not read as 100); None without capacity."""
    return round(100 * demand / capacity, 1) if capacity > 0 else None


def team_load(ctx: BuildContext) -> tuple[list[dict], dict[int, float | None]]:
    """([{"id", "name", "capacity", "demand", "load_pct"}] in name order, {project id:
    the highest load_pct among the teams it asks hours of}). The teams: those the scope's
    projects ask for in the period, every team for the whole organisation. A project
    asking nothing is absent; one asking only teams without capacity maps to None.
    Five queries (four when the demand sums are in the cache)."""
    from reporting.models import Scope

    months = months_between(ctx.period, ctx.period_end)
    asked = set(
        Demand.objects.filter(
            project__in=ctx.projects().values("pk"),
            month__in=months,
            hours__gt=0,
            project__status__in=COUNTED,
        )
        .order_by()
        .values_list("project_id", "team_id")
        .distinct()
    )
    teams = team_queryset()
    if ctx.scope.kind != Scope.Kind.ORGANISATION:
        teams = teams.filter(pk__in={team for _project, team in asked})
    teams = list(teams)
    if not teams:
        return [], {}
    figures = capacity_figures(months=months, teams=teams)
    rows, load = [], {}
    for team, capacity, committed in zip(teams, figures.capacity, figures.committed, strict=True):
        hours, demand = sum(capacity), sum(committed)
        load[team.pk] = _load_pct(demand, hours)
        rows.append(
            {
                "id": team.pk,
                "name": team.name,
                "capacity": round(hours, 1),
                "demand": round(demand, 1),
                "load_pct": load[team.pk],
            }
        )
    highest: dict[int, float | None] = defaultdict(lambda: None)
    for project, team in asked:
        pct, top = load.get(team), highest[project]
        highest[project] = top if pct is None or (top is not None and top >= pct) else pct
    return rows, dict(highest)
