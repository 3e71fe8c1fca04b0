"""The REST API (/api/v1): a page of 1,000 projects against two peers, bulk upserts and an
incremental sync cycle, at 10,000 projects.

Per size a fresh interpreter (re)generates the bench data (bench/generate.py) and times
requests through django.test.Client in-process, as the page benchmarks do, signed in as
`bench.analist` (group pmo-analist: reads and changes every project). Throttling is
switched off in that process (`API_THROTTLE_RATES` both None); ROOT_URLCONF is
`bench/benchmarks/_api_peers.py`: pmo.urls plus the two peers.

1. `list_1000`: `GET /api/v1/projects?page_size=1000` (session, `force_login`), and the
   same 1,000 rows (ordered by id, same columns) through `naive_list_1000`, a plain DRF
   ModelViewSet with a default ModelSerializer, and `values_json_1000`, a plain Django
   view doing `values(...)[:1000]` and `json.dumps` (the lower bound); `list_1000_token`
   is the API page again with a Bearer token. The four are timed interleaved (one
   request of each in turn), so their ratios are taken under the same machine load.
   Every answer is checked: 1,000 rows, the first 1,000 ids in order, the API's column
   names. Goals: list < 150 ms; list ≤ 2 × the
   lower bound; the naive peer ≥ 2 × the list.
2. `sync_cycle`: 10 throwaway projects are made through the bulk endpoint, then the moment
   T0 is taken; 1 % of the projects (evenly over the ids) get a new name through
   `POST /api/v1/projects/bulk` (`bulk_upsert_changes`, timed once) and the 10 throwaway
   ones are deleted. Timed: `GET /api/v1/projects?updated_since=T0&page_size=1000`
   following every `next`, plus `GET /api/v1/deletions?updated_since=T0` (its pages too),
   Bearer token, JSON parsed as a client would. Checked: exactly the changed rows and the
   10 deletions. Goal < 1 s.
3. `bulk_upsert`: `POST /api/v1/projects/bulk` with N new projects (default 10,000, the
   most a request may carry), timed once; `bulk_upsert_repeat`: the same payload again
   (everything unchanged), `--bulk-repeats` times; `bulk_upsert_update`: the same rows
   with every name changed (all updated), once. Goal (PostgreSQL) < 10 s. A body larger
   than Django's DATA_UPLOAD_MAX_MEMORY_SIZE (as the project sets it) would be refused
   with 400 before the API reads it: the run records that and raises the limit to
   API_MAX_BODY_BYTES in its own process, so the upsert itself is still measured.

The last line is one JSON object: the headline figures of the largest size first
(`*_ms`, the ratios, rows per second, engine, projects, date), then every case per size.
After a run the database holds the N bulk-made projects too; a later `--reuse` run sees
the count differ and regenerates.
"""

import argparse
import json
from urllib.parse import urlencode

from . import Benchmark
from ._api_requests import (
    BULK_PREFIX,
    TEMP_PREFIX,
    THROWAWAY,
    all_pages,
    bulk_check,
    bulk_rows,
    interleaved,
    ok,
    post,
    prepare_sync,
    renamed,
)
from ._common import code_fingerprint, database_facts, finish, machine, sizes_result
from ._pages import (
    add_common_arguments,
    environment_facts,
    load_1m,
    parse_sizes,
    prepare_database,
    run_sizes,
    timed,
)

