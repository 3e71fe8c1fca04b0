"""How the `capacity` benchmark measures one heatmap size (bench/benchmarks/capacity.py):
the bench data of that size, the heatmap page through the test client with its checks,
and the capacity selector and the pure cell building alone.

The parent process of `bench/run.py capacity` starts one worker per size (`--worker-size
N`, a number of projects); the worker builds the data (`prepare`) and times every case
(`worker`). The name starts with "_" so the registry does not take it for a benchmark.
"""

import argparse
import json
import re
import time

from ._benefits_cases import _query_breakdown
from ._common import code_fingerprint, database_facts, machine
from ._pages import environment_facts, load_1m, timed

BOARD = "bench.raad.1"
# name, extra query string: the committed demand (the page's default), and with proposals
PAGE_CASES = [("heatmap", ""), ("heatmap_proposals", "&voorstellen=on")]
# The page right after a change of demand: the kept sums are gone and summed again.
COLD_CASE = "heatmap_cold"


def prepare(args: argparse.Namespace) -> dict:
    """The bench portfolio of `size` projects with `--teams` teams and their demand."""
    from django.core.management import call_command
    from django.db import connection

    from bench.benchmarks._pages import prepare_database
    from bench.generate_capacity import (
        analyze_capacity,
        capacity_counts,
        delete_bench_capacity,
        insert_capacity,
    )
    from bench.generate_names import PORTFOLIO_CODE
    from portfolio.projects.models import Project

    size = args.worker_size
    result: dict = {}
    if not (connection.vendor == "sqlite" and not args.reuse):
        call_command("migrate", verbosity=0)
        if args.reuse:
            counts = capacity_counts()
            projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE).count()
            if projects == size and counts["teams"] == args.teams and counts["demand"]:
                print(f"reusing {projects} bench projects and {counts}", flush=True)
                return {"reused": True, "created": counts}
        # Teams protect the bench departments; plain DELETEs spare the collector.
        result["deleted_capacity"] = delete_bench_capacity()
    result["portfolio"] = prepare_database(size, args.seed, 0, reuse=False)
    capacity = insert_capacity(teams=args.teams, seed=args.seed, log=_log)
    started = time.perf_counter()
    capacity["analyzed"] = analyze_capacity()
    capacity["analyze_s"] = round(time.perf_counter() - started, 2)
    print(f"capacity {capacity['created']} in {capacity['insert_s']} s", flush=True)
    result["capacity"] = capacity
    return result


def _log(message: str) -> None:
    print(message, flush=True)


def months_shown(count: int):
    from bench.generate_capacity import window

    return window(count)


def expected_figures(months) -> dict:
    """What the page must show, from the selector and the rules themselves."""
    from portfolio.capacity.rules import Load, load_level
    from portfolio.capacity.selectors import capacity_figures, heatmap_teams

    figures = capacity_figures(months=months, teams=heatmap_teams())
    over = {"heatmap": 0, "heatmap_proposals": 0}
    for i in range(len(figures.teams)):
        for j in range(len(months)):
            capacity, committed = figures.capacity[i][j], figures.committed[i][j]
            both = committed + figures.proposed[i][j]
            over["heatmap"] += load_level(committed, capacity) == Load.OVER
            over["heatmap_proposals"] += load_level(both, capacity) == Load.OVER
    return {
        "teams": len(figures.teams),
        "months": len(months),
        "cells": len(figures.teams) * len(months),
        "over": over,
        "committed_hours": round(sum(map(sum, figures.committed))),
        "proposed_hours": round(sum(map(sum, figures.proposed))),
        "capacity_hours": round(sum(map(sum, figures.capacity))),
    }


# How the page marks them (templates/portfolio/capacity/_grid.html, _overloads.html): in
# the grid's body one row header per team and the level as a class on each cell; below
# it the over-allocated team-months as a table of their own (a header row, then one each).
GRID = "pmo-capacity-grid"
OVER_CELL_RE = re.compile(r"pmo-load--over\b")
ROW = '<tr class="utrecht-table__row">'


def page_counts(body: str) -> tuple[int, int, int]:
    """(team rows, over-allocated cells in the grid, rows of the over-allocation list)."""
    grid = body.split(GRID, 1)[-1].split("</tbody>", 1)[0]
    listed = body.split('id="over-heading"', 1)[-1]
    listed = listed.split("</tbody>", 1)[0].count(ROW) - 1 if "</tbody>" in listed else 0
    return grid.count('scope="row"'), len(OVER_CELL_RE.findall(grid)), max(listed, 0)


def _page_case(name, client, url, expected, *, cold: bool = False) -> tuple:
    last: dict = {}

    def get():
        if cold:
            from django.core.cache import cache

            cache.clear()  # what any write of demand does to the kept sums' key
        return client.get(url)

    def check(response):
        if response.status_code != 200:
            raise SystemExit(f"{name}: answered {response.status_code}")
        teams, over, listed = page_counts(response.content.decode())
        want = expected["over"][name.replace("_cold", "")]
        if teams != expected["teams"]:
            raise SystemExit(f"{name}: {teams} team rows, expected {expected['teams']}")
        if over != want or listed != want:
            raise SystemExit(f"{name}: {over} cells marked over, {listed} listed; expected {want}")
        last.update(
            team_rows=teams,
            over_cells=over,
            over_listed=listed,
            response_bytes=len(response.content),
        )

    return get, check, last


