"""The benodigde weerstandscapaciteit: a seeded Monte Carlo simulation of the open risks.

Model. Each open risk i occurs, independently of the others, with its probability p_i,
and then costs an amount A_i; the total T = Σ_i B_i·A_i (B_i the occurrence) is
simulated ``iterations`` times. The amount is drawn

- uniformly on [low, high] for a risk scored by its impact class: the class bounds are
  all that is known of the amount, and the uniform claims nothing more (it is the
  maximum-entropy distribution on an interval); low == high is a fixed amount;
- triangularly on [low, high] with its peak at ``mode`` when the owner gives min / most
  likely / max. Triangular rather than PERT: the owner's three numbers are its
  parameters as given; its mean (min + ml + max)/3 (the expected value
  risks/rules/scoring.py shows) weighs the extremes more than PERT's (min + 4·ml +
  max)/6, the prudent side for a reserve; its quantile function has a closed form.

Amounts are costs (≥ 0): kansen (opportunities) do not lower the benodigde capaciteit,
as prudence asks of a reserve. A risk with probability 0 (≤ 1e-300) is left out.
One uniform u per iteration and risk decides both: the risk occurs when u/p < 1 (u < p),
and given that, u/p is again uniform on [0, 1), so it serves as the quantile of the
amount (inverse transform): half the random numbers, the same distribution.

The benodigde weerstandscapaciteit at certainty c is the empirical quantile by the
inverted distribution function: the k-th smallest total, k = ⌈c·N⌉, the least amount
that at least a share c of the iterations stays within. The tail at the chosen certainty
is the iterations whose total is at or above it; a risk's contribution is the mean of
its amount over the tail. The contributions add up to the tail's mean total (expected
shortfall, TVaR): they say which risks make up the bad years, the "top risks".

Reproducible and bounded in memory. Block b of ``BLOCK`` iterations draws from its own
stream, PCG64 seeded by SeedSequence(seed, spawn_key=(b,)) (child b of its spawn), row
by row: per iteration a number for each risk that can occur, the uniform ones in input
order, then the triangular ones; in chunks of at most ``chunk_cells`` numbers. Draws
from one stream are the same however they are cut, and each total is the sum of its
own row, so the results are identical whatever the chunk size (same seed and NumPy). A
second pass redraws the blocks for the tail's amounts, summing a block's tail rows at
once and the blocks in order, so the contributions are too. Memory: one chunk (8 MB by
default) and one block's tail rows (≤ BLOCK × risks), whatever the iterations.

Bad input raises ``InvalidInput`` with a ``Problem`` (field, code, risk) for every fault
found; the services turn the codes into messages in the user's language.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

BLOCK = 1024  # iterations per random stream
DEFAULT_CHUNK_CELLS = 1 << 20  # random numbers held at once: 8 MB of float64
DEFAULT_CERTAINTY, DEFAULT_CERTAINTIES = 0.9, (0.7, 0.8, 0.9, 0.95)
DEFAULT_ITERATIONS, MAX_ITERATIONS = 100_000, 10_000_000
DEFAULT_BINS, MAX_BINS = 40, 1000
TINY = 1e-300  # a probability at most this never occurs (and 1/p would overflow)

# Validation codes.
PROBABILITY_OUTSIDE_0_1 = "PROBABILITY_OUTSIDE_0_1"
LOW_ABOVE_HIGH = "LOW_ABOVE_HIGH"
MODE_OUTSIDE = "MODE_OUTSIDE"
NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT"
NOT_A_NUMBER = "NOT_A_NUMBER"
DUPLICATE_KEY = "DUPLICATE_KEY"
CERTAINTY_OUTSIDE_0_1 = "CERTAINTY_OUTSIDE_0_1"
ITERATIONS_OUT_OF_RANGE = "ITERATIONS_OUT_OF_RANGE"
BINS_OUT_OF_RANGE = "BINS_OUT_OF_RANGE"
CHUNK_OUT_OF_RANGE = "CHUNK_OUT_OF_RANGE"
INVALID_SEED = "INVALID_SEED"


@dataclass(frozen=True)
class Problem:
    field: str  # "probability", "low", "high", "mode", "key", "certainty", "iterations", …
    code: str
    risk: str | None = None  # the risk's key, for a fault of one risk
    index: int | None = None  # position in the input (of the risk, certainty or bound)


class InvalidInput(ValueError):
    """Every fault found in the input, as (field, code, risk) problems."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field} {p.risk or ''}: {p.code}" for p in problems))

    @property
    def codes(self) -> set[str]:
        return {problem.code for problem in self.problems}

    def by_field(self) -> dict[str, list[str]]:
        """{field: [code]}, as a form shows them."""
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            codes = found.setdefault(problem.field, [])
            codes += [] if problem.code in codes else [problem.code]
        return found