DEFAULT_SIZES = "10000"
ANALYST_USERNAME = "bench.analist"
LIST_URL = "/api/v1/projects?page_size=1000"
PAGE_SIZE = 1000
GOALS = {"list_ms": 150, "list_vs_lower_bound": 2, "naive_vs_list": 2}
GOALS.update(bulk_postgresql_ms=10_000, sync_cycle_ms=1000)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser, sizes=DEFAULT_SIZES, months=0)
    parser.add_argument(
        "--requests", type=int, default=30, help="timed requests per list and sync case (30)"
    )
    parser.add_argument(
        "--bulk-rows", type=int, default=10_000, help="rows in the bulk request (10,000)"
    )
    parser.add_argument(
        "--bulk-repeats", type=int, default=3, help="timed repeats of the same payload (3)"
    )


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return _worker(args)
    sizes = parse_sizes(args.sizes)
    extra = [
        *("--requests", str(args.requests), "--bulk-rows", str(args.bulk_rows)),
        *("--bulk-repeats", str(args.bulk_repeats)),
    ]
    code, results = run_sizes("api", args, sizes, lambda _size: extra)
    last = results[-1] if results else {}
    headline = _headline(last) if last else {}
    result = {
        "benchmark": "api",
        **headline,
        "goals": _goals(headline) if headline else {},
        "code": code,
        **sizes_result(results),
    }
    for name, met in result["goals"].items():
        print(f"goal {name}: {'met' if met else 'MISSED'}", flush=True)
    return finish(result, args.output)


def _headline(size: dict) -> dict:
    cases, projects = size["cases"], size["projects"]
    n_bulk = size["bulk_rows"]
    bulk_ms = cases["bulk_upsert"]["median_ms"]
    out = {
        "engine": size["database"]["vendor"],
        "engine_version": size["database"]["version"],
        "projects": projects,
        "date": size["machine"]["date"],
        "bulk_rows": n_bulk,
    }
    for key, case in (
        ("list_1000", "list_1000"),
        ("naive_list_1000", "naive_list_1000"),
        ("values_json_1000", "values_json_1000"),
        ("list_1000_token", "list_1000_token"),
    ):
        out[f"{key}_median_ms"] = cases[case]["median_ms"]
        out[f"{key}_p95_ms"] = cases[case]["p95_ms"]
    out["list_vs_lower_bound"] = round(
        cases["list_1000"]["median_ms"] / cases["values_json_1000"]["median_ms"], 2
    )
    out["naive_vs_list"] = round(
        cases["naive_list_1000"]["median_ms"] / cases["list_1000"]["median_ms"], 2
    )
    out[f"bulk_upsert_{n_bulk}_ms"] = bulk_ms
    out["bulk_upsert_rows_per_s"] = round(n_bulk / (bulk_ms / 1000))
    out["bulk_upsert_repeat_ms"] = cases["bulk_upsert_repeat"]["median_ms"]
    out[f"bulk_upsert_update_{n_bulk}_ms"] = cases["bulk_upsert_update"]["median_ms"]
    out[f"bulk_upsert_changes_{size['sync']['changed']}_ms"] = cases["bulk_upsert_changes"][
        "median_ms"
    ]
    out["bulk_body_fits_project_settings"] = size["body_limits"]["fits_project_settings"]
    out[f"sync_cycle_{projects}_ms"] = cases["sync_cycle"]["median_ms"]
    out[f"sync_cycle_{projects}_p95_ms"] = cases["sync_cycle"]["p95_ms"]
    return out


def _goals(h: dict) -> dict:
    projects = h["projects"]
    bulk = h[f"bulk_upsert_{h['bulk_rows']}_ms"]
    goals = {
        f"list_1000_median_ms < {GOALS['list_ms']}": h["list_1000_median_ms"] < GOALS["list_ms"],
        f"list_1000_p95_ms < {GOALS['list_ms']}": h["list_1000_p95_ms"] < GOALS["list_ms"],
        f"list_vs_lower_bound <= {GOALS['list_vs_lower_bound']}": h["list_vs_lower_bound"]
        <= GOALS["list_vs_lower_bound"],
        f"naive_vs_list >= {GOALS['naive_vs_list']}": h["naive_vs_list"] >= GOALS["naive_vs_list"],
        "bulk_upsert_repeat_ms < bulk_upsert_ms": h["bulk_upsert_repeat_ms"] < bulk,
        f"sync_cycle_{projects}_ms < {GOALS['sync_cycle_ms']}": h[f"sync_cycle_{projects}_ms"]
        < GOALS["sync_cycle_ms"],
    }
    goals["bulk body fits DATA_UPLOAD_MAX_MEMORY_SIZE"] = h["bulk_body_fits_project_settings"]
    if h["engine"] == "postgresql":
        goals[f"bulk_upsert_ms < {GOALS['bulk_postgresql_ms']}"] = (
            bulk < GOALS["bulk_postgresql_ms"]
        )
    return goals


