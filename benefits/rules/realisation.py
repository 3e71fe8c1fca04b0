"""How far a benefit is realised, and how far it should be by now.

Model. A benefit runs from its baseline (value b at date d0) to its target (value t at
date d1), through the planned values in between (the realisation plan). The realisation
of a measured value v is (v − b) / (t − b) × 100 %. The direction (higher or lower is
better) is kept by requiring t above b for "higher" and below b for "lower", so the same
formula gives 100 % at the target either way and a negative percentage for a move the
wrong way; t = b leaves it undefined and is refused when the profile is saved.

The plan's value on a day is the straight line between the two plan points around it
(baseline, planned values, target in date order); before the baseline it is b, after the
target t. A measured benefit is *behind* when its realisation lies more than
`BEHIND_MARGIN` percentage points under the plan's on the day it was measured, else *on
track*. A measurement is due `frequency` months after the last one (or after the
baseline, before the first); past that day nobody measures it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

BEHIND_MARGIN = Decimal(10)
ON_TRACK, BEHIND = "op-koers", "achter"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: Decimal


@dataclass(frozen=True)
class Progress:
    realisation: Decimal | None  # % of the way from baseline to target
    expected: Decimal | None  # % the plan expects on the day of the last measurement
    track: str  # ON_TRACK, BEHIND or "" (not measured)
    planned_amount: Decimal | None  # € of a financial benefit, negative for a dis-benefit
    realised_amount: Decimal | None


def realisation_pct(baseline: Decimal | None, target: Decimal | None, value: Decimal | None):
    """(value − baseline) / (target − baseline) × 100, or None when undefined."""
    if baseline is None or target is None or value is None or target == baseline:
        return None
    return (value - baseline) / (target - baseline) * HUNDRED


def plan_value(day: dt.date, plan: Sequence[Point]) -> Decimal | None:
    """The plan's value on `day`: linear between the points around it, flat outside."""
    points = sorted(plan, key=lambda point: point.date)
    if not points:
        return None
    if day <= points[0].date:
        return points[0].value
    for before, after in zip(points, points[1:], strict=False):
        if day <= after.date:
            span = (after.date - before.date).days
            if span == 0:
                return after.value
            part = Decimal((day - before.date).days) / Decimal(span)
            return before.value + (after.value - before.value) * part
    return points[-1].value


def progress(
    *,
    baseline: Point | None,
    target: Point | None,
    planned: Sequence[Point] = (),
    last: Point | None,
    financial: bool,
    disbenefit: bool,
) -> Progress:
    if baseline is None or target is None:
        return Progress(None, None, "", None, None)
    realised = realisation_pct(baseline.value, target.value, last.value if last else None)
    expected = None
    if last is not None:
        inside = [p for p in planned if baseline.date < p.date < target.date]
        expected_value = plan_value(last.date, [baseline, *inside, target])
        expected = realisation_pct(baseline.value, target.value, expected_value)
    track = ""
    if realised is not None and expected is not None:
        track = BEHIND if realised < expected - BEHIND_MARGIN else ON_TRACK
    planned_amount = realised_amount = None
    if financial and target.value != baseline.value:
        planned_amount = abs(target.value - baseline.value) * (-1 if disbenefit else 1)
        if realised is not None:
            realised_amount = planned_amount * realised / HUNDRED
    return Progress(
        realisation=_round(realised),
        expected=_round(expected),
        track=track,
        planned_amount=_cents(planned_amount),
        realised_amount=_cents(realised_amount),
    )


def due_on(*, last: dt.date | None, baseline: dt.date | None, start: dt.date, months: int):
    """The day the next measurement is due: `months` after the last one, or after the
    baseline (else `start`, the day the profile was made) before the first."""
    return add_months(last or baseline or start, months)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))
