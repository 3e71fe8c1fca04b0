"""The plain-SQL lower bound of the `snapshot` benchmark: the snapshot's project
aggregates computed straight from the tables in two hand-written statements, and the
check that they equal what the build stored.

Statement 1 (the cube): the scope's projects as `BuildContext.projects` selects them
(existing by the period's last day, not closed before it), each with its org unit's
domain (the root of its path), its newest current, submitted report of the period or
before (a correlated subquery, as the ORM's), and its summed budget lines; grouped by
domain, programme, phase and overall colour, with the count, the exceptions, the
budget, EAC and actuals sums (actuals: the report's, else the booked ones, as
`project_rows` does) and, per other RAG dimension and colour, a count. Statement 2:
budget and booked actuals per domain and budget year.

From the cube (some hundreds of rows) the domains', programmes' and dimensions' figures
and the tiles are added up in Python; that is part of the timed bound. What the bound
leaves out, and the build does: baten (the realisation rule per benefit), risks,
capacity, priority, milestones, "since the board", the changes against the previous
period, and writing the snapshot and its N rows.
"""

import datetime as dt
import statistics
import time
from collections import defaultdict

COLOURS = ("groen", "oranje", "rood", "")
OTHER_DIMENSIONS = ("rag_time", "rag_cost", "rag_scope", "rag_quality", "rag_risk", "rag_benefits")
SUBMITTED = "ingediend"


def _tables() -> dict:
    from django.db import connection

    from portfolio.projects.models import OrgUnit, Project, ProjectBudget
    from portfolio.status.models import StatusReport

    quote = connection.ops.quote_name
    return {
        "project": quote(Project._meta.db_table),
        "unit": quote(OrgUnit._meta.db_table),
        "report": quote(StatusReport._meta.db_table),
        "budget": quote(ProjectBudget._meta.db_table),
    }


def _params(period: dt.date, as_of: dt.date) -> dict:
    """`created_at__date <= as_of` in local time, as a bound on the stored timestamp."""
    from django.utils import timezone

    next_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min)
    return {
        "created_before": timezone.make_aware(next_day),
        "as_of": as_of,
        "period": period,
        "submitted": SUBMITTED,
        "current": True,
    }


def _colour_columns() -> str:
    return ",\n  ".join(
        f"SUM(CASE WHEN COALESCE(r.{dimension}, '') = '{colour}' THEN 1 ELSE 0 END)"
        for dimension in OTHER_DIMENSIONS
        for colour in COLOURS
    )


def statements() -> tuple[str, str]:
    t = _tables()
    # The domain of each org unit: the root whose id starts the unit's path ("/12/34/").
    # Materialised: a few dozen rows, computed once instead of once per probe.
    unit_domain = (
        f"unit_domain AS MATERIALIZED (SELECT u.id, root.id AS domain_id FROM {t['unit']} u "
        f"JOIN {t['unit']} root ON u.path LIKE '/' || root.id || '/%%')"
    )
    scope = (
        "(p.created_at < %(created_before)s OR p.planned_start <= %(as_of)s) "
        "AND (p.closed_on IS NULL OR p.closed_on >= %(period)s)"
    )
    # The period's report: one probe of the (project, period, revision) index per
    # project. Tried as well, with the same result: MAX(period) per project joined back
    # (SQLite then probes the (period, is_current, state) index per project: 4.0 s at
    # 1,000 projects) and ROW_NUMBER() over all reports (0.8 s there); this one 0.06 s.
    cube = f"""
WITH {unit_domain},
scope_projects AS MATERIALIZED (
  SELECT p.id, p.programme_id, p.phase, ud.domain_id,
    (SELECT r.id FROM {t["report"]} r
     WHERE r.project_id = p.id AND r.is_current = %(current)s AND r.state = %(submitted)s
       AND r.period <= %(period)s
     ORDER BY r.period DESC, r.revision DESC LIMIT 1) AS report_id
  FROM {t["project"]} p JOIN unit_domain ud ON ud.id = p.org_unit_id
  WHERE {scope}
),
booked AS (
  SELECT b.project_id, SUM(b.amount) AS budget, SUM(b.actual) AS actuals
  FROM {t["budget"]} b JOIN scope_projects sp ON sp.id = b.project_id
  GROUP BY b.project_id
)
SELECT sp.domain_id, sp.programme_id, sp.phase, COALESCE(r.rag_overall, '') AS colour,
  COUNT(*),
  SUM(CASE WHEN r.is_exception THEN 1 ELSE 0 END),
  SUM(COALESCE(bk.budget, 0)),
  SUM(COALESCE(r.forecast_cost, 0)),
  SUM(COALESCE(r.actual_cost, bk.actuals, 0)),
  {_colour_columns()}
FROM scope_projects sp
LEFT JOIN {t["report"]} r ON r.id = sp.report_id
LEFT JOIN booked bk ON bk.project_id = sp.id
GROUP BY sp.domain_id, sp.programme_id, sp.phase, COALESCE(r.rag_overall, '')
"""
    by_year = f"""
WITH {unit_domain}
SELECT ud.domain_id, b.year, SUM(b.amount), SUM(COALESCE(b.actual, 0))
FROM {t["budget"]} b
JOIN {t["project"]} p ON p.id = b.project_id
JOIN unit_domain ud ON ud.id = p.org_unit_id
WHERE {scope}
GROUP BY ud.domain_id, b.year
"""
    return cube, by_year


