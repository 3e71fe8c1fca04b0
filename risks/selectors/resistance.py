"""Reads of the weerstandsvermogen: the scopes (portfolio, org unit), their capacity
statements and simulations; and the register's trend per month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from portfolio.projects.models import OrgUnit, Portfolio

from ..models import CapacityStatement, Risk, Simulation

HISTORY = 12  # runs shown in the trend of the ratio
TREND_MONTHS = 12


def portfolios() -> QuerySet[Portfolio]:
    return Portfolio.objects.order_by("name")


def org_units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.order_by("path")


def statements(portfolio: Portfolio, org_unit: OrgUnit | None) -> QuerySet[CapacityStatement]:
    return (
        CapacityStatement.objects.filter(portfolio=portfolio, org_unit=org_unit)
        .prefetch_related("components")
        .order_by("-as_of", "-pk")
    )


def simulations(portfolio: Portfolio, org_unit: OrgUnit | None) -> QuerySet[Simulation]:
    return Simulation.objects.filter(portfolio=portfolio, org_unit=org_unit).select_related(
        "requested_by", "statement"
    )


@dataclass(frozen=True)
class Runs:
    shown: Simulation | None  # the newest finished run, or the one asked for by ?run=
    waiting: Simulation | None  # a newer run on its way
    failed: Simulation | None  # a newer run that failed
    history: list[Simulation]  # finished runs, oldest first, for the trend of the ratio


def runs(portfolio: Portfolio, org_unit: OrgUnit | None, *, shown_pk: int | None) -> Runs:
    """The runs the page shows, in two queries."""
    newest = list(simulations(portfolio, org_unit).order_by("-started_at", "-pk")[:HISTORY])
    done = [r for r in newest if r.state == Simulation.State.DONE]
    shown = next((r for r in newest if r.pk == shown_pk and r.state == r.State.DONE), None)
    if shown is None and shown_pk is not None:
        shown = simulations(portfolio, org_unit).filter(pk=shown_pk, state="klaar").first()
    shown = shown or (done[0] if done else None)
    later = [r for r in newest if shown is None or r.started_at > shown.started_at]
    return Runs(
        shown=shown,
        waiting=next((r for r in later if r.is_waiting), None),
        failed=next((r for r in later if r.state == Simulation.State.FAILED), None),
        history=list(reversed(done)),
    )


@dataclass(frozen=True)
class Month:
    month: dt.date  # first day
    open_risks: int  # open at the month's end
    expected: float  # their residual expected value (€), as scored today


def month_ends(today: dt.date, months: int = TREND_MONTHS) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of the last `months` calendar months, oldest first; this
    month's last day is today."""
    found, end = [], today
    for _ in range(months):
        start = end.replace(day=1)
        found.append((start, end))
        end = start - dt.timedelta(days=1)
    return list(reversed(found))


def risk_trend(risks: QuerySet[Risk], today: dt.date) -> list[Month]:
    """Open threats per month-end over the last year, in one aggregate query. A risk was
    open at a month's end when raised by then and not closed by then; its expected value
    is today's (the register keeps the history of scores in the audit, not per month)."""
    threats = risks.filter(kind=Risk.Kind.THREAT)
    periods = month_ends(today)
    aggregates = {}
    for index, (_start, end) in enumerate(periods):
        was_open = Q(raised_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        aggregates[f"n{index}"] = Count("pk", filter=was_open)
        aggregates[f"e{index}"] = Sum("expected_value", filter=was_open)
    totals = threats.order_by().aggregate(**aggregates)
    return [
        Month(start, totals[f"n{i}"] or 0, float(totals[f"e{i}"] or 0))
        for i, (start, _end) in enumerate(periods)
    ]
