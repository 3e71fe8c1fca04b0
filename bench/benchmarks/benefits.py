"""The baten overview (/baten/), its Excel export and the benefits API at 200 and 20,000
benefits (issue 12).

Goal (from the issue): "The benefits overview at 20,000 benefits and 200,000
measurements answers with a fixed number of queries and under 300 ms server time."

Per size (a number of benefits) a fresh interpreter builds the data: the standard bench
portfolio of `bench/generate.py` (default 10,000 projects, seed 1, the same at every size,
so only the number of benefits changes) and then, with `bench/generate_benefits.py`, N
baten with 10 measurements each, their attribution (about 1.4 projects per benefit),
0-3 plan points and one or two strategic objectives each (about 1.35; the framework
"Bench baten", see bench/generate_benefits_objectives.py), bulk-inserted; the derived
progress on each profile is computed with `benefits.services.derived_progress` per
benefit (see bench/generate_benefits_profiles.py). On PostgreSQL the generated tables
get VACUUM ANALYZE, SQLite is left without ANALYZE (as bench/generate.py does). SQLite:
a new file `bench/results/benefits-<N>.sqlite3` per size; PostgreSQL: the database in
DATABASE_URL, migrated, its bench data deleted first.

Cases, through django.test.Client in-process (all middleware, session, permission
layer, SQL and templates; no web server), `--warmup` untimed requests each, then:

| case | user | request |
|---|---|---|
| overview_analist | bench.analist, pmo-analist (reads everything) | GET /baten/ |
| overview_board | bench.raad.1, portfolioraad (reads everything) | GET /baten/ |
| overview_projectleider | bench.pl.001 (own department's projects + own) | GET /baten/ |
| overview_board_filtered | bench.raad.1 | GET /baten/?progress=achter&sort=-realisation |
| overview_board_htmx | bench.raad.1 | GET /baten/ with HX-Request (the list fragment) |
| export_xlsx | bench.analist | GET /baten/?export=xlsx (every row, up to MAX_EXPORT_ROWS) |
| export_xlsx_filtered | bench.analist | GET /baten/?progress=achter&export=xlsx |
| api_list | bench.analist (session) | GET /api/v1/benefits (one page, 100 rows) |
| api_list_projectleider | bench.pl.001 (session) | GET /api/v1/benefits |
| api_list_1000 | bench.analist (session) | GET /api/v1/benefits?page_size=1000 |

`--requests` timed requests per overview and API case (30), `--export-runs` per export
(3, after one warm-up). Every page's "N baten gevonden" is checked against the count
the filter gives for that user, every export's number of rows (once per case) and
every API page's length; every full page must show the totals per objective of
"Bench baten". The API throttle is switched off in the worker (as the `api` benchmark
does) so that the timed requests are never refused.

Figures per case: median, p95 (nearest rank) and max in ms, queries per request (one
number when all requests had the same), "DB ms" (median of the summed query times the
debug cursor reports), the slowest query. For the three plain overview cases also the
median time of each query of the request (`query_ms`), to see where the time goes.

The last line is one JSON object: first the headline of the largest size
(`overview_<N>_p95_ms`: the worst p95 of the three plain overview cases,
`overview_queries_<N>` and `overview_queries_<smallest>`: queries of the board's plain
overview, `export_xlsx_ms`, `api_list_p95_ms`, …), the goals, then every case per size.

This module is the parent process (options, the worker per size, headline, goals,
table); the cases and what a worker does for one size are in `_benefits_cases.py`.
"""

import argparse
import json
import os
from pathlib import Path

from . import Benchmark
from ._benefits_cases import API_CASES, EXPORT_CASES, OVERVIEW_CASES, PLAIN, worker
from ._common import code_fingerprint, run_worker
from ._pages import add_run_arguments, guard_database, parse_sizes

