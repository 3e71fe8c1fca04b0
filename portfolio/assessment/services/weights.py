"""Weights of a framework version: typed directly, or from AHP pairwise judgements."""

import math
from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_version_bump

from ...scoring import ahp as ahp_engine
from ..models import (
    AssessmentFramework,
    Criterion,
    PairwiseJudgement,
)
from ..rules import AhpOutcome, ahp_outcome, complete_judgements
from ..selectors import judgements_by_rater
from .drafts import draft_for_update


@transaction.atomic
def weights_set_direct(
    *,
    actor: Actor,
    framework: AssessmentFramework,
    expected_version: int,
    weights: Mapping[int, float],
) -> dict[int, float]:
    """Typed weights per criterion, normalised within each kind to sum to 1.

    Weights of one kind that sum to zero cannot be normalised: a field error, nothing saved.
    """
    current = draft_for_update(framework, expected_version)
    criteria = list(current.criteria.all())
    by_kind: dict[str, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        by_kind[criterion.kind].append(criterion)
    errors = {}
    normalised: dict[int, float] = {}
    for kind, members in by_kind.items():
        raw = [float(weights.get(c.pk, 0.0)) for c in members]
        if not all(math.isfinite(value) for value in raw):
            errors[kind] = _("Een gewicht is een gewoon getal.")
            continue
        if any(value < 0 for value in raw):
            errors[kind] = _("Gewichten zijn niet negatief.")
            continue
        try:
            scaled = ahp_engine.normalise(raw)
        except ValueError:
            errors[kind] = _("De gewichten tellen op tot nul; geef minstens één gewicht op.")
            continue
        normalised.update({c.pk: float(w) for c, w in zip(members, scaled, strict=True)})
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        criterion.weight = normalised[criterion.pk]
    Criterion.objects.bulk_update(criteria, ["weight"])
    current.weight_method = AssessmentFramework.WeightMethod.DIRECT
    current.save(update_fields=["weight_method"])
    audit_version_bump(
        current, actor=actor, changes={"gewichten": ["", "direct"]}, caller=framework
    )
    return normalised


@transaction.atomic
def judgements_save(
    *,
    actor: Actor,
    framework: AssessmentFramework,
    expected_version: int,
    kind: str,
    judgements: Mapping[tuple[int, int], float],
) -> AhpOutcome:
    """Store one rater's complete set of pairwise judgements for one kind of criteria,
    then set that kind's weights from all complete raters combined (geometric mean)."""
    current = draft_for_update(framework, expected_version)
    criteria = list(current.criteria.filter(kind=kind))
    if len(criteria) < 2:
        raise ValidationError(_("Paarsgewijs vergelijken vraagt minstens twee criteria."))
    if not complete_judgements(judgements, criteria):
        raise ValidationError(_("Beoordeel elk paar criteria."))
    own = ahp_outcome(criteria, dict(judgements))  # raises ValueError for off-scale values
    PairwiseJudgement.objects.filter(framework=current, rater=actor.user, first__kind=kind).delete()
    PairwiseJudgement.objects.bulk_create(
        PairwiseJudgement(framework=current, rater=actor.user, first_id=a, second_id=b, value=v)
        for (a, b), v in judgements.items()
    )
    raters = [
        judged
        for judged in judgements_by_rater(current, kind).values()
        if complete_judgements(judged, criteria)
    ]
    combined = ahp_outcome(criteria, raters) if len(raters) > 1 else own
    for criterion in criteria:
        criterion.weight = combined.weights[criterion.pk]
    Criterion.objects.bulk_update(criteria, ["weight"])
    current.weight_method = AssessmentFramework.WeightMethod.AHP
    current.save(update_fields=["weight_method"])
    audit_version_bump(
        current,
        actor=actor,
        changes={"gewichten": ["", f"ahp ({kind})"]},
        caller=framework,
    )
    return combined
