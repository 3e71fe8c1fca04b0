"""The data of the `snapshot` and `dashboard` benchmarks (issue 15), and the scope.

One size is N bench projects (`bench/generate.py`, seed 1) with `--months` months of
submitted status reports before this month, and on them what the other generators give:
baten (`--benefits-per-project` × N, 10 measurements each; bench/generate_benefits.py),
risks (`--risks-per-project` × N; bench/generate_risks.py), `--teams` competence teams
with the projects' demand (bench/generate_capacity.py) and the `ranking` benchmark's
published framework "Bench" with every candidate scored (the priority in the rows).

Both benchmarks use the same SQLite file per size (`bench/results/snapshot-<N>.sqlite3`)
or the PostgreSQL database in DATABASE_URL, so `dashboard --reuse` reuses the data of a
`snapshot` run of the same size, and the other way round.
"""

import argparse
import time

SCOPE_NAME = "Hele organisatie"
ROW_INSERT = 'INSERT INTO "reporting_snapshotrow"'


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--months", type=int, default=24, help="months of reports (24)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (1)")
    parser.add_argument(
        "--benefits-per-project", type=float, default=2.0, help="baten per project (2)"
    )
    parser.add_argument(
        "--risks-per-project", type=float, default=5.0, help="risks per project (5)"
    )
    parser.add_argument("--teams", type=int, default=50, help="competence teams (50)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep bench data that already has this shape"
    )


def data_args(args: argparse.Namespace) -> list[str]:
    """The data options again, for a worker process."""
    return [
        *("--months", str(args.months), "--seed", str(args.seed)),
        *("--benefits-per-project", str(args.benefits_per_project)),
        *("--risks-per-project", str(args.risks_per_project), "--teams", str(args.teams)),
        *(["--reuse"] if args.reuse else []),
    ]


def wanted(args: argparse.Namespace) -> dict:
    size = args.worker_size
    return {
        "projects": size,
        "reports": size * args.months,
        "benefits": round(size * args.benefits_per_project),
        "risks": round(size * args.risks_per_project),
        "teams": args.teams,
    }


def counts() -> dict:
    """What the database holds of the bench data (the shape `--reuse` compares)."""
    from django.utils import timezone

    from bench.generate_benefits import bench_benefits
    from bench.generate_capacity import capacity_counts
    from bench.generate_names import PORTFOLIO_CODE
    from bench.generate_risks import bench_risks
    from portfolio.assessment.models import Score
    from portfolio.projects.models import Project
    from portfolio.status.models import StatusReport

    projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE)
    this_month = timezone.localdate().replace(day=1)
    capacity = capacity_counts()
    return {
        "projects": projects.count(),
        "reports": StatusReport.objects.filter(
            project__in=projects.values("pk"), period__lt=this_month
        ).count(),
        "benefits": bench_benefits().count(),
        "risks": bench_risks().count(),
        "teams": capacity["teams"],
        "demand": capacity["demand"],
        "scores": Score.objects.filter(criterion__framework__name="Bench").count(),
    }


def _delete_reporting() -> dict:
    """Every snapshot, build and pack (plain DELETEs: the rows would otherwise be set to
    NULL one collector batch at a time when the projects go)."""
    from django.db import connection, transaction

    from reporting.models import BoardPack, Snapshot, SnapshotBuild, SnapshotRow

    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for key, model in (
            ("packs", BoardPack),
            ("builds", SnapshotBuild),
            ("rows", SnapshotRow),
            ("snapshots", Snapshot),
        ):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
            deleted[key] = cursor.rowcount
    return deleted


def _delete_framework() -> int:
    from django.db import connection

    from portfolio.assessment.models import AssessmentFramework, Score

    scores = Score.objects.filter(criterion__framework__name="Bench").order_by().values("pk")
    sql, params = scores.query.sql_with_params()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Score._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({sql})", params)
        count = cursor.rowcount
    AssessmentFramework.objects.filter(name="Bench").delete()
    return count


