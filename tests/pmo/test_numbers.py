"""Numbers in the user's notation: read one way or refused, shown the way they are read."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from pmo.numbers import NumberError, format_number, parse_number
from pmo.web.fields import AmountField, WholeNumberField

NL = {"decimal_sep": ",", "group_sep": "."}
EN = {"decimal_sep": ".", "group_sep": ","}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("861.000", Decimal("861000")),
        ("861.000,50", Decimal("861000.50")),
        ("€ 861.000", Decimal("861000")),
        ("€861.000,-", Decimal("861000")),
        ("861.000,5.", None),
        ("861000", Decimal("861000")),
        ("861000,5", Decimal("861000.5")),
        ("1.234.567", Decimal("1234567")),
        ("861 000", Decimal("861000")),
        ("-12,5", Decimal("-12.5")),
        (",5", Decimal("0.5")),
    ],
)
def test_dutch_notation(text, value):
    if value is None:
        with pytest.raises(NumberError):
            parse_number(text, **NL)
    else:
        assert parse_number(text, **NL) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("861.5", "ambiguous"),  # 861,5 or 861.500?
        ("861000.50", "ambiguous"),  # English notation typed in Dutch
        ("1,000.50", "ambiguous"),
        ("12,3,4", "invalid"),
        ("abc", "invalid"),
        ("1.2.3", "ambiguous"),
        ("", "invalid"),
    ],
)
def test_what_cannot_be_read_one_way_is_refused(text, reason):
    with pytest.raises(NumberError) as refused:
        parse_number(text, **NL)
    assert refused.value.reason == reason


def test_english_notation():
    assert parse_number("861,000.50", **EN) == Decimal("861000.50")
    assert parse_number("861000.5", **EN) == Decimal("861000.5")
    with pytest.raises(NumberError):
        parse_number("861.000,50", **EN)
    with pytest.raises(NumberError):
        parse_number("861,5", **EN)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_what_is_shown_reads_back_as_the_same_number(value):
    for notation in (NL, EN):
        assert parse_number(format_number(value, **notation), **notation) == value


def test_form_fields_follow_the_active_language():
    with translation.override("nl"):
        assert AmountField().clean("861.000,50") == Decimal("861000.50")
        assert WholeNumberField().clean("1.000") == 1000
        assert AmountField().widget.format_value(Decimal("861000.00")) == "861.000"
        with pytest.raises(Exception, match="op twee manieren"):
            AmountField().clean("861.5")
        with pytest.raises(Exception, match="geheel getal"):
            WholeNumberField().clean("2,5")
    with translation.override("en"):
        assert AmountField().clean("861,000.50") == Decimal("861000.50")
        assert AmountField().widget.format_value(Decimal("861000.5")) == "861,000.50"