def _selector_case(args, months) -> dict:
    """`capacity_figures` alone for the teams of the page (read once beforehand)."""
    from portfolio.capacity.selectors import capacity_figures, heatmap_teams

    teams = heatmap_teams()

    def check(figures):
        if len(figures.teams) != len(teams) or len(figures.months) != len(months):
            raise SystemExit("heatmap_selector: wrong shape")

    action = lambda: capacity_figures(months=months, teams=teams)  # noqa: E731
    return {
        "teams": len(teams),
        "months": len(months),
        **timed(action, args.requests, args.warmup, check),
    }


def _build_case(args, months) -> dict:
    """The pure cell building (`portfolio.capacity.heatmap.build`) on the selector's
    figures: the page's Python work between the queries and the template."""
    from portfolio.capacity import heatmap
    from portfolio.capacity.selectors import capacity_figures, heatmap_teams
    from portfolio.capacity.views.heatmap import team_rows

    figures = capacity_figures(months=months, teams=heatmap_teams())
    rows = team_rows(figures.teams)

    def action():
        return heatmap.build(rows, months, figures.capacity, figures.committed, figures.proposed)

    def check(built):
        if len(built.rows) != len(rows):
            raise SystemExit("heatmap_build: wrong number of rows")

    return timed(action, args.requests, args.warmup, check)


# The page's steps timed inside real requests: (label, module, attribute). The view
# calls them through these module attributes, so wrapping them there measures each.
PARTS = [
    ("context", "portfolio.capacity.views.heatmap", "heatmap_context"),
    ("render", "portfolio.capacity.views.heatmap", "render_page"),
    ("selector", "portfolio.capacity.selectors", "capacity_figures"),
    ("build", "portfolio.capacity.views.heatmap", "build"),
    ("grid", "portfolio.capacity.views.heatmap", "grid_rows"),  # the cells as HTML
]


def _parts_case(args, client, url: str) -> dict:
    """Where a page request's time goes: middleware, session and user (the rest), the
    view's context (filter forms, teams, `capacity_figures`, `heatmap.build`, the grid's
    cells as HTML where the view makes them in Python: `grid_rows`) and the template
    (`render_page`), each the median over `--requests` requests. A step the view no
    longer has is listed in `missing_parts`."""
    import importlib
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spent: dict[str, float] = {}
    originals = []

    def wrap(label, function):
        def timed_part(*a, **kw):
            started = time.perf_counter()
            try:
                return function(*a, **kw)
            finally:
                spent[label] = spent.get(label, 0.0) + (time.perf_counter() - started) * 1000

        return timed_part

    missing = []
    for label, module_name, attribute in PARTS:
        try:
            module = importlib.import_module(module_name)
            original = getattr(module, attribute)
        except (ImportError, AttributeError):
            missing.append(f"{module_name}.{attribute}")
            continue
        originals.append((module, attribute, original))
        setattr(module, attribute, wrap(label, original))
    samples: dict[str, list[float]] = {}
    try:
        for run in range(args.warmup + args.requests):
            spent.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                total = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"heatmap_parts: answered {response.status_code}")
            if run < args.warmup:
                continue
            db = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            parts = {
                "total": total,
                "db": db,
                **spent,
                "rest_of_request": total - spent.get("context", 0) - spent.get("render", 0),
                "context_other": spent.get("context", 0)
                - spent.get("selector", 0)
                - spent.get("build", 0)
                - spent.get("grid", 0),
            }
            for key, value in parts.items():
                samples.setdefault(key, []).append(value)
    finally:
        for module, attribute, original in originals:
            setattr(module, attribute, original)
    return {
        "url": url,
        "n": args.requests,
        "missing_parts": missing,
        **{f"{key}_median_ms": round(statistics.median(v), 1) for key, v in samples.items()},
    }


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.urls import reverse

    from pmo.models import User

    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    generated = prepare(args)
    board = User.objects.get(username=BOARD)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(board)
    months = months_shown(args.months)
    expected = expected_figures(months)
    from bench.generate_capacity import capacity_counts

    expected["stored"] = capacity_counts()
    print(f"data: {json.dumps(expected)}", flush=True)
    load_before = load_1m()
    base = f"{reverse('capacity:heatmap')}?van={months[0]:%Y-%m}&maanden={args.months}"
    cases: dict[str, dict] = {}
    for name, extra in PAGE_CASES:
        url = base + extra
        get, check, last = _page_case(name, client, url, expected)
        stats = timed(get, args.requests, args.warmup, check)
        cases[name] = {"url": url, "user": BOARD, **stats, **last}
        cases[name]["query_ms"] = _query_breakdown(client, url, {})
        _progress(name, cases[name])
    get, check, last = _page_case(COLD_CASE, client, base, expected, cold=True)
    stats = timed(get, args.requests, args.warmup, check)
    cases[COLD_CASE] = {"url": base, "user": BOARD, **stats, **last}
    _progress(COLD_CASE, cases[COLD_CASE])
    cases["heatmap_parts"] = _parts_case(args, client, base)
    print(f"heatmap_parts: {json.dumps(cases['heatmap_parts'])}", flush=True)
    cases["heatmap_selector"] = _selector_case(args, months)
    _progress("heatmap_selector", cases["heatmap_selector"])
    cases["heatmap_build"] = _build_case(args, months)
    _progress("heatmap_build", cases["heatmap_build"])
    return {
        "projects": args.worker_size,
        "teams": args.teams,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "data": expected,
        "loadavg_1m": [load_before, load_1m()],
        "warmup_per_case": args.warmup,
        "requests_per_case": args.requests,
        "cases": cases,
    }


def _progress(name: str, stats: dict) -> None:
    print(
        f"{name:<20} median {stats['median_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f}  "
        f"max {stats['max_ms']:8.1f}  queries {stats['queries']}  "
        f"db {stats['db_median_ms']:.1f} ms",
        flush=True,
    )
