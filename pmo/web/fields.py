"""Number fields that read and show the notation of the user's language (pmo/numbers.py).

Dutch: 861.000 and 861.000,50 (and € 861.000); English: 861,000.50. What cannot be read
one way is refused with a message and an example, never misread. The widget is a text
box (inputmode decimal or numeric): a browser's number box would silently turn
"1.000" into 1.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from pmo.dates import plausible_date
from pmo.numbers import NumberError, format_number, parse_number
from pmo.web.widgets import DateInput


def separators() -> dict[str, str]:
    return {
        "decimal_sep": get_format("DECIMAL_SEPARATOR"),
        "group_sep": get_format("THOUSAND_SEPARATOR"),
    }


def local_number(value) -> str:
    """A number as the active language writes it; other values unchanged."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return format_number(value, **separators())
    return value


class LocalNumberInput(forms.TextInput):
    def __init__(self, attrs=None, *, whole: bool = False):
        attrs = {
            "inputmode": "numeric" if whole else "decimal",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs)

    def format_value(self, value):
        return super().format_value(local_number(value))


REFUSALS = {
    "ambiguous": _("“%(value)s” is op twee manieren te lezen. Schrijf bijvoorbeeld %(example)s."),
    "invalid": _("“%(value)s” is geen getal. Schrijf bijvoorbeeld %(example)s."),
}


def _read(text: str, example: str) -> Decimal | None:
    if text in (None, ""):
        return None
    if isinstance(text, Decimal | int | float):
        return Decimal(str(text))
    text = str(text)
    if not text.strip():
        return None
    try:
        return parse_number(text, **separators())
    except NumberError as error:
        raise ValidationError(
            REFUSALS[error.reason], code=error.reason, params={"value": text, "example": example}
        ) from None


class AmountField(forms.DecimalField):
    """An amount or a decimal number in the user's notation."""

    widget = LocalNumberInput

    def to_python(self, value):
        return _read(value, local_number(Decimal("861000.50")))

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number boxes, and this is text.
        return {}


class WholeNumberField(forms.IntegerField):
    """A whole number in the user's notation: 1.000 in Dutch is a thousand."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", LocalNumberInput(whole=True))
        super().__init__(**kwargs)

    def to_python(self, value):
        number = _read(value, local_number(1000))
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(_("Geef een geheel getal."), code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        return {}


class DateField(forms.DateField):
    """A date inside the plausible window (pmo/dates.py), in the date picker widget."""

    default_validators = [plausible_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)
