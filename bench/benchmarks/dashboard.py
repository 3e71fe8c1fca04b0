"""The board's dashboard page and its drill-down fragment under load: gunicorn on
127.0.0.1, 20 concurrent clients from a second process, bounded in time (issue 15).

Goals (from the issue): "the dashboard page: p95 < 100 ms server time at 20 concurrent
clients on gunicorn, load from a second process on 127.0.0.1, bounded in time; the
drill-down fragment p95 < 50 ms".

1. A preparing process (bench/benchmarks/_dashboard_prep.py) makes or reuses the data
   of the `snapshot` benchmark at `--size` projects (the same SQLite file
   `bench/results/snapshot-<N>.sqlite3`, or the database in DATABASE_URL), builds the
   organisation's snapshots of the last `--periods` closed periods (12, oldest first;
   with `--reuse` only the missing ones, `--rebuild` all), signs in `bench.raad.1`
   (portfolioraad) and gives its session cookie, the URLs and the drill-down targets
   (the largest domain, and in it the largest programme).
2. This process starts `gunicorn pmo.wsgi -w <--workers> -b 127.0.0.1:<free port>`
   (sync workers, DEBUG off, the same database settings) with an access log of
   `%(D)s`, the server's time per request in microseconds, and the case of the request.
3. Each URL once, checked: 200, the page a whole document, the fragments not, and the
   domain's (programme's) name in its fragment; then `--warmup` requests per URL.
4. Two phases, each `--clients` threads (20) on new connections (sync workers close
   them) for `--seconds` (20) or `--max-requests`, whichever comes first:
   `page` (`GET /dashboard/<scope>/?periode=<last period>`) and `drill` (the fragment
   with `HX-Request: true`, `&domein=<id>` and `&domein=<id>&programma=<id>` in turn).

Figures: per case the server time from the access log (p50, p95, max) and the clients'
round trip (which adds the queueing for a free worker: 20 clients on 2 workers),
requests done, errors (any failure or status other than 200), requests per second.
`dashboard_p95_ms` and `drill_p95_ms` are server times (`timing: "server"`).
"""

import argparse
import json
import os
import tempfile
from pathlib import Path

from . import Benchmark
from ._common import code_fingerprint, run_worker, summarise
from ._dashboard_load import Server, get, load, load_1m
from ._pages import add_run_arguments, guard_database
from ._snapshot_data import add_data_arguments, data_args

