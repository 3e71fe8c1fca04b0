"""Capacity for the bench portfolio: T competence teams and what its projects ask of them
(bench/benchmarks/capacity.py, issue 14).

    python bench/generate_capacity.py --teams 50 [--seed 1] [--fresh]
    python bench/generate_capacity.py --delete

Run it after `bench/generate.py` (the teams hang on that portfolio's departments, the
demand on its projects). Everything is bulk-inserted (COPY on PostgreSQL), not saved
through the services (a demand grid save locks and audits per project).

What is made (one random stream, seed + 15,000, in this order):

- T teams `BENCH-T01` …, each on a bench department, 156 hours per fte a month (one in
  five 144), 75–85 % available; exceptions (`TeamMonth`) in the 36-month window from
  the bench TODAY's month (2026-11 … 2029-10): July at 55 %, August at 60 %, December at
  70 % for every team, and for every eighth team a vacancy (fte × 0.85) for 3 months;
- demand for every project that is lopend, voorgesteld or gepauzeerd (paused demand is
  stored but counted nowhere, as the capacity selectors say): 1–4 teams (weights
  1:3:3:3, popular teams more often), a fixed number of hours per team (8 … 80) in each
  month of its plan within the window (the first and last month half), a running project
  past its planned end 2–8 months from the window's start, one without dates the
  window's first 12 months; one `DemandPlan` (version 1) per project with demand;
- then each team's formation (fte) from what is asked of it: enough for the demand of
  the projects in realisatie or nazorg (what a scenario commits) in its busiest month,
  exceptions applied, and at least 0.8–1.25 × the mean monthly counted demand (lopend +
  voorgesteld) of the window's first 12 months. So committed work always fits, and the
  proposals overload some team-months: the heatmap has over-allocated cells and a
  scenario that commits the running projects is feasible.

The teams are recognised by their code prefix; `delete_bench_capacity` removes them, their
exceptions, all demand on them and the bench projects' demand plans with plain DELETE
statements. Remove them before `bench/generate.py --fresh` or `--delete` (teams protect
the bench departments; the demand would make Django collect 360,000 rows one by one).
"""

import argparse
import datetime as dt
import io
import math
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_names import BATCH, DOMAINS, PORTFOLIO_CODE, TODAY  # noqa: E402

TEAM_PREFIX = "BENCH-T"
FIRST_MONTH = TODAY.replace(day=1)
WINDOW_MONTHS = 36
DEMANDING = ("lopend", "voorgesteld", "gepauzeerd")
COUNTED = ("lopend", "voorgesteld")  # portfolio.capacity.selectors.COUNTED
COMMITTED_PHASES = ("realisatie", "nazorg")  # portfolio.scenarios.selectors.RUNNING_PHASES
TEAM_COUNT_WEIGHTS = [1, 3, 3, 3]  # 1, 2, 3, 4 teams per project
HOURS = [8, 12, 16, 24, 32, 40, 60, 80]
LEAVE = {7: 55, 8: 60, 12: 70}
VACANCY_SHARE = Decimal("0.85")
DISCIPLINES = [
    "Projectmanagement",
    "Civiele techniek",
    "Informatievoorziening",
    "Architectuur",
    "Data en analyse",
    "Inkoop",
    "Juridische zaken",
    "Communicatie",
    "Ruimtelijke ordening",
    "Vastgoed",
]


def bench_teams():
    from portfolio.capacity.models import Team

    return Team.objects.filter(code__startswith=TEAM_PREFIX)


def capacity_counts() -> dict[str, int]:
    from portfolio.capacity.models import Demand, TeamMonth

    teams = bench_teams()
    return {
        "teams": teams.count(),
        "team_months": TeamMonth.objects.filter(team__in=teams.values("pk")).count(),
        "demand": Demand.objects.filter(team__in=teams.values("pk")).count(),
    }


def delete_bench_capacity() -> dict[str, int]:
    """Demand on the bench teams, the bench projects' plans, exceptions, the teams."""
    from django.db import connection, transaction

    from portfolio.capacity.models import Demand, DemandPlan, Team, TeamMonth
    from portfolio.projects.models import Project

    teams_sql, teams_params = bench_teams().order_by().values("pk").query.sql_with_params()
    projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE).order_by().values("pk")
    projects_sql, projects_params = projects.query.sql_with_params()
    steps = (
        ("demand", Demand, "team_id", teams_sql, teams_params),
        ("demand_plans", DemandPlan, "project_id", projects_sql, projects_params),
        ("team_months", TeamMonth, "team_id", teams_sql, teams_params),
        ("team_members", Team.members.through, "team_id", teams_sql, teams_params),
        ("teams", Team, "id", teams_sql, teams_params),
    )
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for key, model, column, sql, params in steps:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({sql})", params)
            deleted[key] = cursor.rowcount
    return deleted


