"""Reporting periods: PMO_PERIOD_MONTHS long, starting on the first of a month."""

import datetime as dt

from django.conf import settings


def period_start(day: dt.date, months: int | None = None) -> dt.date:
    months = months or settings.PMO_PERIOD_MONTHS
    index = (day.year * 12 + day.month - 1) // months * months
    return dt.date(index // 12, index % 12 + 1, 1)


def shift(period: dt.date, periods: int, months: int | None = None) -> dt.date:
    months = months or settings.PMO_PERIOD_MONTHS
    index = period.year * 12 + period.month - 1 + periods * months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_end(period: dt.date, months: int | None = None) -> dt.date:
    return shift(period, 1, months) - dt.timedelta(days=1)
