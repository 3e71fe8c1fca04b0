"""Status roll-up (project → domain → portfolio) at growing portfolio sizes.

Per size a fresh interpreter (re)generates the data with M months of submitted reports
per project and then measures:

- chain_worst / chain_budget: the roll-up functions of portfolio.status.selectors alone,
  as the overview (`ProjectListView.page_context` in portfolio/projects/views.py) calls
  them (`project_colours(Project.objects.all())`, `rollup_rows(..., key=domain_of)`,
  `total_row`), once per rule; split into the query (project_colours) and Python time;
- overview_board: the full page /projecten/ for a portfolioraad member (roll-up per domain
  at the top), overview_projectleider the same for a projectleider (restricted set);
- org_unit_board: the page of one domain, /organisatie/<code>/ (roll-up per department).

Every chain run is checked against an independent count of the projects' newest overall
colours ("correct" in the result; a wrong count is recorded, not fatal), and every page
against the number of projects it should roll up.

Goal: the number of queries does not depend on the number of projects.
"""

import argparse
import json
import re
import time
from collections import Counter

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

DEFAULT_SIZES = "100,1000,10000"
DEFAULT_MONTHS = 12
DOMAIN_CODE = "BSD"  # the first bench domain (Sociaal Domein)

TOTAL_RE = re.compile(r'pmo-rollup__total">\s*<th[^>]*>.*?</th>\s*<td[^>]*>(\d+)</td>', re.DOTALL)
COUNT_HEADING_RE = re.compile(r'<h2 class="utrecht-heading-2">(\d+) projecten?</h2>')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser, sizes=DEFAULT_SIZES, months=DEFAULT_MONTHS)
    parser.add_argument(
        "--runs", type=int, default=20, help="timed runs of the roll-up chain per rule (default 20)"
    )
    parser.add_argument(
        "--requests", type=int, default=30, help="timed requests per page case (default 30)"
    )


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return _worker(args)
    sizes = parse_sizes(args.sizes)
    code, results = run_sizes(
        "rollup",
        args,
        sizes,
        lambda _size: ["--runs", str(args.runs), "--requests", str(args.requests)],
    )
    # The goal: per case the same number of queries at every size.
    constant = {}
    for case in results[0]["cases"] if results else []:
        counts = {json.dumps(r["cases"][case]["queries"]) for r in results}
        constant[case] = len(counts) == 1
    result = {
        "benchmark": "rollup",
        "goal": "queries per roll-up independent of the number of projects",
        "queries_constant_over_sizes": constant,
        "code": code,
        **sizes_result(results),
    }
    print(f"queries constant over sizes: {constant}", flush=True)
    return finish(result, args.output)


def _expected_overall_counts() -> Counter:
    """Independently of the selectors: overall colour of each reporting project's newest
    submitted, current report, counted per colour; "unknown" for a reporting project
    without one, or whose newest is older than the period due today (the rule of
    docs/RAPPORTAGE.md, Roll-up)."""
    from django.utils import timezone

    from portfolio.projects.models import Project
    from portfolio.status.models import StatusReport
    from portfolio.status.selectors import due_period

    reporting = set(Project.objects.reporting().values_list("pk", flat=True))
    due = due_period(timezone.localdate())
    newest: dict[int, tuple] = {}
    for project_id, period, colour in StatusReport.objects.filter(
        is_current=True, state=StatusReport.State.SUBMITTED, project_id__in=reporting
    ).values_list("project_id", "period", "rag_overall"):
        if project_id not in newest or period > newest[project_id][0]:
            newest[project_id] = (period, colour)
    fresh = [colour for period, colour in newest.values() if period >= due]
    counts = Counter(fresh)
    counts["unknown"] = len(reporting) - len(fresh)
    return counts


