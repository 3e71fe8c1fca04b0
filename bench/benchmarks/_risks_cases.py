"""How the `risks` benchmark measures one size (bench/benchmarks/risks.py): the register
cases, the bench data of that size, the timed requests with their checks, and the heat
map selector alone.

The parent process of `bench/run.py risks` starts one worker per size (`--worker-size
N`); the worker builds the data (`prepare`) and times every case (`worker`). The name
starts with "_" so the benchmark registry does not take it for a benchmark of its own.
"""

import argparse
import json
import math
import re
import time

from ._benefits_cases import _query_breakdown
from ._common import code_fingerprint, database_facts, machine
from ._pages import environment_facts, load_1m, timed

USERNAMES = {"board": "bench.raad.1", "projectleider": "bench.pl.001"}
PAGE_SIZE = 50  # RegisterView.page_size
CELL = "netto-2-3"
# name, role, query string ("{middle}": the middle page of the board's register)
REGISTER_CASES = [
    ("register", "board", ""),
    ("register_page", "board", "pagina={middle}"),
    ("register_cell", "board", f"kaart={CELL}"),
    ("register_sorted", "board", "sort=-expected"),
    ("register_projectleider", "projectleider", ""),
]
COUNT_RE = re.compile(r"(\d[\d.,]*)\s+risico(?:'s|&#x27;s|&#39;s)? gevonden")
ROW = '<tr class="utrecht-table__row">'
RESULTS = '<section id="results"'


def prepare(args: argparse.Namespace) -> dict:
    """The bench portfolio with `--projects` projects and `size` risks on it."""
    from django.core.management import call_command
    from django.db import connection

    from bench.benchmarks._pages import prepare_database
    from bench.generate_names import PORTFOLIO_CODE
    from bench.generate_risks import analyze_risks, delete_bench_risks, insert_risks, risk_counts
    from portfolio.projects.models import Project

    size = args.worker_size
    result: dict = {}
    if not (connection.vendor == "sqlite" and not args.reuse):
        call_command("migrate", verbosity=0)
        if args.reuse:
            counts = risk_counts()
            projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE).count()
            if (counts["risks"], projects) == (size, args.projects):
                print(f"reusing {projects} bench projects and {counts}", flush=True)
                return {"reused": True, "created": counts}
        # Programmes and the portfolio protect their risks: those go first.
        result["deleted_risks"] = delete_bench_risks()
    result["portfolio"] = prepare_database(args.projects, args.seed, 0, reuse=False)
    risks = insert_risks(risks=size, seed=args.seed, log=lambda m: print(m, flush=True))
    started = time.perf_counter()
    risks["analyzed"] = analyze_risks()
    risks["analyze_s"] = round(time.perf_counter() - started, 2)
    print(f"risks {risks['created']} in {risks['insert_s']} s", flush=True)
    result["risks"] = risks
    return result


def _data_facts(users: dict) -> dict:
    from django.db.models import Count, F

    from bench.generate_risks import bench_risks
    from risks.models import Risk

    everything = Risk.objects.all()

    def by(field: str) -> dict:
        return dict(everything.order_by().values_list(field).annotate(n=Count("pk")).order_by())

    return {
        "risks": everything.count(),
        "bench_risks": bench_risks().count(),
        "projects_with_risks": everything.exclude(project=None)
        .values("project")
        .distinct()
        .count(),
        "by_status": by("status"),
        "by_level": by("level"),
        "by_kind": by("kind"),
        "escalated": everything.exclude(level=F("home_level")).count(),
        "with_estimate": everything.exclude(amount_likely=None).count(),
        "with_expected_value": everything.exclude(expected_value=None).count(),
        "open": everything.filter(status=Risk.Status.OPEN).count(),
        "visible": {role: Risk.objects.visible_to(user).count() for role, user in users.items()},
    }


def _expected_rows(user, query: str) -> int:
    """What the register's filter gives `user` for `query` (the page's own count)."""
    from django.http import QueryDict

    from risks import selectors
    from risks.filters import RiskFilter

    queryset = selectors.risk_list(user=user)
    return RiskFilter(QueryDict(query) or None, queryset=queryset).qs.count()


