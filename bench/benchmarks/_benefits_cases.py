"""How the `benefits` benchmark measures one size (bench/benchmarks/benefits.py): the
cases, the bench data of that size, and the timed requests with their checks.

The parent process of `bench/run.py benefits` starts one worker per size
(`--worker-size N`); the worker builds the data (`prepare`) and times every case
(`worker`). The name starts with "_" so the benchmark registry does not take it for a
benchmark of its own.
"""

import argparse
import io
import json
import re
import statistics
import time

from bench.generate_benefits_objectives import FRAMEWORK_NAME

from ._common import code_fingerprint, database_facts, machine
from ._pages import environment_facts, load_1m, timed

USERNAMES = {"analist": "bench.analist", "board": "bench.raad.1", "projectleider": "bench.pl.001"}
PLAIN = ("overview_analist", "overview_board", "overview_projectleider")
# name, role, query string, htmx?
OVERVIEW_CASES = [
    ("overview_analist", "analist", "", False),
    ("overview_board", "board", "", False),
    ("overview_projectleider", "projectleider", "", False),
    ("overview_board_filtered", "board", "progress=achter&sort=-realisation", False),
    ("overview_board_htmx", "board", "", True),
]
EXPORT_CASES = [
    ("export_xlsx", "analist", ""),
    ("export_xlsx_filtered", "analist", "progress=achter"),
]
API_CASES = [
    ("api_list", "analist", "", 100),
    ("api_list_projectleider", "projectleider", "", 100),
    ("api_list_1000", "analist", "page_size=1000", 1000),
]
COUNT_RE = re.compile(r"(\d[\d.,]*)\s+baten? gevonden")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def prepare(args: argparse.Namespace) -> dict:
    """The bench portfolio with `--projects` projects and `size` baten on it."""
    from django.core.management import call_command
    from django.db import connection

    from bench.benchmarks._pages import prepare_database
    from bench.generate_benefits import (
        analyze_benefits,
        benefit_counts,
        delete_bench_benefits,
        insert_benefits,
    )
    from bench.generate_names import PORTFOLIO_CODE
    from portfolio.projects.models import Project

    size = args.worker_size
    result: dict = {}
    if not (connection.vendor == "sqlite" and not args.reuse):
        call_command("migrate", verbosity=0)
        if args.reuse:
            counts = benefit_counts()
            projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE).count()
            # Baten of an older generator serve no objective: those are made again.
            if (counts["benefits"], counts["measurements"], projects) == (
                size,
                size * args.measurements,
                args.projects,
            ) and counts["objective_links"] >= size:
                print(f"reusing {projects} bench projects and {counts}", flush=True)
                return {"reused": True, "created": counts}
        # The portfolio protects its baten: they go first (plain DELETEs, see there).
        started = time.perf_counter()
        result["deleted_benefits"] = delete_bench_benefits()
        result["delete_benefits_s"] = round(time.perf_counter() - started, 2)
    result["portfolio"] = prepare_database(args.projects, args.seed, 0, reuse=False)
    baten = insert_benefits(
        benefits=size,
        measurements=args.measurements,
        seed=args.seed,
        log=lambda message: print(message, flush=True),
    )
    started = time.perf_counter()
    baten["analyzed"] = analyze_benefits()
    baten["analyze_s"] = round(time.perf_counter() - started, 2)
    print(f"baten {baten['created']} in {baten['insert_s']} s", flush=True)
    result["benefits"] = baten
    return result


