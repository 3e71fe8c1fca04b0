"""The risks of a snapshot: each project's exposure, the scope's risicokaart and top
threats, and its weerstandsvermogen from the newest simulation.

Which threats count. The register's selectors (risks/selectors/risks.py `open_risks`)
take what is open today; a snapshot of an earlier period takes what was open at its
end, by the rule of `risk_trend` (risks/selectors/resistance.py): raised by then and not
closed by then (a closed risk without a closing day, which no service leaves, counts as
closed). Scores and expected values are today's, as there (the register keeps their
history in the audit, not per month). A scope's risks are those of its projects, and
for a whole organisation, a portfolio or a programme also the risks raised at that
level without a project.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from portfolio.projects.models import Portfolio
from risks.models import Risk, Simulation
from risks.rules.heatmap import heat_map
from risks.selectors.risks import TOP_RISKS

from . import BuildContext

SCALE = 5


def open_at(as_of: dt.date) -> Q:
    """A risk open at the end of `as_of`: raised by then, and open now or closed after."""
    return Q(raised_on__lte=as_of) & (Q(status=Risk.Status.OPEN) | Q(closed_on__gt=as_of))


def _level_risks(scope) -> Q | None:
    """The risks without a project that belong to the scope's own level."""
    from reporting.models import Scope

    if scope.kind == Scope.Kind.ORGANISATION:
        return Q(project__isnull=True)
    if scope.kind == Scope.Kind.PORTFOLIO:
        return Q(project__isnull=True, portfolio_id=scope.portfolio_id)
    if scope.kind == Scope.Kind.PROGRAMME:
        return Q(project__isnull=True, programme_id=scope.programme_id)
    return None  # an org unit has no register of its own


def scope_threats(ctx: BuildContext, *, with_level: bool = True) -> QuerySet[Risk]:
    """The scope's threats open at the snapshot's day."""
    where = Q(project__in=ctx.projects().values("pk"))
    level = _level_risks(ctx.scope) if with_level else None
    if level is not None:
        where |= level
    return Risk.objects.filter(where, open_at(ctx.as_of), kind=Risk.Kind.THREAT).order_by()


def risk_exposure(ctx: BuildContext) -> dict[int, Decimal]:
    """project id → the summed expected value (€) of its open threats, for the projects
    with a threat that has one; an opportunity is no exposure. One query."""
    rows = (
        scope_threats(ctx, with_level=False)
        .filter(expected_value__isnull=False)
        .values_list("project_id")
        .annotate(total=Sum("expected_value"))
    )
    return dict(rows)


def risk_map(ctx: BuildContext) -> dict:
    """figures["risks"]: the residual risicokaart of the open threats as
    [probability, money class, count] cells (those with a count; threats without a
    financial effect have no cell), their total expected value, and the largest ten.
    Two queries."""
    threats = scope_threats(ctx)
    # Grouped as the register's risicokaart groups (risk_heat_map), with the € per group.
    grouped = list(
        threats.values_list(
            "inherent_probability", "inherent_money", "residual_probability", "residual_money"
        ).annotate(count=Count("pk"), exposure=Sum("expected_value"))
    )
    residual = heat_map(row[:5] for row in grouped).residual
    cells = [
        [cell.probability, cell.money, cell.count]
        for row in residual.rows
        for cell in row.cells
        if cell.count
    ]
    exposure = sum((row[5] or Decimal(0) for row in grouped), Decimal(0))
    # As `top_risks`: the open threats with the largest expected value.
    top = (
        threats.filter(expected_value__isnull=False)
        .order_by("-expected_value", "pk")
        .values_list("project__code", "title", "expected_value")[:TOP_RISKS]
    )
    return {
        "scale": SCALE,
        "cells": sorted(cells, key=lambda c: (-c[0], c[1])),
        "exposure": _money(exposure),
        "top": [
            {"project": code, "title": title, "expected_value": _money(value)}
            for code, title, value in top
        ],
    }


def _money(value) -> float:
    return round(float(value or 0), 2)


def _run_filter(ctx: BuildContext) -> Q | None:
    """Whose simulation is the scope's weerstandsvermogen (None: it has none)."""
    from reporting.models import Scope

    scope = ctx.scope
    if scope.kind == Scope.Kind.PORTFOLIO:
        return Q(portfolio_id=scope.portfolio_id, org_unit__isnull=True)
    if scope.kind == Scope.Kind.ORG_UNIT:
        return Q(org_unit_id=scope.org_unit_id)
    if scope.kind == Scope.Kind.ORGANISATION:
        # The organisation's position is its portfolio's, when there is exactly one.
        only = list(Portfolio.objects.order_by("pk").values_list("pk", flat=True)[:2])
        return Q(portfolio_id=only[0], org_unit__isnull=True) if len(only) == 1 else None
    return None  # a programme has no weerstandscapaciteit of its own


def resistance(ctx: BuildContext) -> dict | None:
    """figures["resistance"] from the newest finished simulation of the scope by the
    snapshot's day, as the weerstandsvermogen page shows its newest run (`runs`): the run's
    amounts and its class, taken by risks/rules/resistance.py when it ran (at the policy's
    certainty, and at each certainty it holds). None without such a run, or when the run
    had no beschikbare capaciteit to set against the need. At most two queries."""
    where = _run_filter(ctx)
    if where is None:
        return None
    run = (
        Simulation.objects.filter(
            where, state=Simulation.State.DONE, finished_at__date__lte=ctx.as_of
        )
        .order_by("-started_at", "-pk")
        .values("available", "required", "ratio", "rating", "certainty", "finished_at", "results")
        .first()
    )
    if run is None or run["available"] is None:
        return None
    levels = [
        {
            "certainty_pct": round(float(level["certainty"]) * 100, 1),
            "required": _money(level["amount"]),
            "ratio": level.get("ratio"),
            "class": level.get("rating", ""),
        }
        for level in (run["results"] or {}).get("required", [])
    ]
    return {
        "available": _money(run["available"]),
        "required": _money(run["required"]),
        "ratio": None if run["ratio"] is None else float(run["ratio"]),
        "class": run["rating"],
        "certainty_pct": float(run["certainty"]),
        "run_at": timezone.localdate(run["finished_at"]).isoformat(),
        "levels": levels,
    }
