"""The capacity heatmap (/capaciteit/) at 1,000 and 10,000 projects with 50 teams × 36
months, its selector alone, and a scenario over 2,000 candidates with 20 teams × 12
months of capacity (issue 14).

Goals (from the issue): "Heatmap for 50 teams × 36 months over 10,000 projects in a
fixed number of queries and under 300 ms server time; a scenario over 2,000 candidates
with 20 teams × 12 months of capacity solves within its 10 s limit with the gap
reported."

Heatmap, per size (a number of projects) a fresh interpreter builds the data: the
standard bench portfolio of `bench/generate.py` (N projects, seed 1, no status reports),
then `bench/generate_capacity.py` bulk-inserts `--teams` teams (50) with their
exceptions and the demand of every running, proposed or paused project over 1–4 teams
and its months in the window 2026-11 … 2029-10 (349,000 rows at 10,000 projects;
see there). On PostgreSQL the capacity tables get VACUUM ANALYZE (the demand COPYed in),
SQLite is left without ANALYZE (as bench/generate.py does). SQLite: a new file
`bench/results/capacity-<N>.sqlite3` per size; PostgreSQL: the database in DATABASE_URL,
migrated, its bench capacity and bench data deleted first.

Cases, as bench.raad.1 (portfolioraad), `--warmup` untimed runs each, then `--requests`
timed (30); the pages through django.test.Client in-process (all middleware, session,
permission layer, SQL, template; no web server):

| case | what |
|---|---|
| heatmap | GET /capaciteit/?van=2026-11&maanden=36 (committed demand, the default) |
| heatmap_proposals | the same with &voorstellen=on (proposals counted too) |
| heatmap_cold | the heatmap, cache emptied before each request (as after any write) |
| heatmap_parts | the heatmap page again, its view's steps timed inside each request |
| heatmap_selector | `capacity_figures(months=36 months, teams=the 50 teams)` alone |
| heatmap_build | `portfolio.capacity.heatmap.build` on those figures alone (pure Python) |

`heatmap_parts` wraps, for its requests only, `heatmap_context` (filter forms, teams,
`capacity_figures`, `build`, `grid_rows`), `render_page` (the template) and those three
where the view calls them, and reports the median of each, of the whole request and of
the rest (middleware, session, user): where the time goes, SQL, Python or template.

Every page is checked: one row per team (50) in the grid, and as many cells marked
over-allocated, and rows in the list of over-allocated months, as `capacity_figures` +
`rules.load_level` give for that demand. Figures per case: median, p95 (nearest rank),
max in ms, queries, "DB ms", the slowest query; for the pages the median time of each
query (`query_ms`).

Scenario (bench/benchmarks/_capacity_scenario.py, its own interpreter and, on SQLite,
its own file `capacity-scenario.sqlite3`): 2,000 candidates, 20 teams, budget for 2027,
tolerance 105 %; `scenario_problem`, `select` with the 10 s limit and the whole
`scenario_solve` service timed, with status, gap and the number of capacity rows.

The summed demand is kept in the cache under a fingerprint of what it depends on
(`selectors.demand_totals`), so `heatmap`, `heatmap_proposals` and `heatmap_selector`
measure an unchanged portfolio (the warm-up fills the cache) and `heatmap_cold` the page
after any write.

The last line is one JSON object: `heatmap_<N>_p95_ms` (and `_median_ms`) per size,
`heatmap_cold_<N>_p95_ms`,
`heatmap_queries`, `queries_equal` (both page cases the same at every size),
`heatmap_selector_<N>_ms`, `heatmap_selector_queries`, `scenario_2000x240_ms` (the
select within the limit; `scenario_solve_ms` the whole service), `scenario_gap`,
`scenario_status`, `scenario_capacity_rows`, the goals, then every case.
`--quick` tries everything small (200 projects, 200 candidates, 5 requests).
"""

import argparse
import json
import os
from pathlib import Path

from . import Benchmark
from ._common import code_fingerprint, machine, run_worker
from ._pages import add_run_arguments, guard_database, parse_sizes