def _rows_on_page(found: int, query: str) -> int:
    page = int(re.search(r"pagina=(\d+)", query).group(1)) if "pagina=" in query else 1
    return max(min(PAGE_SIZE, found - (page - 1) * PAGE_SIZE), 0)


def _register_case(name, client, user, url, query) -> dict:
    expected = _expected_rows(user, query)
    rows_expected = _rows_on_page(expected, query)
    last: dict = {}

    def get():
        return client.get(url)

    def check(response):
        if response.status_code != 200:
            raise SystemExit(f"{name}: answered {response.status_code}")
        body = response.content.decode()
        found = COUNT_RE.search(body)
        count = int(re.sub(r"\D", "", found.group(1))) if found else None
        if count != expected:
            raise SystemExit(f"{name}: page says {count} risico's, expected {expected}")
        # Rows of the register's table only (the risicokaart is a table too).
        rows = body.split(RESULTS, 1)[-1].count(ROW) - 1  # minus the header row
        if rows != rows_expected:
            raise SystemExit(f"{name}: {rows} rows on the page, expected {rows_expected}")
        if "Risicokaart" not in body:
            raise SystemExit(f"{name}: no risicokaart on the page")
        last.update(rows_found=count, rows_on_page=rows, response_bytes=len(response.content))

    return get, check, last


def _heat_map_case(args, user) -> dict:
    """`risk_heat_map` alone, on what the user sees (the register page's own call)."""
    from risks import selectors
    from risks.models import Risk

    visible = Risk.objects.visible_to(user)
    open_count = visible.filter(status=Risk.Status.OPEN).count()

    def check(heat_map):
        totals = (heat_map.inherent.total, heat_map.residual.total)
        if totals != (open_count, open_count):
            raise SystemExit(f"heatmap: totals {totals}, expected {open_count} open risks")

    stats = timed(lambda: selectors.risk_heat_map(visible), args.requests, args.warmup, check)
    return {"user": USERNAMES["board"], "open_risks": open_count, **stats}


def _trend_case(args, client, url) -> dict:
    """The trend per month as the register loads it after itself (the htmx fragment)."""
    headers = {"HX-Request": "true"}

    def check(response):
        if response.status_code != 200 or b'data-figure="risk-trend"' not in response.content:
            raise SystemExit(f"trend: answered {response.status_code} without its chart")

    stats = timed(lambda: client.get(url, headers=headers), args.requests, args.warmup, check)
    return {"url": url, "user": USERNAMES["board"], **stats}


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.urls import reverse

    from pmo.models import User

    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    generated = prepare(args)
    users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    clients = {}
    for role, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        clients[role] = client
    data = _data_facts(users)
    print(f"data: {json.dumps(data)}", flush=True)
    middle = max(math.ceil(data["visible"]["board"] / PAGE_SIZE) // 2, 1)
    load_before = load_1m()
    base = reverse("risks:risk_list")
    cases: dict[str, dict] = {}
    for name, role, template in REGISTER_CASES:
        query = template.format(middle=middle)
        url = f"{base}?{query}" if query else base
        get, check, last = _register_case(name, clients[role], users[role], url, query)
        stats = timed(get, args.requests, args.warmup, check)
        cases[name] = {"url": url, "user": USERNAMES[role], **stats, **last}
        cases[name]["query_ms"] = _query_breakdown(clients[role], url, {})
        _progress(name, cases[name])
    cases["heatmap"] = _heat_map_case(args, users["board"])
    _progress("heatmap", cases["heatmap"])
    trend = reverse("risks:risk_trend")
    cases["trend"] = _trend_case(args, clients["board"], trend)
    cases["trend"]["query_ms"] = _query_breakdown(clients["board"], trend, {"HX-Request": "true"})
    _progress("trend", cases["trend"])
    return {
        "risks": args.worker_size,
        "projects": args.projects,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "data": data,
        "loadavg_1m": [load_before, load_1m()],
        "warmup_per_case": args.warmup,
        "requests_per_case": args.requests,
        "cases": cases,
    }


def _progress(name: str, stats: dict) -> None:
    print(
        f"{name:<24} median {stats['median_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f}  "
        f"max {stats['max_ms']:8.1f}  queries {stats['queries']}  "
        f"db {stats['db_median_ms']:.1f} ms",
        flush=True,
    )
