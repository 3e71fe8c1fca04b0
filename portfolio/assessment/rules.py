"""Pure rules of the afwegingskader: AHP outcomes for pages, the objective tree's weights.

No Django models are imported here: criteria come in as objects with pk, kind and weight.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from ..scoring import ahp as ahp_engine

# Pairwise comparison is defined up to this many criteria (Saaty's random index).
MAX_CRITERIA = ahp_engine.MAX_CRITERIA


class Criterion(Protocol):
    pk: int
    kind: str
    weight: float
    objective_id: int | None


class Objective(Protocol):
    pk: int
    parent_id: int | None


@dataclass(frozen=True)
class AhpOutcome:
    """AHP for one kind of criteria, ready for a page: weights by criterion id."""

    criteria: tuple[Criterion, ...]
    weights: dict[int, float]
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    # (first, second, the value judged, the value the weights imply), worst first
    inconsistent: tuple[tuple[Criterion, Criterion, float, float], ...]
    raters: int


def ahp_outcome(
    criteria: list[Criterion], judgements: Mapping[tuple[int, int], float] | list
) -> AhpOutcome:
    """Weights and consistency from one rater's judgements, or several raters' combined.

    `judgements` is one mapping {(first_id, second_id): value} or a list of them; each must
    judge every pair. Raises ValueError with the engine's reason otherwise.
    """
    sets = judgements if isinstance(judgements, list) else [judgements]
    index = {c.pk: i for i, c in enumerate(criteria)}
    matrices = []
    for judged in sets:
        by_index = {(index[a], index[b]): value for (a, b), value in judged.items()}
        matrices.append(ahp_engine.matrix_from_judgements(len(criteria), by_index))
    matrix = ahp_engine.combine(matrices) if len(matrices) > 1 else matrices[0]
    result = ahp_engine.ahp(matrix)
    weights = result.weights
    inconsistent = tuple(
        (criteria[i], criteria[j], float(matrix[i, j]), float(weights[i] / weights[j]))
        for i, j, deviation in result.inconsistent_pairs
        if deviation > 0.05
    )
    return AhpOutcome(
        criteria=tuple(criteria),
        weights={c.pk: float(w) for c, w in zip(criteria, weights, strict=True)},
        lambda_max=result.lambda_max,
        ci=result.ci,
        cr=result.cr,
        consistent=result.consistent,
        inconsistent=inconsistent,
        raters=len(sets),
    )


def complete_judgements(judged: Mapping[tuple[int, int], float], criteria: list[Criterion]) -> bool:
    ids = [c.pk for c in criteria]
    pairs = {(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return pairs <= set(judged)


def objective_tree(
    objectives: Sequence[Objective], criteria: Sequence[Criterion]
) -> list[tuple[Objective, float, list[tuple[Objective, float]]]]:
    """The two-level objective tree with the weight each objective carries: the summed
    weights of its own criteria, and a main objective's also those of its sub-objectives."""
    own: dict[int, float] = {}
    for criterion in criteria:
        if criterion.objective_id:
            own[criterion.objective_id] = own.get(criterion.objective_id, 0.0) + criterion.weight
    tree = []
    for objective in objectives:
        if objective.parent_id is not None:
            continue
        children = [child for child in objectives if child.parent_id == objective.pk]
        total = own.get(objective.pk, 0.0) + sum(own.get(child.pk, 0.0) for child in children)
        tree.append((objective, total, [(child, own.get(child.pk, 0.0)) for child in children]))
    return tree


CONTRIBUTION = "contribution"


def criterion_errors(*, kind: str, has_objective: bool) -> dict[str, str]:
    """A contribution criterion belongs to an objective (field → message)."""
    if kind == CONTRIBUTION and not has_objective:
        return {"objective": _("Een bijdragecriterium hoort bij een doel.")}
    return {}
