"""The Monte Carlo engine of the weerstandsvermogen against closed forms and exact
distributions, its reproducibility and chunking, and its refusals.

Pure NumPy: no database. Every simulation has a fixed seed, so no test can flake; the
tolerances are a few standard errors of what is compared, and the tests assert that
they are tight enough to catch a wrong model.
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risks.rules import simulation as engine
from risks.rules.simulation import InvalidInput, RiskInput, closed_form_mean, simulate

Z = 4.5  # standard errors allowed: a fixed seed makes it pass or fail for good

MIXED = [
    RiskInput("klasse-3", 0.5, 120_000, 240_000),
    RiskInput("klasse-5", 0.1, 480_000, 960_000),
    RiskInput("raming", 0.3, 50_000, 400_000, mode=100_000),
    RiskInput("raming-piek-links", 0.7, 10_000, 90_000, mode=10_000),
    RiskInput("raming-piek-rechts", 0.9, 20_000, 60_000, mode=60_000),
    RiskInput("vast", 0.25, 75_000, 75_000),
    RiskInput("vast-met-modus", 0.6, 30_000, 30_000, mode=30_000),
    RiskInput("zeker", 1.0, 5_000, 15_000),
    RiskInput("nooit", 0.0, 1_000_000, 2_000_000),
]


def amount_variance(risk: RiskInput) -> float:
    """Var of the amount given the risk occurs: uniform (b − a)²/12, triangular
    (a² + b² + m² − ab − am − bm)/18 (the textbook formulas, apart from the engine)."""
    a, b = risk.low, risk.high
    if risk.mode is None:
        return (b - a) ** 2 / 12
    m = risk.mode
    return (a * a + b * b + m * m - a * b - a * m - b * m) / 18


def total_variance(risks) -> float:
    """Var[Σ B·A] = Σ p·E[A²] − (p·E[A])² for independent risks."""
    variance = 0.0
    for r in risks:
        mean = engine.expected_amount(r)
        variance += r.probability * (amount_variance(r) + mean**2) - (r.probability * mean) ** 2
    return variance


# ------------------------------------------------------------------ closed forms


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_mean_is_sum_of_p_times_expected_amount_within_standard_errors(seed):
    result = simulate(MIXED, iterations=100_000, seed=seed)
    exact = sum(r.probability * engine.expected_amount(r) for r in MIXED)
    standard_error = math.sqrt(total_variance(MIXED) / result.iterations)
    assert result.expected_mean == pytest.approx(exact, rel=1e-12)
    assert abs(result.mean - exact) <= Z * standard_error
    # Meaningful: the tolerance is under 1.5 % of the mean, and leaving out the smallest
    # risk's expected value (the "zeker" one, 10,000) would break it.
    assert Z * standard_error < 0.015 * exact
    assert Z * standard_error < 10_000


def test_the_standard_deviation_matches_the_closed_form():
    result = simulate(MIXED, iterations=100_000, seed=4)
    # The sample std's relative standard error is about √((κ − 1)/(4N)) ≈ 0.003 here
    # (kurtosis κ under 5); 2 % is several of them and still catches a wrong variance.
    assert result.std == pytest.approx(math.sqrt(total_variance(MIXED)), rel=0.02)


def test_an_occurring_risk_amount_follows_its_uniform_or_triangular_quantiles():
    """One risk at a time, so the total is its amount: F(simulated quantile) ≈ c.

    With p = 0.5 the amount reuses u/p (the same uniform that decided the occurrence),
    so this also checks that the amount given occurrence is uniform on the class.
    """
    certainties = (0.2, 0.55, 0.7, 0.8, 0.9, 0.95)
    a, m, b = 100.0, 130.0, 200.0

    def triangular_cdf(x):
        if x <= m:
            return (x - a) ** 2 / ((b - a) * (m - a))
        return 1 - (b - x) ** 2 / ((b - a) * (b - m))

    cases = [
        (RiskInput("u", 1.0, a, b), lambda x: (x - a) / (b - a)),
        (RiskInput("u-half", 0.5, a, b), lambda x: 0.5 + 0.5 * (x - a) / (b - a)),
        (RiskInput("t", 1.0, a, b, mode=m), triangular_cdf),
        (RiskInput("t-half", 0.5, a, b, mode=m), lambda x: 0.5 + 0.5 * triangular_cdf(x)),
    ]
    for risk, cdf in cases:
        result = simulate([risk], iterations=50_000, seed=5, certainties=certainties)
        for requirement in result.required:
            c = requirement.certainty
            if risk.probability < 1 and c < 0.5:
                assert requirement.amount == 0.0  # it did not occur in half the years
                continue
            tolerance = Z * math.sqrt(c * (1 - c) / result.iterations) + 1 / result.iterations
            assert abs(cdf(requirement.amount) - c) <= tolerance, (risk.key, c)
        assert a * risk.probability <= result.mean <= b


# ------------------------------------------------------- an exact distribution

AMOUNTS = [1_000 * 2**i for i in range(8)]  # every subset has its own sum
PROBABILITIES = [0.05, 0.5, 0.2, 0.9, 0.35, 0.1, 0.65, 0.15]
BERNOULLI = [
    RiskInput(f"R{i}", p, amount, amount)
    for i, (p, amount) in enumerate(zip(PROBABILITIES, AMOUNTS, strict=True))
]


def exact_distribution(probabilities, amounts):
    """Every one of the 2^n outcomes: {total: probability}."""
    found = {}
    for outcome in itertools.product((0, 1), repeat=len(amounts)):
        weight = math.prod(
            p if hit else 1 - p for p, hit in zip(probabilities, outcome, strict=True)
        )
        total = sum(amount for amount, hit in zip(amounts, outcome, strict=True) if hit)
        found[total] = found.get(total, 0.0) + weight
    support = np.array(sorted(found))
    return support, np.cumsum([found[x] for x in support])


def exact_quantile(support, cdf, c):
    return float(support[np.searchsorted(cdf, c - 1e-12)])


def test_fixed_amount_bernoulli_risks_follow_their_exact_distribution():
    """The simulated quantiles at 50 certainties from 2 % to 99 % against the distribution
    of all 2^8 outcomes: each lies where the exact distribution puts c ± Z standard
    errors of an empirical proportion (√(c(1 − c)/N))."""
    iterations = 200_000
    support, cdf = exact_distribution(PROBABILITIES, AMOUNTS)
    assert len(support) == 2 ** len(AMOUNTS)
    certainties = [round(0.02 * k, 2) for k in range(1, 50)] + [0.99]
    result = simulate(BERNOULLI, iterations=iterations, seed=6, certainties=certainties)
    assert len(result.required) == 50

    def within(support, cdf, requirement) -> bool:
        c = requirement.certainty
        delta = Z * math.sqrt(c * (1 - c) / iterations)
        low, high = (exact_quantile(support, cdf, c + d) for d in (-delta, delta))
        return low <= requirement.amount <= high

    for requirement in result.required:
        assert within(support, cdf, requirement), requirement
        # Meaningful: the band is under 0.6 percentage points of probability wide.
        assert Z * math.sqrt(0.25 / iterations) < 0.006
    # A model off by 3 percentage points on every probability is caught, at most levels.
    wrong = exact_distribution([p + 0.03 for p in PROBABILITIES], AMOUNTS)
    missed = sum(not within(*wrong, requirement) for requirement in result.required)
    assert missed >= 25
    # So is one that drops the rarest risk.
    dropped = exact_distribution([0.0, *PROBABILITIES[1:]], AMOUNTS)
    assert any(not within(*dropped, requirement) for requirement in result.required)


def test_the_tail_contributions_of_bernoulli_risks_match_the_exact_conditional_mean():
    """E[A_i | T ≥ q] = A_i · P(B_i = 1 | T ≥ q), enumerated over all outcomes.

    The certainty is put in the middle of the largest step of F in the upper tail, so the
    simulated quantile must be the exact one (no other lies within Z standard errors)."""
    iterations = 200_000
    support, cdf = exact_distribution(PROBABILITIES, AMOUNTS)
    before = np.concatenate([[0.0], cdf[:-1]])
    upper = (cdf > 0.75) & (cdf < 0.97)
    step = int(np.argmax(np.where(upper, cdf - before, 0.0)))
    c = round(float(before[step] + cdf[step]) / 2, 4)
    q = float(support[step])
    delta = Z * math.sqrt(c * (1 - c) / iterations)
    assert exact_quantile(support, cdf, c - delta) == q == exact_quantile(support, cdf, c + delta)
    result = simulate(BERNOULLI, iterations=iterations, seed=7, certainty=c)
    assert result.required_amount == q

    tail_probability, hit = 0.0, np.zeros(len(AMOUNTS))
    for outcome in itertools.product((0, 1), repeat=len(AMOUNTS)):
        if sum(a for a, o in zip(AMOUNTS, outcome, strict=True) if o) >= q:
            weight = math.prod(
                p if o else 1 - p for p, o in zip(PROBABILITIES, outcome, strict=True)
            )
            tail_probability += weight
            hit += weight * np.array(outcome)
    share = hit / tail_probability  # P(B_i = 1 | T ≥ q)
    n_tail = result.tail_iterations
    assert abs(n_tail / iterations - tail_probability) <= Z * math.sqrt(
        tail_probability * (1 - tail_probability) / iterations
    )
    for i, contribution in enumerate(result.contributions):
        tolerance = Z * AMOUNTS[i] * math.sqrt(share[i] * (1 - share[i]) / n_tail) + 1e-6
        assert abs(contribution.tail_mean - AMOUNTS[i] * share[i]) <= tolerance
    # The largest amounts dominate the bad years.
    assert [c.key for c in result.top(2)] == ["R7", "R6"]


def test_contributions_add_up_to_the_tail_mean_and_skip_impossible_risks():
    result = simulate(MIXED, iterations=20_000, seed=8)
    total = sum(c.tail_mean for c in result.contributions)
    assert total == pytest.approx(result.tail_mean, rel=1e-12)
    assert result.tail_iterations >= (1 - result.certainty) * result.iterations
    never = next(c for c in result.contributions if c.key == "nooit")
    assert never.tail_mean == never.expected == never.tail_share == 0.0
    assert [c.key for c in result.contributions] == [r.key for r in MIXED]
    assert sum(c.tail_share for c in result.contributions) == pytest.approx(1.0)
    assert result.top(1)[0].key == "klasse-5"  # rare but large: the bad years' risk
    shares = [c.tail_mean for c in result.top(len(MIXED))]
    assert shares == sorted(shares, reverse=True)


# ---------------------------------------------------- reproducible, chunk-proof


def test_the_same_seed_gives_identical_results_and_another_seed_others():
    first = simulate(MIXED, iterations=10_000, seed=42)
    assert simulate(MIXED, iterations=10_000, seed=42) == first
    other = simulate(MIXED, iterations=10_000, seed=43)
    assert other.mean != first.mean and other.histogram != first.histogram
    assert (first.seed, first.iterations) == (42, 10_000)


@pytest.mark.parametrize("chunk_cells", [1, 7 * len(MIXED), 1000, 3 * 1024 * len(MIXED)])
def test_results_are_identical_whatever_the_chunk_size(chunk_cells):
    # Iterations not a multiple of the block, so the last block is partial.
    iterations = 5 * engine.BLOCK + 37
    reference = simulate(MIXED, iterations=iterations, seed=9)
    assert simulate(MIXED, iterations=iterations, seed=9, chunk_cells=chunk_cells) == reference


def test_the_requested_certainties_and_the_chosen_one_are_all_reported_in_order():
    result = simulate(MIXED, iterations=5_000, seed=10, certainty=0.85, certainties=(0.95, 0.7))
    assert [r.certainty for r in result.required] == [0.7, 0.85, 0.95]
    assert result.required_amount == result.required_at(0.85)
    with pytest.raises(KeyError):
        result.required_at(0.5)


def test_the_quantile_is_the_ceil_c_n_th_smallest_total():
    assert engine._quantile_index(0.7, 10) == 6  # 0.7 × 10 in floats is 7.000…01
    assert engine._quantile_index(0.9, 100_000) == 89_999
    assert engine._quantile_index(0.95, 1) == 0
    assert engine._quantile_index(0.001, 10) == 0


def test_no_risk_or_none_that_can_occur_needs_nothing():
    for risks in ([], [RiskInput("nooit", 0.0, 10, 20)]):
        result = simulate(risks, iterations=1_000, seed=11)
        assert {r.amount for r in result.required} == {0.0}
        assert (result.mean, result.std, result.tail_mean) == (0.0, 0.0, 0.0)
        assert result.tail_iterations == 1_000
        assert sum(result.histogram.counts) == 1_000 and result.histogram.edges[0] == 0.0


def test_the_histogram_table_rows_add_up():
    result = simulate(MIXED, iterations=10_000, seed=12, bins=25)
    rows = result.histogram.bins
    assert len(rows) == 25 and len(result.histogram.edges) == 26
    assert sum(row.count for row in rows) == 10_000
    assert rows[-1].cumulative == pytest.approx(1.0)
    assert rows[0].lower == result.minimum and rows[-1].upper == result.maximum
    assert all(a.upper == b.lower for a, b in zip(rows, rows[1:], strict=False))


# ------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("risk", "field", "code"),
    [
        (RiskInput("r", 1.2, 0, 10), "probability", engine.PROBABILITY_OUTSIDE_0_1),
        (RiskInput("r", -0.1, 0, 10), "probability", engine.PROBABILITY_OUTSIDE_0_1),
        (RiskInput("r", 0.5, 20, 10), "low", engine.LOW_ABOVE_HIGH),
        (RiskInput("r", 0.5, 0, 10, mode=11), "mode", engine.MODE_OUTSIDE),
        (RiskInput("r", 0.5, -5, 10), "low", engine.NEGATIVE_AMOUNT),
        (RiskInput("r", float("nan"), 0, 10), "probability", engine.NOT_A_NUMBER),
        (RiskInput("r", 0.5, 0, float("inf")), "high", engine.NOT_A_NUMBER),
        (RiskInput("r", 0.5, 0, 10, mode="5"), "mode", engine.NOT_A_NUMBER),
    ],
)
def test_a_bad_risk_is_refused_with_its_field_and_code(risk, field, code):
    with pytest.raises(InvalidInput) as refused:
        simulate([RiskInput("goed", 0.5, 0, 10), risk], seed=1)
    assert refused.value.by_field() == {field: [code]}
    (problem,) = refused.value.problems
    assert (problem.risk, problem.index) == ("r", 1)


@pytest.mark.parametrize(
    ("options", "field", "code"),
    [
        ({"certainty": 0.0}, "certainty", engine.CERTAINTY_OUTSIDE_0_1),
        ({"certainty": 1.0}, "certainty", engine.CERTAINTY_OUTSIDE_0_1),
        ({"certainty": 90}, "certainty", engine.CERTAINTY_OUTSIDE_0_1),
        ({"certainty": float("nan")}, "certainty", engine.CERTAINTY_OUTSIDE_0_1),
        ({"certainties": (0.5, 1.5)}, "certainties", engine.CERTAINTY_OUTSIDE_0_1),
        ({"iterations": 0}, "iterations", engine.ITERATIONS_OUT_OF_RANGE),
        ({"iterations": 2.5}, "iterations", engine.ITERATIONS_OUT_OF_RANGE),
        ({"iterations": engine.MAX_ITERATIONS + 1}, "iterations", engine.ITERATIONS_OUT_OF_RANGE),
        ({"bins": 0}, "bins", engine.BINS_OUT_OF_RANGE),
        ({"chunk_cells": 0}, "chunk_cells", engine.CHUNK_OUT_OF_RANGE),
        ({"seed": -1}, "seed", engine.INVALID_SEED),
        ({"seed": True}, "seed", engine.INVALID_SEED),
    ],
)
def test_bad_options_are_refused_with_their_code(options, field, code):
    with pytest.raises(InvalidInput) as refused:
        simulate(MIXED, **{"seed": 1, **options})
    assert refused.value.by_field() == {field: [code]}
    assert code in str(refused.value)


def test_every_fault_is_reported_at_once_and_duplicate_keys_are_refused():
    risks = [RiskInput("a", 2, 5, 1), RiskInput("a", 0.5, 0, 1)]
    with pytest.raises(InvalidInput) as refused:
        simulate(risks, seed=1, certainty=1.5)
    assert refused.value.codes == {
        engine.PROBABILITY_OUTSIDE_0_1,
        engine.LOW_ABOVE_HIGH,
        engine.DUPLICATE_KEY,
        engine.CERTAINTY_OUTSIDE_0_1,
    }
    assert isinstance(refused.value, ValueError)  # callers may catch it as one


def test_a_form_can_ask_for_one_risks_problems():
    assert engine.risk_problems(RiskInput("r", 0.5, 0, 10, mode=5)) == []
    assert [p.code for p in engine.risk_problems(RiskInput("r", 0.5, 0, 10, mode=-1))] == [
        engine.MODE_OUTSIDE
    ]


# ------------------------------------------------------------------- properties


def _risk(i, p, x, y, t):
    low, high = min(x, y), max(x, y)
    mode = None if t is None else min(high, low + t * (high - low))
    return RiskInput(f"r{i}", p, low, high, mode)


AMOUNT = st.floats(0.0, 1e7)
ROW = st.tuples(st.floats(0.0, 1.0), AMOUNT, AMOUNT, st.none() | st.floats(0.0, 1.0))
RISKS = st.lists(ROW, max_size=6).map(lambda rows: [_risk(i, *r) for i, r in enumerate(rows)])


@settings(max_examples=60, deadline=None)
@given(
    risks=RISKS,
    seed=st.integers(0, 2**63 - 1),
    certainties=st.lists(st.floats(0.01, 0.99), min_size=1, max_size=5),
)
def test_quantiles_rise_with_certainty_and_stay_between_zero_and_all_highs(
    risks, seed, certainties
):
    result = simulate(risks, iterations=2_000, seed=seed, certainties=certainties, bins=10)
    amounts = [r.amount for r in result.required]
    assert amounts == sorted(amounts)
    ceiling = sum(r.high for r in risks if r.probability > 0) * (1 + 1e-12)
    assert 0.0 <= result.minimum <= amounts[0] and amounts[-1] <= result.maximum <= ceiling
    assert sum(result.histogram.counts) == 2_000
    # The tail's mean is a float mean: equal totals may average an ulp below themselves.
    assert result.tail_mean >= result.required_amount * (1 - 1e-12)
    assert sum(c.tail_mean for c in result.contributions) == pytest.approx(
        result.tail_mean, rel=1e-9, abs=1e-6
    )
    for risk, contribution in zip(risks, result.contributions, strict=True):
        assert -1e-9 <= contribution.tail_mean <= risk.high * (1 + 1e-12)
    assert result.expected_mean == pytest.approx(closed_form_mean(risks))


def test_the_engine_loads_without_django():
    """At run time too (tests/architecture reads the imports): a fresh interpreter that
    imports both modules has loaded no Django."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; import risks.rules.simulation, risks.rules.resistance; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    root = Path(__file__).resolve().parents[3]
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
