"""The ratio beschikbaar ÷ benodigd and its class A–F: the bounds with ≥ and with >, the
table's checks, benodigd 0, rounding as shown, and the refusals. Pure: no database."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risks.rules import resistance as rules
from risks.rules.resistance import (
    DEFAULT_BOUNDS,
    Bound,
    at_certainties,
    bounds_from_data,
    classify,
    ranges,
    resistance,
)
from risks.rules.simulation import InvalidInput, RiskInput, simulate

NOT_DESCENDING = rules.BOUNDS_NOT_DESCENDING

# The same classes written with ">" (as some municipalities do): A > 2,0 … F ≥ 0.
EXCLUSIVE = tuple(Bound(b.class_name, b.lower, b.lower == 0.0, b.label) for b in DEFAULT_BOUNDS)


def test_the_default_is_the_common_municipal_table_with_its_dutch_labels():
    assert [(b.class_name, b.lower, b.inclusive, b.label) for b in DEFAULT_BOUNDS] == [
        ("A", 2.0, True, "uitstekend"),
        ("B", 1.4, True, "ruim voldoende"),
        ("C", 1.0, True, "voldoende"),
        ("D", 0.8, True, "matig"),
        ("E", 0.6, True, "onvoldoende"),
        ("F", 0.0, True, "ruim onvoldoende"),
    ]


@pytest.mark.parametrize(
    ("ratio", "inclusive_class", "exclusive_class"),
    [
        (10.0, "A", "A"),
        (2.0001, "A", "A"),
        (2.0, "A", "B"),
        (1.9999, "B", "B"),
        (1.4, "B", "C"),
        (1.3999, "C", "C"),
        (1.0, "C", "D"),
        (0.9999, "D", "D"),
        (0.8, "D", "E"),
        (0.6, "E", "F"),
        (0.5999, "F", "F"),
        (0.0, "F", "F"),
    ],
)
def test_a_bound_belongs_to_its_class_with_ge_and_to_the_one_below_with_gt(
    ratio, inclusive_class, exclusive_class
):
    assert classify(ratio).class_name == inclusive_class
    assert classify(ratio, EXCLUSIVE).class_name == exclusive_class


def test_inclusive_and_exclusive_bounds_can_be_mixed():
    mixed = (Bound("A", 2.0, False), Bound("B", 1.0, True), Bound("C", 0.0, True))
    assert [classify(r, mixed).class_name for r in (2.5, 2.0, 1.0, 0.99)] == ["A", "B", "B", "C"]


def test_the_table_shows_both_bounds_of_each_class():
    rows = ranges()
    assert (rows[0].class_name, rows[0].lower, rows[0].upper) == ("A", 2.0, None)
    b = rows[1]
    assert (b.lower, b.lower_inclusive, b.upper, b.upper_inclusive) == (1.4, True, 2.0, False)
    exclusive_b = ranges(EXCLUSIVE)[1]
    assert (exclusive_b.lower_inclusive, exclusive_b.upper_inclusive) == (False, True)
    assert ranges(EXCLUSIVE)[-1].lower_inclusive  # F starts at 0 inclusive in either table


def test_the_ratio_is_worked_out_on_the_amounts_as_written():
    # 0.7 / 0.5 in floats is 1.4 only by luck; the decimal quotient is 1.4 by construction.
    for available, required in (
        (1_400_000, 1_000_000),
        (0.7, 0.5),
        (Decimal("1400000.00"), Decimal("1000000.00")),
        (1.4e6, 1e6),
    ):
        result = resistance(available, required)
        assert (result.ratio, result.class_name, result.label) == (1.4, "B", "ruim voldoende")
    # 3 × 0.1 is not 0.3 in floats; 0.3 / 0.5 written as decimals is 0.6, class E.
    assert resistance(0.3, 0.5).class_name == "E"


def test_decimals_classify_the_ratio_as_shown():
    exact = resistance(1_399_600, 1_000_000)
    assert (exact.ratio, exact.class_name) == (1.3996, "C")
    shown = resistance(1_399_600, 1_000_000, decimals=1)
    assert (shown.ratio, shown.class_name) == (1.4, "B")
    assert resistance(1_349_999, 1_000_000, decimals=1).ratio == 1.3
    assert resistance(1_350_000, 1_000_000, decimals=1).ratio == 1.4  # half up


def test_nothing_required_has_no_ratio_and_the_best_class():
    for available in (0, 1_000_000):
        result = resistance(available, 0)
        assert result.ratio is None
        assert (result.class_name, result.label) == ("A", "uitstekend")
        assert result.range.upper is None


def test_nothing_available_against_a_need_is_the_worst_class():
    result = resistance(0, 500_000)
    assert (result.ratio, result.class_name, result.label) == (0.0, "F", "ruim onvoldoende")


@pytest.mark.parametrize(
    ("available", "required", "decimals", "expected"),
    [
        (-1, 100, None, {"available": [rules.NEGATIVE_CAPACITY]}),
        (100, -1, None, {"required": [rules.NEGATIVE_REQUIRED]}),
        (float("nan"), 100, None, {"available": [rules.NOT_A_NUMBER]}),
        (100, None, None, {"required": [rules.NOT_A_NUMBER]}),
        (100, 50, -1, {"decimals": [rules.DECIMALS_OUT_OF_RANGE]}),
        (100, 50, 7, {"decimals": [rules.DECIMALS_OUT_OF_RANGE]}),
        (100, 50, True, {"decimals": [rules.DECIMALS_OUT_OF_RANGE]}),
        (
            -5,
            -5,
            None,
            {"available": [rules.NEGATIVE_CAPACITY], "required": [rules.NEGATIVE_REQUIRED]},
        ),
    ],
)
def test_bad_amounts_are_refused_with_their_codes(available, required, decimals, expected):
    with pytest.raises(InvalidInput) as refused:
        resistance(available, required, decimals=decimals)
    assert refused.value.by_field() == expected


@pytest.mark.parametrize(
    ("bounds", "field", "code", "index"),
    [
        ((), "bounds", rules.NO_BOUNDS, None),
        ((Bound("A", 1.0), Bound("B", 1.5), Bound("C", 0.0)), "lower", NOT_DESCENDING, 1),
        # The same bound twice leaves B only the point 1.0 (A > 1, B ≥ 1): refused too.
        ((Bound("A", 1.0, False), Bound("B", 1.0), Bound("C", 0.0)), "lower", NOT_DESCENDING, 1),
        ((Bound("A", 1.0), Bound("B", 0.5)), "lower", rules.GAP_BELOW_LOWEST, 1),
        ((Bound("A", 1.0), Bound("B", 0.0, False)), "lower", rules.GAP_BELOW_LOWEST, 1),
        ((Bound("A", 1.0), Bound("A", 0.0)), "class_name", rules.DUPLICATE_CLASS, 1),
        ((Bound(" ", 1.0), Bound("B", 0.0)), "class_name", rules.EMPTY_CLASS_NAME, 0),
        ((Bound("A", float("nan")), Bound("B", 0.0)), "lower", rules.NOT_A_NUMBER, 0),
        ((Bound("A", 1.0, "ja"), Bound("B", 0.0)), "inclusive", rules.MALFORMED_BOUND, 0),
    ],
)
def test_a_bad_table_of_bounds_is_refused(bounds, field, code, index):
    with pytest.raises(InvalidInput) as refused:
        resistance(100, 50, bounds)
    assert [(p.field, p.code, p.index) for p in refused.value.problems] == [(field, code, index)]


def test_a_negative_bound_is_refused_and_so_is_the_order_it_breaks():
    with pytest.raises(InvalidInput) as refused:
        ranges((Bound("A", 1.0), Bound("B", 0.0), Bound("C", -1.0)))
    assert {p.code for p in refused.value.problems} == {
        rules.BOUND_NEGATIVE,
        rules.GAP_BELOW_LOWEST,
    }


def test_the_table_as_the_risk_policy_keeps_it_in_json():
    data = [
        {"class": "A", "label": "uitstekend", "lower": 2.0, "inclusive": True},
        {"class": "B", "label": "ruim voldoende", "lower": 1.4, "inclusive": True},
        {"class": "C", "label": "voldoende", "lower": 1.0, "inclusive": True},
        {"class": "D", "label": "matig", "lower": 0.8, "inclusive": True},
        {"class": "E", "label": "onvoldoende", "lower": 0.6, "inclusive": True},
        {"class": "F", "label": "ruim onvoldoende", "lower": 0.0, "inclusive": True},
    ]
    assert bounds_from_data(data) == DEFAULT_BOUNDS
    for bad in ([{"class": "A"}], [{"class": "A", "lower": 0, "inclusive": "ja"}], {"A": 1}):
        with pytest.raises(InvalidInput) as refused:
            bounds_from_data(bad)
        assert refused.value.codes == {rules.MALFORMED_BOUND}
    with pytest.raises(InvalidInput) as refused:
        bounds_from_data([{"class": "A", "lower": 1}, {"class": "B", "lower": 2}])
    assert refused.value.codes == {rules.BOUNDS_NOT_DESCENDING, rules.GAP_BELOW_LOWEST}


def test_a_negative_or_missing_ratio_has_no_class():
    for ratio, code in ((-0.1, rules.NEGATIVE_RATIO), (float("nan"), rules.NOT_A_NUMBER)):
        with pytest.raises(InvalidInput) as refused:
            classify(ratio)
        assert refused.value.codes == {code}


def test_the_class_at_each_certainty_gets_no_better_as_the_certainty_rises():
    risks = [RiskInput(f"r{i}", 0.3, 100_000, 400_000) for i in range(20)]
    result = simulate(risks, iterations=20_000, seed=1)
    available = result.required_at(0.8)
    classes = at_certainties(available, result)
    assert list(classes) == [0.7, 0.8, 0.9, 0.95]
    assert classes[0.8].ratio == 1.0 and classes[0.8].class_name == "C"
    names = [classes[c].class_name for c in classes]
    assert names == sorted(names)  # A best … F worst: letters rise as the class falls
    assert classes[0.95].class_name == "D"


# ------------------------------------------------------------------- properties


@st.composite
def tables(draw):
    lowers = draw(
        st.lists(st.floats(0.01, 5.0), min_size=0, max_size=6, unique=True).map(
            lambda xs: sorted(xs, reverse=True)
        )
    )
    flags = draw(st.lists(st.booleans(), min_size=len(lowers), max_size=len(lowers)))
    bounds = [Bound(f"K{i}", lower, flags[i]) for i, lower in enumerate(lowers)]
    return (*bounds, Bound(f"K{len(lowers)}", 0.0, True))


@settings(max_examples=100, deadline=None)
@given(bounds=tables(), ratio=st.one_of(st.floats(0.0, 6.0), st.sampled_from([0.0, 1.0, 2.0])))
def test_every_ratio_falls_in_exactly_one_class_of_a_valid_table(bounds, ratio):
    rows = ranges(bounds)
    containing = [row for row in rows if row.contains(ratio)]
    assert containing == [classify(ratio, bounds)]
    for lower in (b.lower for b in bounds):
        assert len([row for row in rows if row.contains(lower)]) == 1
