"""Numbers as people write them: Dutch 861.000,50, English 861,000.50. Pure.

A number is read only when it can be read one way. The group separator must group by
threes (1.234.567); the decimal separator comes once, after the groups. "861.5" in Dutch
could mean 861,5 or 861.500 and is refused, as is "1,000.50" (English notation) there.
Spaces, a euro sign, a leading minus and ",-" for no cents are allowed. A refusal
carries a reason the form turns into a message with an example in the user's notation.
"""

import re
from decimal import Decimal, InvalidOperation

DIGITS = re.compile(r"\d+")
GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")  # written with "." as group; swapped below
SPACES = re.compile(r"[\s\u00a0\u202f]+")


class NumberError(ValueError):
    """Why a text is not a number: "ambiguous" (could be read two ways) or "invalid"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def parse_number(text: str, *, decimal_sep: str, group_sep: str) -> Decimal:
    """The number `text` means in a notation with these separators, or NumberError."""
    raw = text.strip().replace("€", "").removeprefix("EUR").removesuffix("EUR")
    grouped_by_space = SPACES.search(raw.strip()) is not None
    raw = SPACES.sub(" ", raw).strip()
    for no_cents in (f"{decimal_sep}--", f"{decimal_sep}-"):  # "€ 861.000,-"
        raw = raw.removesuffix(no_cents)
    negative = raw[:1] in ("-", "−")
    if negative:
        raw = raw[1:].strip()
    if grouped_by_space:
        if group_sep in raw:
            raise NumberError("invalid")
        raw = raw.replace(" ", group_sep)
    whole, sep, fraction = raw.partition(decimal_sep)
    if sep and (not DIGITS.fullmatch(fraction)):
        # A second decimal separator, or a group separator after it ("1,000.50" in Dutch).
        raise NumberError("ambiguous" if group_sep in fraction else "invalid")
    if not whole and sep:
        whole = "0"  # ",5"
    if group_sep in whole:
        if not GROUPED.fullmatch(whole.replace(group_sep, ".")):
            # "861.5" in Dutch: a group of one digit is either a typo or a decimal point.
            raise NumberError("ambiguous")
        whole = whole.replace(group_sep, "")
    if not DIGITS.fullmatch(whole):
        raise NumberError("invalid")
    try:
        value = Decimal(f"{whole}.{fraction}" if sep else whole)
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit digits only
        raise NumberError("invalid") from exc
    return -value if negative else value


def format_number(value: Decimal | int | float, *, decimal_sep: str, group_sep: str) -> str:
    """`value` with groups of three and, when it has cents, two decimals: 861.000 or
    861.000,50 in Dutch."""
    number = Decimal(str(value))
    negative = number < 0
    number = abs(number)
    whole = int(number)
    fraction = number - whole
    text = f"{whole:,}".replace(",", group_sep)
    if fraction:
        cents = f"{fraction:.2f}"[2:] if fraction.as_tuple().exponent >= -2 else str(fraction)[2:]
        text = f"{text}{decimal_sep}{cents}"
    return f"-{text}" if negative else text