PAGE_GOAL_MS = 100
DRILL_GOAL_MS = 50
DRILL_CASES = ("drill_domain", "drill_programme")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", type=int, default=10_000, help="projects (10,000)")
    add_data_arguments(parser)
    parser.add_argument("--periods", type=int, default=12, help="periods built (12)")
    parser.add_argument("--rebuild", action="store_true", help="build every period again")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--seconds", type=float, default=20, help="seconds per phase (20)")
    parser.add_argument(
        "--serial-seconds",
        type=float,
        default=5,
        help="seconds per phase with one client first (5; 0: none)",
    )
    parser.add_argument(
        "--max-requests", type=int, default=20_000, help="requests per phase at most (20,000)"
    )
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per URL (10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--quick", action="store_true", help="200 projects, 6 months, 5 s")
    add_run_arguments(parser, "where the SQLite files go (SQLite only)")


def _env(args, postgres: bool) -> dict:
    env = dict(os.environ)
    if not postgres:
        Path(args.sqlite_dir).mkdir(parents=True, exist_ok=True)
        env["SQLITE_PATH"] = str(Path(args.sqlite_dir) / f"snapshot-{args.size}.sqlite3")
    env.pop("DEBUG", None)
    return env


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        from ._dashboard_prep import worker

        return worker(args)
    if args.quick:
        args.size, args.months, args.seconds, args.periods = 200, 6, 5, 3
    postgres = guard_database(args.allow_any_db)
    code = code_fingerprint()
    env = _env(args, postgres)
    print(f"== dashboard data, {args.size:,} projects, {args.periods} periods", flush=True)
    worker_args = [
        "dashboard",
        *("--worker-size", str(args.size), *data_args(args)),
        *("--periods", str(args.periods), *(["--rebuild"] if args.rebuild else [])),
    ]
    prepared = run_worker(worker_args, env, prefix=f"  [{args.size}] ")
    if not prepared["urls"]:
        raise SystemExit("no URL reporting:scope_dashboard: the dashboard page is not there yet")
    headers = {"Cookie": f"{prepared['cookie_name']}={prepared['session']}", "Host": "127.0.0.1"}
    fragment = {**headers, "HX-Request": "true"}
    urls = prepared["urls"]
    targets = {
        "page": [("page", urls["page"], headers)],
        "drill": [(case, urls[case], fragment) for case in DRILL_CASES if case in urls],
    }
    log_dir = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    phases = {}
    with Server(env, args.workers, log_dir) as server:
        print(f"gunicorn -w {args.workers} on 127.0.0.1:{server.port}", flush=True)
        server.wait_ready(urls["page"], headers)
        checks = _checks(server.port, prepared, targets)
        for phase in targets.values():
            for _case, path, hdrs in phase:
                for _ in range(args.warmup):
                    get(server.port, path, hdrs, "warmup")
        # Each phase first with one client (the server's own time, nothing queued or
        # competing), then with --clients.
        runs = [(1, args.serial_seconds, "_1client")] if args.serial_seconds > 0 else []
        runs.append((args.clients, args.seconds, ""))
        for name, phase in targets.items():
            for clients, seconds, suffix in runs:
                tagged = [(case + suffix, path, hdrs) for case, path, hdrs in phase]
                before = load_1m()
                outcome = load(
                    server.port,
                    tagged,
                    clients=clients,
                    seconds=seconds,
                    max_requests=args.max_requests,
                )
                outcome["loadavg_1m"] = [before, load_1m()]
                outcome["clients"] = clients
                phases[name + suffix] = outcome
                done = sum(len(s) for s in outcome["samples"].values())
                print(
                    f"{name + suffix}: {done} requests in {outcome['wall_s']} s "
                    f"({clients} clients), {len(outcome['errors'])} errors",
                    flush=True,
                )
    server_times = server.server_times()
    result = _result(args, code, prepared, checks, phases, server_times)
    for goal, met in result["goals"].items():
        print(f"goal {goal}: {'met' if met else 'MISSED'}", flush=True)
    print(_table(result), flush=True)
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {args.output}", flush=True)
    return result


def _checks(port: int, prepared: dict, targets: dict) -> dict:
    """One request per URL before the load: what it answers must be what it should."""
    names = {
        "drill_domain": prepared["targets"]["domain"]["name"],
        "drill_programme": (prepared["targets"]["programme"] or {}).get("name"),
    }
    found = {}
    for phase in targets.values():
        for case, path, headers in phase:
            status, body, ms = get(port, path, headers, "check")
            text = body.decode("utf-8", "replace")
            whole = "<html" in text.lower()
            found[case] = {"status": status, "bytes": len(body), "document": whole}
            problem = None
            if status != 200:
                problem = f"answered {status}"
            elif case == "page" and not whole:
                problem = "is not a whole page"
            elif case != "page" and whole:
                problem = "is a whole page, not the fragment"
            elif case in names and names[case] and _escaped(names[case]) not in text:
                problem = f"does not name {names[case]!r}"
            if problem:
                raise SystemExit(f"{case} {path} {problem}")
    return found


def _escaped(text: str) -> str:
    from html import escape

    return escape(text)


def _stats(values: list[float]) -> dict:
    return summarise(values) if values else {"n": 0}


def _result(args, code, prepared, checks, phases, server_times) -> dict:
    cases = {}
    for name, outcome in phases.items():
        for case, samples in outcome["samples"].items():
            served = [ms for status, ms in server_times.get(case, [])]
            cases[case] = {
                "phase": name,
                "clients": outcome["clients"],
                "url": prepared["urls"][case.removesuffix("_1client")],
                "server": _stats(served),
                "client": _stats([ms for _status, ms in samples]),
                "requests": len(samples),
                "non_200": sum(1 for status, _ms in samples if status != 200),
                "logged": len(served),
            }
    drill_served = [ms for case in DRILL_CASES for _status, ms in server_times.get(case, [])]
    drill_samples = phases["drill"]["samples"]
    drill_client = [ms for case in DRILL_CASES for _s, ms in drill_samples.get(case, [])]
    serial = {
        key: _stats(
            [ms for case in names for _status, ms in server_times.get(case + "_1client", [])]
        ).get("p95_ms")
        for key, names in (("dashboard", ("page",)), ("drill", DRILL_CASES))
    }
    page = cases["page"]
    errors = sum(len(outcome["errors"]) for outcome in phases.values())
    headline = {
        "timing": "server (gunicorn access log %(D)s)",
        "projects": prepared["projects"],
        "months": prepared["months"],
        "period": prepared["period"],
        "periods_built": prepared["snapshots"],
        "clients": args.clients,
        "workers": args.workers,
        "seconds_per_phase": args.seconds,
        "dashboard_p95_ms": page["server"].get("p95_ms"),
        "dashboard_median_ms": page["server"].get("median_ms"),
        "dashboard_client_p95_ms": page["client"].get("p95_ms"),
        "drill_p95_ms": _stats(drill_served).get("p95_ms"),
        "drill_median_ms": _stats(drill_served).get("median_ms"),
        "drill_client_p95_ms": _stats(drill_client).get("p95_ms"),
        "dashboard_1client_p95_ms": serial["dashboard"],
        "drill_1client_p95_ms": serial["drill"],
        "requests": sum(case["requests"] for case in cases.values()),
        "requests_at_clients": page["requests"] + len(drill_client),
        "errors": errors,
        "page_rps": round(page["requests"] / phases["page"]["wall_s"], 1),
        "drill_rps": round(len(drill_client) / phases["drill"]["wall_s"], 1),
        "engine": prepared["database"]["vendor"],
        "engine_version": prepared["database"]["version"],
        "date": prepared["machine"]["date"],
    }
    goals = {
        f"page p95 < {PAGE_GOAL_MS} ms server time at {args.clients} clients": (
            headline["dashboard_p95_ms"] is not None and headline["dashboard_p95_ms"] < PAGE_GOAL_MS
        ),
        f"drill-down p95 < {DRILL_GOAL_MS} ms server time at {args.clients} clients": (
            headline["drill_p95_ms"] is not None and headline["drill_p95_ms"] < DRILL_GOAL_MS
        ),
        "no errors": errors == 0,
    }
    if prepared.get("code_sha256") != code["source_sha256"]:
        code["changed_during_run"] = True
    hidden = ("session", "machine", "settings")
    return {
        "benchmark": "dashboard",
        **headline,
        "goals": goals,
        "code": code,
        "machine": prepared["machine"],
        "settings": {**prepared["settings"], "DEBUG": False, "server": "gunicorn sync"},
        "prepared": {k: v for k, v in prepared.items() if k not in hidden},
        "checks": checks,
        "cases": cases,
        "phases": {
            name: {
                "clients": o["clients"],
                "wall_s": o["wall_s"],
                "client_cpu_s": o["client_cpu_s"],
                "sent": o["sent"],
                "loadavg_1m": o["loadavg_1m"],
                "errors": o["errors"][:20],
            }
            for name, o in phases.items()
        },
    }


def _table(result: dict) -> str:
    lines = [
        "| case | clients | requests | server p50 | server p95 | server max | client p50 "
        "| client p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case, figures in result["cases"].items():
        server, client = figures["server"], figures["client"]
        lines.append(
            f"| {case} | {figures['clients']} | {figures['requests']} | "
            f"{server.get('median_ms', '–')} | "
            f"{server.get('p95_ms', '–')} | {server.get('max_ms', '–')} | "
            f"{client.get('median_ms', '–')} | {client.get('p95_ms', '–')} |"
        )
    return "\n".join(lines)


BENCHMARK = Benchmark(
    name="dashboard",
    description="the board's dashboard page and drill-down fragment on gunicorn, "
    "20 clients from a second process, at 10,000 projects × 24 months",
    add_arguments=add_arguments,
    run=run,
)