def _worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.urls import reverse

    from bench.generate import BOARD_USERNAME, PROJECTLEIDER_USERNAME
    from pmo.models import User
    from portfolio.projects.models import OrgUnit, Project
    from portfolio.status.models import StatusReport
    from portfolio.status.selectors import domain_of, project_colours, rollup_rows, total_row

    size = args.worker_size
    code_sha256 = code_fingerprint()["source_sha256"]  # what this interpreter imported
    generated = _prepare(size, args)
    load_before = load_1m()
    # The roll-up counts the projects that must report (MUST_REPORT), not every project.
    projects_total = Project.objects.reporting().count()
    reports_total = StatusReport.objects.count()
    expected = _expected_overall_counts()
    domains = {unit.pk: unit.name for unit in OrgUnit.objects.filter(parent__isnull=True)}

    cases: dict[str, dict] = {}

    # (a) the function chain alone, per rule; query and Python parts timed separately.
    for colours_of in (project_colours,):
        for rule in ("worst", "budget"):
            name = f"chain_{rule}"
            split: list[tuple[float, float]] = []
            verdict: dict = {"correct": True}

            def chain(rule=rule, split=split, colours_of=colours_of):
                started = time.perf_counter()
                rows = colours_of(Project.objects.all(), rule=rule)
                fetched = time.perf_counter()
                by_domain = rollup_rows(rows, key=domain_of, labels=domains, rule=rule)
                total = total_row(rows, "Totaal", rule=rule)
                split.append(((fetched - started) * 1000, (time.perf_counter() - fetched) * 1000))
                return rows, by_domain, total

            def check(outcome, verdict=verdict):
                rows, by_domain, total = outcome
                # Rows are groups of projects sharing org unit and colours.
                assert sum(row["n"] for row in rows) == projects_total, projects_total
                verdict["groups"] = len(rows)
                assert total.projects == projects_total
                assert sum(row.projects for row in by_domain) == projects_total
                got = {k: v for k, v in total.dimensions["overall"].counts.items() if v}
                want = {k: v for k, v in expected.items() if v}
                if got != want:
                    verdict.update(correct=False, overall_counts=got, expected_counts=want)
                verdict["total_colours"] = {
                    key: cell.colour for key, cell in total.dimensions.items()
                }

            stats = timed(chain, args.runs, min(args.warmup, 3), check)
            timed_split = split[-args.runs :]
            sql_ms = sorted(s for s, _p in timed_split)
            py_ms = sorted(p for _s, p in timed_split)
            stats["project_colours_median_ms"] = round(sql_ms[len(sql_ms) // 2], 2)
            stats["python_rollup_median_ms"] = round(py_ms[len(py_ms) // 2], 2)
            stats["runs"] = args.runs
            cases[name] = {**stats, **verdict}
            _progress(name, cases[name])

    # (b), (c) the pages.
    board = User.objects.get(username=BOARD_USERNAME)
    leader = User.objects.get(username=PROJECTLEIDER_USERNAME)
    domain = OrgUnit.objects.get(code=DOMAIN_CODE)
    in_domain = Project.objects.reporting().filter(org_unit__path__startswith=domain.path).count()
    visible = {
        "board": projects_total,
        "projectleider": Project.objects.visible_to(leader).reporting().count(),
    }
    overview_url = reverse("projects:project_list")
    org_url = reverse("status:org_unit_detail", args=[DOMAIN_CODE])
    pages = [
        ("overview_board", board, overview_url, "board"),
        ("overview_projectleider", leader, overview_url, "projectleider"),
        ("org_unit_board", board, org_url, None),
    ]
    for name, user, url, role in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        last = {}

        def get(client=client, url=url):
            return client.get(url)

        def check_page(response, role=role, last=last, name=name):
            if response.status_code != 200:
                raise SystemExit(f"{name}: answered {response.status_code}")
            body = response.content.decode()
            total = TOTAL_RE.search(body)
            if total is None:
                raise SystemExit(f"{name}: no roll-up total row on the page")
            last["rollup_total_projects"] = int(total.group(1))
            if role is not None:
                assert last["rollup_total_projects"] == visible[role], (last, visible[role])
            else:
                heading = COUNT_HEADING_RE.search(body)
                last["project_count"] = int(heading.group(1)) if heading else None
                assert last["rollup_total_projects"] == in_domain, (last, in_domain)
            last["response_bytes"] = len(response.content)

        stats = timed(get, args.requests, args.warmup, check_page)
        cases[name] = {"url": url, "user": user.username, **stats, **last}
        _progress(name, stats)

    return {
        "projects": size,
        "code_sha256": code_sha256,
        "reports": reports_total,
        "reports_months": args.reports_months,
        "overall_colours": dict(expected),
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "loadavg_1m": [load_before, load_1m()],
        "domain": {"code": DOMAIN_CODE, "projects": in_domain},
        "cases": cases,
    }


def _prepare(size: int, args: argparse.Namespace) -> dict:
    return prepare_database(size, args.seed, args.reports_months, args.reuse)


def _progress(name: str, stats: dict) -> None:
    extra = "" if stats.get("correct", True) else "  WRONG COLOURS"
    if "project_colours_median_ms" in stats:
        extra += (
            f"  (query {stats['project_colours_median_ms']:.1f} + "
            f"python {stats['python_rollup_median_ms']:.1f})"
        )
    print(
        f"{name:<24} median {stats['median_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f}  "
        f"max {stats['max_ms']:7.1f}  queries {stats['queries']}  "
        f"db {stats['db_median_ms']:.1f} ms{extra}",
        flush=True,
    )


BENCHMARK = Benchmark(
    name="rollup",
    description="status roll-up: functions, overview and org-unit page at 100/1,000/10,000 "
    "projects with 12 months of reports",
    add_arguments=add_arguments,
    run=run,
)
