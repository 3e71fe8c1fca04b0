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

from .models import ACTIVE_STATUSES as ACTIVE
from .models import Benefit, Contribution, Measurement

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
