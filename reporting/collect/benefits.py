"""The baten of a snapshot: the € each project counts on and has realised by the period,
its ESG themes, and the scope's totals.

A benefit's € amounts follow benefits/rules/realisation.py `progress`, the rule the
services keep `planned_amount` and `realised_amount` by (benefits/selectors/profiles.py
`Totals` sums those): planned is the whole way from baseline to target of a financial
benefit (a dis-benefit counted against), realised is that share of it the last
measurement reached. The kept amounts are today's; a snapshot of an earlier period needs
the last measurement *as of* that period, so it is read here beside the profile and the
same rule is applied to it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery

from benefits.models import Benefit, Contribution, Measurement
from benefits.rules import realisation

from . import BuildContext

CENTS = Decimal("0.01")
HUNDRED = Decimal(100)
# The profile's fields the rule takes, as named on Benefit.
PROFILE = ("kind", "category", "baseline_date", "baseline_value", "target_date", "target_value")


def _last_measurement(benefit_ref: str, as_of) -> dict:
    """The value and day of the benefit's newest measurement on or before `as_of`, as
    annotations (one index lookup per row: a measurement is unique per benefit and day)."""
    newest = Measurement.objects.filter(
        benefit=OuterRef(benefit_ref), measured_on__lte=as_of
    ).order_by("-measured_on")[:1]
    return {
        "value_then": Subquery(newest.values("value")),
        "measured_then": Subquery(newest.values("measured_on")),
    }


def _amounts(profile: dict) -> tuple[Decimal, Decimal]:
    """(planned €, realised €) of one benefit by the realisation rule; 0 where the rule
    gives none (non-financial, no baseline or target, not measured yet)."""
    if profile["category"] == Benefit.Category.NON_FINANCIAL:
        return Decimal(0), Decimal(0)  # no € by the rule: spare it the arithmetic

    def point(day, value):
        return realisation.Point(day, value) if day and value is not None else None

    result = realisation.progress(
        baseline=point(profile["baseline_date"], profile["baseline_value"]),
        target=point(profile["target_date"], profile["target_value"]),
        last=point(profile["measured_then"], profile["value_then"]),
        financial=profile["category"] != Benefit.Category.NON_FINANCIAL,
        disbenefit=profile["kind"] == Benefit.Kind.DISBENEFIT,
    )
    return result.planned_amount or Decimal(0), result.realised_amount or Decimal(0)


def _attributed(ctx: BuildContext) -> QuerySet[Benefit]:
    """The benefits attributed to at least one of the scope's projects."""
    shares = Contribution.objects.filter(project__in=ctx.projects().values("pk"))
    return Benefit.objects.filter(pk__in=shares.values("benefit"))


def project_benefits(ctx: BuildContext) -> dict[int, dict]:
    """project id → {"benefits_planned", "benefits_realised" (Decimal €, the project's
    share as `share_totals` counts it), "esg_themes" (sorted keys)}, for the projects with
    a benefit attributed; the others are absent. One query."""
    rows = (
        Contribution.objects.filter(project__in=ctx.projects().values("pk"))
        .annotate(**_last_measurement("benefit", ctx.as_of))
        .order_by()
        .values(
            "project_id",
            "benefit_id",
            "share",
            "benefit__esg_theme",
            "value_then",
            "measured_then",
            *(f"benefit__{name}" for name in PROFILE),
        )
    )
    amounts: dict[int, tuple[Decimal, Decimal]] = {}
    planned: dict[int, Decimal] = defaultdict(Decimal)
    realised: dict[int, Decimal] = defaultdict(Decimal)
    themes: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        benefit = row["benefit_id"]
        if benefit not in amounts:  # a benefit shared by several projects: once
            profile = {name: row[f"benefit__{name}"] for name in PROFILE}
            profile.update(value_then=row["value_then"], measured_then=row["measured_then"])
            amounts[benefit] = _amounts(profile)
        share = row["share"] / HUNDRED
        project = row["project_id"]
        planned[project] += amounts[benefit][0] * share
        realised[project] += amounts[benefit][1] * share
        if row["benefit__esg_theme"]:
            themes[project].add(row["benefit__esg_theme"])
    return {
        project: {
            "benefits_planned": planned[project].quantize(CENTS),
            "benefits_realised": realised[project].quantize(CENTS),
            "esg_themes": sorted(themes[project]),
        }
        for project in planned
    }


def esg_counts(ctx: BuildContext) -> dict[str, int]:
    """ESG theme → the number of the scope's benefits with that theme (each benefit once,
    however many of the scope's projects it is attributed to). One query."""
    rows = (
        _attributed(ctx)
        .exclude(esg_theme="")
        .order_by()
        .values_list("esg_theme")
        .annotate(count=Count("pk"))
    )
    return dict(sorted(rows))


def benefit_totals(ctx: BuildContext) -> dict:
    """{"planned", "realised" (float €), "pct" (realised of planned, None without a
    planned amount)} of the benefits attributed to the scope's projects, each benefit
    whole and once, as `totals` sums a register. One query."""
    rows = (
        _attributed(ctx)
        .exclude(category=Benefit.Category.NON_FINANCIAL)  # no € to add
        .annotate(**_last_measurement("pk", ctx.as_of))
        .order_by()
        .values(*PROFILE, "value_then", "measured_then")
    )
    planned = realised = Decimal(0)
    for row in rows:
        amount, reached = _amounts(row)
        planned += amount
        realised += reached
    return {
        "planned": float(planned.quantize(CENTS)),
        "realised": float(realised.quantize(CENTS)),
        # Totals.realised_pct: undefined without a planned amount.
        "pct": None if not planned else round(float(realised / planned * HUNDRED), 1),
    }
