"""Weighted value per project, ranks with explicit ties. Pure NumPy.

Contribution criteria are scored −3 … +3 (negative harms the objective); the total value
is the weighted sum. Impact axes (complexity, risk, capacity; lower is better) are kept
apart as a second, weighted impact figure rather than subtracted from the value.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Ranking:
    values: np.ndarray  # (n,) weighted value per project
    order: np.ndarray  # project indices, best first; ties keep the input order
    ranks: np.ndarray  # (n,) 1-based competition rank ("1224"): ties share a rank
    tied: np.ndarray  # (n,) bool: shares its rank with another project


def weighted_values(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    scores = np.asarray(scores, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if scores.ndim != 2 or scores.shape[1] != weights.shape[0]:
        raise ValueError("scores are projects × criteria, one weight per criterion")
    return scores @ weights


def rank(values: np.ndarray, *, decimals: int = 9) -> Ranking:
    """Best first; values equal to `decimals` places are ties and share a rank."""
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).all():
        # NaN equals nothing, not even itself: it has no place in an order.
        raise ValueError("values to rank must be finite numbers (a score or weight is NaN or inf)")
    rounded = np.round(values, decimals)
    order = np.argsort(-rounded, kind="stable")
    ranks = np.empty(len(values), dtype=int)
    sorted_values = rounded[order]
    # Competition ranking: position of the first equal value, plus one.
    first = np.searchsorted(-sorted_values, -sorted_values, side="left")
    ranks[order] = first + 1
    counts = np.unique(rounded, return_counts=True)
    multiplicity = dict(zip(counts[0].tolist(), counts[1].tolist(), strict=True))
    tied = np.array([multiplicity[v] > 1 for v in rounded.tolist()], dtype=bool)
    return Ranking(values=values, order=order, ranks=ranks, tied=tied)
