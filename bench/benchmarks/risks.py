"""The risk register (/risicos/) with its risicokaart, the heat map selector alone, and
the weerstandsvermogen simulation, at 1,000 and 50,000 risks (issue 13).

Goals (from the issue): "A register of 50,000 risks pages with a fixed number of queries
under 300 ms; the heat map aggregation for 50,000 risks is one query; the simulation of
1,000 risks × 100,000 iterations takes < 2 s (report the time per million draws)."

Per size (a number of risks) a fresh interpreter builds the data: the standard bench
portfolio of `bench/generate.py` (default 3,000 projects, seed 1, the same at every size,
so only the number of risks changes), then `bench/generate_risks.py` bulk-inserts N
risks on its projects, programmes and the portfolio, with their scores and expected
value computed by `risks.services.risks.scores` (see there). On PostgreSQL the risk
table gets VACUUM ANALYZE, SQLite is left without ANALYZE (as bench/generate.py does).
SQLite: a new file `bench/results/risks-<N>.sqlite3` per size; PostgreSQL: the
database in DATABASE_URL, migrated, its bench risks and bench data deleted first.

Cases, through django.test.Client in-process (all middleware, session, permission
layer, SQL and templates; no web server), `--warmup` untimed requests each, then
`--requests` timed (30):

| case | user | request |
|---|---|---|
| register | bench.raad.1, portfolioraad (reads every register) | GET /risicos/ |
| register_page | bench.raad.1 | GET /risicos/?pagina=M (M the middle page: 500 at 50,000) |
| register_cell | bench.raad.1 | GET /risicos/?kaart=netto-2-3 (a cell of the risicokaart) |
| register_sorted | bench.raad.1 | GET /risicos/?sort=-expected |
| register_projectleider | bench.pl.001 (own department's projects + own risks) | GET /risicos/ |
| heatmap | bench.raad.1 | `selectors.risk_heat_map(Risk.objects.visible_to(user))` alone |

Every page's "N risico's gevonden" is checked against the count the register's filter
gives that user, its number of rows and that it shows the risicokaart; the heat map's
totals against the open risks. Figures per case: median, p95 (nearest rank), max in ms,
queries per request, "DB ms" and the slowest query, and for the pages the median time of
each query (`query_ms`).

Then, without a database, the simulation (bench/benchmarks/risks_simulation.py, its
register and its timing): 1,000 risks × 100,000 iterations, `--simulation-runs` timed
runs (3) after a warm-up, the median kept, and the time per million draws.

The last line is one JSON object: `register_<N>_p95_ms`, `register_page_<N>_p95_ms`,
`register_cell_<N>_p95_ms`, `register_sorted_<N>_p95_ms`, … per size, `register_queries`
(the first page at the largest size), `queries_equal` (every page case the same at every
size), `heatmap_<N>_ms`, `heatmap_queries`, `simulation_1000x100000_ms`,
`per_million_draws_ms`, the goals, then every case per size.
"""

import argparse
import json
import os
from pathlib import Path

from . import Benchmark
from ._common import code_fingerprint, machine, run_worker, sizes_result
from ._pages import add_run_arguments, guard_database, parse_sizes
from ._risks_cases import REGISTER_CASES, worker

DEFAULT_SIZES = "1000,50000"
DEFAULT_PROJECTS = 3_000
GOAL_MS = 300
SIMULATION_GOAL_MS = 2000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"comma-separated risk counts ({DEFAULT_SIZES})"
    )
    parser.add_argument(
        "--projects",
        type=int,
        default=DEFAULT_PROJECTS,
        help=f"bench projects the risks hang on, at every size ({DEFAULT_PROJECTS:,})",
    )
    parser.add_argument("--seed", type=int, default=1, help="data and simulation seed (1)")
    parser.add_argument(
        "--warmup", type=int, default=5, help="untimed requests per case before timing (5)"
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per case (30)")
    parser.add_argument(
        "--simulation-runs", type=int, default=3, help="timed simulation runs (3; 0 skips it)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep existing bench data when it already has the requested sizes",
    )
    add_run_arguments(parser)


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return worker(args)
    code, results = _run_sizes(args, parse_sizes(args.sizes))
    simulation = _simulation(args) if args.simulation_runs > 0 else {}
    headline = {**_headline(results), **_simulation_headline(simulation)}
    result = {
        "benchmark": "risks",
        **headline,
        "goals": _goals(headline, results, simulation),
        "code": code,
        "simulation": simulation,
        **sizes_result(results),
    }
    result["machine"] = result["machine"] or machine()  # a simulation-only run
    for name, met in result["goals"].items():
        print(f"goal {name}: {'met' if met else 'MISSED'}", flush=True)
    print(_table(results), flush=True)
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {args.output}", flush=True)
    return result


def _run_sizes(args: argparse.Namespace, sizes: list[int]) -> tuple[dict, list[dict]]:
    """One fresh interpreter per size; returns (code fingerprint, per-size results)."""
    postgres = guard_database(args.allow_any_db)
    code = code_fingerprint()  # before the runs: the code measured, not the code afterwards
    results = []
    for size in sizes:
        env = dict(os.environ)
        if not postgres:
            Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
            env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"risks-{size}.sqlite3")
        worker_args = [
            "risks",
            *("--worker-size", str(size), "--projects", str(args.projects)),
            *("--seed", str(args.seed), "--warmup", str(args.warmup)),
            *("--requests", str(args.requests)),
        ] + (["--reuse"] if args.reuse else [])
        print(f"== {size:,} risks", flush=True)
        result = run_worker(worker_args, env, prefix=f"  [{size}] ")
        if result.get("code_sha256") != code["source_sha256"]:
            print(f"  [{size}] WARNING: application code changed during the run", flush=True)
            code["changed_during_run"] = True
        results.append(result)
    return code, results


