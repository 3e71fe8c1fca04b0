"""The demand list of the `import` benchmark (bench/benchmarks/imports.py): N rows of
project × team × month × hours for the demand importer (portfolio/capacity/importers.py).

The bench capacity of `bench/generate_capacity.py` (`--teams` teams, their demand for
the running, proposed and paused bench projects in 2026-11 … 2029-10) is the data. The
sheet has the long layout with the importer's own labels: N/2 rows change the hours of
existing demand (+8, or −8 above 736), evenly over the demand of projects that have an
external id (the importer writes demand by it) and are lopend or voorgesteld, named by
code as planners do; N/2 rows are new demand of the same project × team pairs in the
months from 2030-01 on (after the generated window), 8 … 80 hours. Every row changes
something, and every project named already has a demand plan, which the import bumps.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

NEW_FROM = dt.date(2030, 1, 1)
STATUSES = ("lopend", "voorgesteld")
HOURS = [8, 12, 16, 24, 32, 40, 60, 80]


def available() -> bool:
    from pmo.imports.registry import discovered

    return "demand" in discovered()


def bench_teams_exist() -> bool:
    from bench.generate_capacity import bench_teams

    return bench_teams().exists()


def delete_capacity() -> dict:
    """The bench teams protect the bench departments: they go before the bench data."""
    from bench.generate_capacity import delete_bench_capacity

    return delete_bench_capacity()


def insert_capacity(teams: int, seed: int, log) -> dict:
    from bench.generate_capacity import analyze_capacity, insert_capacity

    created = insert_capacity(teams=teams, seed=seed, log=log)
    created["analyzed"] = analyze_capacity()
    return created


def sheet_rows(size: int, seed: int) -> tuple[list[list], dict]:
    """The header and N rows, and what the import is expected to do with them."""
    from bench.generate_capacity import TEAM_PREFIX
    from pmo.imports.registry import discovered
    from portfolio.capacity.models import Demand

    importer = discovered()["demand"]
    header = [str(importer.column(key).label) for key in ("project", "team", "month", "hours")]
    existing = list(
        Demand.objects.filter(
            team__code__startswith=TEAM_PREFIX,
            project__status__in=STATUSES,
            project__external_id__isnull=False,
            month__lt=NEW_FROM,
        )
        .order_by("project_id", "team_id", "month")
        .values_list("pk", "project__code", "team__code", "month", "hours")
    )
    updates = size // 2
    if updates > len(existing):
        raise SystemExit(f"{size} demand rows need {updates} to update; there are {len(existing)}")
    step = len(existing) / max(updates, 1)
    targets = [existing[int(i * step)] for i in range(updates)]
    pairs = sorted({(code, team) for _pk, code, team, _m, _h in targets})
    rng = random.Random(seed + 14)
    rows = []
    for _pk, code, team, month, hours in targets:
        changed = hours + 8 if hours <= 736 else hours - 8
        rows.append([code, team, dt.datetime(month.year, month.month, 1), float(changed)])
    new, months = size - updates, 0
    while len(rows) < size:
        month = dt.datetime(NEW_FROM.year + months // 12, months % 12 + 1, 1)
        for code, team in pairs:
            if len(rows) == size:
                break
            rows.append([code, team, month, rng.choice(HOURS)])
        months += 1
    rng.shuffle(rows)
    pk, code, team, month, hours = targets[0]
    expected = {
        "rows": size,
        "label": Demand._meta.label,
        "created": new,
        "updated": updates,
        # Every named project's demand plan is bumped: counted as changed too.
        "counts": {"rows": size, "created": new, "updated": updates + len({c for c, _t in pairs})},
        "projects": len({c for c, _t in pairs}),
        "pairs": len(pairs),
        "months_new": months,
        "sample_update": [pk, str(hours), str(hours + 8 if hours <= 736 else hours - 8)],
        "existing_demand": len(existing),
    }
    return [header, *rows], expected


def verify(expected: dict, step: str) -> None:
    """The database after a step: no new demand after the check and the undo, N/2 after
    the commit; the sample row's hours changed by the commit only."""
    from bench.generate_capacity import TEAM_PREFIX
    from portfolio.capacity.models import Demand

    new = Demand.objects.filter(team__code__startswith=TEAM_PREFIX, month__gte=NEW_FROM).count()
    want = expected["created"] if step == "commit" else 0
    if new != want:
        raise SystemExit(f"demand {step}: {new} new demand rows, expected {want}")
    pk, before, after = expected["sample_update"]
    hours = Demand.objects.get(pk=pk).hours
    if hours != Decimal(after if step == "commit" else before):
        raise SystemExit(f"demand {step}: demand {pk} has {hours} hours ({before} → {after})")
