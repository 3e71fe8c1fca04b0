"""Requests and data of the `api` benchmark (bench/benchmarks/api.py): the bulk payload,
the changes before an incremental sync, following `next` links, checking answers.

No Django at import time (the functions import what they need)."""

import json
import random
import statistics
import time

from ._common import summarise
from ._pages import slowest_query, timed

BULK_URL = "/api/v1/projects/bulk"
CHANGED_SHARE = 0.01
THROWAWAY = 10
BULK_PREFIX, TEMP_PREFIX, KEY_PREFIX = "BENCH-API-", "BENCH-TMP-", "BENCH-KEY-"


def prepare_sync(token, size: int) -> dict:
    """Throwaway projects before T0; after it 1 % renamed (bulk) and the throwaways gone."""
    from django.db import transaction
    from django.utils import timezone

    from bench.generate_names import PORTFOLIO_CODE
    from portfolio.projects.models import Project

    first = Project.objects.order_by("id").values_list("org_unit__code", flat=True).first()
    temp = [
        {
            "external_id": f"{TEMP_PREFIX}{n:03d}",
            "code": f"BTMP-{n:03d}",
            "name": f"Tijdelijk benchmarkproject {n}",
            "portfolio": PORTFOLIO_CODE,
            "org_unit": first,
        }
        for n in range(1, THROWAWAY + 1)
    ]
    bulk_check(post(token, json.dumps({"rows": temp})), "throwaway", "created", THROWAWAY)
    count = max(1, round(size * CHANGED_SHARE))
    bench = Project.objects.filter(portfolio__code=PORTFOLIO_CODE)
    projects = list(bench.exclude(external_id__startswith=TEMP_PREFIX).order_by("id"))
    picked = projects[:: max(1, len(projects) // count)][:count]
    keyless = [p for p in picked if not p.external_id]
    for project in keyless:  # the sync is keyed by external_id: give those one first
        project.external_id = f"{KEY_PREFIX}{project.pk}"
    with transaction.atomic():
        Project.objects.bulk_update(keyless, ["external_id"], batch_size=500)
    since = timezone.now().isoformat()
    changes = [{"external_id": p.external_id, "name": f"{p.name} (gewijzigd)"} for p in picked]
    change_case = timed(
        lambda: post(token, json.dumps({"rows": changes})),
        1,
        0,
        lambda response: bulk_check(response, "bulk_upsert_changes", "updated", count),
    )
    deleted = Project.objects.filter(external_id__startswith=TEMP_PREFIX).delete()[0]
    return {
        "since": since,
        "changed": count,
        "changed_keys": [p.external_id for p in picked],
        "keys_given_first": len(keyless),
        "deleted_rows": deleted,
        "change_case": {"rows": count, **change_case},
    }


def all_pages(client, url: str) -> tuple[list[dict], int]:
    rows, pages = [], 0
    while url:
        response = client.get(url)
        ok(response, url)
        data = response.json()
        rows.extend(data["results"])
        url, pages = data["next"], pages + 1
    return rows, pages


def bulk_rows(count: int, seed: int) -> list[dict]:
    """`count` new projects as a finance system would send them, keyed BENCH-API-…"""
    import datetime as dt

    from bench.generate_names import (
        ACTIONS,
        BOARD_COUNT,
        DEPARTMENTS_PER_DOMAIN,
        DOMAINS,
        PLACES,
        PORTFOLIO_CODE,
        PROGRAMME_COUNT,
        PROJECTLEIDER_COUNT,
        SUBJECTS,
        TODAY,
    )

    rng = random.Random(seed)
    units = [f"{code}-{n}" for code, _name in DOMAINS for n in range(1, DEPARTMENTS_PER_DOMAIN + 1)]
    rows = []
    for i in range(1, count + 1):
        start = TODAY + dt.timedelta(days=rng.randint(0, 540))
        name = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {rng.choice(PLACES)}"
        programme = rng.randint(1, PROGRAMME_COUNT) if rng.random() < 0.6 else None
        rows.append(
            {
                "external_id": f"{BULK_PREFIX}{i:06d}",
                "code": f"BAPI-{i:06d}",
                "name": name,
                "description": f"{name}; via de bulk-API aangeleverd benchmarkproject.",
                "portfolio": PORTFOLIO_CODE,
                "org_unit": rng.choice(units),
                "programme": f"BENCH-PRG-{programme}" if programme else None,
                "sponsor": f"bench.raad.{rng.randint(1, BOARD_COUNT)}",
                "manager": f"bench.pl.{rng.randint(1, PROJECTLEIDER_COUNT):03d}",
                "delivery_approach": rng.choice(["traditioneel", "agile", "hybride"]),
                "planned_start": start.isoformat(),
                "planned_end": (start + dt.timedelta(days=rng.randint(240, 1100))).isoformat(),
            }
        )
    return rows


def renamed(rows: list[dict], suffix: str) -> str:
    return json.dumps({"rows": [{**row, "name": row["name"] + suffix} for row in rows]})


def post(client, body: str):
    return client.post(BULK_URL, data=body, content_type="application/json")


def bulk_check(response, name: str, want: str, count: int) -> None:
    ok(response, name)
    data = response.json()
    if data[want] != count:
        got = {key: data[key] for key in ("created", "updated", "unchanged")}
        raise SystemExit(f"{name}: expected {count} {want}, got {got}")


def ok(response, name: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{name}: answered {response.status_code}: {response.content[:500]!r}")


def interleaved(cases: dict, runs: int, warmup: int) -> dict[str, dict]:
    """`timed()` for several {name: (action, check)} at once, one request of each in turn
    (the order rotating every round), so a change in the machine's speed during the run
    touches every case alike and their ratios stay fair. Same figures as `timed()`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    names = list(cases)
    for _ in range(warmup):
        for name in names:
            action, check = cases[name]
            check(action())
    samples = {name: {"times": [], "db": [], "counts": [], "per_query": []} for name in names}
    for round_ in range(runs):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            action, check = cases[name]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                outcome = action()
                elapsed = time.perf_counter() - started
            check(outcome)
            query_times = [float(q["time"]) * 1000 for q in captured.captured_queries]
            sample = samples[name]
            sample["times"].append(elapsed * 1000)
            sample["db"].append(sum(query_times))
            sample["counts"].append(len(query_times))
            sample["per_query"].append(
                [(t, q["sql"]) for t, q in zip(query_times, captured.captured_queries, strict=True)]
            )
    out = {}
    for name, sample in samples.items():
        slowest = slowest_query(sample["per_query"])
        distinct = sorted(set(sample["counts"]))
        out[name] = {
            **summarise(sample["times"]),
            "queries": distinct[0] if len(distinct) == 1 else distinct,
            "db_median_ms": round(statistics.median(sample["db"]), 2),
            "slowest_query_median_ms": slowest[0],
            "slowest_query_sql": slowest[1],
        }
    return out
