"""Reads of capacity and demand that the heatmap, the scenario, the API and exports share.

`team_capacity` is the one place a team's hours per month come from: the heatmap shows
them and a scenario's capacity constraints are built from them (a test holds the two
equal). Demand counts by its project's lifecycle status: running projects and
going-concern work are committed; proposals are shown beside them; paused, completed and
stopped projects ask nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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


# How long summed demand is kept; any write it depends on changes its key before then.
TOTALS_TTL = 3600


def demand_revision() -> str:
    """A fingerprint of all the demand totals depend on, in one query.

    Every write of demand goes through a service that bumps its project's demand plan
    (the grid, a shift, the API's bulk upsert, an import and its undo), and every change
    of a project's status bumps the project's version; deleting either lowers a count.
    Versions only grow, so the sums, counts and latest stamps change with every write,
    also when two writes commit out of order. Ten thousand projects: about 2 ms.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    plans, projects = quote(DemandPlan._meta.db_table), quote(Project._meta.db_table)
    demand = quote(Demand._meta.db_table)
    parts = [
        f"(SELECT COUNT(*) FROM {plans})",
        f"(SELECT SUM({quote('version')}) FROM {plans})",
        f"(SELECT MAX({quote('updated_at')}) FROM {plans})",
        f"(SELECT COUNT(*) FROM {projects})",
        f"(SELECT SUM({quote('version')}) FROM {projects})",
        f"(SELECT MAX({quote('updated_at')}) FROM {projects})",
        f"(SELECT MAX({quote('updated_at')}) FROM {demand})",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return "|".join(str(value) for value in cursor.fetchone())


def demand_totals(
    team_ids: list[int], months: list[dt.date]
) -> dict[tuple[int, dt.date, str], float]:
    """(team id, month, project status) -> hours, over the counted statuses.

    Summing a few hundred thousand demand rows is most of the heatmap's time (issue 14:
    10,000 projects), so the sums are kept in the cache under `demand_revision`: one
    small query when nothing changed since, that and the sum when something did.
    """
    if not months:
        return {}
    from django.core.cache import cache

    teams = ",".join(map(str, sorted(team_ids)))
    digest = hashlib.sha256(f"{demand_revision()}/{teams}/{months[0]}/{months[-1]}".encode())
    key = f"capacity:demand-totals:{digest.hexdigest()}"
    totals = cache.get(key)
    if totals is None:
        totals = _summed_demand(team_ids, months)
        cache.set(key, totals, TOTALS_TTL)
    return totals


def _summed_demand(team_ids: list[int], months: list[dt.date]) -> dict:
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


def heatmap_teams(org_unit=None) -> list[Team]:
    """The heatmap's rows: every team, or those of `org_unit` and the units below it."""
    teams = team_queryset()
    if org_unit is not None:
        teams = teams.filter(org_unit__path__startswith=org_unit.path)
    return list(teams)


def whatif_project(*, user, code: str) -> Project | None:
    """The project a what-if moves, if `user` may see it (one query), with whether they
    may change it (`can_edit`) and the version its demand plan is at (`plan_version`)."""
    from django.db.models import Exists, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    editable = Project.objects.editable_by(user).filter(pk=OuterRef("pk"))
    version = DemandPlan.objects.filter(project=OuterRef("pk")).values("version")[:1]
    return (
        Project.objects.visible_to(user)
        .filter(code=code)
        .select_related("org_unit")
        .annotate(can_edit=Exists(editable), plan_version=Coalesce(Subquery(version), Value(1)))
        .first()
    )


def team_months(team: Team, months: list[dt.date]) -> dict[dt.date, TeamMonth]:
    """month -> the team's exception within `months`, with its note (one query)."""
    if not months:
        return {}
    rows = TeamMonth.objects.filter(team=team, month__gte=months[0], month__lte=months[-1])
    return {row.month: row for row in rows}


def project_demand_hours(project: Project) -> Decimal:
    """All the hours a project asks of the teams, every month (one query)."""
    total = Demand.objects.filter(project=project).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)
