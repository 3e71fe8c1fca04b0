"""The window of plausible dates: a year typed as 20277 or 207 is a typo, not a plan."""

import datetime as dt
import re

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


MONTH = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})(?:-[0-9]{1,2})?\s*$", re.ASCII)


def parse_month(text: str | None) -> dt.date | None:
    """The first of the month written as "2027-03" (or a date in it) within the window;
    None for anything else. Month pickers and ?periode=/?maand= parameters read this."""
    found = MONTH.match(text or "")
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (EARLIEST.year <= year <= LATEST.year and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)