def prepare(args: argparse.Namespace, log=print) -> dict:
    """The bench data of `args.worker_size` projects, made again unless `--reuse` finds
    it with the requested shape."""
    from django.core.management import call_command
    from django.db import connection

    from bench.benchmarks._pages import prepare_database
    from bench.benchmarks.ranking import _framework
    from bench.generate_benefits import analyze_benefits, delete_bench_benefits, insert_benefits
    from bench.generate_capacity import analyze_capacity, delete_bench_capacity, insert_capacity
    from bench.generate_risks import analyze_risks, delete_bench_risks, insert_risks

    want = wanted(args)
    result: dict = {"wanted": want}
    if args.reuse:
        call_command("migrate", verbosity=0)
        have = counts()
        if all(have[key] == value for key, value in want.items()) and have["scores"]:
            log(f"reusing the bench data: {have}")
            return {"reused": True, "counts": have}
    if connection.vendor != "sqlite":  # SQLite: prepare_database starts a new file
        call_command("migrate", verbosity=0)
        # Everything that protects the bench portfolio goes first, with plain DELETEs.
        result["deleted"] = {
            "reporting": _delete_reporting(),
            "capacity": delete_bench_capacity(),
            "risks": delete_bench_risks(),
            "benefits": delete_bench_benefits(),
            "scores": _delete_framework(),
        }
    started = time.perf_counter()
    result["portfolio"] = prepare_database(want["projects"], args.seed, args.months, reuse=False)
    result["benefits"] = insert_benefits(
        benefits=want["benefits"], measurements=10, seed=args.seed, log=log
    )
    log(f"baten {result['benefits']['created']} in {result['benefits']['insert_s']} s")
    result["risks"] = insert_risks(risks=want["risks"], seed=args.seed, log=log)
    log(f"risks {result['risks']['created']} in {result['risks']['insert_s']} s")
    result["capacity"] = insert_capacity(teams=want["teams"], seed=args.seed, log=log)
    log(f"capacity {result['capacity']['created']} in {result['capacity']['insert_s']} s")
    framework_started = time.perf_counter()
    _framework_row, _criterion, scores = _framework(args.seed)
    result["framework"] = {
        "scores": scores,
        "insert_s": round(time.perf_counter() - framework_started, 2),
    }
    log(f"framework Bench: {scores} scores")
    result["analyzed"] = [*analyze_benefits(), *analyze_risks(), *analyze_capacity()]
    if connection.vendor == "postgresql":
        from portfolio.assessment.models import Score

        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{Score._meta.db_table}"')
    result["total_s"] = round(time.perf_counter() - started, 2)
    result["counts"] = counts()
    log(f"data ready in {result['total_s']} s: {result['counts']}")
    return result


def organisation_scope():
    from reporting.models import Scope

    return Scope.objects.get_or_create(kind=Scope.Kind.ORGANISATION, defaults={"name": SCOPE_NAME})[
        0
    ]


def last_closed_period():
    """The period before the current one: the one the monthly job builds."""
    from django.utils import timezone

    from pmo.periods import period_start, shift

    return shift(period_start(timezone.localdate()), -1)


class Builder:
    """Builds through the real service: `build_request` records the build (its send to
    the queue switched off, so the task body runs here, timed, and not inside the
    request as CELERY_TASK_ALWAYS_EAGER would), then `snapshot_build` runs it, as the
    Celery worker does. Each build's steps are timed at the service's progress calls."""

    def __init__(self, scope):
        from pmo.actors import Actor
        from reporting.services import builds

        self.scope, self.actor, self.builds = scope, Actor.task(), builds
        builds.send_on_commit = lambda row: None
        self.marks: list[tuple[float, str]] = []
        original = builds._progress

        def progress(build, percent, step):
            self.marks.append((time.perf_counter(), step))
            original(build, percent, step)

        builds._progress = progress

    def build(self, period) -> dict:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from reporting.models import SnapshotBuild

        self.marks = []
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            request = self.builds.build_request(scope=self.scope, period=period, actor=self.actor)
            requested = time.perf_counter()
            request_queries = len(captured.captured_queries)
            done = self.builds.snapshot_build(build_id=request.pk)
            finished = time.perf_counter()
        if done.status != SnapshotBuild.Status.DONE:
            raise SystemExit(f"build of {period:%Y-%m} ended {done.status}: {done.error}")
        steps: dict[str, float] = {}
        marks = [(requested, "start"), *self.marks, (finished, "end")]
        for (at, step), (following, _next) in zip(marks, marks[1:], strict=False):
            steps[step] = round(steps.get(step, 0.0) + (following - at) * 1000, 1)
        queries = captured.captured_queries
        # bulk_create splits the N rows into batches (SQLite: 999 parameters a statement,
        # so ~30 rows; PostgreSQL: ROW_BATCH): the one place the count follows N.
        row_inserts = sum(1 for q in queries if q["sql"].startswith(ROW_INSERT))
        return {
            "period": f"{period:%Y-%m}",
            "ms": round((finished - started) * 1000, 1),
            "request_ms": round((requested - started) * 1000, 1),
            "task_ms": round((finished - requested) * 1000, 1),
            "queries": len(queries),
            "request_queries": request_queries,
            "row_insert_queries": row_inserts,
            "queries_without_row_inserts": len(queries) - row_inserts,
            "db_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
            "steps_ms": steps,
            "snapshot_id": done.snapshot_id,
            "slowest": [
                [round(float(q["time"]) * 1000, 1), q["sql"][:300]]
                for q in sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:5]
            ],
        }
