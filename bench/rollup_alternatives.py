"""Measure candidate speed-ups of the status roll-up against the application's functions.

    SQLITE_PATH=bench/results/rollup-10000.sqlite3 .venv/bin/python bench/rollup_alternatives.py
    DATABASE_URL=postgres://…/bench_overview .venv/bin/python bench/rollup_alternatives.py

Runs on whatever bench data the database holds (the `rollup` benchmark leaves its largest
size behind). Each candidate is checked to give exactly the same rows and roll-up as the
application before it is timed. The last candidate (a denormalised pointer to the current
report) adds a column and fills it inside a transaction that is rolled back: nothing stays.
The candidates are proposals for portfolio/rollup_selectors.py (see docs/PERFORMANCE.md);
the application is not changed.
"""

import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = 15


def colours_two_queries(projects):
    """Candidate for project_colours: the newest report's id per project in one query,
    that report's colours in a second, joined in Python. The newest-report subquery runs
    twice per project instead of eight times (once per colour and once for the id)."""
    from django.db.models import Subquery

    from portfolio.models import StatusReport
    from portfolio.rollup_selectors import ROLLUP_DIMENSIONS, latest_report_id
    from portfolio.selectors import _budget_total

    base = projects.order_by().annotate(latest_report=latest_report_id())
    rows = list(
        base.annotate(budget=_budget_total()).values(
            "pk", "org_unit__path", "programme_id", "budget", "latest_report"
        )
    )
    fields = [f"rag_{key}" for key in ROLLUP_DIMENSIONS]
    colours = {
        report["pk"]: report
        for report in StatusReport.objects.filter(
            pk__in=Subquery(base.values("latest_report"))
        ).values("pk", *fields)
    }
    empty = dict.fromkeys(fields)
    for row in rows:
        report = colours.get(row.pop("latest_report"), empty)
        for field in fields:
            row[field] = report[field]
    return rows


def rollup_one_pass(rows, *, key, labels, urls=None, rule=None, total_label="Totaal"):
    """Candidate for rollup_rows + total_row: one pass over the rows that counts colours
    and sums weights per group and dimension (the total is the sum of the groups), then
    the same decide() per cell. Same RollupRow results."""
    from django.conf import settings

    from portfolio.rollup import COLOURS, DimensionRollup, decide, effective_weight
    from portfolio.rollup_selectors import ROLLUP_DIMENSIONS, RollupRow

    rule = rule or settings.PMO_ROLLUP_RULE
    fields = [(d, f"rag_{d}") for d in ROLLUP_DIMENSIONS]
    counts: dict = defaultdict(lambda: {d: defaultdict(int) for d in ROLLUP_DIMENSIONS})
    weights: dict = defaultdict(lambda: {d: defaultdict(Decimal) for d in ROLLUP_DIMENSIONS})
    sizes: dict = defaultdict(int)
    for row in rows:
        group = key(row)
        sizes[group] += 1
        weight = effective_weight(Decimal(row["budget"] or 0))
        group_counts, group_weights = counts[group], weights[group]
        for dimension, field in fields:
            colour = row[field]
            if colour:
                group_counts[dimension][colour] += 1
                group_weights[dimension][colour] += weight
            else:
                group_counts[dimension]["unknown"] += 1

    def make(label, groups, row_key, url=""):
        dims = {}
        for dimension in ROLLUP_DIMENSIONS:
            c = dict.fromkeys((*COLOURS, "unknown"), 0)
            w = dict.fromkeys(COLOURS, Decimal(0))
            for group in groups:
                for colour, n in counts[group][dimension].items():
                    c[colour] += n
                for colour, amount in weights[group][dimension].items():
                    w[colour] += amount
            dims[dimension] = DimensionRollup(colour=decide(c, w, rule), counts=c)
        return RollupRow(
            key=row_key,
            label=label,
            projects=sum(sizes[g] for g in groups),
            dimensions=dims,
            url=url,
        )

    result = sorted(
        (make(labels.get(g, "–"), [g], g, (urls or {}).get(g, "")) for g in sizes),
        key=lambda row: row.label,
    )
    total = make(total_label, list(sizes), "total") if sizes else None
    return result, total


def time_denormalised(projects, expected_rows) -> dict:
    """Candidate for the data model: Project.current_report (FK, set by report_submit and
    report_amend) so the colours are one LEFT JOIN. Simulated with raw DDL in a transaction
    that is rolled back; returns median ms of the query with and without the budget."""
    from django.db import connection, transaction

    from portfolio.models import StatusReport
    from portfolio.rollup_selectors import ROLLUP_DIMENSIONS, latest_report_id

    project_table = connection.ops.quote_name(projects.model._meta.db_table)
    report_table = connection.ops.quote_name(StatusReport._meta.db_table)
    fields = [f"rag_{key}" for key in ROLLUP_DIMENSIONS]
    select_colours = ", ".join(f'r."{f}"' for f in fields)
    budget = (
        '(SELECT SUM(b."amount") FROM "portfolio_projectbudget" b WHERE b."project_id" = p."id")'
    )
    base = (
        'SELECT p."id", o."path", p."programme_id", {budget} {colours} '
        f'FROM {project_table} p INNER JOIN "portfolio_orgunit" o ON o."id" = p."org_unit_id" '
        f'LEFT JOIN {report_table} r ON r."id" = p."bench_current_report_id"'
    )
    result = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE {project_table} ADD COLUMN "bench_current_report_id" int')
            latest = {
                row["pk"]: row["l"]
                for row in projects.order_by().annotate(l=latest_report_id()).values("pk", "l")
            }
            cursor.executemany(
                f'UPDATE {project_table} SET "bench_current_report_id" = %s WHERE "id" = %s',
                [(report, project) for project, report in latest.items()],
            )
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {project_table}")
            with_budget = base.format(budget=budget + ",", colours=select_colours)
            cursor.execute(with_budget)
            got = {row[0]: list(row[4:]) for row in cursor.fetchall()}
            want = {row["pk"]: [row[f] for f in fields] for row in expected_rows}
            assert got == want, "denormalised colours differ"

            def run(sql):
                def action():
                    with connection.cursor() as inner:
                        inner.execute(sql)
                        inner.fetchall()

                return action

            result["join, with budget (raw SQL)"] = _median_ms(run(with_budget))
            result["join, without budget (raw SQL)"] = _median_ms(
                run(base.format(budget="", colours=select_colours))
            )

            def colours_fk(projects_qs):
                ids_sql, ids_params = projects_qs.order_by().values("pk").query.sql_with_params()
                with connection.cursor() as inner:
                    inner.execute(with_budget + f' WHERE p."id" IN ({ids_sql})', ids_params)
                    names = ["pk", "org_unit__path", "programme_id", "budget", *fields]
                    return [dict(zip(names, row, strict=True)) for row in inner.fetchall()]

            result.update(_time_overview_page(colours_fk))
        transaction.set_rollback(True)
    return result


