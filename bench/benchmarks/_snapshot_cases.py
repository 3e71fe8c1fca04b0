"""What one size of the `snapshot` benchmark does (bench/benchmarks/snapshot.py): the data,
the builds of the organisation's snapshot through the real service, and the plain-SQL
bound in the same process. The name starts with "_" so the registry skips it."""

import argparse
import statistics

from ._common import code_fingerprint, database_facts, machine
from ._pages import environment_facts, load_1m


def _log(message: str) -> None:
    print(message, flush=True)


def _forget(scope, period) -> int:
    """Remove the period's snapshots, so that the first build timed is a first one."""
    from reporting.models import Snapshot, SnapshotRow

    versions = Snapshot.objects.filter(scope=scope, period=period)
    SnapshotRow.objects.filter(snapshot__in=versions.values("pk")).delete()
    return versions.delete()[0]


def _progress(label: str, run: dict) -> None:
    _log(
        f"{label:<12} {run['period']} {run['ms']:9.1f} ms  queries {run['queries']:3d}  "
        f"db {run['db_ms']:8.1f} ms  steps {run['steps_ms']}"
    )


def _data_facts(snapshot) -> dict:
    from reporting.models import SnapshotRow

    rows = SnapshotRow.objects.filter(snapshot=snapshot)
    return {
        "snapshot_rows": rows.count(),
        "rows_with_report": rows.exclude(rag_overall="").count(),
        "rows_with_priority": rows.exclude(priority_rank=None).count(),
        "rows_with_benefits": rows.exclude(benefits_planned=None).count(),
        "rows_with_risk_exposure": rows.exclude(risk_exposure=0).count(),
        "rows_with_capacity": rows.exclude(capacity_load_pct=None).count(),
        "tiles": snapshot.tiles,
        "domains": len(snapshot.figures["domains"]),
        "programme_groups": len(snapshot.figures["programmes"]),
        "risk_cells": len(snapshot.figures["risks"]["cells"]),
        "teams": len(snapshot.figures["capacity"]["teams"]),
        "milestones": len(snapshot.figures["milestones"]),
        "resistance": snapshot.figures["resistance"] is not None,
        "since_board_meeting": snapshot.figures["since_board"]["meeting"] is not None,
    }


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from pmo.periods import period_end, shift
    from reporting.models import Snapshot

    from ._snapshot_data import Builder, last_closed_period, organisation_scope, prepare
    from ._snapshot_sql import differences, timed_bound

    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    generated = prepare(args, _log)
    scope = organisation_scope()
    period = last_closed_period()
    builder = Builder(scope)
    load_before = load_1m()
    # The previous period's snapshot, as the monthly job finds it (rows to compare with).
    previous = builder.build(shift(period, -1))
    _progress("previous", previous)
    forgotten = _forget(scope, period)
    first = builder.build(period)
    _progress("first", first)
    rebuilds = []
    for _ in range(args.builds):
        rebuilds.append(builder.build(period))
        _progress("rebuild", rebuilds[-1])
    snapshot = Snapshot.objects.get(scope=scope, period=period, is_current=True)
    from django.utils import timezone

    as_of = min(period_end(period), timezone.localdate())
    bound, found = timed_bound(period, as_of, runs=args.sql_runs)
    _log(f"sql bound    {bound}")
    problems = differences(found, snapshot)
    if problems:
        raise SystemExit("the SQL bound and the snapshot disagree:\n  " + "\n  ".join(problems))
    # The same again after the bound: did the order matter (caches, load)?
    again = builder.build(period)
    _progress("rebuild", again)
    rebuilds.append(again)
    times = [run["ms"] for run in rebuilds]
    queries = sorted({run["queries"] for run in rebuilds})
    without = sorted({run["queries_without_row_inserts"] for run in rebuilds})
    steps = {
        step: round(statistics.median(run["steps_ms"].get(step, 0.0) for run in rebuilds), 1)
        for step in rebuilds[0]["steps_ms"]
    }
    return {
        "projects": args.worker_size,
        "months": args.months,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "period": f"{period:%Y-%m}",
        "as_of": as_of.isoformat(),
        "forgotten_versions": forgotten,
        "data": _data_facts(Snapshot.objects.get(scope=scope, period=period, is_current=True)),
        "loadavg_1m": [load_before, load_1m()],
        "previous": previous,
        "first": first,
        "rebuilds": rebuilds,
        "build": {
            "median_ms": round(statistics.median(times), 1),
            "min_ms": min(times),
            "max_ms": max(times),
            "runs": len(times),
            "queries": queries[0] if len(queries) == 1 else queries,
            "queries_without_row_inserts": without[0] if len(without) == 1 else without,
            "row_insert_queries": rebuilds[0]["row_insert_queries"],
            "db_median_ms": round(statistics.median(run["db_ms"] for run in rebuilds), 1),
            "steps_median_ms": steps,
        },
        "sql_bound": bound,
        "sql_matches_snapshot": True,
    }