def window(months: int = WINDOW_MONTHS) -> list[dt.date]:
    from portfolio.capacity.rules import add_months

    return [add_months(FIRST_MONTH, k) for k in range(months)]


def _plan_months(rng, project, months: list[dt.date]) -> list[dt.date]:
    """The months of the window the project asks for hours in."""
    _pk, status, _phase, start, end = project
    if start is None or end is None:
        return months[:12]
    inside = [m for m in months if start.replace(day=1) <= m <= end]
    if not inside and status == "lopend" and end < months[0]:
        return months[: rng.randint(2, 8)]  # running past its planned end
    return inside


def _teams_for(rng, weights: list[float]) -> list[int]:
    count = rng.choices(range(1, 5), TEAM_COUNT_WEIGHTS)[0]
    picked: list[int] = []
    while len(picked) < min(count, len(weights)):
        index = rng.choices(range(len(weights)), weights)[0]
        if index not in picked:
            picked.append(index)
    return picked


def draw_demand(rng, projects: list[tuple], team_count: int, months: list[dt.date]):
    """(project id, team index, month, hours) rows, and per team and month the counted
    and committed hours (for the formation)."""
    column = {m: j for j, m in enumerate(months)}
    popularity = [1 / (1 + index / 8) for index in range(team_count)]
    counted = [[0.0] * len(months) for _ in range(team_count)]
    committed = [[0.0] * len(months) for _ in range(team_count)]
    rows = []
    for project in projects:
        plan = _plan_months(rng, project, months)
        if not plan:
            continue
        status, phase = project[1], project[2]
        for team in _teams_for(rng, popularity):
            base = rng.choice(HOURS)
            for k, month in enumerate(plan):
                hours = base / 2 if len(plan) > 2 and k in (0, len(plan) - 1) else base
                rows.append((project[0], team, month, hours))
                if status in COUNTED:
                    counted[team][column[month]] += hours
                if phase in COMMITTED_PHASES:
                    committed[team][column[month]] += hours
    return rows, counted, committed


def _formations(rng, team_count: int, months: list[dt.date], counted, committed) -> list[dict]:
    """Per team: hours per fte, availability, fte and its exceptions (month -> values)."""
    teams = []
    for index in range(team_count):
        hours_per_fte = 144 if rng.random() < 0.2 else 156
        availability = rng.choice([75, 78, 80, 82, 85])
        exceptions: dict[dt.date, dict] = {
            m: {"fte_share": None, "availability_pct": LEAVE[m.month]}
            for m in months
            if m.month in LEAVE
        }
        if index % 8 == 7:  # a vacancy of three months
            start = rng.randrange(len(months) - 3)
            for month in months[start : start + 3]:
                exceptions.setdefault(month, {"availability_pct": None})["fte_share"] = (
                    VACANCY_SHARE
                )
        peak = 0.0
        for j, month in enumerate(months):
            found = exceptions.get(month, {})
            pct = found.get("availability_pct") or availability
            share = float(found.get("fte_share") or 1)
            peak = max(peak, committed[index][j] / (hours_per_fte * pct / 100 * share))
        first_year = counted[index][:12]
        mean_need = sum(first_year) / len(first_year) / (hours_per_fte * availability / 100)
        fte = max(peak * 1.01, mean_need * rng.uniform(0.8, 1.25), 0.5)
        teams.append(
            {
                "hours_per_fte": hours_per_fte,
                "availability_pct": availability,
                "fte": Decimal(math.ceil(fte * 10)) / 10,
                "exceptions": exceptions,
            }
        )
    return teams


def _insert_demand(rows, team_ids: list[int]) -> str:
    """Demand rows: COPY on PostgreSQL, bulk_create elsewhere; returns the method."""
    from django.db import connection
    from django.utils import timezone

    from portfolio.capacity.models import Demand

    if connection.vendor == "postgresql":
        now = timezone.now()
        table = connection.ops.quote_name(Demand._meta.db_table)
        sql = f"COPY {table} (project_id, team_id, month, hours, updated_at) FROM STDIN"
        buffer = io.StringIO()
        for project_id, team, month, hours in rows:
            buffer.write(f"{project_id}\t{team_ids[team]}\t{month}\t{hours:.1f}\t{now}\n")
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())
        return "copy"
    for start in range(0, len(rows), 20 * BATCH):
        Demand.objects.bulk_create(
            [
                Demand(project_id=p, team_id=team_ids[t], month=m, hours=Decimal(f"{h:.1f}"))
                for p, t, m, h in rows[start : start + 20 * BATCH]
            ],
            batch_size=BATCH,
        )
    return "bulk_create"