DEFAULT_SIZES = "200,20000"
DEFAULT_PROJECTS = 10_000
GOAL_MS = 300


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"comma-separated benefit counts ({DEFAULT_SIZES})"
    )
    parser.add_argument(
        "--projects",
        type=int,
        default=DEFAULT_PROJECTS,
        help=f"bench projects the baten hang on, at every size ({DEFAULT_PROJECTS:,})",
    )
    parser.add_argument(
        "--measurements", type=int, default=10, help="measurements per benefit (10)"
    )
    parser.add_argument("--seed", type=int, default=1, help="data seed (default 1)")
    parser.add_argument(
        "--warmup", type=int, default=5, help="untimed requests per case before timing (5)"
    )
    parser.add_argument(
        "--requests", type=int, default=30, help="timed requests per page and API case (30)"
    )
    parser.add_argument("--export-runs", type=int, default=3, help="timed runs per export case (3)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep existing bench data when it already has the requested sizes",
    )
    add_run_arguments(parser)


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return worker(args)
    sizes = parse_sizes(args.sizes)
    postgres = guard_database(args.allow_any_db)
    code = code_fingerprint()  # before the runs: the code measured, not the code afterwards
    results = []
    for size in sizes:
        env = dict(os.environ)
        if not postgres:
            Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
            env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"benefits-{size}.sqlite3")
        worker_args = [
            "benefits",
            *("--worker-size", str(size), "--projects", str(args.projects)),
            *("--measurements", str(args.measurements), "--seed", str(args.seed)),
            *("--warmup", str(args.warmup), "--requests", str(args.requests)),
            *("--export-runs", str(args.export_runs)),
        ] + (["--reuse"] if args.reuse else [])
        print(f"== {size:,} benefits", flush=True)
        result = run_worker(worker_args, env, prefix=f"  [{size}] ")
        if result.get("code_sha256") != code["source_sha256"]:
            print(f"  [{size}] WARNING: application code changed during the run", flush=True)
            code["changed_during_run"] = True
        results.append(result)
    headline = _headline(results) if results else {}
    result = {
        "benchmark": "benefits",
        **headline,
        "goals": _goals(headline, results) if results else {},
        "goal": f"overview at the largest size: fixed number of queries, < {GOAL_MS} ms",
        "code": code,
        "database": results[0]["database"] if results else None,
        "machine": results[0]["machine"] if results else None,
        "settings": results[0]["settings"] if results else None,
        "sizes": [
            {k: v for k, v in r.items() if k not in ("machine", "settings")} for r in results
        ],
    }
    for name, met in result["goals"].items():
        print(f"goal {name}: {'met' if met else 'MISSED'}", flush=True)
    print(_table(results), flush=True)
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {args.output}", flush=True)
    return result


def _headline(results: list[dict]) -> dict:
    last, first = results[-1], results[0]
    n, cases = last["benefits"], last["cases"]
    worst = max(PLAIN, key=lambda name: cases[name]["p95_ms"])
    out = {
        "engine": last["database"]["vendor"],
        "engine_version": last["database"]["version"],
        "benefits": n,
        "measurements": last["data"]["measurements"],
        "projects": last["projects"],
        "date": last["machine"]["date"],
        f"overview_{n}_median_ms": max(cases[name]["median_ms"] for name in PLAIN),
        f"overview_{n}_p95_ms": cases[worst]["p95_ms"],
        f"overview_{n}_max_ms": max(cases[name]["max_ms"] for name in PLAIN),
        f"overview_{n}_worst_case": worst,
    }
    for name in PLAIN:
        role = name.removeprefix("overview_")
        out[f"overview_{n}_{role}_p95_ms"] = cases[name]["p95_ms"]
    for size in results if len(results) > 1 else [last]:
        out[f"overview_queries_{size['benefits']}"] = size["cases"]["overview_board"]["queries"]
    out["overview_queries_by_case"] = {
        name: {str(size["benefits"]): size["cases"][name]["queries"] for size in results}
        for name, *_rest in OVERVIEW_CASES
    }
    for name, *_rest in EXPORT_CASES:
        out[f"{name}_ms"] = cases[name]["median_ms"]
        out[f"{name}_rows"] = cases[name]["rows"]
    out["export_queries"] = cases["export_xlsx"]["queries"]
    for name, *_rest in API_CASES:
        out[f"{name}_median_ms"] = cases[name]["median_ms"]
        out[f"{name}_p95_ms"] = cases[name]["p95_ms"]
    out["smallest_size"] = first["benefits"]
    return out


def _goals(headline: dict, results: list[dict]) -> dict:
    n = headline["benefits"]
    fixed = all(
        len({json.dumps(size["cases"][name]["queries"]) for size in results}) == 1
        and isinstance(results[0]["cases"][name]["queries"], int)
        for name, *_rest in OVERVIEW_CASES
    )
    sizes = "/".join(str(size["benefits"]) for size in results)
    return {
        f"overview queries the same at {sizes} benefits (every overview case)": fixed,
        f"overview_{n}_p95_ms < {GOAL_MS} (worst of analist, board, projectleider)": headline[
            f"overview_{n}_p95_ms"
        ]
        < GOAL_MS,
    }


def _table(results: list[dict]) -> str:
    lines = [
        "| benefits | case | median ms | p95 ms | max ms | queries | DB ms (median) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        for name, case in size["cases"].items():
            lines.append(
                f"| {size['benefits']:,} | {name} | {case['median_ms']:.1f} | "
                f"{case['p95_ms']:.1f} | {case['max_ms']:.1f} | {case['queries']} | "
                f"{case['db_median_ms']:.1f} |"
            )
    return "\n".join(lines)


BENCHMARK = Benchmark(
    name="benefits",
    description="baten overview /baten/ (3 roles), its Excel export and /api/v1/benefits "
    "at 200 and 20,000 benefits with 10 measurements each",
    add_arguments=add_arguments,
    run=run,
)
