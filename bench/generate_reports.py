"""Months of submitted status reports for the bench projects (bench/generate.py).

Each project follows a trend (improving, stable, worsening) from mostly green; one or two
"problem" dimensions carry its amber or red. The reports draw from their own random
stream, so the projects a seed gives are the same with or without reports.
"""

import datetime as dt
import random
from decimal import Decimal

from bench.generate_names import BATCH, TODAY

# Texts of the generated reports (the form carries next_plans and explanations over).
REPORT_TEXTS = {
    "achievements": [
        "Ontwerp afgerond en besproken met de stuurgroep.",
        "Aanbesteding gepubliceerd; vragenronde gesloten.",
        "Eerste oplevering getest met gebruikers.",
        "Vergunning aangevraagd, overleg met omwonenden gevoerd.",
        "Migratie van gegevens proefgedraaid.",
    ],
    "next_plans": [
        "Gunning en start uitvoering.",
        "Tweede oplevering en acceptatietest.",
        "Afronden ontwerp en besluitvorming.",
        "Communicatie naar bewoners en start werkzaamheden.",
        "Overdracht aan de beheerorganisatie voorbereiden.",
    ],
}
EXPLANATION = {
    "cause": "Vertraging bij leverancier en krapte in capaciteit.",
    "effect": "Mijlpaal schuift enkele weken op.",
    "measure": "Extra capaciteit ingehuurd; planning wekelijks bewaakt.",
}


# Per trend and state: chance per month to get one step worse, one step better.
TRANSITIONS = {
    "improving": {0: (0.02, 0.0), 1: (0.03, 0.40), 2: (0.0, 0.35)},
    "stable": {0: (0.05, 0.0), 1: (0.06, 0.25), 2: (0.0, 0.20)},
    "worsening": {0: (0.12, 0.0), 1: (0.15, 0.10), 2: (0.0, 0.08)},
}


def _month_shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def report_periods(months: int, before: dt.date | None = None) -> list[dt.date]:
    """First days of the `months` months before the month of `before` (default: today),
    oldest first."""
    if before is None:
        from django.utils import timezone

        before = timezone.localdate()
    current = before.replace(day=1)
    return [_month_shift(current, -k) for k in range(months, 0, -1)]


def _build_reports(
    project_rows, plans, budget_totals, managers, periods, rng: random.Random
) -> list:
    """M monthly, submitted, current reports per project with drifting colours."""
    from django.utils import timezone

    from portfolio.status.models import StatusReport
    from portfolio.status.rules.rag import AMBER, GREEN, RED

    colours = (GREEN, AMBER, RED)
    dimensions = ["time", "cost", "scope", "quality", "risk", "benefits"]
    tz = timezone.get_current_timezone()
    reports = []
    for project, (_start, end), budget, manager in zip(
        project_rows, plans, budget_totals, managers, strict=True
    ):
        # The project's state (0 green, 1 amber, 2 red) moves month by month along its
        # trend; the overall colour is that state, one or two "problem" dimensions carry
        # it, the others stay green with an occasional amber. About 70/20/10 % overall.
        trend = rng.choices(list(TRANSITIONS), [2, 6, 2])[0]
        state = rng.choices([0, 1, 2], [78, 16, 6])[0]
        problems = rng.sample(dimensions, rng.choice([1, 1, 2]))
        progress = rng.randint(0, 35)
        for period in periods:
            up, down = TRANSITIONS[trend][state]
            roll = rng.random()
            state = (
                min(state + 1, 2) if roll < up else max(state - 1, 0) if roll < up + down else state
            )
            health = {
                d: state if d in problems else (1 if rng.random() < 0.04 else 0) for d in dimensions
            }
            rag = {d: colours[health[d]] for d in dimensions}
            overall = colours[max(state, 1 if sum(health.values()) >= 2 else 0)]
            progress = min(100, progress + rng.randint(2, 9))
            # Consistent with the default tolerances (30 days, 10 %): the proposal matches.
            slip_days = {0: rng.randint(-10, 10), 1: rng.randint(16, 30), 2: rng.randint(60, 150)}
            forecast_end = (end if end else TODAY) + dt.timedelta(days=slip_days[health["time"]])
            cost_factor = {0: "1.00", 1: "1.07", 2: "1.18"}[health["cost"]]
            submitted_day = _month_shift(period, 1) + dt.timedelta(days=rng.randint(0, 6))
            reports.append(
                StatusReport(
                    project_id=project.pk,
                    period=period,
                    revision=1,
                    is_current=True,
                    state=StatusReport.State.SUBMITTED,
                    **{f"rag_{d}": rag[d] for d in dimensions},
                    rag_overall=overall,
                    proposed_rag_time=rag["time"],
                    proposed_rag_cost=rag["cost"] if budget else "",
                    explanations={d: dict(EXPLANATION) for d in dimensions if rag[d] != GREEN},
                    progress_pct=progress,
                    forecast_end=forecast_end,
                    forecast_cost=(budget * Decimal(cost_factor)).quantize(Decimal("0.01"))
                    if budget
                    else None,
                    achievements=rng.choice(REPORT_TEXTS["achievements"]),
                    next_plans=rng.choice(REPORT_TEXTS["next_plans"]),
                    is_exception=health["time"] == 2 or health["cost"] == 2,
                    created_by_id=manager,
                    submitted_by_id=manager,
                    submitted_at=dt.datetime.combine(submitted_day, dt.time(10, 0), tzinfo=tz),
                    version=2,
                )
            )
    return reports


def insert_reports(
    project_rows, plans, budget_totals, *, seed: int, months: int, before: dt.date | None
) -> tuple[int, list[dt.date]]:
    """Insert `months` reports per project; returns how many, and their periods."""
    from portfolio.status.models import StatusReport
    from portfolio.status.services import current_reports_refresh

    periods = report_periods(months, before)
    # Own random stream: the projects stay identical with or without reports.
    rng = random.Random(seed * 7919 + months)
    managers = [p.manager_id or p.sponsor_id for p in project_rows]
    count = 0
    # Built and inserted per slice of projects, so memory stays flat at 10,000+.
    step = max(1, 5 * BATCH // months)
    for first in range(0, len(project_rows), step):
        chunk = slice(first, first + step)
        reports = _build_reports(
            project_rows[chunk],
            plans[chunk],
            budget_totals[chunk],
            managers[chunk],
            periods,
            rng,
        )
        StatusReport.objects.bulk_create(reports, batch_size=BATCH)
        count += len(reports)
    # The roll-up reads Project.current_report, which the report services keep.
    current_reports_refresh(project_ids=[p.pk for p in project_rows])
    return count, periods