def _simulation(args: argparse.Namespace) -> dict:
    """1,000 risks × 100,000 iterations with the `risks_simulation` benchmark's register
    and timing (no database)."""
    import numpy as np

    from risks.rules import simulation

    from .risks_simulation import _timed, register

    risks, iterations = register(np, simulation, 1000, 0.25, args.seed), 100_000
    case = _timed(
        lambda: simulation.simulate(risks, iterations=iterations, seed=args.seed),
        args.simulation_runs,
    )
    case.update(
        risks=len(risks),
        iterations=iterations,
        per_million_draws_ms=round(case["median_ms"] / (len(risks) * iterations / 1e6), 2),
        numpy=np.__version__,
    )
    print(
        f"simulation 1000 x 100000: median {case['median_ms']:.1f} ms "
        f"({case['per_million_draws_ms']:.2f} ms per 10^6 draws)",
        flush=True,
    )
    return case


def _simulation_headline(simulation: dict) -> dict:
    if not simulation:
        return {}
    return {
        "simulation_1000x100000_ms": simulation["median_ms"],
        "per_million_draws_ms": simulation["per_million_draws_ms"],
    }


def _headline(results: list[dict]) -> dict:
    if not results:  # --sizes "" runs the simulation only
        return {}
    last = results[-1]
    n = last["risks"]
    out = {
        "engine": last["database"]["vendor"],
        "engine_version": last["database"]["version"],
        "risks": n,
        "projects": last["projects"],
        "date": last["machine"]["date"],
    }
    for size in results:
        for name, *_rest in REGISTER_CASES:
            case = size["cases"][name]
            out[f"{name}_{size['risks']}_median_ms"] = case["median_ms"]
            out[f"{name}_{size['risks']}_p95_ms"] = case["p95_ms"]
        out[f"heatmap_{size['risks']}_ms"] = size["cases"]["heatmap"]["median_ms"]
        out[f"heatmap_{size['risks']}_p95_ms"] = size["cases"]["heatmap"]["p95_ms"]
        out[f"trend_{size['risks']}_p95_ms"] = size["cases"]["trend"]["p95_ms"]
    out["register_queries"] = last["cases"]["register"]["queries"]
    out["register_queries_by_case"] = {
        name: {str(size["risks"]): size["cases"][name]["queries"] for size in results}
        for name, *_rest in REGISTER_CASES
    }
    out["queries_equal"] = all(
        len({json.dumps(by_size) for by_size in [*counts.values()]}) == 1
        and all(isinstance(q, int) for q in counts.values())
        for counts in out["register_queries_by_case"].values()
    )
    out["heatmap_queries"] = last["cases"]["heatmap"]["queries"]
    out["trend_queries"] = last["cases"]["trend"]["queries"]
    out["smallest_size"] = results[0]["risks"]
    return out


def _goals(headline: dict, results: list[dict], simulation: dict) -> dict:
    goals = {}
    if results:
        n = headline["risks"]
        sizes = "/".join(str(size["risks"]) for size in results)
        worst = max(headline[f"{name}_{n}_p95_ms"] for name, *_rest in REGISTER_CASES)
        goals[f"register queries the same at {sizes} risks (every page case)"] = headline[
            "queries_equal"
        ]
        goals[f"register p95 < {GOAL_MS} ms at {n} risks (worst page case)"] = worst < GOAL_MS
        goals["heat map in one query (every size)"] = all(
            size["cases"]["heatmap"]["queries"] == 1 for size in results
        )
    if simulation:
        goals[f"simulation 1000 x 100000 < {SIMULATION_GOAL_MS} ms"] = (
            simulation["median_ms"] < SIMULATION_GOAL_MS
        )
    return goals


def _table(results: list[dict]) -> str:
    lines = [
        "| risks | case | median ms | p95 ms | max ms | queries | DB ms (median) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        for name, case in size["cases"].items():
            lines.append(
                f"| {size['risks']:,} | {name} | {case['median_ms']:.1f} | "
                f"{case['p95_ms']:.1f} | {case['max_ms']:.1f} | {case['queries']} | "
                f"{case['db_median_ms']:.1f} |"
            )
    return "\n".join(lines)


BENCHMARK = Benchmark(
    name="risks",
    description="risk register /risicos/ (first, later, cell and sorted page), the "
    "risicokaart query and the 1,000 × 100,000 simulation at 1,000 and 50,000 risks",
    add_arguments=add_arguments,
    run=run,
)
