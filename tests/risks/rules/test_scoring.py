"""A risk's scores and expected value on the organisation's scales."""

from decimal import Decimal as D

import pytest

from risks.rules import scoring
from risks.rules.scoring import Estimate, Scale

MUNICIPAL = Scale(
    probabilities=[10, 30, 50, 70, 90], money_bounds=[60_000, 120_000, 240_000, 480_000]
)


def test_the_score_is_probability_times_the_worst_impact():
    assert scoring.score(3, [2, None, 4]) == 12
    assert scoring.score(5, [None, None, None]) is None


@pytest.mark.parametrize(
    ("money_class", "expected"),
    [(1, (0, 60_000)), (3, (120_000, 240_000)), (5, (480_000, 960_000))],
)
def test_a_money_class_spans_its_bounds_and_the_open_class_twice_its_lower(money_class, expected):
    assert scoring.money_range(money_class, MUNICIPAL) == expected


def test_the_expected_value_is_probability_times_the_middle_or_the_triangular_mean():
    # 50 % × the middle of €120–240k
    assert scoring.expected_value(3, 3, None, MUNICIPAL) == D("90000.00")
    # 30 % × (100k + 150k + 350k) / 3
    estimate = Estimate(D(100_000), D(150_000), D(350_000))
    assert scoring.expected_value(2, 3, estimate, MUNICIPAL) == D("60000.00")
    assert scoring.expected_value(2, None, None, MUNICIPAL) is None


def test_problems_name_the_field_and_the_rule():
    found = scoring.problems(
        inherent=(2, [2, None, None]),
        residual=(3, [3, None, None]),
        residual_reason="",
        estimate=(D(5), None, D(1)),
    )
    assert found == {
        "residual_reason": scoring.RESIDUAL_ABOVE_INHERENT,
        "amount_likely": scoring.ESTIMATE_INCOMPLETE,
    }
    with_reason = scoring.problems(
        inherent=(2, [2]),
        residual=(3, [3]),
        residual_reason="Nieuwe aanbesteding",
        estimate=(D(5), D(3), D(9)),
    )
    assert with_reason == {"amount_likely": scoring.ESTIMATE_OUT_OF_ORDER}
    assert scoring.problems(
        inherent=(2, [None]), residual=(1, [1]), residual_reason="", estimate=(None,) * 3
    ) == {"inherent_money": scoring.NO_IMPACT}