DEFAULT_SIZES = "1000,10000"
GOAL_MS = 300
SCENARIO_GOAL_S = 10.0
PAGE_CASES = ("heatmap", "heatmap_proposals")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"comma-separated project counts ({DEFAULT_SIZES})"
    )
    parser.add_argument("--teams", type=int, default=50, help="heatmap teams (50)")
    parser.add_argument("--months", type=int, default=36, help="heatmap months (36)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (1)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs per case (5)")
    parser.add_argument("--requests", type=int, default=30, help="timed runs per case (30)")
    parser.add_argument("--candidates", type=int, default=2000, help="scenario candidates (2,000)")
    parser.add_argument(
        "--scenario-projects",
        type=int,
        default=2500,
        help="bench projects generated for the scenario, trimmed to --candidates (2,500)",
    )
    parser.add_argument("--scenario-teams", type=int, default=20, help="scenario teams (20)")
    parser.add_argument("--scenario-runs", type=int, default=3, help="timed scenario runs (3)")
    parser.add_argument(
        "--select-limit", type=float, default=SCENARIO_GOAL_S, help="select time limit (10 s)"
    )
    parser.add_argument("--skip-scenario", action="store_true", help="only the heatmap")
    parser.add_argument("--quick", action="store_true", help="everything small, to try it")
    parser.add_argument("--reuse", action="store_true", help="keep heatmap data of the same size")
    add_run_arguments(parser, "where the SQLite files go (SQLite only)")
    # Internal: the scenario in this process (--worker-size: one heatmap size).
    parser.add_argument("--worker-scenario", action="store_true", help=argparse.SUPPRESS)


def _apply_quick(args: argparse.Namespace) -> None:
    if args.quick:
        args.sizes, args.requests, args.warmup = "200", 5, 1
        args.candidates, args.scenario_projects, args.scenario_runs = 200, 300, 1


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        from ._capacity_cases import worker

        return worker(args)
    if args.worker_scenario:
        from ._capacity_scenario import worker

        return worker(args)
    _apply_quick(args)
    postgres = guard_database(args.allow_any_db)
    code = code_fingerprint()  # before the runs: the code measured, not the code afterwards
    common = [
        *("--seed", str(args.seed), "--warmup", str(args.warmup)),
        *("--requests", str(args.requests), "--teams", str(args.teams)),
        *("--months", str(args.months)),
    ]
    results = []
    for size in parse_sizes(args.sizes):
        print(f"== heatmap, {size:,} projects", flush=True)
        extra = ["--reuse"] if args.reuse else []
        results.append(
            _worker(args, postgres, code, f"{size}", [*common, "--worker-size", str(size), *extra])
        )
    scenario = {}
    if not args.skip_scenario:
        print(f"== scenario, {args.candidates:,} candidates", flush=True)
        scenario_args = [
            *common,
            "--worker-scenario",
            *("--candidates", str(args.candidates)),
            *("--scenario-projects", str(args.scenario_projects)),
            *("--scenario-teams", str(args.scenario_teams)),
            *("--scenario-runs", str(args.scenario_runs)),
            *("--select-limit", str(args.select_limit)),
        ]
        scenario = _worker(args, postgres, code, "scenario", scenario_args)
    headline = {**_headline(results), **_scenario_headline(scenario, args)}
    first = results[0] if results else scenario
    result = {
        "benchmark": "capacity",
        **headline,
        "goals": _goals(headline, results, scenario, args),
        "code": code,
        "database": first.get("database"),
        "machine": first.get("machine") or machine(),
        "settings": first.get("settings"),
        "sizes": [
            {k: v for k, v in r.items() if k not in ("machine", "settings")} for r in results
        ],
        "scenario": {k: v for k, v in scenario.items() if k not in ("machine", "settings")},
    }
    for name, met in result["goals"].items():
        print(f"goal {name}: {'met' if met else 'MISSED'}", flush=True)
    print(_table(results, scenario), flush=True)
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {args.output}", flush=True)
    return result


def _worker(args, postgres: bool, code: dict, label: str, worker_args: list[str]) -> dict:
    env = dict(os.environ)
    if not postgres:
        Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
        env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"capacity-{label}.sqlite3")
    result = run_worker(["capacity", *worker_args], env, prefix=f"  [{label}] ")
    if result.get("code_sha256") != code["source_sha256"]:
        print(f"  [{label}] WARNING: application code changed during the run", flush=True)
        code["changed_during_run"] = True
    return result


