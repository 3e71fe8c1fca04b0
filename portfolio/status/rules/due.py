"""Which periods a project still has to report on. Pure: dates in, dates out.

A period is due once it has ended; its report is due PMO_REPORT_DUE_DAYS after its last
day and overdue after that. A project reports on every period from the one it started
in; the project's report tab offers each ended period of the last twelve without a
submitted report, the newest first, and nothing once they are all in.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pmo.periods import period_end, period_start, shift


@dataclass(frozen=True)
class DuePeriod:
    period: dt.date
    due: dt.date
    overdue: bool
    has_draft: bool


def due_date(period: dt.date, *, months: int, due_days: int) -> dt.date:
    """The day by which the report on `period` is due; it is overdue the day after."""
    return period_end(period, months) + dt.timedelta(days=due_days)


def days_overdue(period: dt.date, *, today: dt.date, months: int, due_days: int) -> int:
    """How many days after its due date `today` is (0 while it is not overdue)."""
    return max((today - due_date(period, months=months, due_days=due_days)).days, 0)


def periods_due(
    *,
    today: dt.date,
    start: dt.date | None,
    reports: Iterable[tuple[dt.date, bool]],
    months: int,
    due_days: int,
    limit: int = 3,
    lookback: int = 12,
) -> list[DuePeriod]:
    """Ended periods since `start` without a submitted report, newest first: at most
    `limit` of them, from the last `lookback` periods (older gaps are the PMO's to
    chase, not a button). `reports` are (period, submitted) pairs of the project."""
    submitted: set[dt.date] = set()
    drafts: set[dt.date] = set()
    for period, is_submitted in reports:
        (submitted if is_submitted else drafts).add(period)
    first = period_start(start, months) if start else None
    found = []
    period = shift(period_start(today, months), -1, months)
    for _step in range(lookback):
        if len(found) == limit or (first is not None and period < first):
            break
        if period not in submitted:
            due = due_date(period, months=months, due_days=due_days)
            found.append(DuePeriod(period, due, today > due, period in drafts))
        period = shift(period, -1, months)
    return found
