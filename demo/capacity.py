"""Lindenhoven's capacity: what its nine teams can give and what the projects ask of them.

Every running or proposed project asks projectmanagement for hours over its planned
months, and the team(s) its work needs: civil engineering for the physical domains,
development, architecture and data for information management, procurement and legal
at the start, communication in the first months. Going-concern work asks its team the
same hours every month. Each team's demand is then scaled so its busiest month of the
coming year and a half sits at about 85 % of what it can give, except civil
engineering: three early projects peak in spring 2027, and the team is over-allocated
there (the heatmap flags it, and the capacity scenario has to choose).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from portfolio.capacity.models import Demand, DemandPlan, Team, TeamMonth
from portfolio.capacity.rules import add_months, month_start, months_between
from portfolio.capacity.selectors import COMMITTED, COUNTED, team_capacity
from portfolio.projects.models import Phase, Project

PHYSICAL = ("SB-WE", "SB-GR", "SB-VG", "RU-WO", "RU-MI")
DIGITAL = ("BV-IV",)
BUSIEST = 0.85
SPRING_PEAK = 1.12  # civil engineering's committed load at its spring peak
SPRING = (3, 4, 5)
LEAVE = [(7, 55, "Zomerverlof"), (8, 60, "Zomerverlof"), (12, 70, "Kerstverlof")]
EARLY_PHASES = (Phase.INITIATION, Phase.DEFINITION, Phase.DESIGN)


def seed_capacity(*, today: dt.date) -> dict[str, int]:
    created = {"demand": 0, "team_months": 0}
    if Demand.objects.exists():
        return created
    rng = random.Random(14)
    teams = {t.code: t for t in Team.objects.all()}
    first = add_months(month_start(today), -3)
    last = add_months(month_start(today), 36)
    projects = list(
        Project.objects.filter(status__in=COUNTED).select_related("org_unit").order_by("code")
    )
    hours: dict[tuple[int, int, dt.date], float] = defaultdict(float)
    for project in projects:
        for team, month, amount in _asks(project, teams, first, last, rng):
            hours[(project.pk, team.pk, month)] += amount
    # Leave and the vacancy first: the scaling below reads the capacity they leave.
    created["team_months"] = _exceptions(teams, today)
    _scale(hours, projects, teams, today)
    _spring_peak(hours, projects, teams["TEAM-CIV"], today)
    rows = [
        Demand(project_id=p, team_id=t, month=m, hours=Decimal(f"{h:.1f}"))
        for (p, t, m), h in sorted(hours.items())
        if h >= 0.5
    ]
    Demand.objects.bulk_create(rows, batch_size=2000)
    DemandPlan.objects.bulk_create(
        [DemandPlan(project_id=pk) for pk in sorted({r.project_id for r in rows})]
    )
    created["demand"] = len(rows)
    return created


def _asks(project, teams, first, last, rng):
    """(team, month, hours) the project asks, before scaling."""
    # The project's own months, then only those in the window: a project that started
    # two years ago asked procurement and communication then, not in the window's first.
    start, end = project.planned_start or first, project.planned_end or last
    months = months_between(start, end) if start <= end else []
    if not months:
        return
    for team, month, hours in _by_plan(project, teams, months, rng, first, last):
        if first <= month <= last:
            yield team, month, hours


def _by_plan(project, teams, months, rng, first, last):
    unit = project.org_unit.code
    if project.kind == Project.Kind.GOING_CONCERN:
        team = teams["TEAM-CIV" if unit in PHYSICAL else "TEAM-PROJ"]
        steady = rng.choice([60, 90, 120])
        for month in months_between(first, last):
            yield team, month, steady
        return
    manager_hours = rng.choice([12, 16, 24, 32])
    for month in months:
        yield teams["TEAM-PROJ"], month, manager_hours
    for month in months[:3]:
        yield teams["TEAM-COM"], month, rng.choice([8, 12, 20])
    if rng.random() < 0.5:
        for month in months[1:4]:
            yield teams["TEAM-INK"], month, rng.choice([20, 30, 40])
    if rng.random() < 0.35:
        for month in months[:2]:
            yield teams["TEAM-JUR"], month, rng.choice([10, 16, 24])
    if unit in PHYSICAL:
        civil = rng.choice([40, 60, 90, 120])
        for month in months:
            yield teams["TEAM-CIV"], month, civil
    if unit.startswith("RU"):
        for month in months[: max(3, len(months) // 2)]:
            yield teams["TEAM-RO"], month, rng.choice([24, 40, 60])
    if unit in DIGITAL or rng.random() < 0.15:
        develop = rng.choice([40, 80, 120])
        for month in months:
            yield teams["TEAM-IV-DEV"], month, develop
        for month in months[:4]:
            yield teams["TEAM-IV-ARCH"], month, rng.choice([16, 24, 40])
        for month in months[-4:]:
            yield teams["TEAM-DATA"], month, rng.choice([12, 20, 32])


def _committed_by_month(hours, projects, team, months):
    committed = {p.pk for p in projects if p.status in COMMITTED}
    totals = dict.fromkeys(months, 0.0)
    for (p, t, m), h in hours.items():
        if t == team.pk and p in committed and m in totals:
            totals[m] += h
    return totals


def _scale(hours, projects, teams, today) -> None:
    """Each team's busiest committed month, from the window's start (three months back)
    to a year and a half ahead, at BUSIEST of its capacity."""
    months = months_between(add_months(month_start(today), -3), add_months(month_start(today), 17))
    team_list = list(teams.values())
    capacity = dict(zip((t.pk for t in team_list), team_capacity(team_list, months), strict=True))
    for team in team_list:
        totals = _committed_by_month(hours, projects, team, months)
        busiest = max(
            (total / cap for total, cap in zip(totals.values(), capacity[team.pk], strict=True)),
            default=0,
        )
        if busiest <= 0:
            continue
        factor = BUSIEST / busiest
        for key in [k for k in hours if k[1] == team.pk]:
            hours[key] *= factor


def _spring_peak(hours, projects, civil: Team, today) -> None:
    """Three early civil projects peak in spring: the team's committed load there rises
    to SPRING_PEAK, above what it can give, while running work alone still fits."""
    year = today.year + 1
    spring = [dt.date(year, m, 1) for m in SPRING]
    early = [
        p
        for p in projects
        if p.status in COMMITTED
        and p.phase in EARLY_PHASES
        and any(k[0] == p.pk and k[1] == civil.pk for k in hours)
    ][:3]
    if not early:
        return
    totals = _committed_by_month(hours, projects, civil, spring)
    for month, capacity in zip(spring, team_capacity([civil], spring)[0], strict=True):
        extra = max(0.0, SPRING_PEAK * capacity - totals[month]) / len(early)
        for project in early:
            hours[(project.pk, civil.pk, month)] += extra


def _exceptions(teams, today) -> int:
    """Summer and Christmas leave for every team, and a vacancy in legal affairs."""
    year = today.year + 1
    rows = []
    for team in teams.values():
        rows += [
            TeamMonth(team=team, month=dt.date(year, month, 1), availability_pct=pct, note=note)
            for month, pct, note in LEAVE
        ]
    legal = teams["TEAM-JUR"]
    for month in months_between(dt.date(year, 1, 1), dt.date(year, 6, 1)):
        rows.append(
            TeamMonth(
                team=legal,
                month=month,
                fte=legal.fte - Decimal("1.00"),
                note="Vacature jurist: werving loopt",
            )
        )
    TeamMonth.objects.bulk_create(rows)
    return len(rows)
