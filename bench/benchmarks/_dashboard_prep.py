"""The `dashboard` benchmark's preparing process (bench/benchmarks/dashboard.py): the data
of one size, the organisation's snapshots of the last `--periods` closed periods (oldest
first, so each has its previous one and the trend its points), a signed-in session of a
board member, and the URLs to load. The load itself comes from the parent process,
without Django."""

import argparse
import time

from ._common import code_fingerprint, database_facts, machine
from ._pages import environment_facts

BOARD = "bench.raad.1"


def _log(message: str) -> None:
    print(message, flush=True)


def _build_periods(scope, periods, rebuild: bool) -> list[dict]:
    from reporting.models import Snapshot

    from ._snapshot_data import Builder

    builder = Builder(scope)
    done = []
    for period in periods:
        exists = Snapshot.objects.filter(scope=scope, period=period, is_current=True).exists()
        if exists and not rebuild:
            done.append({"period": f"{period:%Y-%m}", "reused": True})
            continue
        run = builder.build(period)
        _log(f"built {run['period']} in {run['ms']:.0f} ms ({run['queries']} queries)")
        done.append({k: run[k] for k in ("period", "ms", "queries")})
    return done


def _targets(snapshot) -> dict:
    """The largest domain and, in it, the largest programme (the drill-down's targets)."""
    figures = snapshot.figures
    domain = max(figures["domains"], key=lambda d: (d["projects"], -(d["id"] or 0)))
    programmes = [
        p for p in figures["programmes"] if p["domain_id"] == domain["id"] and p["id"] is not None
    ]
    programme = max(programmes, key=lambda p: (p["projects"], -p["id"])) if programmes else None
    return {
        "domain": {k: domain[k] for k in ("id", "name", "projects")},
        "programme": {k: programme[k] for k in ("id", "name", "projects")} if programme else None,
    }


def _session(username: str) -> tuple[str, str]:
    from django.conf import settings
    from django.test import Client

    from pmo.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.urls import NoReverseMatch, reverse

    from pmo.periods import shift
    from reporting.models import Snapshot

    from ._snapshot_data import last_closed_period, organisation_scope, prepare

    code_sha256 = code_fingerprint()["source_sha256"]
    generated = prepare(args, _log)
    scope = organisation_scope()
    last = last_closed_period()
    periods = [shift(last, -k) for k in range(args.periods - 1, -1, -1)]
    started = time.perf_counter()
    builds = _build_periods(scope, periods, args.rebuild)
    builds_s = round(time.perf_counter() - started, 1)
    snapshot = Snapshot.objects.get(scope=scope, period=last, is_current=True)
    targets = _targets(snapshot)
    try:
        base = reverse("reporting:scope_dashboard", kwargs={"scope_id": scope.pk})
    except NoReverseMatch:
        base = None  # the dashboard page is not there (yet)
    page = f"{base}?periode={last:%Y-%m}" if base else None
    urls = {}
    if page:
        urls["page"] = page
        urls["drill_domain"] = f"{page}&domein={targets['domain']['id']}"
        if targets["programme"]:
            urls["drill_programme"] = (
                f"{urls['drill_domain']}&programma={targets['programme']['id']}"
            )
    cookie_name, session = _session(BOARD)
    return {
        "projects": args.worker_size,
        "months": args.months,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "scope_id": scope.pk,
        "period": f"{last:%Y-%m}",
        "periods": [f"{p:%Y-%m}" for p in periods],
        "snapshots": Snapshot.objects.filter(scope=scope, is_current=True).count(),
        "snapshot_rows": snapshot.project_count,
        "builds": builds,
        "builds_s": builds_s,
        "targets": targets,
        "urls": urls,
        "user": BOARD,
        "cookie_name": cookie_name,
        "session": session,
    }
