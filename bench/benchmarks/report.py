"""Server time of writing a status report through the page (/projecten/<code>/rapportages/nieuw/).

With N projects (default 1,000) and M months (default 12) of submitted reports per project,
the projectleider who manages a project (client.force_login, no password hashing) opens
the form for the current period and saves it:

- form_get:    GET of the form, pre-filled from last month's report;
- save_draft:  POST without `indienen`: report_create (a draft) and the redirect;
- save_submit: POST with `indienen=1`: report_create + report_submit and the redirect.

Every POST goes to another project (each project gets one report per period), and
consecutive POSTs go to projects of different managers. The posted values are what a
projectleider would send: last month's colours and explanations, progress a few points
up, a reason where a colour differs from the system's proposal and the exception texts
where a submitted forecast lies beyond tolerance. Every response is checked (302 to the
new report) and afterwards every report's state in the database.

Goal (from the issue): the report form saves in < 100 ms.
"""

import argparse

from . import Benchmark
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

DEFAULT_SIZES = "1000"
DEFAULT_MONTHS = 12
GOAL_MS = 100
WARMUP_POSTS = 3  # per kind, on their own projects


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser, sizes=DEFAULT_SIZES, months=DEFAULT_MONTHS)
    parser.add_argument(
        "--requests", type=int, default=30, help="timed requests per case (default 30)"
    )


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return _worker(args)
    code, results = run_sizes(
        "report", args, parse_sizes(args.sizes), lambda _size: ["--requests", str(args.requests)]
    )
    result = {
        "benchmark": "report",
        "goal_ms": GOAL_MS,
        "goal": "the report form saves in < 100 ms",
        "code": code,
        **sizes_result(results),
    }
    return finish(result, args.output)


def _clear_current_period(period) -> int:
    """Reports of this period or later left by an earlier run (--reuse), and their traces."""
    from django.db import transaction

    from bench.generate import PORTFOLIO_CODE
    from portfolio.governance.models import AgendaItem
    from portfolio.status.models import ReportReminder, StatusReport

    with transaction.atomic():
        left = StatusReport.objects.filter(
            project__portfolio__code=PORTFOLIO_CODE, period__gte=period
        )
        AgendaItem.objects.filter(report__in=left).delete()
        ReportReminder.objects.filter(
            project__portfolio__code=PORTFOLIO_CODE, period__gte=period
        ).delete()
        StatusReport.objects.filter(supersedes__in=left).update(supersedes=None)
        return left.delete()[1].get(StatusReport._meta.label, 0)


def _interleave_by_manager(projects: list) -> list:
    """Projects in an order where consecutive ones have different managers."""
    queues: dict[int, list] = {}
    for project in projects:
        queues.setdefault(project.manager_id, []).append(project)
    ordered = []
    while queues:
        for manager_id in list(queues):
            ordered.append(queues[manager_id].pop(0))
            if not queues[manager_id]:
                del queues[manager_id]
    return ordered


def _post_data(project, period, *, submit: bool) -> dict:
    """What the projectleider sends: the pre-filled form, updated as a person would."""
    from portfolio.status.models import DIMENSIONS
    from portfolio.status.rules.validation import (
        EXCEPTION_FIELDS,
        EXPLANATION_PARTS,
        explanation_field,
    )
    from portfolio.status.selectors import proposals_for, report_prefill

    values = report_prefill(project, period)
    data: dict[str, str] = {"periode": f"{period:%Y-%m}"}
    for name, value in values.items():
        if value is None:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    data["progress_pct"] = str(min(100, int(values.get("progress_pct") or 0) + 5))
    for key, _label in DIMENSIONS:
        data.setdefault(f"rag_{key}", "groen")
        if data[f"rag_{key}"] != "groen":
            for part in EXPLANATION_PARTS:
                field = explanation_field(key, part)
                if not data.get(field, "").strip():
                    data[field] = "Toelichting bij de kleur."
    data.setdefault("rag_overall", "groen")
    data["achievements"] = "Werkzaamheden volgens planning uitgevoerd; overleg met de stuurgroep."
    data["next_plans"] = data.get("next_plans") or "Volgende mijlpaal voorbereiden."
    proposals = proposals_for(
        project,
        forecast_end=values.get("forecast_end"),
        forecast_cost=values.get("forecast_cost"),
    )
    for dimension, proposal in proposals.items():
        if proposal.rag and data.get(f"rag_{dimension}") != proposal.rag:
            data[f"override_reason_{dimension}"] = "Eigen inschatting; zie de toelichting."
    if submit and any(p.beyond_tolerance for p in proposals.values()):
        for field in EXCEPTION_FIELDS:
            data[field] = "Zie de toelichting bij tijd en geld."
    if submit:
        data["indienen"] = "1"
    return data


