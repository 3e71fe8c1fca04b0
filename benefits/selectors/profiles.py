"""Reads of the baten that pages, API, exports and (later) snapshots share.

The overview's figures come from the progress the services keep on each profile, so the
totals are one aggregate query and the list one query, at any number of benefits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from pmo.access import get_visible_or_404
from portfolio.status.rules.rag import BenefitFact

from ..models import ACTIVE_STATUSES as ACTIVE
from ..models import Benefit, Contribution, Measurement, PlannedValue
from ..rules import yearly
from ..rules.realisation import Point

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
UNMEASURED_SHOWN = 20


def benefit_list(*, user, today: dt.date) -> QuerySet[Benefit]:
    """The register's rows, each knowing whether nobody measures it (`overdue`)."""
    return (
        Benefit.objects.visible_to(user)
        .select_related("owner", "programme", "portfolio")
        .annotate(overdue=ExpressionWrapper(unmeasured_q(today), output_field=BooleanField()))
    )


def unmeasured_q(today: dt.date) -> Q:
    """An active benefit whose next measurement is overdue: nobody measures it."""
    return Q(status__in=ACTIVE, due_on__lt=today)


def measured_q(today: dt.date) -> Q:
    return Q(status__in=ACTIVE, due_on__gte=today)


@dataclass(frozen=True)
class Totals:
    benefits: int
    on_track: int
    behind: int
    unmeasured: int
    planned: Decimal  # € of the financial benefits, dis-benefits counted against
    realised: Decimal

    @property
    def realised_pct(self) -> Decimal | None:
        return None if not self.planned else self.realised / self.planned * 100


def _totals_aggregates(today: dt.date) -> dict:
    on_time = measured_q(today)
    return {
        "benefits": Count("pk"),
        "on_track": Count("pk", filter=on_time & Q(track=Benefit.Track.ON_TRACK)),
        "behind": Count("pk", filter=on_time & Q(track=Benefit.Track.BEHIND)),
        "unmeasured": Count("pk", filter=unmeasured_q(today)),
        "planned": Coalesce(Sum("planned_amount"), ZERO),
        "realised": Coalesce(Sum("realised_amount"), ZERO),
    }


def totals(benefits: QuerySet[Benefit], today: dt.date) -> Totals:
    """The headline figures of `benefits`, in one query."""
    return Totals(**benefits.aggregate(**_totals_aggregates(today)))


def totals_by_programme(benefits: QuerySet[Benefit], today: dt.date) -> list[dict]:
    """The same figures per programme (no programme last), one query."""
    rows = (
        benefits.order_by()
        .values("programme", "programme__name", "programme__code")
        .annotate(**_totals_aggregates(today))
        .order_by(F("programme__name").asc(nulls_last=True))
    )
    return [
        {**row, "totals": Totals(**{k: row[k] for k in Totals.__annotations__})} for row in rows
    ]


def totals_by_objective(benefits: QuerySet[Benefit], today: dt.date) -> list[dict]:
    """The same figures per strategic objective the benefits serve, one query. A benefit
    serving two objectives counts under both; one serving none under "no objective"."""
    rows = (
        benefits.order_by()
        .values("objectives", "objectives__name", "objectives__framework__name")
        .annotate(**_totals_aggregates(today))
        .order_by(F("objectives__name").asc(nulls_last=True), "objectives")
    )
    return [
        {**row, "totals": Totals(**{k: row[k] for k in Totals.__annotations__})} for row in rows
    ]


def programme_totals(*, user, programme, today: dt.date) -> Totals:
    """The headline figures of a programme's benefits that the user may see."""
    return totals(Benefit.objects.visible_to(user).filter(programme=programme), today)


def unmeasured(benefits: QuerySet[Benefit], today: dt.date) -> QuerySet[Benefit]:
    """Benefits nobody measures, longest overdue first, with their owner."""
    return benefits.filter(unmeasured_q(today)).order_by("due_on", "pk")


def benefit_detail(*, user, pk: int) -> Benefit:
    queryset = Benefit.objects.select_related("owner", "portfolio", "programme", "approved_by")
    return get_visible_or_404(queryset, user, pk=pk)


def benefit_contributions(benefit: Benefit) -> QuerySet[Contribution]:
    return benefit.contributions.select_related("project")