@dataclass(frozen=True)
class RiskInput:
    key: str
    probability: float  # 0–1
    low: float  # € — the class's lower bound, or the owner's minimum
    high: float  # € — the class's upper bound, or the owner's maximum
    mode: float | None = None  # € the owner's most likely amount; None: uniform


@dataclass(frozen=True)
class Requirement:
    certainty: float
    amount: float  # the benodigde weerstandscapaciteit at that certainty


@dataclass(frozen=True)
class Bin:
    lower: float
    upper: float
    count: int
    share: float  # of the iterations
    cumulative: float  # share of the iterations with a total up to this bin's upper edge


@dataclass(frozen=True)
class Histogram:
    edges: tuple[float, ...]  # len(counts) + 1; every bin [lower, upper), the last closed
    counts: tuple[int, ...]

    @property
    def bins(self) -> tuple[Bin, ...]:
        """The rows of the table beside the chart."""
        total, below = sum(self.counts) or 1, np.cumsum(self.counts)
        return tuple(
            Bin(self.edges[i], self.edges[i + 1], n, n / total, int(below[i]) / total)
            for i, n in enumerate(self.counts)
        )


@dataclass(frozen=True)
class Contribution:
    key: str
    expected: float  # p · E[amount], exact (not simulated)
    tail_mean: float  # mean amount over the tail iterations
    tail_share: float  # tail_mean / the tail's mean total (0 when that is 0)


@dataclass(frozen=True)
class Simulation:
    seed: int
    iterations: int
    certainty: float  # the chosen one: the tail and ``required_amount`` are taken there
    required: tuple[Requirement, ...]  # ascending certainty, the chosen one included
    mean: float
    std: float  # sample standard deviation of the totals
    minimum: float
    maximum: float
    expected_mean: float  # Σ p · E[amount], exact
    histogram: Histogram
    tail_mean: float  # mean total of the tail iterations (expected shortfall)
    tail_iterations: int
    contributions: tuple[Contribution, ...]  # in input order

    @property
    def required_amount(self) -> float:
        return self.required_at(self.certainty)

    def required_at(self, certainty: float) -> float:
        return {r.certainty: r.amount for r in self.required}[certainty]

    def top(self, n: int = 10) -> tuple[Contribution, ...]:
        """The n risks that contribute most to the tail, largest first (ties: input order)."""
        ranked = sorted(enumerate(self.contributions), key=lambda c: (-c[1].tail_mean, c[0]))
        return tuple(contribution for _, contribution in ranked[:n])


def expected_amount(risk: RiskInput) -> float:
    """E[amount | the risk occurs]: the middle, or the triangular mean."""
    if risk.mode is None:
        return (float(risk.low) + float(risk.high)) / 2
    return (float(risk.low) + float(risk.mode) + float(risk.high)) / 3


def closed_form_mean(risks: Sequence[RiskInput]) -> float:
    """E[T] = Σ p · E[amount]."""
    return math.fsum(float(r.probability) * expected_amount(r) for r in risks)


def number(value) -> float | None:
    """The value as a finite float, or None (booleans and text are not numbers here)."""
    try:
        value = None if isinstance(value, bool | str) else float(value)
    except (TypeError, ValueError):
        return None
    return value if value is not None and math.isfinite(value) else None


def risk_problems(risk: RiskInput, index: int | None = None) -> list[Problem]:
    """What is wrong with one risk (a form's clean() asks the same)."""
    p, low, high, mode = (number(v) for v in (risk.probability, risk.low, risk.high, risk.mode))
    faults = [
        (field, NOT_A_NUMBER)
        for field, value in (("probability", p), ("low", low), ("high", high), ("mode", mode))
        if value is None and (field != "mode" or risk.mode is not None)
    ]
    if p is not None and not 0.0 <= p <= 1.0:
        faults.append(("probability", PROBABILITY_OUTSIDE_0_1))
    if low is not None and low < 0:
        faults.append(("low", NEGATIVE_AMOUNT))
    if low is not None and high is not None and low > high:
        faults.append(("low", LOW_ABOVE_HIGH))
    elif None not in (low, high, mode) and not low <= mode <= high:
        faults.append(("mode", MODE_OUTSIDE))
    return [Problem(field, code, risk.key, index) for field, code in faults]


