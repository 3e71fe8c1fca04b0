"""Weight intervals against a brute-force sweep of the ranks ``rank`` shows, and bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.scoring.ahp import normalise
from portfolio.scoring.ranking import rank
from portfolio.scoring.sensitivity import reweighted, weight_intervals

# ------------------------------------------------------------------------- brute force


def sweep_points(scores: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """A fine grid, plus each pairwise crossing and points a hair either side of it.

    Ranks only change where two value lines cross, so with these points no change slips
    between two grid points, however short-lived.
    """
    start = scores @ reweighted(weights, k, 0.0)
    slope = scores @ reweighted(weights, k, 1.0) - start
    i, j = np.triu_indices(len(scores), k=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossings = (start[j] - start[i]) / (slope[i] - slope[j])
    crossings = crossings[np.isfinite(crossings)]
    points = np.concatenate(
        [np.linspace(0.0, 1.0, 201), crossings, crossings - 1e-6, crossings + 1e-6]
    )
    return np.unique(np.clip(np.append(points, weights[k]), 0.0, 1.0))


def brute_interval(points, weight, same) -> tuple[tuple[float, float], tuple[float, float]]:
    """From the current weight outwards: (last point still the same, first that is not).

    A bound that is right lies between the two; no first point means the bound is 0 or 1.
    """
    here = int(np.searchsorted(points, weight))
    brackets = []
    for step in (-1, 1):
        last, index = weight, here + step
        while 0 <= index < len(points) and same(points[index]):
            last, index = points[index], index + step
        brackets.append((last, points[index] if 0 <= index < len(points) else last))
    return brackets[0], brackets[1]


def assert_within(bound: float, bracket: tuple[float, float]) -> None:
    low, high = sorted(bracket)
    # Within rank's rounding of where the lines meet: weights here are small integer
    # ratios, so slope differences are at least 1/15 and that region is below 1e-7.
    assert low - 1e-7 <= bound <= high + 1e-7, (bound, bracket)


@st.composite
def small_cases(draw):
    """Small integer scores and integer weight ratios: ties, zero and lone weights abound."""
    n = draw(st.integers(min_value=2, max_value=6))
    c = draw(st.integers(min_value=1, max_value=4))
    row = st.lists(st.integers(min_value=-3, max_value=3), min_size=c, max_size=c)
    scores = np.array(draw(st.lists(row, min_size=n, max_size=n)), dtype=float)
    raw = draw(st.lists(st.integers(min_value=0, max_value=5), min_size=c, max_size=c).filter(any))
    return scores, normalise(raw), draw(st.integers(min_value=0, max_value=n + 1))


@settings(max_examples=150, deadline=None)
@given(small_cases())
def test_intervals_match_a_sweep_of_the_ranks_shown(case):
    scores, weights, top_n = case
    shown = rank(scores @ weights).ranks
    top = set(np.flatnonzero(shown <= top_n))

    def ranks_at(t: float) -> np.ndarray:
        return rank(scores @ reweighted(weights, k, float(t))).ranks

    for k, interval in enumerate(weight_intervals(scores, weights, top_n=top_n)):
        points = sweep_points(scores, weights, k)
        below, above = brute_interval(
            points, weights[k], lambda t: ranks_at(t).tolist() == shown.tolist()
        )
        assert_within(interval.ranking[0], below)
        assert_within(interval.ranking[1], above)
        below, above = brute_interval(
            points, weights[k], lambda t: set(np.flatnonzero(ranks_at(t) <= top_n)) == top
        )
        assert_within(interval.top[0], below)
        assert_within(interval.top[1], above)


# ---------------------------------------------------------------------- hand-checked


def test_all_the_weight_on_one_criterion():
    # The other two share 1 − t equally: project 0 is worth 3t, project 1 2t + 3(1 − t),
    # project 2 t; 0 stays first down to 3t = 3 − t, t = 0.75.
    scores = np.array([[3, 0, 0], [2, 3, 3], [1, -3, 3]], dtype=float)
    weights = np.array([1.0, 0.0, 0.0])
    first = weight_intervals(scores, weights, top_n=1)[0]
    assert first.ranking == pytest.approx((0.75, 1.0))
    assert first.top == pytest.approx((0.75, 1.0))
    shown = rank(scores @ weights).ranks.tolist()
    assert rank(scores @ reweighted(weights, 0, 0.76)).ranks.tolist() == shown
    assert rank(scores @ reweighted(weights, 0, 0.7)).ranks.tolist() != shown


def test_a_tie_for_first_place_puts_both_in_the_top_one():
    # A = t, B = 1 − t, C = 0.2: A and B share rank 1 at t = 0.5, and either way from
    # there one of them drops to rank 2, out of the top 1 the page showed.
    scores = np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.2]])
    first, _second = weight_intervals(scores, np.array([0.5, 0.5]), top_n=1)
    assert first.top == pytest.approx((0.5, 0.5))
    assert first.ranking == pytest.approx((0.5, 0.5))


def test_tied_projects_that_fall_behind_together_stay_in_the_top():
    # A, C, D, B ranked 1, 2, 2, 2 in a top 3. With t on criterion 0, A = 3, C = D =
    # 1.5 − 0.5t and B = 2t, equal at t = 0.6. Above it C and D fall behind B together
    # and all four keep a rank of 3 or better (1, 3, 3, 2); below it B gets 4. Sorting
    # would put B, last in the input, outside the top 3 and get this the wrong way round.
    scores = np.array([[3.0, 3.0], [1.0, 1.5], [1.0, 1.5], [2.0, 0.0]])
    intervals = weight_intervals(scores, np.array([0.6, 0.4]), top_n=3)
    assert intervals[0].top == pytest.approx((0.6, 1.0))
    assert intervals[0].ranking == pytest.approx((0.6, 0.6))


# -------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_weight_intervals_refuse_what_is_not_a_number(bad):
    scores = np.array([[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="finite"):
        weight_intervals(np.array([[bad, 0.0], [0.0, 1.0]]), np.array([0.5, 0.5]), top_n=1)
    with pytest.raises(ValueError, match="finite"):
        weight_intervals(scores, np.array([bad, 0.5]), top_n=1)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_rank_refuses_what_is_not_a_number(bad):
    with pytest.raises(ValueError, match="finite"):
        rank(np.array([1.0, bad, 0.5]))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_normalise_refuses_what_is_not_a_number(bad):
    with pytest.raises(ValueError, match="finite"):
        normalise([1.0, bad])