def _worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from pmo.actors import Actor
    from pmo.api.tokens import token_create
    from pmo.bulk import MAX_ROWS
    from pmo.models import User
    from portfolio.projects.models import Project

    size = args.worker_size
    if not 0 < args.bulk_rows <= MAX_ROWS:
        raise SystemExit(f"--bulk-rows must be 1 … {MAX_ROWS}")
    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    override_settings(
        ROOT_URLCONF="bench.benchmarks._api_peers",
        API_THROTTLE_RATES={"token": None, "address": None},
    ).enable()
    from bench.benchmarks import _api_peers

    generated = prepare_database(size, args.seed, args.reports_months, args.reuse)
    generated["analyzed"] = _analyze_deletions()
    if Project.objects.filter(external_id__startswith=BULK_PREFIX).exists():
        raise SystemExit(f"projects {BULK_PREFIX}* exist already; run without --reuse")
    load_before = load_1m()
    analyst = User.objects.get(username=ANALYST_USERNAME)
    if not analyst.groups.filter(name="pmo-analist").exists():
        raise SystemExit(f"{ANALYST_USERNAME} is not in the group pmo-analist")
    session = Client(HTTP_HOST="127.0.0.1")
    session.force_login(analyst)
    secret = token_create(actor=Actor.screen(analyst), name="bench api", scope="write").secret
    token = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")

    cases: dict[str, dict] = {}
    # 1. One page of 1,000 projects: the API and its two peers.
    expected_ids = list(Project.objects.order_by("id").values_list("id", flat=True)[:PAGE_SIZE])
    columns = set(_api_peers.FIELDS)
    lists, urls, facts = {}, {}, {}
    for name, client, url in (
        ("list_1000", session, LIST_URL),
        ("naive_list_1000", session, f"{_api_peers.NAIVE_URL}?page_size={PAGE_SIZE}"),
        ("values_json_1000", session, _api_peers.VALUES_URL),
        ("list_1000_token", token, LIST_URL),
    ):
        last = facts[name] = {}

        def get(client=client, url=url):
            return client.get(url)

        def check(response, name=name, last=last):
            ok(response, name)
            rows = response.json()["results"]
            ids = [row["id"] for row in rows]
            if ids != expected_ids:
                raise SystemExit(f"{name}: not the first {len(expected_ids)} projects by id")
            if set(rows[0]) != columns:
                raise SystemExit(f"{name}: columns {sorted(set(rows[0]) ^ columns)} differ")
            last.update(rows=len(rows), response_bytes=len(response.content))

        lists[name], urls[name] = (get, check), url
    for name, stats in interleaved(lists, args.requests, args.warmup).items():
        cases[name] = {"url": urls[name], **stats, **facts[name], "interleaved": True}
        _progress(name, cases[name])

    # 2. An incremental sync cycle after 1 % changed and 10 were deleted.
    sync = prepare_sync(token, size)
    query = {"updated_since": sync.pop("since"), "page_size": PAGE_SIZE}
    changed = set(sync.pop("changed_keys"))
    last = {}

    def cycle():
        rows, pages = all_pages(token, f"/api/v1/projects?{urlencode(query)}")
        deleted, _ = all_pages(token, f"/api/v1/deletions?{urlencode(query)}")
        return rows, pages, deleted

    def check_cycle(outcome, last=last):
        rows, pages, deleted = outcome
        if {row["external_id"] for row in rows} != changed or len(rows) != len(changed):
            raise SystemExit(f"sync_cycle: {len(rows)} rows, expected the {len(changed)} changed")
        gone = [d for d in deleted if d["external_id"].startswith(TEMP_PREFIX)]
        if len(gone) != THROWAWAY:
            raise SystemExit(f"sync_cycle: {len(gone)} project deletions, expected {THROWAWAY}")
        last.update(rows=len(rows), project_pages=pages, deletions=len(deleted))

    cases["bulk_upsert_changes"] = sync.pop("change_case")
    _progress("bulk_upsert_changes", cases["bulk_upsert_changes"])
    stats = timed(cycle, args.requests, args.warmup, check_cycle)
    cases["sync_cycle"] = {**stats, **last}
    _progress("sync_cycle", cases["sync_cycle"])

    # 3. Bulk upserts: N new projects, the same payload again, then every name changed.
    new_rows = bulk_rows(args.bulk_rows, args.seed)
    body = json.dumps({"rows": new_rows})
    limits = _body_limits(len(body))
    for name, payload, want, runs in (
        ("bulk_upsert", body, "created", 1),
        ("bulk_upsert_repeat", body, "unchanged", args.bulk_repeats),
        ("bulk_upsert_update", renamed(new_rows, " (bijgewerkt)"), "updated", 1),
    ):
        stats = timed(
            lambda payload=payload: post(token, payload),
            runs,
            0,
            lambda response, name=name, want=want: bulk_check(response, name, want, len(new_rows)),
        )
        cases[name] = {"rows": len(new_rows), "request_bytes": len(payload), **stats}
        cases[name]["rows_per_s"] = round(len(new_rows) / (stats["median_ms"] / 1000))
        _progress(name, cases[name])

    return {
        "projects": size,
        "code_sha256": code_sha256,
        "bulk_rows": len(new_rows),
        "database": database_facts(),
        "machine": machine(),
        "settings": {**environment_facts(), "API_THROTTLE_RATES": {"token": None, "address": None}},
        "generate": generated,
        "loadavg_1m": [load_before, load_1m()],
        "warmup_per_case": args.warmup,
        "requests_per_case": args.requests,
        "sync": sync,
        "body_limits": limits,
        "cases": cases,
    }