def insert_capacity(*, teams: int = 50, seed: int = 1, log=print) -> dict:
    """`teams` bench teams and the demand of the bench projects; counts and timings."""
    from django.db import transaction

    from portfolio.capacity.models import DemandPlan, Team, TeamMonth
    from portfolio.projects.models import OrgUnit, Project

    started = time.perf_counter()
    projects = list(
        Project.objects.filter(portfolio__code=PORTFOLIO_CODE, status__in=DEMANDING)
        .order_by("pk")
        .values_list("pk", "status", "phase", "planned_start", "planned_end")
    )
    departments = list(
        OrgUnit.objects.filter(parent__code__in=[code for code, _name in DOMAINS]).order_by("code")
    )
    if not projects or not departments:
        raise SystemExit("No bench portfolio: run bench/generate.py first.")
    if bench_teams().exists():
        raise SystemExit("Bench teams exist already; delete them first (--fresh).")
    rng = random.Random(seed + 15_000)
    months = window()
    rows, counted, committed = draw_demand(rng, projects, teams, months)
    formations = _formations(rng, teams, months, counted, committed)
    with transaction.atomic():
        made = Team.objects.bulk_create(
            [
                Team(
                    code=f"{TEAM_PREFIX}{index + 1:02d}",
                    name=f"Bench {index + 1:02d} {DISCIPLINES[index % len(DISCIPLINES)]}",
                    org_unit=departments[index % len(departments)],
                    fte=formation["fte"],
                    hours_per_fte=formation["hours_per_fte"],
                    availability_pct=formation["availability_pct"],
                )
                for index, formation in enumerate(formations)
            ]
        )
        team_ids = [team.pk for team in made]
        exceptions = [
            TeamMonth(
                team_id=team_ids[index],
                month=month,
                fte=(
                    (formation["fte"] * found["fte_share"]).quantize(Decimal("0.01"))
                    if found.get("fte_share")
                    else None
                ),
                availability_pct=found.get("availability_pct"),
                note="Vacature" if found.get("fte_share") else "Verlof",
            )
            for index, formation in enumerate(formations)
            for month, found in sorted(formation["exceptions"].items())
        ]
        TeamMonth.objects.bulk_create(exceptions, batch_size=BATCH)
        method = _insert_demand(rows, team_ids)
        planned = sorted({row[0] for row in rows})
        DemandPlan.objects.bulk_create(
            [DemandPlan(project_id=pk) for pk in planned], batch_size=BATCH
        )
    log(f"  {len(rows):,} demand rows for {len(planned):,} projects ({method})")
    return {
        "created": {
            "teams": len(made),
            "team_months": len(exceptions),
            "demand": len(rows),
            "demand_plans": len(planned),
        },
        "months": [f"{months[0]:%Y-%m}", f"{months[-1]:%Y-%m}"],
        "demand_method": method,
        "insert_s": round(time.perf_counter() - started, 2),
    }


def analyze_capacity() -> list[str]:
    """VACUUM ANALYZE of the capacity tables on PostgreSQL (as bench/generate.py does for
    its tables); SQLite is left without ANALYZE."""
    from django.db import connection

    from portfolio.capacity.models import Demand, DemandPlan, Team, TeamMonth

    if connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in (Demand, DemandPlan, Team, TeamMonth)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    return tables


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=50, help="number of teams (50)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--fresh", action="store_true", help="delete earlier bench teams first")
    parser.add_argument("--delete", action="store_true", help="only delete the bench capacity")
    args = parser.parse_args(argv)

    from bench import _django

    _django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if args.delete or args.fresh:
        print(f"deleted: {delete_bench_capacity()}")
        if args.delete:
            return
    result = insert_capacity(teams=args.teams, seed=args.seed)
    analyzed = analyze_capacity()
    for what, count in result["created"].items():
        print(f"  {what:<13} {count:>8}")
    print(f"done in {result['insert_s']} s" + (f", analyzed {analyzed}" if analyzed else ""))


if __name__ == "__main__":
    main()
