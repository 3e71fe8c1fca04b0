"""Baten for the bench portfolio: benefit profiles with their attribution to projects,
their realisation plan, the owners' measurements and the strategic objectives they
serve (bench/benchmarks/benefits.py).

    python bench/generate_benefits.py --benefits 20000 [--measurements 10] [--seed 1] [--fresh]
    python bench/generate_benefits.py --delete

Run it after `bench/generate.py` (it hangs the baten on that portfolio's projects and
programmes). Everything is bulk-inserted, not made through the services (each
measurement there locks its profile, checks it, saves, recomputes the progress and
writes an audit line: far too slow for 200,000). The derived progress the services keep
on each profile is computed per benefit in Python with the services' own
`benefits.services.derived_progress`, exactly as `progress_refresh` would store it.

The parts live in sibling modules: generate_benefits_profiles (the templates and what
one benefit gets: profile, plan, measurements, attribution, derived progress) and
generate_benefits_objectives (the bench framework "Bench baten" and the one or two
objectives each benefit serves, bulk-inserted into the Benefit–Objective link table).

"Today" is `timezone.localdate()` at generation time, not the fixed TODAY of the
project data: whether a benefit is measured on time is judged against the real date on
every request, so the share nobody measures stays the same whenever this runs.

The baten are recognised by the bench portfolio (code BENCH); `delete_bench_benefits`
removes them with plain DELETE statements (no post_delete signals, so no API deletion
records for 200,000 measurements). Remove them before `bench/generate.py --fresh` or
`--delete` on the same database: the portfolio protects its benefits.
"""

import argparse
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_benefits_objectives import (  # noqa: E402
    TEMPLATE_OBJECTIVE,
    bench_objectives,
    objective_links,
)
from bench.generate_benefits_profiles import TEMPLATES, draw_benefit, make_pool  # noqa: E402
from bench.generate_names import BATCH, PORTFOLIO_CODE  # noqa: E402

CHUNK = 1000  # benefits per round of inserts (their measurements: CHUNK × measurements)
assert len(TEMPLATE_OBJECTIVE) == len(TEMPLATES), "every template serves an objective"


def bench_benefits():
    from benefits.models import Benefit

    return Benefit.objects.filter(portfolio__code=PORTFOLIO_CODE)


def benefit_counts() -> dict[str, int]:
    from benefits.models import Benefit, Contribution, Measurement, PlannedValue

    benefits = bench_benefits()
    ids = benefits.values("pk")
    return {
        "benefits": benefits.count(),
        "measurements": Measurement.objects.filter(benefit__in=ids).count(),
        "contributions": Contribution.objects.filter(benefit__in=ids).count(),
        "plan_points": PlannedValue.objects.filter(benefit__in=ids).count(),
        "objective_links": Benefit.objectives.through.objects.filter(benefit__in=ids).count(),
    }


def delete_bench_benefits() -> dict[str, int]:
    """The bench portfolio's baten and what hangs on them, in set-based DELETEs."""
    from django.db import connection, transaction

    from benefits.models import Benefit, Contribution, Measurement, PlannedValue

    ids_sql, params = bench_benefits().order_by().values("pk").query.sql_with_params()
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for key, model, column in (
            ("measurements", Measurement, "benefit_id"),
            ("plan_points", PlannedValue, "benefit_id"),
            ("contributions", Contribution, "benefit_id"),
            ("objective_links", Benefit.objectives.through, "benefit_id"),
            ("benefits", Benefit, "id"),
        ):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({ids_sql})", params)
            deleted[key] = cursor.rowcount
    return deleted


