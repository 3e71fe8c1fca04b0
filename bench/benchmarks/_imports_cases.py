"""How the `import` benchmark measures one size (bench/benchmarks/imports.py): the sheet
written once, then `--runs` cycles of upload → check → commit → undo through the runner,
each step timed and checked, the reading and parsing alone, and an optional profile.

The parent process of `bench/run.py import` starts one worker per size (`--worker-size
N`). The name starts with "_" so the benchmark registry does not take it for a benchmark.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from pathlib import Path

from . import _imports_data as projects_data
from . import _imports_demand as demand_data
from ._common import code_fingerprint, database_facts, machine
from ._pages import environment_facts, load_1m

ANALYST_USERNAME = "bench.analist"
STEPS = ("upload", "check", "commit", "undo")
PROFILE_LINES = 25


def measure(action) -> tuple[dict, object]:
    """One timed call: ms, queries and their summed time (Django's debug cursor)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # a step runs thousands; the log keeps the last 9,000
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        outcome = action()
        elapsed = (time.perf_counter() - started) * 1000
    timings = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    stats = {
        "ms": round(elapsed, 1),
        "queries": len(captured),
        "db_ms": round(sum(t for t, _sql in timings), 1),
        # The slowest statements (an executemany is one, "N times").
        "slowest": [[round(t, 1), sql[:300]] for t, sql in sorted(timings, reverse=True)[:3]],
    }
    return stats, outcome


def _fail(step: str, message: str):
    raise SystemExit(f"{step}: {message}")


class Cycle:
    """One import of a sheet and its undo, as the pages drive the runner (the tasks run
    in-process: CELERY_TASK_ALWAYS_EAGER, so the check and commit happen inside the
    request that asks for them, as in the tests). `verify(expected, step)` checks the
    database after the check, the commit and the undo."""

    def __init__(self, kind: str, analyst, data: bytes, filename: str, expected: dict, verify):
        from pmo.actors import Actor

        self.kind, self.actor, self.data, self.filename = (
            kind,
            Actor.screen(analyst),
            data,
            filename,
        )
        self.expected, self.verify = expected, verify

    def upload(self):
        from pmo.imports.models import ImportJob
        from pmo.imports.runner import import_upload

        job = import_upload(
            actor=self.actor, kind=self.kind, filename=self.filename, content=self.data
        )
        if job.state != ImportJob.State.MAPPING or job.row_count != self.expected["rows"]:
            _fail("upload", f"state {job.state}, {job.row_count} rows")
        if len(job.mapping) != len(job.header):
            _fail("upload", f"mapping proposed {len(job.mapping)} of {len(job.header)} columns")
        return job

    def check(self, job):
        from pmo.imports.models import ImportJob
        from pmo.imports.runner import import_map

        import_map(actor=self.actor, job=job, expected_version=job.version, mapping=job.mapping)
        job = ImportJob.objects.get(pk=job.pk)
        self._report("check", job, ImportJob.State.CHECKED)
        self.verify(self.expected, "check")
        return job

    def commit(self, job):
        from pmo.imports.models import ImportJob
        from pmo.imports.runner import import_commit_request

        import_commit_request(actor=self.actor, job=job, expected_version=job.version)
        job = ImportJob.objects.get(pk=job.pk)
        self._report("commit", job, ImportJob.State.DONE)
        part = job.effect.get(self.expected["label"], {})
        made, changed = len(part.get("created", {})), len(part.get("updated", {}))
        if (made, changed) != (self.expected["created"], self.expected["updated"]):
            _fail("commit", f"{self.expected['label']}: {made} created, {changed} updated")
        self.verify(self.expected, "commit")
        return job

    def undo(self, job):
        from pmo.imports.models import ImportJob
        from pmo.imports.undo import import_undo

        job = import_undo(actor=self.actor, job=job, expected_version=job.version)
        if job.state != ImportJob.State.UNDONE:
            _fail("undo", f"state {job.state}")
        self.verify(self.expected, "undo")
        return job

    def _report(self, step: str, job, state) -> None:
        report = job.report or {}
        if job.state != state:
            _fail(step, f"state {job.state} ({job.error or report.get('errors', [])[:3]})")
        if report.get("refused_rows"):
            _fail(step, f"{report['refused_rows']} rows refused: {report['errors'][:3]}")
        if report.get("counts") != self.expected["counts"]:
            _fail(step, f"counts {report.get('counts')}, expected {self.expected['counts']}")

    def run(self) -> tuple[dict, object]:
        steps, job = {}, None
        steps["upload"], job = measure(self.upload)
        for step in STEPS[1:]:
            steps[step], job = measure(lambda step=step, job=job: getattr(self, step)(job))
        return steps, job


def _reading(kind: str, data: bytes, filename: str, runs: int) -> tuple[dict, dict]:
    """`read_sheet` alone and `parse_rows` on its result (the runner does both at upload,
    check and commit)."""
    from pmo.imports.reading import read_sheet
    from pmo.imports.registry import discovered
    from pmo.imports.runner import parse_rows

    importer = discovered()[kind]
    reads, parses = [], []
    for _ in range(runs):
        started = time.perf_counter()
        sheet = read_sheet(data, filename)
        reads.append((time.perf_counter() - started) * 1000)
        mapping = {c.key: str(c.label) for c in importer.columns if str(c.label) in sheet.header}
        started = time.perf_counter()
        rows, errors = parse_rows(importer, sheet, mapping)
        parses.append((time.perf_counter() - started) * 1000)
        if errors or len(rows) != len(sheet.rows):
            _fail("parse", f"{len(errors)} rows refused: {list(errors.items())[:3]}")
    return _summary(reads), _summary(parses)


def _summary(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs_ms": [round(s, 1) for s in samples],
    }


def _cases(runs: list[dict], size: int) -> dict:
    """Per step: the median over the cycles, each cycle's figures, rows per second."""
    cases = {}
    for step in STEPS:
        samples = [run[step] for run in runs]
        cases[step] = {
            **_summary([s["ms"] for s in samples]),
            "queries": sorted({s["queries"] for s in samples}),
            "db_median_ms": round(statistics.median(s["db_ms"] for s in samples), 1),
        }
        if step in ("check", "commit"):
            cases[step]["rows_per_s"] = round(size / (cases[step]["median_ms"] / 1000))
    totals = [sum(run[s]["ms"] for s in ("upload", "check", "commit")) for run in runs]
    cases["import"] = _summary(totals)
    cases["import"]["rows_per_s"] = round(size / (cases["import"]["median_ms"] / 1000))
    return cases


def _profile(cycle: Cycle, folder: Path, name: str, engine: str) -> dict:
    """One more cycle with each step under cProfile: the top functions by own time and
    by cumulative time, and the .prof files for `python -m pstats`."""
    profiles, job = {}, None
    for step in STEPS:
        profiler = cProfile.Profile()
        action = cycle.upload if step == "upload" else (lambda s=step, j=job: getattr(cycle, s)(j))
        started = time.perf_counter()
        job = profiler.runcall(action)
        elapsed = (time.perf_counter() - started) * 1000
        path = folder / f"import-{engine}-{name}-{step}.prof"
        profiler.dump_stats(path)
        profiles[step] = {"ms": round(elapsed, 1), "file": str(path), **_top(profiler)}
        print(f"--- profile {step} ({elapsed:.0f} ms under cProfile), by cumulative time:")
        print("\n".join(profiles[step]["cumulative"][:PROFILE_LINES]), flush=True)
    return profiles


def _top(profiler: cProfile.Profile) -> dict:
    out = {}
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats(order).print_stats(PROFILE_LINES * 2)
        lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        out[order] = lines[start : start + PROFILE_LINES * 2 + 1]
    return out


def _list(kind: str, data_module, analyst, args, engine: str) -> dict:
    """One list: its sheet written once, read and parse alone, the cycles, the profile."""
    size, folder = args.worker_size, Path(args.sqlite_dir)
    started = time.perf_counter()
    rows, expected = data_module.sheet_rows(size, args.seed)
    data = projects_data.workbook_bytes(rows)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"import-{kind}-{size}.xlsx"
    path.write_bytes(data)
    sheet = {"file": str(path), "bytes": len(data), "columns": len(rows[0])}
    sheet.update(write_s=round(time.perf_counter() - started, 2), **expected)
    print(f"{kind} sheet: {json.dumps(sheet)}", flush=True)
    load_before = load_1m()
    read, parse = _reading(kind, data, path.name, args.read_runs)
    print(
        f"{kind}: read_sheet median {read['median_ms']:.0f} ms, "
        f"parse_rows {parse['median_ms']:.0f} ms",
        flush=True,
    )
    cycle = Cycle(kind, analyst, data, path.name, expected, data_module.verify)
    runs = []
    for number in range(1, args.runs + 1):
        steps, job = cycle.run()
        runs.append(steps)
        print(
            f"{kind} run {number}: "
            + "  ".join(f"{s} {steps[s]['ms']:.0f} ms ({steps[s]['queries']} q)" for s in STEPS),
            flush=True,
        )
    cases = _cases(runs, size)
    cases["read"], cases["parse"] = read, parse
    result = {
        "sheet": sheet,
        "effect_bytes": len(json.dumps(job.effect)),
        "loadavg_1m": [load_before, load_1m()],
        "runs": runs,
        "cases": cases,
    }
    if args.profile:
        result["profile"] = _profile(cycle, folder, f"{kind}-{size}", engine)
    return result


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from celery import current_app
    from django.conf import settings

    from pmo.models import User

    if not current_app.conf.task_always_eager:
        raise SystemExit("the import benchmark runs the tasks in-process: unset CELERY_BROKER_URL")
    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    log = lambda message: print(message, flush=True)  # noqa: E731
    demand = demand_data.available() and args.teams > 0
    generated = projects_data.prepare(args, log, capacity=demand)
    analyst = User.objects.get(username=ANALYST_USERNAME)
    engine = database_facts()["vendor"]
    projects = _list("projects", projects_data, analyst, args, engine)
    result = {
        "rows": args.worker_size,
        "projects": args.projects,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": {
            **environment_facts(),
            "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
            "CACHE": settings.CACHES["default"]["BACKEND"],
        },
        "generate": generated,
        **projects,
    }
    if demand:
        result["demand"] = _list("demand", demand_data, analyst, args, engine)
    else:
        result["demand"] = {
            "missing": "no 'demand' importer registered (portfolio/capacity/importers.py)"
            if args.teams > 0
            else "--teams 0"
        }
    return result
