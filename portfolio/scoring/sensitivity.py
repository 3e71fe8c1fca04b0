"""Weight sensitivity: how far one criterion's weight may move before the ranking changes.

When weight k becomes t, the other weights keep their proportions and fill 1 − t (when
they are all zero they share 1 − t equally, as ``reweighted`` does), so each project's
value is linear in t: s_i(t) = b_i + t·d_i. Two projects swap where their lines cross.

"The ranking" is what ``rank`` shows: competition ranks, with values equal to its
``decimals`` tied. It stays exactly as long as no two projects change places or break or
form a tie. Between projects that are not tied the first change is where two
neighbours in rank cross. Tied projects on lines of different slope part at any move, so
the ranking is then fixed at the current weight.

"The top N" is the set of projects ranked N or better, so a tie across place N puts all
of them in. It stays while every project inside stays above every project outside, and
while those tied across place N keep ranks of N or better: either they stay one tied
bundle, or the ones that fall behind are few enough.
"""

from dataclasses import dataclass

import numpy as np

from .ranking import rank

# As ``rank``: values equal to this many decimals are tied. Slopes closer than this keep
# two tied lines together to that precision all the way from 0 to 1.
DECIMALS = 9
_SAME = 10.0**-DECIMALS


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
    """Slope and intercept of every project's value as a function of weight t.

    Taken from ``reweighted`` at 0 and 1, so the lines follow its rule also when all the
    other weights are zero.
    """
    base = scores @ reweighted(weights, criterion, 0.0)
    slope = scores @ reweighted(weights, criterion, 1.0) - base
    return slope, base  # s(t) = base + t·slope


def _bounds(weight: float, ahead_slope, ahead_base, behind_slope, behind_base):
    """Lower and upper bound on t from pairs where `ahead` now ranks before `behind`.

    Their gap is (base difference) + t·d with d the slope difference: the pair swaps at
    t* = −(base difference)/d. With d < 0 the one ahead falls behind above t* (an upper
    bound); with d > 0 it was behind below t* (a lower bound).
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


def _ranking_bounds(weight, slope, base, rounded, order) -> tuple[float, float]:
    ahead, behind = order[:-1], order[1:]
    tied = rounded[ahead] == rounded[behind]
    if np.any(tied & (np.abs(slope[ahead] - slope[behind]) > _SAME)):
        return weight, weight
    # Tied neighbours left here are one line, so crossings between rank groups suffice.
    strict = ~tied
    return _bounds(
        weight,
        slope[ahead[strict]],
        base[ahead[strict]],
        slope[behind[strict]],
        base[behind[strict]],
    )


def _distinct(slope, base, members):
    """Each line once: identical lines cross the others at the same weights."""
    lines = np.unique(np.column_stack([slope[members], base[members]]), axis=0)
    return lines[:, 0], lines[:, 1]


def _tie_bounds(weight, slope, base, inside, top_n) -> tuple[float, float]:
    """Where the projects inside all keep a rank of ``top_n`` or better among themselves.

    Only needed when a tie crosses place N. That holds while the projects tied for last
    place inside number at least len(inside) − N + 1; it can only change where two of
    their lines cross, so walk those crossings outwards from the current weight.
    """
    d, b = _distinct(slope, base, inside)
    i, j = np.triu_indices(len(d), k=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossings = (b[j] - b[i]) / (d[i] - d[j])
    crossings = np.unique(crossings[np.isfinite(crossings)])

    def holds(t: float) -> bool:
        return int(rank(base[inside] + t * slope[inside]).ranks.max()) <= top_n

    def walk(stops) -> float:
        previous = weight
        for stop in stops:
            if not holds((previous + stop) / 2):
                return previous
            if not holds(stop):
                return stop
            previous = stop
        return previous

    up = crossings[(crossings > weight + 1e-12) & (crossings < 1.0)]
    down = crossings[(crossings < weight - 1e-12) & (crossings > 0.0)][::-1]
    return walk([*down.tolist(), 0.0]), walk([*up.tolist(), 1.0])


def _top_bounds(weight, slope, base, ranks, top_n) -> tuple[float, float]:
    inside = np.flatnonzero(ranks <= top_n)
    outside = np.flatnonzero(ranks > top_n)
    if not top_n or (not outside.size and inside.size <= top_n):
        return 0.0, 1.0
    lower, upper = 0.0, 1.0
    tie = inside.size > top_n
    if tie:
        lower, upper = _tie_bounds(weight, slope, base, inside, top_n)
        if lower == upper:  # the usual case: the tie parts at any move
            return lower, upper
    if outside.size:
        # Every project inside must stay above every one outside. A tie across place N
        # can put hundreds inside, mostly on the same few lines: take each line once.
        ins = _distinct(slope, base, inside) if tie else (slope[inside], base[inside])
        out = _distinct(slope, base, outside) if tie else (slope[outside], base[outside])
        low, high = _bounds(
            weight, ins[0][:, None], ins[1][:, None], out[0][None, :], out[1][None, :]
        )
        lower, upper = max(lower, low), min(upper, high)
    return lower, upper


def weight_intervals(
    scores: np.ndarray, weights: np.ndarray, *, top_n: int
) -> list[WeightInterval]:
    """Per criterion, the weight range within which the ranking and the top N stay."""
    scores = np.asarray(scores, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if scores.ndim != 2 or weights.ndim != 1 or scores.shape[1] != weights.shape[0]:
        raise ValueError("scores are projects × criteria, one weight per criterion")
    if not (np.isfinite(scores).all() and np.isfinite(weights).all()):
        # NaN compares false with everything, so no bound would ever be found.
        raise ValueError("scores and weights must be finite numbers")
    n = scores.shape[0]
    shown = rank(scores @ weights, decimals=DECIMALS)
    rounded = np.round(shown.values, DECIMALS)
    top_n = max(0, min(top_n, n))
    result = []
    for k in range(len(weights)):
        slope, base = _lines(scores, weights, k)
        w = float(weights[k])
        ranking = _ranking_bounds(w, slope, base, rounded, shown.order)
        top = _top_bounds(w, slope, base, shown.ranks, top_n)
        result.append(WeightInterval(k, w, ranking, top))
    return result
