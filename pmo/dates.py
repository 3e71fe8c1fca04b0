"""The window of plausible dates: a year typed as 20277 or 207 is a typo, not a plan."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def plausible_date(value: dt.date) -> None:
    """Refuse a date outside 2000–2100 (periods, meetings, planned and actual dates)."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Kies een datum tussen %(earliest)s en %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )
