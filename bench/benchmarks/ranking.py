"""Server time of the afwegingskader pages at growing portfolio sizes.

Per size a fresh interpreter generates the bench portfolio, adds a published framework
(7 contribution criteria, 3 impact axes, every project scored, scores −3 … +3 drawn with
a fixed seed) and times, through django.test.Client:

- ranking: /afwegingskader/<pk>/rangorde/ for a portfolioraad member: every project
  ranked, the value-versus-impact chart (all projects), weight sensitivity, the
  rank-stability chart and the table's first page (100 rows);
- what_if: the htmx fragment the weight slider asks for;
- score_grid: one page (50 projects) of the score grid for the PMO-analist.

Goal (issue 4): ranking page for 2,000 projects < 300 ms server time, fixed query count.
"""

import argparse
import json
import random
import re

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

DEFAULT_SIZES = "200,2000"
GOAL_MS = 300
ROW_RE = re.compile(r'<tr class="utrecht-table__row"><td class="utrecht-table__cell')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser, sizes=DEFAULT_SIZES, months=1)
    parser.add_argument(
        "--requests", type=int, default=20, help="timed requests per case (default 20)"
    )


def run(args: argparse.Namespace) -> dict:
    if args.worker_size is not None:
        return _worker(args)
    sizes = parse_sizes(args.sizes)
    code, results = run_sizes(
        "ranking", args, sizes, lambda _size: ["--requests", str(args.requests)]
    )
    constant = {}
    for case in results[0]["cases"] if results else []:
        counts = {json.dumps(r["cases"][case]["queries"]) for r in results}
        constant[case] = len(counts) == 1
    result = {
        "benchmark": "ranking",
        "goal": f"ranking page < {GOAL_MS} ms at 2,000 projects, queries independent of size",
        "queries_constant_over_sizes": constant,
        "code": code,
        **sizes_result(results),
    }
    print(f"queries constant over sizes: {constant}", flush=True)
    return finish(result, args.output)


def _framework(seed: int):
    """A published framework over every bench project, built with plain bulk inserts."""
    from portfolio.assessment.models import AssessmentFramework, Criterion, Objective, Score
    from portfolio.assessment.selectors import candidate_projects

    AssessmentFramework.objects.filter(name="Bench").delete()
    framework = AssessmentFramework.objects.create(
        name="Bench", status=AssessmentFramework.Status.PUBLISHED
    )
    rng = random.Random(seed)
    contribution = []
    for index, weight in enumerate((0.22, 0.15, 0.08, 0.11, 0.2, 0.13, 0.11)):
        objective = Objective.objects.create(framework=framework, name=f"Doel {index + 1}")
        contribution.append(
            Criterion.objects.create(
                framework=framework,
                kind=Criterion.Kind.CONTRIBUTION,
                objective=objective,
                name=f"Bijdrage {index + 1}",
                weight=weight,
                position=index,
            )
        )
    impact = [
        Criterion.objects.create(
            framework=framework, kind=Criterion.Kind.IMPACT, name=name, weight=weight
        )
        for name, weight in (("Complexiteit", 0.4), ("Risico", 0.35), ("Capaciteit", 0.25))
    ]
    scores = []
    for project_id in candidate_projects().values_list("pk", flat=True):
        for criterion in contribution:
            value = rng.choice([-2, -1, 0, 0, 0, 1, 1, 2, 3])
            scores.append(Score(criterion=criterion, project_id=project_id, value=value))
        for criterion in impact:
            scores.append(
                Score(criterion=criterion, project_id=project_id, value=rng.randint(1, 5))
            )
    Score.objects.bulk_create(scores, batch_size=2000)
    return framework, contribution[0], len(scores)


def _worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    from django.test import Client
    from django.urls import reverse

    from bench.generate import BOARD_USERNAME
    from pmo.models import User
    from pmo.roles import Role
    from portfolio.assessment.selectors import candidate_projects

    size = args.worker_size
    code_sha256 = code_fingerprint()["source_sha256"]
    generated = prepare_database(size, args.seed, args.reports_months, args.reuse)
    framework, first, score_count = _framework(args.seed)
    from portfolio.assessment.views.ranking import RANKING_PAGE_SIZE

    candidates = candidate_projects().count()
    shown = min(candidates, RANKING_PAGE_SIZE)  # the table's first page; charts show all
    board = User.objects.get(username=BOARD_USERNAME)
    analyst = User.objects.filter(groups__name=Role.PMO_ANALIST).first()
    if analyst is None:
        from django.contrib.auth.models import Group

        analyst = User.objects.create(username="bench-analist")
        analyst.groups.add(Group.objects.get(name=Role.PMO_ANALIST))
    load_before = load_1m()
    ranking_url = reverse("assessment:ranking", args=[framework.pk])
    cases_spec = [
        ("ranking", board, ranking_url, {}, shown),
        (
            "what_if",
            board,
            f"{ranking_url}?wat_als={first.pk}&gewicht=60",
            {"HX-Request": "true"},
            shown,
        ),
        ("score_grid", analyst, reverse("assessment:score_grid", args=[framework.pk]), {}, None),
    ]
    cases = {}
    for name, user, url, headers, rows_expected in cases_spec:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        last: dict = {}

        def get(client=client, url=url, headers=headers):
            return client.get(url, headers=headers)

        def check(response, name=name, rows_expected=rows_expected, last=last):
            if response.status_code != 200:
                raise SystemExit(f"{name}: answered {response.status_code}")
            last["response_bytes"] = len(response.content)
            if rows_expected is not None:
                rows = len(ROW_RE.findall(response.content.decode()))
                # One row per project on the page (plus the sensitivity table's rows).
                if rows < rows_expected:
                    raise SystemExit(f"{name}: {rows} rows, expected {rows_expected}")
                last["table_rows"] = rows

        stats = timed(get, args.requests, args.warmup, check)
        cases[name] = {"url": url, "user": user.username, **stats, **last}
        print(
            f"{name:<12} median {stats['median_ms']:7.1f} ms  p95 {stats['p95_ms']:7.1f}  "
            f"max {stats['max_ms']:7.1f}  queries {stats['queries']}  "
            f"db {stats['db_median_ms']:.1f} ms  {last.get('response_bytes', 0) // 1024} KiB",
            flush=True,
        )
    return {
        "projects": size,
        "candidates": candidates,
        "scores": score_count,
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "loadavg_1m": [load_before, load_1m()],
        "cases": cases,
    }


BENCHMARK = Benchmark(
    name="ranking",
    description="afwegingskader pages (ranking, what-if, score grid) at 200/2,000 projects",
    add_arguments=add_arguments,
    run=run,
)