def _blank() -> dict:
    return {
        "projects": 0,
        "red": 0,
        "exceptions": 0,
        "rag": defaultdict(int),
        "phases": defaultdict(int),
        "budget": 0.0,
        "eac": 0.0,
        "actuals": 0.0,
    }


def aggregates(period: dt.date, as_of: dt.date) -> dict:
    """The two statements, then the roll-up of the cube in Python."""
    from django.db import connection

    cube_sql, year_sql = statements()
    params = _params(period, as_of)
    with connection.cursor() as cursor:
        cursor.execute(cube_sql, params)
        cube = cursor.fetchall()
        cursor.execute(year_sql, params)
        years = cursor.fetchall()
    domains: dict = defaultdict(_blank)
    programmes: dict = defaultdict(_blank)
    total = _blank()
    dimensions = {d: dict.fromkeys(COLOURS, 0) for d in ("rag_overall", *OTHER_DIMENSIONS)}
    for row in cube:
        domain, programme, phase, colour, count, exceptions, budget, eac, actuals = row[:9]
        for group in (domains[domain], programmes[(domain, programme)], total):
            group["projects"] += count
            group["red"] += count if colour == "rood" else 0
            group["exceptions"] += exceptions
            group["rag"][colour] += count
            group["phases"][phase] += count
            group["budget"] += float(budget or 0)
            group["eac"] += float(eac or 0)
            group["actuals"] += float(actuals or 0)
        dimensions["rag_overall"][colour] += count
        for index, (dimension, shade) in enumerate(
            (d, c) for d in OTHER_DIMENSIONS for c in COLOURS
        ):
            dimensions[dimension][shade] += row[9 + index]
    return {
        "domains": dict(domains),
        "programmes": dict(programmes),
        "total": total,
        "rag_by_dimension": dimensions,
        "budget_by_year": sorted(
            (domain, year, float(budget or 0), float(actuals or 0))
            for domain, year, budget, actuals in years
        ),
        "cube_rows": len(cube),
    }


def timed_bound(period: dt.date, as_of: dt.date, runs: int, warmup: int = 1) -> tuple[dict, dict]:
    """(timings, the aggregates of the last run)."""
    for _ in range(warmup):
        found = aggregates(period, as_of)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        found = aggregates(period, as_of)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs": runs,
        "statements": 2,
        "cube_rows": found["cube_rows"],
    }, found


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.011 + 1e-9 * abs(b)


def differences(found: dict, snapshot) -> list[str]:
    """Where the SQL aggregates and the stored snapshot disagree (empty: the same)."""
    problems: list[str] = []

    def compare(label: str, sql: dict, stored: dict) -> None:
        for key in ("projects", "red", "exceptions"):
            if sql[key] != stored[key]:
                problems.append(f"{label} {key}: sql {sql[key]} stored {stored[key]}")
        for key in ("budget", "eac", "actuals"):
            if not _close(sql[key], stored[key]):
                problems.append(f"{label} {key}: sql {sql[key]:.2f} stored {stored[key]:.2f}")
        for key in ("rag", "phases"):
            if key in stored:
                mine = {k: v for k, v in sql[key].items() if v}
                if mine != {k: v for k, v in stored[key].items() if v}:
                    problems.append(f"{label} {key}: sql {mine} stored {stored[key]}")

    figures, tiles = snapshot.figures, snapshot.tiles
    stored_domains = {d["id"]: d for d in figures["domains"]}
    if set(stored_domains) != set(found["domains"]):
        problems.append(f"domains: sql {sorted(found['domains'])} stored {sorted(stored_domains)}")
    for domain, sql in found["domains"].items():
        if domain in stored_domains:
            compare(f"domain {domain}", sql, stored_domains[domain])
    stored_programmes = {(p["domain_id"], p["id"]): p for p in figures["programmes"]}
    if set(stored_programmes) != set(found["programmes"]):
        problems.append("programmes: different groups")
    for key, sql in found["programmes"].items():
        if key in stored_programmes:
            compare(f"programme {key}", sql, stored_programmes[key])
    compare("tiles", found["total"], tiles)
    for dimension, colours in found["rag_by_dimension"].items():
        stored = figures["rag_by_dimension"].get(dimension, {})
        if {k: v for k, v in colours.items() if v} != {k: v for k, v in stored.items() if v}:
            problems.append(f"rag_by_dimension {dimension}: sql {colours} stored {stored}")
    stored_years = sorted(
        (line["domain_id"], line["year"], line["budget"], line["actuals"])
        for line in figures["budget_by_year"]
    )
    if len(stored_years) != len(found["budget_by_year"]) or not all(
        a[:2] == b[:2] and _close(a[2], b[2]) and _close(a[3], b[3])
        for a, b in zip(found["budget_by_year"], stored_years, strict=False)
    ):
        problems.append("budget_by_year differs")
    return problems