def _headline(results: list[dict]) -> dict:
    if not results:
        return {}
    last = results[-1]
    out = {
        "engine": last["database"]["vendor"],
        "engine_version": last["database"]["version"],
        "projects": last["projects"],
        "teams": last["teams"],
        "months": last["data"]["months"],
        "demand_rows": last["data"]["stored"]["demand"],
        "date": last["machine"]["date"],
    }
    for size in results:
        n = size["projects"]
        for name in PAGE_CASES:
            out[f"{name}_{n}_median_ms"] = size["cases"][name]["median_ms"]
            out[f"{name}_{n}_p95_ms"] = size["cases"][name]["p95_ms"]
        cold = size["cases"].get("heatmap_cold")
        if cold:
            out[f"heatmap_cold_{n}_median_ms"] = cold["median_ms"]
            out[f"heatmap_cold_{n}_p95_ms"] = cold["p95_ms"]
            out[f"heatmap_cold_{n}_queries"] = cold["queries"]
        out[f"heatmap_selector_{n}_ms"] = size["cases"]["heatmap_selector"]["median_ms"]
        out[f"heatmap_selector_{n}_p95_ms"] = size["cases"]["heatmap_selector"]["p95_ms"]
        out[f"heatmap_build_{n}_ms"] = size["cases"]["heatmap_build"]["median_ms"]
        out[f"over_cells_{n}"] = size["data"]["over"]
        out[f"heatmap_parts_{n}"] = {
            key.removesuffix("_median_ms"): value
            for key, value in size["cases"].get("heatmap_parts", {}).items()
            if key.endswith("_median_ms")
        }
    out["heatmap_queries"] = last["cases"]["heatmap"]["queries"]
    out["heatmap_queries_by_case"] = {
        name: {str(size["projects"]): size["cases"][name]["queries"] for size in results}
        for name in PAGE_CASES
    }
    out["queries_equal"] = all(
        len({json.dumps(q) for q in counts.values()}) == 1
        and all(isinstance(q, int) for q in counts.values())
        for counts in out["heatmap_queries_by_case"].values()
    )
    out["heatmap_selector_queries"] = last["cases"]["heatmap_selector"]["queries"]
    return out


def _scenario_headline(scenario: dict, args) -> dict:
    if not scenario:
        return {}
    cases = scenario["cases"]
    build, chosen, solve = (
        cases["scenario_build"],
        cases["scenario_select"],
        cases["scenario_solve"],
    )
    rows = build["capacity_rows"]
    return {
        f"scenario_{build['candidates']}x{rows}_ms": chosen["median_ms"],
        "scenario_select_max_ms": chosen["max_ms"],
        "scenario_status": chosen["status"],
        "scenario_gap": chosen["gap"],
        "scenario_build_ms": build["median_ms"],
        "scenario_build_queries": build["queries"],
        "scenario_solve_ms": solve["median_ms"],
        "scenario_solve_status": solve["status"],
        "scenario_solve_gap": solve["gap"],
        "scenario_candidates": build["candidates"],
        "scenario_capacity_rows": rows,
    }


def _goals(headline: dict, results: list[dict], scenario: dict, args) -> dict:
    goals = {}
    if results:
        n = headline["projects"]
        sizes = "/".join(str(size["projects"]) for size in results)
        worst = max(headline[f"{name}_{n}_p95_ms"] for name in PAGE_CASES)
        goals[f"heatmap queries the same at {sizes} projects"] = headline["queries_equal"]
        goals[f"heatmap p95 < {GOAL_MS} ms at {n} projects (both page cases)"] = worst < GOAL_MS
        cold = headline.get(f"heatmap_cold_{n}_p95_ms")
        if cold is not None:
            goals[f"heatmap p95 < {GOAL_MS} ms at {n} projects right after a change"] = (
                cold < GOAL_MS
            )
    if scenario:
        chosen = scenario["cases"]["scenario_select"]
        build = scenario["cases"]["scenario_build"]
        goals[f"scenario select within {args.select_limit:g} s, gap reported"] = (
            chosen["max_ms"] <= args.select_limit * 1000 + 250 and chosen["status"] != "infeasible"
        )
        goals["scenario has team-month capacity rows"] = build["capacity_rows"] > 0
    return goals


def _table(results: list[dict], scenario: dict) -> str:
    lines = [
        "| projects | case | median ms | p95 ms | max ms | queries | DB ms (median) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        for name, case in size["cases"].items():
            if "median_ms" not in case:
                continue
            lines.append(
                f"| {size['projects']:,} | {name} | {case['median_ms']:.1f} | "
                f"{case['p95_ms']:.1f} | {case['max_ms']:.1f} | {case['queries']} | "
                f"{case['db_median_ms']:.1f} |"
            )
    for name, case in scenario.get("cases", {}).items():
        lines.append(
            f"| {scenario['cases']['scenario_build']['candidates']:,} cand. | {name} | "
            f"{case['median_ms']:.1f} | {case['p95_ms']:.1f} | {case['max_ms']:.1f} | "
            f"{case['queries']} | – |"
        )
    return "\n".join(lines)


BENCHMARK = Benchmark(
    name="capacity",
    description="capacity heatmap /capaciteit/ (50 teams × 36 months) at 1,000/10,000 "
    "projects, its selector, and a scenario of 2,000 candidates × 240 capacity rows",
    add_arguments=add_arguments,
    run=run,
)
