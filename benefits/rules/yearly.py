"""The financial benefits per year that a business case counts on, from the profiles.

A financial profile plans its indicator (€) from the baseline (b on d0) to the target
(t on d1) along its realisation plan, the line through baseline, planned values and
target (`realisation.plan_value`). Its planned amount is the whole way, |t − b|, negative
for a dis-benefit (`realisation.progress`). That amount is spread over the calendar years
as the plan runs:

    amount(Y) = (plan(31-12-Y) − plan(31-12-(Y−1))) × sign(t − b) × (−1 for a dis-benefit)

that is, how far the plan moves towards the target during year Y, measured at the
year's end (31 December, the peildatum of the jaarrekening). The years run from the one
holding the first day after the baseline to the year of the target; before the baseline
and after the target the plan is flat, so together the years add up to the planned amount
exactly (before rounding). A plan that steps back for a while gives that year a negative
amount. Example: 0 on 31-12-2025 to € 200.000 on 31-12-2027, straight, is € 100.000 in
2026 and € 100.000 in 2027; a plan from 1-1-2026 moves 364 of its 729 days in 2026.

A project's figure for a year is the sum over its attributed financial profiles of the
attributed share × that profile's amount for the year, rounded to whole cents per year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .realisation import HUNDRED, Point, plan_value

CENT = Decimal("0.01")


@dataclass(frozen=True)
class FinancialPlan:
    """One financial profile attributed to a project, as plain values."""

    share: Decimal  # % attributed to the project
    baseline: Point
    target: Point
    planned: Sequence[Point] = ()
    disbenefit: bool = False


def yearly_amounts(
    *, baseline: Point, target: Point, planned: Sequence[Point] = (), disbenefit: bool = False
) -> dict[int, Decimal]:
    """The profile's planned amount per calendar year (see the module docstring);
    empty when the plan has no way to go (target on or before the baseline date, or
    the target value equal to the baseline's)."""
    if target.date <= baseline.date or target.value == baseline.value:
        return {}
    inside = [p for p in planned if baseline.date < p.date < target.date]
    plan = [baseline, *inside, target]
    sign = (1 if target.value > baseline.value else -1) * (-1 if disbenefit else 1)
    first = (baseline.date + dt.timedelta(days=1)).year
    amounts = {}
    for year in range(first, target.date.year + 1):
        start = plan_value(dt.date(year - 1, 12, 31), plan)
        end = plan_value(dt.date(year, 12, 31), plan)
        amounts[year] = (end - start) * sign
    return amounts


def attributed_per_year(plans: Sequence[FinancialPlan]) -> dict[int, Decimal]:
    """€ per year the project's business case counts on: each profile's yearly amount
    times its attributed share, summed over the profiles, in cents, years in order."""
    totals: dict[int, Decimal] = {}
    for plan in plans:
        amounts = yearly_amounts(
            baseline=plan.baseline,
            target=plan.target,
            planned=plan.planned,
            disbenefit=plan.disbenefit,
        )
        for year, amount in amounts.items():
            totals[year] = totals.get(year, Decimal(0)) + amount * plan.share / HUNDRED
    return {year: totals[year].quantize(CENT) for year in sorted(totals)}