def validate(risks, iterations, seed, certainty, certainties, bins, chunk_cells) -> list[Problem]:
    """Every problem of the input of ``simulate``, in the order of its arguments."""
    found: list[Problem] = []
    seen: set[str] = set()
    for index, risk in enumerate(risks):
        if risk.key in seen:
            found.append(Problem("key", DUPLICATE_KEY, risk.key, index))
        seen.add(risk.key)
        found += risk_problems(risk, index)
    levels = [("certainty", certainty, None)]
    levels += [("certainties", value, i) for i, value in enumerate(certainties)]
    for field, value, index in levels:
        if number(value) is None or not 0.0 < number(value) < 1.0:
            found.append(Problem(field, CERTAINTY_OUTSIDE_0_1, index=index))
    for field, value, lowest, highest, code in (
        ("iterations", iterations, 1, MAX_ITERATIONS, ITERATIONS_OUT_OF_RANGE),
        ("bins", bins, 1, MAX_BINS, BINS_OUT_OF_RANGE),
        ("chunk_cells", chunk_cells, 1, math.inf, CHUNK_OUT_OF_RANGE),
        ("seed", seed, 0, math.inf, INVALID_SEED),
    ):
        whole = isinstance(value, int | np.integer) and not isinstance(value, bool)
        if not whole or not lowest <= value <= highest:
            found.append(Problem(field, code))
    return found


@dataclass(frozen=True)
class _Model:
    """The risks that can occur as columns, the uniform ones first and the triangular ones
    after them (two slices of one array, no copies)."""

    order: np.ndarray  # column -> position in the risks given to ``of``
    inverse_p: np.ndarray
    low: np.ndarray
    width: np.ndarray
    split: int  # columns [0, split) are uniform, [split, n) triangular
    left: np.ndarray  # w·(m − a) of the triangular columns (w = b − a)
    right: np.ndarray  # w·(b − m)
    rise: np.ndarray  # m − a
    fall: np.ndarray  # b − m
    base: np.ndarray  # a + b − m

    @classmethod
    def of(cls, risks: Sequence[RiskInput]) -> _Model:
        # A mode on a fixed amount (low == high) is that amount: uniform of width 0.
        shaped = [r.mode is not None and float(r.high) > float(r.low) for r in risks]
        order = sorted(range(len(risks)), key=lambda i: shaped[i])  # stable
        ordered = [risks[i] for i in order]
        p, low, high = (
            np.array([float(getattr(r, name)) for r in ordered])
            for name in ("probability", "low", "high")
        )
        split = len(risks) - sum(shaped)
        a, b, w = low[split:], high[split:], (high - low)[split:]
        m = np.array([float(r.mode) for r in ordered[split:]])
        triangular = (w * (m - a), w * (b - m), m - a, b - m, a + b - m)
        return cls(np.array(order, dtype=np.intp), 1.0 / p, low, high - low, split, *triangular)

    def amounts(self, u: np.ndarray) -> np.ndarray:
        """Each risk's amount per row from the uniforms u (rows × columns), in place."""
        np.multiply(u, self.inverse_p, out=u)  # < 1: occurs; then uniform on [0, 1)
        occurs = u < 1.0
        np.minimum(u, 1.0, out=u)  # keeps the arithmetic finite where it did not occur
        x = u[:, : self.split]
        np.multiply(x, self.width[: self.split], out=x)
        np.add(x, self.low[: self.split], out=x)
        if self.split < u.shape[1]:
            self._triangular(u[:, self.split :])
        np.multiply(u, occurs, out=u)
        return u

    def _triangular(self, x: np.ndarray) -> None:
        """The quantile function Q(x) in place, without a branch per element. Q is
        a + √(x·w·(m − a)) below the peak c = (m − a)/w, b − √((1 − x)·w·(b − m)) from it.
        Below c the first root is under m − a and the second over b − m; from c on the
        other way round. So Q = (a + b − m) + min(√(x·w·(m − a)), m − a) −
        min(√((1 − x)·w·(b − m)), b − m) on all of [0, 1]: twice as fast as np.where."""
        rising = x * self.left
        np.sqrt(rising, out=rising)
        np.minimum(rising, self.rise, out=rising)
        np.subtract(1.0, x, out=x)
        np.multiply(x, self.right, out=x)
        np.sqrt(x, out=x)
        np.minimum(x, self.fall, out=x)
        np.subtract(rising, x, out=x)
        np.add(x, self.base, out=x)


