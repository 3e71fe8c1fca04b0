"""Build a large synthetic portfolio for benchmarks.

    python bench/generate.py --projects 10000 [--seed 1] [--fresh] [--reports-months 12]

Everything generated is recognisable: the portfolio has code BENCH, org units start with
"B" + a domain code (BSD, BRU, …), usernames start with "bench.". `--fresh` deletes exactly
that data first; demo or real data in the same database is left alone.

The database is the one the settings point at (DATABASE_URL, or SQLITE_PATH for SQLite);
run `python manage.py migrate` on it first (the role groups come from migrate).

`--reports-months M` also creates, per project, one submitted and current status report
(revision 1) for each of the M months before the current month (`timezone.localdate()`,
so the current period stays free for new reports). With the default 0 nothing changes:
the same seed gives the same projects, budgets and milestones with or without reports.

The parts live in sibling modules: generate_names (codes, word lists, fixed numbers),
generate_structure (org tree, people, programmes, projects, budgets, milestones),
generate_reports (the status reports) and generate_cleanup (finding and deleting bench
data). Benchmarks import what they need from here.
"""

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_cleanup import bench_data_exists, delete_bench_data  # noqa: E402
from bench.generate_names import (  # noqa: E402
    BOARD_USERNAME,
    PASSWORD,
    PORTFOLIO_CODE,
    PROJECTLEIDER_USERNAME,
    TODAY,
    USER_PREFIX,
)
from bench.generate_reports import insert_reports, report_periods  # noqa: E402
from bench.generate_structure import (  # noqa: E402
    build_budgets_and_milestones,
    build_projects,
    build_structure,
)

__all__ = [
    "BOARD_USERNAME",
    "PASSWORD",
    "PORTFOLIO_CODE",
    "PROJECTLEIDER_USERNAME",
    "TODAY",
    "USER_PREFIX",
    "bench_data_exists",
    "delete_bench_data",
    "generate",
    "main",
    "report_periods",
]


def generate(
    *,
    projects: int,
    seed: int = 1,
    fresh: bool = False,
    analyze: str = "auto",
    reports_months: int = 0,
    reports_before: dt.date | None = None,
    log=print,
) -> dict:
    """Create the synthetic portfolio; returns counts and timings."""
    from django.contrib.auth.models import Group
    from django.db import transaction

    started = time.perf_counter()
    result: dict = {"projects_requested": projects, "seed": seed}
    if fresh:
        result["deleted"] = delete_bench_data()
        if any(result["deleted"].values()):
            log(f"deleted earlier bench data: {result['deleted']}")
    elif bench_data_exists():
        raise SystemExit(
            "Bench data already exists in this database; run with --fresh to replace it."
        )
    groups = {group.name: group for group in Group.objects.all()}
    for needed in ("portfolioraad", "projectleider", "pmo-analist"):
        if needed not in groups:
            raise SystemExit(f"Group {needed!r} is missing: run `manage.py migrate` first.")

    rng = random.Random(seed)
    created: dict[str, int] = {}
    with transaction.atomic():
        built = build_structure(groups, rng, created)
        project_rows, plans = build_projects(built, projects, rng, created)
        budget_totals = build_budgets_and_milestones(project_rows, plans, rng, created)
        if reports_months > 0:
            created["reports"], periods = insert_reports(
                project_rows,
                plans,
                budget_totals,
                seed=seed,
                months=reports_months,
                before=reports_before,
            )
            result["report_periods"] = [f"{periods[0]:%Y-%m}", f"{periods[-1]:%Y-%m}"]
    result["created"] = created
    result["insert_s"] = round(time.perf_counter() - started, 2)

    if analyze == "yes" or (analyze == "auto" and _vendor() == "postgresql"):
        analyze_started = time.perf_counter()
        _analyze()
        result["analyze_s"] = round(time.perf_counter() - analyze_started, 2)
    result["total_s"] = round(time.perf_counter() - started, 2)
    return result


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def _analyze() -> None:
    """Planner statistics: VACUUM ANALYZE of the filled tables on PostgreSQL (what
    autovacuum would do soon anyway; makes runs comparable), ANALYZE on SQLite."""
    from django.db import connection

    from pmo.models import User
    from portfolio.projects.models import Milestone, OrgUnit, Project, ProjectBudget
    from portfolio.status.models import StatusReport

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (OrgUnit, Project, ProjectBudget, Milestone, User, StatusReport):
                cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
        else:
            cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=1000, help="number of projects")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--fresh", action="store_true", help="delete previously generated bench data first"
    )
    parser.add_argument(
        "--analyze",
        choices=["auto", "yes", "no"],
        default="auto",
        help="update planner statistics afterwards; auto = PostgreSQL only (default)",
    )
    parser.add_argument(
        "--reports-months",
        type=int,
        default=0,
        metavar="M",
        help="also create M months of submitted status reports per project, the months "
        "before the current one (default 0: none)",
    )
    parser.add_argument(
        "--delete",
        action="store_true",
        help="only delete previously generated bench data, create nothing",
    )
    args = parser.parse_args(argv)

    from bench import _django

    _django.setup()
    from django.db import connection

    target = connection.settings_dict["NAME"]
    print(f"database: {connection.vendor} {target}")
    if args.delete:
        print(f"deleted: {delete_bench_data()}")
        return
    if args.reports_months < 0:
        parser.error("--reports-months must be 0 or more")
    result = generate(
        projects=args.projects,
        seed=args.seed,
        fresh=args.fresh,
        analyze=args.analyze,
        reports_months=args.reports_months,
    )
    for what, count in result["created"].items():
        print(f"  {what:<11} {count:>8}")
    print(
        f"done in {result['total_s']} s (inserts {result['insert_s']} s"
        + (f", analyze {result['analyze_s']} s" if "analyze_s" in result else "")
        + ")"
    )


if __name__ == "__main__":
    main()