def benefit_measurements(benefit: Benefit) -> QuerySet[Measurement]:
    return benefit.measurements.select_related("recorded_by").order_by("measured_on")


def project_benefits(*, user, project) -> QuerySet[Contribution]:
    """The benefits attributed to a project that the user may see, with its share."""
    return (
        Contribution.objects.filter(project=project, benefit__in=Benefit.objects.visible_to(user))
        .select_related("benefit", "benefit__owner")
        .order_by("benefit__name")
    )


def share_totals(contributions, today: dt.date) -> Totals:
    """The headline figures of a project's attributed benefits, from the contributions
    already read (`project_benefits`): counted as the register counts them, the € amounts
    for the project's share. No query."""
    on_track = behind = unmeasured = 0
    planned = realised = Decimal(0)
    for contribution in contributions:
        benefit, share = contribution.benefit, contribution.share / 100
        if benefit.status in ACTIVE and benefit.due_on is not None:
            if benefit.due_on < today:
                unmeasured += 1
            elif benefit.track == Benefit.Track.ON_TRACK:
                on_track += 1
            elif benefit.track == Benefit.Track.BEHIND:
                behind += 1
        planned += (benefit.planned_amount or 0) * share
        realised += (benefit.realised_amount or 0) * share
    return Totals(
        benefits=len(contributions),
        on_track=on_track,
        behind=behind,
        unmeasured=unmeasured,
        planned=planned.quantize(Decimal("0.01")),
        realised=realised.quantize(Decimal("0.01")),
    )


def project_benefit_facts(project, *, today: dt.date) -> list[BenefitFact]:
    """The progress of the benefits attributed to `project` that are still being
    realised, as the plain facts the status report's baten proposal takes (registered
    with portfolio.status.providers in apps.py). Overdue is `unmeasured_q` seen from the
    attribution. One query; whoever asks, every attributed benefit counts."""
    rows = (
        Contribution.objects.filter(project=project, benefit__status__in=ACTIVE)
        .annotate(
            overdue=ExpressionWrapper(Q(benefit__due_on__lt=today), output_field=BooleanField())
        )
        .order_by("pk")
        .values_list("share", "benefit__track", "overdue")
    )
    return [
        BenefitFact(share=share, track=track, overdue=bool(late)) for share, track, late in rows
    ]


# A business case counts on the benefits still expected or realised, not on those that
# lapsed or failed.
NOT_COUNTED = (Benefit.Status.CANCELLED, Benefit.Status.NOT_REALISED)


@dataclass(frozen=True)
class YearlyBenefits:
    """The € per year a project's business case counts on (benefits/rules/yearly.py)."""

    amounts: dict[int, Decimal]  # year → €, the attributed share, dis-benefits against
    profiles: int  # financial profiles counted
    without_plan: int  # financial profiles attributed without baseline and target yet


def project_yearly_benefits(project) -> YearlyBenefits:
    """The attributed financial profiles' planned amounts per year, for the gate's
    business case. Two queries whatever there is (the attributions with their profile,
    the plan points of those profiles); whoever asks, every attributed profile counts."""
    contributions = (
        Contribution.objects.filter(project=project)
        .exclude(benefit__category=Benefit.Category.NON_FINANCIAL)
        .exclude(benefit__status__in=NOT_COUNTED)
        .select_related("benefit")
        .order_by("pk")
    )
    points: dict[int, list[Point]] = {}
    for benefit_id, day, value in PlannedValue.objects.filter(
        benefit__in=contributions.values("benefit")
    ).values_list("benefit", "date", "value"):
        points.setdefault(benefit_id, []).append(Point(day, value))
    plans, without_plan = [], 0
    for contribution in contributions:
        benefit = contribution.benefit
        if None in (
            benefit.baseline_date,
            benefit.baseline_value,
            benefit.target_date,
            benefit.target_value,
        ):
            without_plan += 1
            continue
        plans.append(
            yearly.FinancialPlan(
                share=contribution.share,
                baseline=Point(benefit.baseline_date, benefit.baseline_value),
                target=Point(benefit.target_date, benefit.target_value),
                planned=points.get(benefit.pk, []),
                disbenefit=benefit.kind == Benefit.Kind.DISBENEFIT,
            )
        )
    return YearlyBenefits(
        amounts=yearly.attributed_per_year(plans), profiles=len(plans), without_plan=without_plan
    )