def _blocks(iterations: int, seed: int, columns: int, chunk_rows: int) -> Iterator:
    """Per block: its first row, its rows, and its chunks (row, uniforms) drawn lazily."""

    def chunks(start: int, rows: int, generator: np.random.Generator):
        for offset in range(0, rows, chunk_rows):
            yield start + offset, generator.random((min(chunk_rows, rows - offset), columns))

    for block, start in enumerate(range(0, iterations, BLOCK)):
        stream = np.random.SeedSequence(seed, spawn_key=(block,))
        rows = min(BLOCK, iterations - start)
        yield start, rows, chunks(start, rows, np.random.Generator(np.random.PCG64(stream)))


def _quantile_index(certainty: float, iterations: int) -> int:
    """0-based index of the ⌈c·N⌉-th smallest total (c as written, so 0.7 × 10 is 7)."""
    rank = math.ceil(Decimal(repr(float(certainty))) * iterations)
    return min(max(rank, 1), iterations) - 1


def simulate(
    risks: Sequence[RiskInput],
    *,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int,
    certainty: float = DEFAULT_CERTAINTY,
    certainties: Sequence[float] = DEFAULT_CERTAINTIES,
    bins: int = DEFAULT_BINS,
    chunk_cells: int = DEFAULT_CHUNK_CELLS,
) -> Simulation:
    """Simulate the total of the open risks; the module's docstring gives the model."""
    problems = validate(risks, iterations, seed, certainty, certainties, bins, chunk_cells)
    if problems:
        raise InvalidInput(problems)
    iterations, seed, certainty = int(iterations), int(seed), float(certainty)
    active = [i for i, r in enumerate(risks) if float(r.probability) > TINY]
    model, columns = _Model.of([risks[i] for i in active]), len(active)
    chunk_rows = max(1, min(BLOCK, chunk_cells // max(columns, 1)))

    totals = np.zeros(iterations)
    for _, _, chunks in _blocks(iterations, seed, columns, chunk_rows) if columns else ():
        for row, u in chunks:
            totals[row : row + len(u)] = model.amounts(u).sum(axis=1)
    ordered = np.sort(totals)
    levels = sorted({float(c) for c in certainties} | {certainty})
    required = tuple(Requirement(c, float(ordered[_quantile_index(c, iterations)])) for c in levels)

    in_tail = totals >= ordered[_quantile_index(certainty, iterations)]
    tail_count, tail_mean = int(in_tail.sum()), float(totals[in_tail].mean())
    sums = _tail_sums(model, in_tail, seed, chunk_rows) if columns else np.zeros(0)
    column = {active[position]: c for c, position in enumerate(model.order)}
    contributions = []
    for index, risk in enumerate(risks):
        mean = float(sums[column[index]]) / tail_count if index in column else 0.0
        share = mean / tail_mean if tail_mean > 0 else 0.0
        expected = float(risk.probability) * expected_amount(risk)
        contributions.append(Contribution(risk.key, expected, mean, share))
    low, high = float(ordered[0]), float(ordered[-1])
    return Simulation(
        seed=seed,
        iterations=iterations,
        certainty=certainty,
        required=required,
        mean=float(totals.mean()),
        std=float(totals.std(ddof=1)) if iterations > 1 else 0.0,
        minimum=low,
        maximum=high,
        expected_mean=closed_form_mean(risks),
        histogram=_histogram(totals, bins, low, high),
        tail_mean=tail_mean,
        tail_iterations=tail_count,
        contributions=tuple(contributions),
    )


def _tail_sums(model: _Model, in_tail: np.ndarray, seed: int, chunk_rows: int) -> np.ndarray:
    """Σ over the tail iterations of each column's amount, the blocks redrawn."""
    sums = np.zeros(model.order.size)
    for start, rows, chunks in _blocks(in_tail.size, seed, model.order.size, chunk_rows):
        if not in_tail[start : start + rows].any():
            continue  # its stream is left undrawn: the other blocks have their own
        picked = [model.amounts(u[in_tail[row : row + len(u)]]) for row, u in chunks]
        # The block's tail rows summed at once, so the chunk size cannot change the sum.
        sums += np.concatenate(picked).sum(axis=0)
    return sums


def _histogram(totals: np.ndarray, bins: int, low: float, high: float) -> Histogram:
    """``bins`` equal bins from the least to the largest total; over at least €1 (more for
    totals past a billion), so that equal or nearly equal totals still get finite bins."""
    least = max(1.0, abs(low) * 1e-9)
    top = high if high - low >= least else low + least
    counts, edges = np.histogram(totals, bins=bins, range=(low, top))
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts))
