"""Analytic Hierarchy Process: weights from pairwise judgements on Saaty's 1–9 scale.

Principal right eigenvector for the weights, λmax, consistency index CI = (λmax − n)/(n − 1)
and consistency ratio CR = CI / RI(n) with Saaty's random index. CR above 0.10 means the
judgements contradict each other too much; the pairs that contribute most are named.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# Saaty's random consistency index for n = 1 … 15 (Saaty 1980, Alonso & Lamata 2006 agree
# to two decimals for n ≤ 10).
RANDOM_INDEX = (
    0.0,
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
# Saaty's random index is tabulated up to 15 criteria; beyond it CR has no meaning.
MAX_CRITERIA = len(RANDOM_INDEX) - 1
CR_THRESHOLD = 0.10
SCALE = tuple(float(v) for v in range(1, 10))
ALLOWED = frozenset(SCALE) | frozenset(1.0 / v for v in SCALE)


@dataclass(frozen=True)
class AhpResult:
    weights: np.ndarray  # sums to 1
    lambda_max: float
    ci: float
    cr: float
    # (i, j, deviation) of the judgements furthest from what the weights imply, worst first
    inconsistent_pairs: tuple[tuple[int, int, float], ...]

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_THRESHOLD


def _on_scale(value: float) -> bool:
    return any(abs(value - allowed) < 1e-9 for allowed in ALLOWED)


def matrix_from_judgements(n: int, judgements: Mapping[tuple[int, int], float]) -> np.ndarray:
    """A reciprocal matrix from the upper-triangle judgements a_ij (i < j).

    Every pair must be judged once, on Saaty's scale (1–9 or a reciprocal 1/2 … 1/9).
    """
    if n < 1:
        raise ValueError("at least one criterion is needed")
    matrix = np.ones((n, n))
    seen = set()
    for (i, j), value in judgements.items():
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise ValueError(f"pair ({i}, {j}) is not a pair of {n} criteria")
        if not _on_scale(value):
            raise ValueError(f"judgement {value} for ({i}, {j}) is not on Saaty's 1–9 scale")
        key = (min(i, j), max(i, j))
        if key in seen:
            raise ValueError(f"pair {key} is judged twice")
        seen.add(key)
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    missing = [(i, j) for i in range(n) for j in range(i + 1, n) if (i, j) not in seen]
    if missing:
        raise ValueError(f"pairs without a judgement: {missing}")
    return matrix


def validate(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError("a pairwise comparison matrix is square")
    if np.any(matrix <= 0):
        raise ValueError("pairwise judgements are positive")
    if not np.allclose(matrix * matrix.T, 1.0, rtol=1e-9, atol=1e-9):
        raise ValueError("the matrix is not reciprocal: a_ji must be 1 / a_ij")
    return matrix


def ahp(matrix: np.ndarray, *, top_pairs: int = 3) -> AhpResult:
    matrix = validate(matrix)
    n = matrix.shape[0]
    if n == 1:
        return AhpResult(np.ones(1), 1.0, 0.0, 0.0, ())
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    index = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[index].real)
    vector = np.abs(eigenvectors[:, index].real)  # Perron vector: one sign, take it positive
    weights = vector / vector.sum()
    ci = max((lambda_max - n) / (n - 1), 0.0)
    if n > MAX_CRITERIA:
        raise ValueError(f"AHP takes at most {MAX_CRITERIA} criteria (the random index ends there)")
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri else 0.0
    # How far each judgement is from the ratio the weights imply (log scale, symmetric).
    implied = weights[:, None] / weights[None, :]
    deviation = np.abs(np.log(matrix / implied))
    pairs = sorted(
        ((i, j, float(deviation[i, j])) for i in range(n) for j in range(i + 1, n)),
        key=lambda pair: pair[2],
        reverse=True,
    )
    return AhpResult(weights, lambda_max, ci, cr, tuple(pairs[:top_pairs]))


def combine(matrices: Sequence[np.ndarray]) -> np.ndarray:
    """Several raters into one matrix: the element-wise geometric mean (keeps reciprocity)."""
    if not matrices:
        raise ValueError("no judgements to combine")
    stack = np.stack([validate(m) for m in matrices])
    return np.exp(np.log(stack).mean(axis=0))


def normalise(weights: Sequence[float]) -> np.ndarray:
    """Directly typed weights, scaled to sum to 1."""
    array = np.asarray(weights, dtype=float)
    if not np.isfinite(array).all():
        # NaN passes both checks below (every comparison with it is False).
        raise ValueError("weights must be finite numbers")
    if np.any(array < 0):
        raise ValueError("weights cannot be negative")
    total = array.sum()
    if total <= 0:
        raise ValueError("weights summing to zero cannot be normalised")
    return array / total