def insert_benefits(*, benefits: int, measurements: int = 10, seed: int = 1, log=print) -> dict:
    """Bulk-insert `benefits` baten with `measurements` measurements each into the bench
    portfolio (which `bench/generate.py` must have made), each linked to one or two
    objectives of the bench framework; returns counts and timings."""
    from django.db import transaction

    from benefits.models import Benefit, Contribution, Measurement, PlannedValue
    from portfolio.projects.models import Portfolio

    started = time.perf_counter()
    portfolio = Portfolio.objects.filter(code=PORTFOLIO_CODE).first()
    if portfolio is None:
        raise SystemExit("No bench portfolio: run bench/generate.py first.")
    if bench_benefits().exists():
        raise SystemExit("Bench baten exist already; delete them first (--fresh).")
    pool = make_pool(portfolio, benefits=benefits)
    rng = random.Random(seed + 12_000)
    links_rng = random.Random(seed + 13_000)  # its own stream: the baten stay as they were
    created = {
        "benefits": 0,
        "measurements": 0,
        "contributions": 0,
        "plan_points": 0,
        "objective_links": 0,
    }
    with transaction.atomic():
        objectives = bench_objectives()
        for chunk_start in range(0, benefits, CHUNK):
            drawn = [
                draw_benefit(rng, pool, number, measurements)
                for number in range(chunk_start + 1, min(chunk_start + CHUNK, benefits) + 1)
            ]
            Benefit.objects.bulk_create([item.benefit for item in drawn], batch_size=BATCH)
            children_m, children_p, children_c = [], [], []
            for item in drawn:
                benefit = item.benefit
                children_m += [
                    Measurement(
                        benefit_id=benefit.pk,
                        measured_on=day,
                        value=value,
                        recorded_by_id=benefit.owner_id,
                    )
                    for day, value in item.values
                ]
                children_p += [
                    PlannedValue(benefit_id=benefit.pk, date=p.date, value=p.value)
                    for p in item.planned
                ]
                children_c += [
                    Contribution(benefit_id=benefit.pk, project_id=pk, share=share)
                    for pk, share in item.shares
                ]
            links = objective_links(links_rng, objectives, drawn)
            Measurement.objects.bulk_create(children_m, batch_size=BATCH)
            PlannedValue.objects.bulk_create(children_p, batch_size=BATCH)
            Contribution.objects.bulk_create(children_c, batch_size=BATCH)
            Benefit.objectives.through.objects.bulk_create(links, batch_size=BATCH)
            created["benefits"] += len(drawn)
            created["measurements"] += len(children_m)
            created["plan_points"] += len(children_p)
            created["contributions"] += len(children_c)
            created["objective_links"] += len(links)
            if (chunk_start // CHUNK) % 5 == 4:
                log(f"  {created['benefits']:,} baten …")
    return {"created": created, "today": pool.today.isoformat(), "insert_s": _since(started)}


def analyze_benefits() -> list[str]:
    """Planner statistics for the filled tables: VACUUM ANALYZE on PostgreSQL (what
    autovacuum would do shortly after, as bench/generate.py does for its tables);
    SQLite is left without ANALYZE, as a default install would be."""
    from django.db import connection

    from benefits.models import Benefit, Contribution, Measurement, PlannedValue

    if connection.vendor != "postgresql":
        return []
    models = (Benefit, Contribution, Measurement, PlannedValue, Benefit.objectives.through)
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')
    return tables


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benefits", type=int, default=20_000, help="number of baten (20,000)")
    parser.add_argument(
        "--measurements", type=int, default=10, help="measurements per benefit (10)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--fresh", action="store_true", help="delete earlier bench baten first")
    parser.add_argument("--delete", action="store_true", help="only delete the bench baten")
    args = parser.parse_args(argv)

    from bench import _django

    _django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if args.delete or args.fresh:
        print(f"deleted: {delete_bench_benefits()}")
        if args.delete:
            return
    result = insert_benefits(benefits=args.benefits, measurements=args.measurements, seed=args.seed)
    analyzed = analyze_benefits()
    for what, count in result["created"].items():
        print(f"  {what:<15} {count:>8}")
    print(f"done in {result['insert_s']} s" + (f", analyzed {analyzed}" if analyzed else ""))


if __name__ == "__main__":
    main()