def _data_facts(users: dict) -> dict:
    from dataclasses import asdict

    from django.db.models import Count
    from django.utils import timezone

    from bench.generate_benefits import benefit_counts
    from benefits import selectors
    from benefits.models import Benefit

    today = timezone.localdate()
    everything = Benefit.objects.all()
    return {
        **benefit_counts(),
        "today": today.isoformat(),
        "totals": {k: str(v) for k, v in asdict(selectors.totals(everything, today)).items()},
        "by_status": dict(
            everything.order_by().values_list("status").annotate(n=Count("pk")).order_by()
        ),
        "visible": {role: Benefit.objects.visible_to(user).count() for role, user in users.items()},
        "by_objective": dict(
            Benefit.objectives.through.objects.order_by()
            .values_list("objective__name")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    }


def _expected_rows(user, query: str) -> int:
    """What the register's filter gives `user` for `query` (the page's own count)."""
    from django.http import QueryDict
    from django.utils import timezone

    from benefits import selectors
    from benefits.filters import BenefitFilter

    queryset = selectors.benefit_list(user=user, today=timezone.localdate())
    return BenefitFilter(QueryDict(query) or None, queryset=queryset).qs.count()


def _query_breakdown(client, url: str, headers: dict, runs: int = 7) -> list[list]:
    """Median time of each query of the request (by its position), with its SQL's start."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    per_request = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            client.get(url, headers=headers)
        per_request.append(captured.captured_queries)
    count = min(len(queries) for queries in per_request)
    return [
        [
            round(statistics.median(float(q[i]["time"]) * 1000 for q in per_request), 2),
            " ".join(per_request[0][i]["sql"].split())[:160],
        ]
        for i in range(count)
    ]


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from pmo.exports import MAX_EXPORT_ROWS
    from pmo.models import User

    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    throttle = {"token": None, "address": None}
    override_settings(API_THROTTLE_RATES=throttle).enable()
    generated = prepare(args)
    users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    clients = {}
    for role, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients[role] = client
    data = _data_facts(users)
    print(f"data: {json.dumps({k: v for k, v in data.items() if k != 'totals'})}", flush=True)
    load_before = load_1m()
    base = reverse("benefits:benefit_list")
    cases: dict[str, dict] = {}

    for name, role, query, htmx in OVERVIEW_CASES:
        url = f"{base}?{query}" if query else base
        headers = {"HX-Request": "true"} if htmx else {}
        expected = _expected_rows(users[role], query)
        last: dict = {}

        def get(client=clients[role], url=url, headers=headers):
            return client.get(url, headers=headers)

        def check(response, name=name, expected=expected, htmx=htmx, last=last):
            if response.status_code != 200:
                raise SystemExit(f"{name}: answered {response.status_code}")
            body = response.content.decode()
            found = COUNT_RE.search(body)
            rows = int(re.sub(r"\D", "", found.group(1))) if found else None
            if rows != expected:
                raise SystemExit(f"{name}: page says {rows} baten, expected {expected}")
            if ("<html" in body) == htmx:
                raise SystemExit(f"{name}: {'full page' if htmx else 'fragment'} unexpected")
            if not htmx and f"({FRAMEWORK_NAME})" not in body:
                raise SystemExit(f"{name}: no totals per objective of {FRAMEWORK_NAME!r}")
            last.update(rows_found=rows, response_bytes=len(response.content))

        stats = timed(get, args.requests, args.warmup, check)
        cases[name] = {"url": url, "user": USERNAMES[role], "htmx": htmx, **stats, **last}
        if name in PLAIN:
            cases[name]["query_ms"] = _query_breakdown(clients[role], url, headers)
        _progress(name, cases[name])

    for name, role, query in EXPORT_CASES:
        url = f"{base}?{query}&export=xlsx" if query else f"{base}?export=xlsx"
        expected = min(_expected_rows(users[role], query), MAX_EXPORT_ROWS)
        last = {}

        def get(client=clients[role], url=url):
            return client.get(url)

        def check(response, name=name, expected=expected, last=last):
            if response.status_code != 200 or response["Content-Type"] != XLSX:
                raise SystemExit(
                    f"{name}: answered {response.status_code} {response['Content-Type']}"
                )
            if "rows" not in last:  # read the file back once per case
                from openpyxl import load_workbook

                sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
                rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1
                if rows != expected:
                    raise SystemExit(f"{name}: {rows} rows in the file, expected {expected}")
                last.update(rows=rows, file_bytes=len(response.content))

        stats = timed(get, args.export_runs, 1, check)
        cases[name] = {"url": url, "user": USERNAMES[role], **stats, **last}
        cases[name]["rows_per_s"] = round(last["rows"] / (stats["median_ms"] / 1000))
        _progress(name, cases[name])

    api_base = "/api/v1/benefits"
    for name, role, query, page_size in API_CASES:
        url = f"{api_base}?{query}" if query else api_base
        expected = min(page_size, data["visible"][role])
        last = {}

        def get(client=clients[role], url=url):
            return client.get(url)

        def check(response, name=name, expected=expected, last=last):
            if response.status_code != 200:
                raise SystemExit(f"{name}: answered {response.status_code}")
            rows = len(response.json()["results"])
            if rows != expected:
                raise SystemExit(f"{name}: {rows} rows, expected {expected}")
            last.update(rows=rows, response_bytes=len(response.content))

        stats = timed(get, args.requests, args.warmup, check)
        cases[name] = {"url": url, "user": USERNAMES[role], **stats, **last}
        _progress(name, cases[name])

    return {
        "benefits": args.worker_size,
        "projects": args.projects,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": {**environment_facts(), "API_THROTTLE_RATES": throttle},
        "generate": generated,
        "data": data,
        "loadavg_1m": [load_before, load_1m()],
        "warmup_per_case": args.warmup,
        "requests_per_case": args.requests,
        "export_runs": args.export_runs,
        "max_export_rows": MAX_EXPORT_ROWS,
        "cases": cases,
    }


def _progress(name: str, stats: dict) -> None:
    extra = f"  rows {stats['rows']:,}" if "rows" in stats else ""
    print(
        f"{name:<24} median {stats['median_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f}  "
        f"max {stats['max_ms']:8.1f}  queries {stats['queries']}  "
        f"db {stats['db_median_ms']:.1f} ms{extra}",
        flush=True,
    )
