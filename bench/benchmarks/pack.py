"""The board pack of a snapshot of N projects (default 500): the PDF and the Excel
workbook, each rendered whole (issue 15).

Goal (from the issue): "the board pack PDF for 500 projects in < 30 s".

A fresh interpreter writes one snapshot as the build would store it (bench/benchmarks/
_pack_data.py: N seeded project rows over six domains and eight programmes, and the
figures aggregated from them: 25 slipping milestones, a 5 × 5 risicokaart, nine teams,
40 status changes since the last board). SQLite: a new file `bench/results/pack.sqlite3`,
migrated; PostgreSQL: the database in DATABASE_URL (its name must start with bench),
the bench scope's earlier snapshot replaced.

Cases, one untimed warm-up then `--runs` timed runs (3), the median kept; each run is
`reporting.pack.render(snapshot, fmt=..., language="nl")` as the Celery job calls it:
the rows read (one query), every table and chart built, the file written in memory:

| case | what |
|---|---|
| pdf | A4 landscape PDF: key figures, charts, the RAG matrix of every project |
| xlsx | the workbook: a sheet per section, typed cells |

Every run's SHA-256 is compared with the first: the same snapshot must give the same
file (`identical`). The last line is one JSON object: `pdf_<N>_ms`, `xlsx_<N>_ms`
(medians), `pdf_pages`, `pdf_bytes`, `xlsx_bytes`, `identical`, the goal and whether it
was met, the code and the machine.
"""

import argparse
import hashlib
import json
import os
import re
import statistics
import time
from pathlib import Path

from . import Benchmark

GOAL_MS = 30_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--projects", type=int, default=500, help="project rows (500)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per format (3)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (1)")
    parser.add_argument("--output", help="also write the JSON result to this file")
    parser.add_argument(
        "--sqlite-dir",
        default=str(Path(__file__).resolve().parents[1] / "results"),
        help="where the SQLite file goes (SQLite only)",
    )
    parser.add_argument(
        "--allow-any-db",
        action="store_true",
        help="allow a PostgreSQL database whose name does not start with bench",
    )


def _database(args: argparse.Namespace) -> None:
    from ._pages import guard_database

    if not guard_database(args.allow_any_db):
        folder = Path(args.sqlite_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "pack.sqlite3"
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
    from bench import _django

    _django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(render, runs: int) -> dict:
    first = render()  # warm-up: imports, fonts, translations
    digests, samples = {hashlib.sha256(first).hexdigest()}, []
    for _ in range(runs):
        started = time.perf_counter()
        data = render()
        samples.append((time.perf_counter() - started) * 1000)
        digests.add(hashlib.sha256(data).hexdigest())
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs": runs,
        "bytes": len(first),
        "identical": len(digests) == 1,
        "data": first,
    }


def run(args: argparse.Namespace) -> dict:
    from ._common import code_fingerprint, database_facts, machine

    code = code_fingerprint()
    _database(args)
    from bench.benchmarks._pack_data import create
    from reporting import pack

    started = time.perf_counter()
    snapshot = create(args.projects, args.seed)
    print(
        f"snapshot of {args.projects} projects in {time.perf_counter() - started:.1f} s", flush=True
    )
    cases = {}
    for fmt in ("pdf", "xlsx"):
        case = _timed(lambda fmt=fmt: pack.render(snapshot, fmt=fmt, language="nl"), args.runs)
        data = case.pop("data")
        if fmt == "pdf":
            case["pages"] = len(re.findall(rb"/Type /Page\b", data))
        cases[fmt] = case
        print(
            f"  {fmt:<5} median {case['median_ms']:>8.1f} ms  min {case['min_ms']:.1f}  "
            f"max {case['max_ms']:.1f}  {case['bytes']:,} bytes  identical {case['identical']}",
            flush=True,
        )
    n = args.projects
    result = {
        "benchmark": "pack",
        "projects": n,
        f"pdf_{n}_ms": cases["pdf"]["median_ms"],
        f"xlsx_{n}_ms": cases["xlsx"]["median_ms"],
        "pdf_pages": cases["pdf"]["pages"],
        "pdf_bytes": cases["pdf"]["bytes"],
        "xlsx_bytes": cases["xlsx"]["bytes"],
        "identical": cases["pdf"]["identical"] and cases["xlsx"]["identical"],
        "goal": f"the board pack PDF for 500 projects < {GOAL_MS // 1000} s",
        "goal_met": cases["pdf"]["median_ms"] < GOAL_MS,
        "cases": cases,
        "code": code,
        "database": database_facts(),
        "machine": machine(),
    }
    print(f"goal {result['goal']}: {'met' if result['goal_met'] else 'MISSED'}", flush=True)
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {args.output}", flush=True)
    return result


BENCHMARK = Benchmark(
    name="pack",
    description="board pack of a snapshot of 500 projects: PDF and Excel render time",
    add_arguments=add_arguments,
    run=run,
)
