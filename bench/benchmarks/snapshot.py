"""The monthly snapshot build of the whole organisation's dashboard at 1,000 and 10,000
projects with 24 months of report history, and its plain-SQL lower bound (issue 15).

Goal (from the issue): "a build for 10,000 projects with 24 months of history: < 10 s,
with a query count independent of the number of projects; in the same run, the
plain-SQL lower bound for the same aggregates, and the ratio (goal ≤ 3×)".

Per size a fresh interpreter makes the data (bench/benchmarks/_snapshot_data.py: N bench
projects, `--months` months of submitted reports before this month, 2 baten per project
with 10 measurements each, 5 risks per project, 50 teams with the projects' demand, the
framework "Bench" with every candidate scored). SQLite: the file
`bench/results/snapshot-<N>.sqlite3` per size (shared with the `dashboard` benchmark);
PostgreSQL: the database in DATABASE_URL, its bench data deleted first; `--reuse` keeps
data of the same shape.

Then, for the organisation scope (`Scope` kind "organisatie") and the last closed period
(the month before this one), through `reporting.services.builds`: `build_request` (its
send to the queue switched off) and `snapshot_build`, as the Celery worker runs it:

- `previous`: the period before, built once (the monthly job finds it: rows to compare);
- `first`: the period's first build (its snapshots removed beforehand), the cache of
  the capacity sums cold;
- `rebuilds`: `--builds` rebuilds (3), each a new version swapped in for the old, then
  the SQL bound, then one more rebuild; `build_<N>_ms` is their median.

Each build's queries are counted with `CaptureQueriesContext` (request and task), the
time of each step between the service's progress calls is kept (`steps_ms`). The bound
(bench/benchmarks/_snapshot_sql.py): two hand-written statements for the projects'
aggregates (per domain and programme: counts, red, exceptions, colours, phases, budget,
EAC, actuals; RAG counts per dimension; budget per domain and year) and their roll-up,
`--sql-runs` times (5) after one warm-up; its result is checked against the snapshot's
figures (the run fails if they differ). `ratio_<N>` = build / bound. The bound covers
only that part of the build; the step "Projecten en rapportages lezen" (the rows, budget
lines and milestones) against the bound is `ratio_rows_step_<N>`.

The last line: `build_<N>_ms`, `build_<N>_queries`, `first_build_<N>_ms`,
`first_build_<N>_queries`, `sql_bound_<N>_ms`, `ratio_<N>`, `queries_equal`, the goals,
then every size. `--quick`: 200 projects, 6 months, 2 rebuilds.
"""

import argparse
import json
import os
from pathlib import Path

from . import Benchmark
from ._common import code_fingerprint, run_worker
from ._pages import add_run_arguments, guard_database, parse_sizes
from ._snapshot_data import add_data_arguments, data_args

DEFAULT_SIZES = "1000,10000"
GOAL_S = 10.0
GOAL_RATIO = 3.0
ROWS_STEP = "Projecten en rapportages lezen"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"comma-separated project counts ({DEFAULT_SIZES})"
    )
    add_data_arguments(parser)
    parser.add_argument("--builds", type=int, default=3, help="timed rebuilds before the bound (3)")
    parser.add_argument("--sql-runs", type=int, default=5, help="timed runs of the SQL bound (5)")
    parser.add_argument("--quick", action="store_true", help="200 projects, 6 months, to try it")
    add_run_arguments(parser, "where the SQLite files go (SQLite only)")


