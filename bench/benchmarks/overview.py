"""Server time of the portfolio overview (/projecten/) at growing portfolio sizes.

Per size a fresh interpreter (re)generates the data and then times requests through
django.test.Client in-process: no network, no web server, but the full middleware,
session, permission, query and template path of a real request.
"""

import argparse
import os
import re
import statistics
import time
from pathlib import Path

from . import Benchmark
from ._common import (
    code_fingerprint,
    database_facts,
    finish,
    machine,
    run_worker,
    sizes_result,
    summarise,
)
from ._pages import add_run_arguments

DEFAULT_SIZES = "100,1000,10000"
GOAL_MS = 150

# name, user ("board" sees everything, "projectleider" a restricted set), query, htmx?
CASES = [
    ("board_plain", "board", "", False),
    ("board_filtered", "board", "phase=realisatie&q=a", False),
    ("board_sorted", "board", "sort=-budget", False),
    ("board_htmx", "board", "", True),
    ("projectleider_plain", "projectleider", "", False),
]

COUNT_RE = re.compile(r"(\d[\d.,]*)\s+projecten? gevonden")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated project counts (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--seed", type=int, default=1, help="data seed (default 1)")
    parser.add_argument(
        "--warmup", type=int, default=5, help="untimed requests per case before timing (default 5)"
    )
    parser.add_argument(
        "--requests", type=int, default=30, help="timed requests per case (default 30)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep existing bench data when it already has the requested size",
    )
    add_run_arguments(parser)


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return _worker(args)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres and not args.allow_any_db:
        db_name = os.environ["DATABASE_URL"].rsplit("/", 1)[-1].split("?")[0]
        if not db_name.startswith("bench"):
            raise SystemExit(
                f"DATABASE_URL points at {db_name!r}; the benchmark writes thousands of rows. "
                "Use a database named bench_* or pass --allow-any-db."
            )
    code = code_fingerprint()  # before the runs: the code measured, not the code afterwards
    results = []
    for size in sizes:
        env = dict(os.environ)
        if not postgres:
            Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
            env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"overview-{size}.sqlite3")
        worker_args = [
            "overview",
            "--worker-size",
            str(size),
            "--seed",
            str(args.seed),
            "--warmup",
            str(args.warmup),
            "--requests",
            str(args.requests),
        ] + (["--reuse"] if args.reuse else [])
        print(f"== {size} projects", flush=True)
        results.append(run_worker(worker_args, env, prefix=f"  [{size}] "))
    result = {
        "benchmark": "overview",
        "goal_ms": GOAL_MS,
        "code": code,
        **sizes_result(results),
    }
    return finish(result, args.output)


def _prepare_database(size: int, seed: int, reuse: bool) -> dict:
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
    migrate_s = round(time.perf_counter() - started, 2)
    print(f"migrated in {migrate_s} s", flush=True)
    if reuse:
        from portfolio.projects.models import Project

        existing = Project.objects.filter(portfolio__code=PORTFOLIO_CODE).count()
        if existing == size:
            print(f"reusing {existing} bench projects", flush=True)
            return {"reused": True}
    generated = generate(
        projects=size, seed=seed, fresh=True, log=lambda message: print(message, flush=True)
    )
    print(f"generated {generated['created']} in {generated['total_s']} s", flush=True)
    return generated


def _worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.generate import BOARD_USERNAME, PROJECTLEIDER_USERNAME
    from pmo.models import User
    from portfolio.projects.models import Project

    size = args.worker_size
    generated = _prepare_database(size, args.seed, args.reuse)
    load_before = os.getloadavg()

    users = {
        "board": User.objects.get(username=BOARD_USERNAME),
        "projectleider": User.objects.get(username=PROJECTLEIDER_USERNAME),
    }
    clients = {}
    for role, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients[role] = client
    expected = {
        "board": Project.objects.visible_to(users["board"]).count(),
        "projectleider": Project.objects.visible_to(users["projectleider"]).count(),
    }
    base = reverse("projects:project_list")

    cases = {}
    for name, role, query, htmx in CASES:
        url = f"{base}?{query}" if query else base
        headers = {"HX-Request": "true"} if htmx else {}
        client = clients[role]
        for _ in range(args.warmup):
            client.get(url, headers=headers)
        times, db_times, query_counts, per_query = [], [], set(), []
        response = None
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, headers=headers)
                elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
            times.append(elapsed * 1000)
            query_times = [float(q["time"]) * 1000 for q in captured.captured_queries]
            db_times.append(sum(query_times))
            query_counts.add(len(captured.captured_queries))
            per_query.append(
                [(t, q["sql"]) for t, q in zip(query_times, captured.captured_queries, strict=True)]
            )
        body = response.content.decode()
        found = COUNT_RE.search(body)
        slowest = _slowest_query(per_query)
        cases[name] = {
            "url": url,
            "user": role,
            "htmx": htmx,
            **summarise(times),
            "queries": max(query_counts) if len(query_counts) == 1 else sorted(query_counts),
            "db_median_ms": round(statistics.median(db_times), 2),
            "slowest_query_median_ms": slowest[0],
            "slowest_query_sql": slowest[1],
            "projects_found": int(re.sub(r"\D", "", found.group(1))) if found else None,
            "visible_projects": expected[role],
            "response_bytes": len(response.content),
            "full_page": "<html" in body,
        }
        print(
            f"{name:<20} median {cases[name]['median_ms']:7.1f} ms  p95 "
            f"{cases[name]['p95_ms']:7.1f}  max {cases[name]['max_ms']:7.1f}  "
            f"queries {cases[name]['queries']}  db {cases[name]['db_median_ms']:.1f} ms",
            flush=True,
        )
    return {
        "projects": size,
        "database": database_facts(),
        "machine": machine(),
        "settings": {
            "DEBUG": settings.DEBUG,
            "CONN_MAX_AGE": connection.settings_dict.get("CONN_MAX_AGE"),
        },
        "generate": generated,
        # 1-minute load average before and after timing: other work on the machine skews.
        "loadavg_1m": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "warmup_per_case": args.warmup,
        "requests_per_case": args.requests,
        "cases": cases,
    }


def _slowest_query(per_request: list[list[tuple[float, str]]]) -> tuple[float, str]:
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


BENCHMARK = Benchmark(
    name="overview",
    description="server time of the portfolio overview /projecten/ at 100/1,000/10,000 projects",
    add_arguments=add_arguments,
    run=run,
)
