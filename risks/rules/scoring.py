"""A risk's scores and expected value from its classes and the organisation's scales.

Model. Probability and impact are classes 1–5 on the portfolio's scales (RiskPolicy).
The score is probability × impact (1–25), where the impact is the worst of the impact
dimensions given (money, time, quality): a risk is as serious as its worst effect. A risk
with no impact class at all has no score and is refused when saved.

The financial effect of money class k lies between the class's bounds: class 1 from 0 to
the first bound, class 5 from the last bound to twice it (an open class needs an upper
bound to be simulated; an owner who expects more gives min / most likely / max). Its
expected amount is the middle of that range, or, when the owner gave an estimate, the
mean of the triangular distribution (min + most likely + max) / 3. The expected value is
the probability of the class times the expected amount.

A residual score above the inherent one (the responses make it worse) needs a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

CLASSES = range(1, 6)
OPEN_CLASS_FACTOR = 2  # class 5 runs from the last bound to this many times it

# Validation codes, by field.
NO_IMPACT = "no-impact"
RESIDUAL_ABOVE_INHERENT = "residual-above-inherent"
ESTIMATE_OUT_OF_ORDER = "estimate-out-of-order"
ESTIMATE_INCOMPLETE = "estimate-incomplete"


@dataclass(frozen=True)
class Scale:
    probabilities: Sequence[float]  # % per class 1–5
    money_bounds: Sequence[float]  # € upper bounds of classes 1–4


@dataclass(frozen=True)
class Estimate:
    low: Decimal
    likely: Decimal
    high: Decimal


def score(probability: int, impacts: Sequence[int | None]) -> int | None:
    """probability × the worst impact given; None when no impact is given."""
    given = [impact for impact in impacts if impact is not None]
    return probability * max(given) if given else None


def money_range(money_class: int, scale: Scale) -> tuple[float, float]:
    """The € range of a money class (class 5 up to twice its lower bound)."""
    bounds = [0.0, *map(float, scale.money_bounds)]
    if money_class == len(bounds):
        return bounds[-1], bounds[-1] * OPEN_CLASS_FACTOR
    return bounds[money_class - 1], bounds[money_class]


def probability_of(probability_class: int, scale: Scale) -> float:
    return float(scale.probabilities[probability_class - 1]) / 100


def expected_amount(
    money_class: int | None, estimate: Estimate | None, scale: Scale
) -> float | None:
    if estimate is not None:
        return float(estimate.low + estimate.likely + estimate.high) / 3
    if money_class is None:
        return None
    low, high = money_range(money_class, scale)
    return (low + high) / 2


def expected_value(
    probability_class: int, money_class: int | None, estimate: Estimate | None, scale: Scale
) -> Decimal | None:
    """Probability × expected amount, in whole cents; None without a financial effect."""
    amount = expected_amount(money_class, estimate, scale)
    if amount is None:
        return None
    value = Decimal(str(probability_of(probability_class, scale) * amount))
    return value.quantize(Decimal("0.01"))


def problems(
    *,
    inherent: tuple[int, Sequence[int | None]],
    residual: tuple[int, Sequence[int | None]],
    residual_reason: str,
    estimate: tuple[Decimal | None, Decimal | None, Decimal | None],
) -> dict[str, str]:
    """{field: code} for what is wrong with a risk's scores."""
    found: dict[str, str] = {}
    inherent_score, residual_score = score(*inherent), score(*residual)
    if inherent_score is None:
        found["inherent_money"] = NO_IMPACT
    if residual_score is None:
        found["residual_money"] = NO_IMPACT
    if (
        inherent_score is not None
        and residual_score is not None
        and residual_score > inherent_score
        and not residual_reason.strip()
    ):
        found["residual_reason"] = RESIDUAL_ABOVE_INHERENT
    given = [value for value in estimate if value is not None]
    if given and len(given) < 3:
        found["amount_likely"] = ESTIMATE_INCOMPLETE
    elif given and not estimate[0] <= estimate[1] <= estimate[2]:
        found["amount_likely"] = ESTIMATE_OUT_OF_ORDER
    return found
