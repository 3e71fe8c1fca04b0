"""Helpers for benchmarks that time pages and code at several portfolio sizes.

Shared by `rollup` and `report` (the `overview` benchmark keeps its own copy of the same
steps, so its figures stay comparable with the runs already documented).
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from ._common import REPO_ROOT, code_fingerprint, run_worker, summarise


def add_run_arguments(
    parser: argparse.ArgumentParser,
    sqlite_help: str = "where the per-size SQLite files go (SQLite only)",
) -> None:
    """What every sized benchmark takes: where SQLite files go, a copy of the result,
    the guard on the database's name, and the internal one-size worker."""
    parser.add_argument(
        "--sqlite-dir", default=str(REPO_ROOT / "bench" / "results"), help=sqlite_help
    )
    parser.add_argument("--output", help="also write the JSON result to this file")
    parser.add_argument(
        "--allow-any-db",
        action="store_true",
        help="allow a PostgreSQL database whose name does not start with bench",
    )
    # Internal: run one size in this process (the parent starts one such worker per size).
    parser.add_argument("--worker-size", type=int, help=argparse.SUPPRESS)


def add_common_arguments(parser: argparse.ArgumentParser, *, sizes: str, months: int) -> None:
    parser.add_argument(
        "--sizes", default=sizes, help=f"comma-separated project counts (default {sizes})"
    )
    parser.add_argument(
        "--reports-months",
        type=int,
        default=months,
        help=f"months of submitted reports per project before this month (default {months})",
    )
    parser.add_argument("--seed", type=int, default=1, help="data seed (default 1)")
    parser.add_argument(
        "--warmup", type=int, default=5, help="untimed runs per case before timing (default 5)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep existing bench data when it already has the requested size and reports",
    )
    add_run_arguments(parser)


def parse_sizes(raw: str) -> list[int]:
    return [int(size.replace("_", "")) for size in raw.split(",") if size.strip()]


def guard_database(allow_any_db: bool) -> bool:
    """True for PostgreSQL; refuses a database whose name does not start with bench."""
    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres and not allow_any_db:
        db_name = os.environ["DATABASE_URL"].rsplit("/", 1)[-1].split("?")[0]
        if not db_name.startswith("bench"):
            raise SystemExit(
                f"DATABASE_URL points at {db_name!r}; the benchmark writes thousands of rows. "
                "Use a database named bench_* or pass --allow-any-db."
            )
    return postgres


def run_sizes(
    name: str,
    args: argparse.Namespace,
    sizes: list[int],
    worker_args: Callable[[int], list[str]],
) -> tuple[dict, list[dict]]:
    """One fresh interpreter per size; returns (code fingerprint, per-size results)."""
    postgres = guard_database(args.allow_any_db)
    code = code_fingerprint()  # before the runs: the code measured, not the code afterwards
    results = []
    for size in sizes:
        env = dict(os.environ)
        if not postgres:
            Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
            env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"{name}-{size}.sqlite3")
        common = [
            name,
            "--worker-size",
            str(size),
            "--seed",
            str(args.seed),
            "--warmup",
            str(args.warmup),
            "--reports-months",
            str(args.reports_months),
        ] + (["--reuse"] if args.reuse else [])
        print(f"== {size} projects", flush=True)
        result = run_worker(common + worker_args(size), env, prefix=f"  [{size}] ")
        # The worker hashes the sources it imported; another session may commit meanwhile.
        if result.get("code_sha256") != code["source_sha256"]:
            print(f"  [{size}] WARNING: application code changed during the run", flush=True)
            code["changed_during_run"] = True
        results.append(result)
    return code, results


def prepare_database(size: int, seed: int, months: int, reuse: bool) -> dict:
    """Migrate and (re)generate `size` bench projects with `months` of reports."""
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import PORTFOLIO_CODE, generate

    if connection.vendor == "sqlite" and not reuse:
        # A new file per run: nothing left over from earlier runs, not even free pages.
        connection.close()
        db_path = Path(connection.settings_dict["NAME"])
        for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            path.unlink(missing_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {round(time.perf_counter() - started, 2)} s", flush=True)
    if reuse:
        from django.utils import timezone

        from portfolio.projects.models import Project
        from portfolio.status.models import StatusReport

        projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE)
        existing = projects.count()
        # Only the generated history counts; reports a benchmark wrote this month do not.
        this_month = timezone.localdate().replace(day=1)
        reports = StatusReport.objects.filter(project__in=projects, period__lt=this_month).count()
        if existing == size and reports == size * months:
            print(f"reusing {existing} bench projects, {reports} reports", flush=True)
            return {"reused": True, "created": {"projects": existing, "reports": reports}}
    generated = generate(
        projects=size,
        seed=seed,
        fresh=True,
        reports_months=months,
        log=lambda message: print(message, flush=True),
    )
    print(f"generated {generated['created']} in {generated['total_s']} s", flush=True)
    return generated


def timed(
    action: Callable[[], object], runs: int, warmup: int, check: Callable[[object], None]
) -> dict:
    """Run `action` warmup + runs times; time the runs and count/time their queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        check(action())
    times, db_times, query_counts, per_query = [], [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcome = action()
            elapsed = time.perf_counter() - started
        check(outcome)
        times.append(elapsed * 1000)
        query_times = [float(q["time"]) * 1000 for q in captured.captured_queries]
        db_times.append(sum(query_times))
        query_counts.append(len(captured.captured_queries))
        per_query.append(
            [(t, q["sql"]) for t, q in zip(query_times, captured.captured_queries, strict=True)]
        )
    slowest = slowest_query(per_query)
    distinct = sorted(set(query_counts))
    return {
        **summarise(times),
        "queries": distinct[0] if len(distinct) == 1 else distinct,
        "db_median_ms": round(statistics.median(db_times), 2),
        "slowest_query_median_ms": slowest[0],
        "slowest_query_sql": slowest[1],
    }


def slowest_query(per_request: list[list[tuple[float, str]]]) -> tuple[float, str]:
    """The query (by position in the request) with the highest median time."""
    if not per_request or not per_request[0]:
        return 0.0, ""
    count = min(len(request) for request in per_request)
    best = (0.0, "")
    for index in range(count):
        median = statistics.median(request[index][0] for request in per_request)
        if median >= best[0]:
            best = (round(median, 2), per_request[0][index][1][:2000])
    return best


def environment_facts() -> dict:
    from django.conf import settings
    from django.db import connection

    return {
        "DEBUG": settings.DEBUG,
        "CONN_MAX_AGE": connection.settings_dict.get("CONN_MAX_AGE"),
        "PMO_ROLLUP_RULE": settings.PMO_ROLLUP_RULE,
        "PMO_PERIOD_MONTHS": settings.PMO_PERIOD_MONTHS,
    }


def load_1m() -> float:
    return round(os.getloadavg()[0], 2)