def _analyze_deletions() -> list[str]:
    """Planner statistics for the deletions table on PostgreSQL, as the generator keeps
    them for its own tables: each cleanup records ~95,000 deletions (every project, budget
    line and milestone), and with stale statistics the planner scans the `resource` index
    (which every row matches) instead of `deleted_at`: 52 ms instead of 0.1 ms."""
    from django.db import connection

    from pmo.api.models import Deletion

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM ANALYZE "{Deletion._meta.db_table}"')
    return [Deletion._meta.db_table]


def _body_limits(body_bytes: int) -> dict:
    """Whether the bulk body fits Django's own request limit as the project sets it; if
    not, raise that limit to API_MAX_BODY_BYTES in this process (and say so)."""
    from django.conf import settings
    from django.test.utils import override_settings

    django_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    fits = django_limit is None or body_bytes <= django_limit
    limits = {
        "body_bytes": body_bytes,
        "DATA_UPLOAD_MAX_MEMORY_SIZE": django_limit,
        "API_MAX_BODY_BYTES": settings.API_MAX_BODY_BYTES,
        "fits_project_settings": fits,
    }
    if not fits:
        print(
            f"WARNING: the bulk body ({body_bytes:,} bytes) exceeds DATA_UPLOAD_MAX_MEMORY_SIZE "
            f"({django_limit:,}): with the project's settings it is refused (400). Raised to "
            f"API_MAX_BODY_BYTES in this process to measure.",
            flush=True,
        )
        override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=settings.API_MAX_BODY_BYTES).enable()
        limits["raised_to"] = settings.API_MAX_BODY_BYTES
    return limits


def _progress(name: str, stats: dict) -> None:
    extra = f"  {stats['rows_per_s']:,} rows/s" if "rows_per_s" in stats else ""
    print(
        f"{name:<22} median {stats['median_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f}  "
        f"max {stats['max_ms']:8.1f}  queries {stats['queries']}  "
        f"db {stats['db_median_ms']:.1f} ms{extra}",
        flush=True,
    )


BENCHMARK = Benchmark(
    name="api",
    description="REST API: 1,000-project page vs a naive DRF viewset and values()+json, "
    "bulk upsert of 10,000, incremental sync, at 10,000 projects",
    add_arguments=add_arguments,
    run=run,
)