def _time_overview_page(colours_fk) -> dict:
    """GET /projecten/ as a board member: as is, with the one-pass roll-up, and with both
    candidates (patched into portfolio.views for the duration); the roll-up table must be
    the same HTML in all three."""
    import re
    from unittest import mock

    from django.test import Client

    from bench.generate import BOARD_USERNAME
    from pmo.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=BOARD_USERNAME))
    table = re.compile(r'<table class="[^"]*pmo-rollup">.*?</table>', re.DOTALL)
    stash: dict = {}

    def rows_one_pass(rows, *, key, labels, urls=None, rule=None):
        result, stash["total"] = rollup_one_pass(rows, key=key, labels=labels, urls=urls, rule=rule)
        return result

    def total_from_stash(rows, label, rule=None):
        total = stash.pop("total")
        total.label = label
        return total

    variants = {
        "overview page (application)": [],
        "overview page, one-pass roll-up": [
            mock.patch("portfolio.views.rollup_rows", rows_one_pass),
            mock.patch("portfolio.views.total_row", total_from_stash),
        ],
    }
    variants["overview page, one-pass + current_report FK"] = [
        *variants["overview page, one-pass roll-up"],
        mock.patch("portfolio.views.project_colours", colours_fk),
    ]
    result, tables = {}, {}
    for name, patches in variants.items():
        for patch in patches:
            patch.start()
        try:

            def get():
                response = client.get("/projecten/")
                assert response.status_code == 200
                return response

            tables[name] = table.search(get().content.decode()).group(0)
            result[name] = _median_ms(get)
        finally:
            for patch in patches:
                patch.stop()
    assert len(set(tables.values())) == 1, "the roll-up table differs between the variants"
    return result


def _median_ms(action) -> float:
    action()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def main() -> None:
    from bench import _django

    _django.setup()
    from django.db import connection, reset_queries

    from portfolio.models import OrgUnit, Project
    from portfolio.rollup_selectors import domain_of, project_colours, rollup_rows, total_row

    projects = Project.objects.all()
    count = projects.count()
    labels = {u.pk: u.name for u in OrgUnit.objects.filter(parent__isnull=True)}
    print(f"database: {connection.vendor}, {count} projects, {RUNS} runs each, median ms")

    def key(rows):
        return sorted(rows, key=lambda r: r["pk"])

    app_rows = project_colours(projects)
    two_rows = colours_two_queries(projects)
    assert key(app_rows) == key(two_rows), "colours_two_queries differs from project_colours"
    for rule in ("worst", "budget"):
        app = (
            rollup_rows(app_rows, key=domain_of, labels=labels, rule=rule),
            total_row(app_rows, "Totaal", rule=rule),
        )
        fast = rollup_one_pass(app_rows, key=domain_of, labels=labels, rule=rule)
        assert [(r.key, r.projects, r.dimensions) for r in app[0]] == [
            (r.key, r.projects, r.dimensions) for r in fast[0]
        ], f"rollup_one_pass differs ({rule})"
        assert (app[1].projects, app[1].dimensions) == (fast[1].projects, fast[1].dimensions)
    print("results identical: colours_two_queries == project_colours, rollup_one_pass == app")

    timings = {
        "project_colours (app, 1 query)": lambda: project_colours(projects),
        "colours_two_queries (2 queries)": lambda: colours_two_queries(projects),
    }
    for rule in ("worst", "budget"):
        timings[f"rollup_rows + total_row (app, {rule})"] = lambda rule=rule: (
            rollup_rows(app_rows, key=domain_of, labels=labels, rule=rule),
            total_row(app_rows, "Totaal", rule=rule),
        )
        timings[f"rollup_one_pass ({rule})"] = lambda rule=rule: rollup_one_pass(
            app_rows, key=domain_of, labels=labels, rule=rule
        )
    for name, action in timings.items():
        print(f"  {name:<50} {_median_ms(action):8.1f}")
        reset_queries()

    def raw_app_query():
        project_colours(projects)
        sql = connection.queries[-1]["sql"]

        def action():
            with connection.cursor() as cursor:
                cursor.execute(sql)
                cursor.fetchall()

        return action

    print(f"  {'project_colours SQL alone (raw SQL)':<50} {_median_ms(raw_app_query()):8.1f}")
    for name, ms in time_denormalised(projects, app_rows).items():
        label = name if name.startswith("overview") else "current_report FK: " + name
        print(f"  {label:<50} {ms:8.1f}")


if __name__ == "__main__":
    main()
