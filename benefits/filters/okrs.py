"""Filtering and sorting of the OKR register (pages, exports and the API share it)."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo.models import User
from pmo.periods import period_end, period_start, shift
from portfolio.projects.models import Portfolio

from ..models import Okr
from ..selectors.okrs import at_risk_q, in_period_q

RUNNING, COMING, PAST = "lopend", "komend", "afgelopen"
AT_RISK = (("ja", _("in gevarenzone (vertrouwen 4 of lager)")), ("nee", _("niet in gevarenzone")))


def quarter_key(day: dt.date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def _quarter(key: str) -> tuple[dt.date, dt.date] | None:
    year, _sep, number = key.partition("-K")
    if not (year.isdigit() and 1 <= int(year) <= 9998 and number in ("1", "2", "3", "4")):
        return None
    start = dt.date(int(year), (int(number) - 1) * 3 + 1, 1)
    return start, period_end(start, 3)


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """Running, coming, past, and the quarters from a year back to half a year ahead."""
    current = period_start(today, 3)
    quarters = [shift(current, n, 3) for n in range(-4, 3)]
    return [
        (RUNNING, _("lopend (vandaag binnen de periode)")),
        (COMING, _("komend")),
        (PAST, _("afgelopen")),
        *(
            (
                quarter_key(q),
                _("kwartaal %(number)s %(year)s")
                % {"number": (q.month - 1) // 3 + 1, "year": q.year},
            )
            for q in quarters
        ),
    ]


class OkrFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), field_name="title", lookup_expr="icontains")
    period = django_filters.ChoiceFilter(
        label=_("Periode"), choices=[], method="filter_period", empty_label=_("Alle periodes")
    )
    portfolio = django_filters.ModelChoiceFilter(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        empty_label=_("Alle portfolio's"),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Eigenaar"),
        queryset=User.objects.filter(owned_okrs__isnull=False)
        .distinct()
        .order_by("first_name", "last_name"),
        empty_label=_("Alle eigenaren"),
    )
    at_risk = django_filters.ChoiceFilter(
        label=_("Gevarenzone"), choices=AT_RISK, method="filter_at_risk", empty_label=_("Alle")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("title", "title"),
            ("owner__last_name", "owner"),
            ("period_start", "period"),
            ("progress", "progress"),
            ("confidence", "confidence"),
        ),
        field_labels={
            "title": _("Doel"),
            "owner__last_name": _("Eigenaar"),
            "period_start": _("Periode"),
            "progress": _("Voortgang"),
            "confidence": _("Vertrouwen"),
        },
    )

    class Meta:
        model = Okr
        fields = ["q", "period", "portfolio", "owner", "at_risk"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.filters["period"].extra["choices"] = period_choices(self.today)

    def filter_period(self, queryset, name, value):
        return in_period(queryset, value, self.today)

    def filter_at_risk(self, queryset, name, value):
        return at_risk(queryset, value == "ja")


def in_period(queryset, value: str, today: dt.date):
    """`lopend`, `komend`, `afgelopen`, or a quarter `2026-K4` (whose period overlaps it);
    anything else leaves the rows as they are."""
    if value == RUNNING:
        return queryset.filter(in_period_q(today))
    if value == COMING:
        return queryset.filter(period_start__gt=today)
    if value == PAST:
        return queryset.filter(period_end__lt=today)
    quarter = _quarter(value)
    if quarter is None:
        return queryset
    return queryset.filter(period_start__lte=quarter[1], period_end__gte=quarter[0])


def at_risk(queryset, flagged: bool):
    return queryset.filter(at_risk_q()) if flagged else queryset.exclude(at_risk_q())