def sqlite_env(args, size: int, postgres: bool) -> dict:
    env = dict(os.environ)
    if not postgres:
        Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
        env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"snapshot-{size}.sqlite3")
    return env


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        from ._snapshot_cases import worker

        return worker(args)
    if args.quick:
        args.sizes, args.months, args.builds = "200", 6, 2
    postgres = guard_database(args.allow_any_db)
    code = code_fingerprint()
    results = []
    for size in parse_sizes(args.sizes):
        print(f"== snapshot, {size:,} projects, {args.months} months", flush=True)
        worker_args = [
            "snapshot",
            *("--worker-size", str(size), *data_args(args)),
            *("--builds", str(args.builds), "--sql-runs", str(args.sql_runs)),
        ]
        result = run_worker(worker_args, sqlite_env(args, size, postgres), prefix=f"  [{size}] ")
        if result.get("code_sha256") != code["source_sha256"]:
            print(f"  [{size}] WARNING: application code changed during the run", flush=True)
            code["changed_during_run"] = True
        results.append(result)
    headline = _headline(results)
    result = {
        "benchmark": "snapshot",
        **headline,
        "goals": _goals(headline, results),
        "code": code,
        "database": results[-1]["database"] if results else None,
        "machine": results[-1]["machine"] if results else None,
        "settings": results[-1]["settings"] if results else None,
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
    if not results:
        return {}
    last = results[-1]
    out = {
        "engine": last["database"]["vendor"],
        "engine_version": last["database"]["version"],
        "period": last["period"],
        "months": last["months"],
        "date": last["machine"]["date"],
    }
    for size in results:
        n = size["projects"]
        bound = size["sql_bound"]["median_ms"]
        build = size["build"]["median_ms"]
        rows_step = size["build"]["steps_median_ms"].get(ROWS_STEP)
        out[f"build_{n}_ms"] = build
        out[f"build_{n}_queries"] = size["build"]["queries"]
        out[f"build_{n}_queries_without_row_inserts"] = size["build"]["queries_without_row_inserts"]
        out[f"build_{n}_row_insert_queries"] = size["build"]["row_insert_queries"]
        out[f"first_build_{n}_ms"] = size["first"]["ms"]
        out[f"first_build_{n}_queries"] = size["first"]["queries"]
        out[f"sql_bound_{n}_ms"] = bound
        out[f"ratio_{n}"] = round(build / bound, 1) if bound else None
        out[f"ratio_rows_step_{n}"] = round(rows_step / bound, 1) if bound and rows_step else None
        out[f"steps_{n}_ms"] = size["build"]["steps_median_ms"]
    for key, suffix in (
        ("build", "queries"),
        ("first_build", "queries"),
        ("build", "queries_without_row_inserts"),
    ):
        found = [out[f"{key}_{size['projects']}_{suffix}"] for size in results]
        out[f"{key}_{suffix}_equal"] = len({json.dumps(q) for q in found}) == 1 and all(
            isinstance(q, int) for q in found
        )
    out["queries_equal"] = out["build_queries_equal"] and out["first_build_queries_equal"]
    return out


def _goals(headline: dict, results: list[dict]) -> dict:
    if not results:
        return {}
    n = results[-1]["projects"]
    sizes = "/".join(str(size["projects"]) for size in results)
    return {
        f"build < {GOAL_S:g} s at {n} projects (median of the rebuilds)": headline[f"build_{n}_ms"]
        < GOAL_S * 1000,
        f"first build < {GOAL_S:g} s at {n} projects": headline[f"first_build_{n}_ms"]
        < GOAL_S * 1000,
        f"build queries the same at {sizes} projects": headline["queries_equal"],
        f"build queries but the row INSERT batches the same at {sizes} projects": headline[
            "build_queries_without_row_inserts_equal"
        ],
        f"build ≤ {GOAL_RATIO:g}× the SQL bound at {n} projects": (
            headline[f"ratio_{n}"] is not None and headline[f"ratio_{n}"] <= GOAL_RATIO
        ),
    }


def _table(results: list[dict]) -> str:
    lines = [
        "| projects | build | median ms | min ms | max ms | queries | DB ms |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        n = f"{size['projects']:,}"
        first, build, bound = size["first"], size["build"], size["sql_bound"]
        lines.append(
            f"| {n} | first | {first['ms']:.0f} | | | {first['queries']} | {first['db_ms']:.0f} |"
        )
        lines.append(
            f"| {n} | rebuild ×{build['runs']} | {build['median_ms']:.0f} | {build['min_ms']:.0f} "
            f"| {build['max_ms']:.0f} | {build['queries']} | {build['db_median_ms']:.0f} |"
        )
        lines.append(
            f"| {n} | SQL bound ×{bound['runs']} | {bound['median_ms']:.0f} | "
            f"{bound['min_ms']:.0f} | {bound['max_ms']:.0f} | {bound['statements']} | |"
        )
    return "\n".join(lines)


BENCHMARK = Benchmark(
    name="snapshot",
    description="monthly snapshot build of the organisation dashboard at 1,000/10,000 "
    "projects × 24 months, its queries, and the plain-SQL lower bound",
    add_arguments=add_arguments,
    run=run,
)