def _worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bench.generate import PORTFOLIO_CODE
    from pmo.models import AuditEntry
    from pmo.periods import period_start
    from portfolio.projects.models import Project
    from portfolio.projects.selectors import projects_with_budget
    from portfolio.status.models import StatusReport

    size = args.worker_size
    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    generated = prepare_database(size, args.seed, args.reports_months, args.reuse)
    period = period_start(timezone.localdate())
    cleared = _clear_current_period(period) if args.reuse else 0
    if cleared:
        print(f"removed {cleared} reports of {period:%Y-%m} left by an earlier run", flush=True)

    candidates = list(
        projects_with_budget()
        .filter(portfolio__code=PORTFOLIO_CODE, manager__isnull=False)
        .exclude(reports__period__gte=period)
        .select_related("manager")
        .order_by("pk")
    )
    ordered = _interleave_by_manager(candidates)
    per_kind = WARMUP_POSTS + args.requests
    if len(ordered) < 2 * per_kind + 2:
        raise SystemExit(f"only {len(ordered)} projects with a manager; need {2 * per_kind + 2}")
    draft_projects = ordered[0 : 2 * per_kind : 2]
    submit_projects = ordered[1 : 2 * per_kind : 2]

    clients: dict[int, Client] = {}
    for project in draft_projects + submit_projects:
        if project.manager_id not in clients:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(project.manager)
            clients[project.manager_id] = client

    def url_of(project) -> str:
        return reverse("status:report_create", args=[project.code]) + f"?periode={period:%Y-%m}"

    # Posted values are prepared before timing (they read the previous report).
    payloads = {
        project.pk: _post_data(project, period, submit=False) for project in draft_projects
    } | {project.pk: _post_data(project, period, submit=True) for project in submit_projects}

    load_before = load_1m()
    cases: dict[str, dict] = {}
    query_logs: dict[str, list[str]] = {}

    # The form first (on the projects about to be saved; a GET does not create anything).
    get_queue = iter(draft_projects[WARMUP_POSTS:] + submit_projects[WARMUP_POSTS:])

    def get_form():
        project = next(get_queue)
        return project, clients[project.manager_id].get(url_of(project))

    def check_form(outcome):
        project, response = outcome
        if response.status_code != 200:
            raise SystemExit(f"form_get {project.code}: answered {response.status_code}")
        expected = payloads[project.pk]["progress_pct"]
        previous = str(int(expected) - 5) if int(expected) < 100 else None
        if previous is not None and f'value="{previous}"' not in response.content.decode():
            raise SystemExit(f"form_get {project.code}: not pre-filled with progress {previous}")

    get_runs = min(args.requests, len(draft_projects) + len(submit_projects) - 2 * WARMUP_POSTS)
    cases["form_get"] = timed(get_form, get_runs, min(args.warmup, WARMUP_POSTS), check_form)

    for name, projects, state in (
        ("save_draft", draft_projects, StatusReport.State.DRAFT),
        ("save_submit", submit_projects, StatusReport.State.SUBMITTED),
    ):
        queue = iter(projects)
        statuses: list[int] = []

        def post(queue=queue):
            project = next(queue)
            response = clients[project.manager_id].post(url_of(project), payloads[project.pk])
            return project, response

        def check_post(outcome, name=name, statuses=statuses):
            project, response = outcome
            statuses.append(response.status_code)
            if response.status_code != 302 or "/rapportages/" not in response["Location"]:
                from portfolio.status.forms import StatusReportForm

                form = StatusReportForm(payloads[project.pk], project=project)
                errors = form.errors.as_json() if not form.is_valid() else ""
                raise SystemExit(
                    f"{name} {project.code}: answered {response.status_code} {errors[:1500]}"
                )

        stats = timed(post, args.requests, WARMUP_POSTS, check_post)
        saved = StatusReport.objects.filter(
            project__in=[p.pk for p in projects], period=period, is_current=True
        )
        states = set(saved.values_list("state", flat=True))
        if saved.count() != len(projects) or states != {state}:
            raise SystemExit(f"{name}: {saved.count()} reports in states {states}")
        cases[name] = {"posts": len(projects), "warmup_posts": WARMUP_POSTS, **stats}

    # One request of each kind again, untimed, for the list of its queries.
    for name, projects, extra in (
        ("save_draft", ordered[2 * per_kind : 2 * per_kind + 1], False),
        ("save_submit", ordered[2 * per_kind + 1 : 2 * per_kind + 2], True),
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for project in projects:
            client = clients.get(project.manager_id) or Client(HTTP_HOST="127.0.0.1")
            client.force_login(project.manager)
            data = _post_data(project, period, submit=extra)
            with CaptureQueriesContext(connection) as captured:
                client.post(url_of(project), data)
            query_logs[name] = [q["sql"][:300] for q in captured.captured_queries]

    for name, case in cases.items():
        print(
            f"{name:<12} median {case['median_ms']:7.1f} ms  p95 {case['p95_ms']:7.1f}  "
            f"max {case['max_ms']:7.1f}  queries {case['queries']}  "
            f"db {case['db_median_ms']:.1f} ms",
            flush=True,
        )
    return {
        "projects": size,
        "code_sha256": code_sha256,
        "reports_months": args.reports_months,
        "reports_before": StatusReport.objects.filter(period__lt=period).count(),
        "period": f"{period:%Y-%m}",
        "managers_used": len(clients),
        "audit_entries_written": AuditEntry.objects.filter(
            actor__username__startswith="bench."
        ).count(),
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "loadavg_1m": [load_before, load_1m()],
        "cases": cases,
        "query_log": query_logs,
        "projects_with_manager": Project.objects.filter(
            portfolio__code=PORTFOLIO_CODE, manager__isnull=False
        ).count(),
    }


BENCHMARK = Benchmark(
    name="report",
    description="server time of saving a status report through the page (1,000 projects, "
    "12 months of reports)",
    add_arguments=add_arguments,
    run=run,
)
