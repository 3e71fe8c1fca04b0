"""Weight sensitivity: how far one criterion's weight may move before the ranking changes.

When weight k becomes t, the other weights keep their proportions and fill 1 − t, so each
project's value is linear in t: s_i(t) = t·a_ik + (1 − t)·b_i. Two projects swap where their
lines cross. The full ranking first changes where two neighbours in the current order
cross; the top-N set first changes where a project inside it crosses one outside it.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WeightInterval:
    criterion: int
    weight: float
    ranking: tuple[float, float]  # weight range within which the full ranking stays
    top: tuple[float, float]  # weight range within which the top-N set stays


def reweighted(weights: np.ndarray, criterion: int, value: float) -> np.ndarray:
    """Weights with `criterion` set to `value` and the others scaled to fill the rest."""
    weights = np.asarray(weights, dtype=float)
    if not 0.0 <= value <= 1.0:
        raise ValueError("a weight lies between 0 and 1")
    rest = 1.0 - weights[criterion]
    new = (
        weights * ((1.0 - value) / rest)
        if rest > 0
        else np.full_like(weights, (1.0 - value) / max(len(weights) - 1, 1))
    )
    new[criterion] = value
    return new


def _lines(scores: np.ndarray, weights: np.ndarray, criterion: int):
    """Slope and intercept of every project's value as a function of weight t."""
    rest = 1.0 - weights[criterion]
    others = weights.copy()
    others[criterion] = 0.0
    base = scores @ (others / rest) if rest > 0 else np.zeros(scores.shape[0])
    slope = scores[:, criterion] - base
    return slope, base  # s(t) = base + t·slope


def _bounds(weight: float, ahead_slope, ahead_base, behind_slope, behind_base):
    """Lower and upper bound on t from pairs where `ahead` now ranks before `behind`.

    Their gap is (base difference) + t·d with d the slope difference: the pair swaps at
    t* = −(base difference)/d. With d < 0 the one ahead falls behind above t* (an upper
    bound); with d > 0 it was behind below t* (a lower bound). Ties at the current weight
    fall on the right side by the same rule.
    """
    difference = ahead_slope - behind_slope
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (behind_base - ahead_base) / difference
    valid = (np.abs(difference) > 1e-12) & np.isfinite(t)
    upper = t[valid & (difference < 0) & (t >= weight - 1e-12)]
    lower = t[valid & (difference > 0) & (t <= weight + 1e-12)]
    return (
        float(min(max(lower.max(), 0.0), weight)) if lower.size else 0.0,
        float(max(min(upper.min(), 1.0), weight)) if upper.size else 1.0,
    )


def weight_intervals(
    scores: np.ndarray, weights: np.ndarray, *, top_n: int
) -> list[WeightInterval]:
    scores = np.asarray(scores, dtype=float)
    weights = np.asarray(weights, dtype=float)
    n = scores.shape[0]
    values = scores @ weights
    order = np.argsort(-values, kind="stable")
    top_n = max(0, min(top_n, n))
    inside, outside = order[:top_n], order[top_n:]
    result = []
    for k in range(len(weights)):
        slope, base = _lines(scores, weights, k)
        ranking = _bounds(
            weights[k], slope[order[:-1]], base[order[:-1]], slope[order[1:]], base[order[1:]]
        )
        if top_n and outside.size:
            top = _bounds(
                weights[k],
                slope[inside][:, None],
                base[inside][:, None],
                slope[outside][None, :],
                base[outside][None, :],
            )
        else:
            top = (0.0, 1.0)
        result.append(WeightInterval(k, float(weights[k]), ranking, top))
    return result
