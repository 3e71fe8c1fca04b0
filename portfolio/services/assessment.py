"""The afwegingskader: building a framework version, weighing it, publishing it, scoring.

A published version is immutable: every write to its definition is refused with
FrameworkPublishedError, which the pages turn into the offer of a new version. Scores
stay writable on a published version (scoring goes on after the weights are fixed).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.audit import audit_record, audit_version_bump
from pmo.models import AuditEntry, User

from ..models import (
    WSJF_SCALE,
    AssessmentFramework,
    Criterion,
    Objective,
    PairwiseJudgement,
    Project,
    Score,
    WsjfEstimate,
)
from ..scoring import ahp as ahp_engine


class FrameworkPublishedError(Exception):
    """The framework is published; its definition can only change in a new version."""

    def __init__(self, framework: AssessmentFramework):
        self.framework = framework
        super().__init__(
            _(
                "%(framework)s is gepubliceerd en kan niet meer worden gewijzigd. "
                "Maak een nieuwe versie om iets aan te passen."
            )
            % {"framework": framework}
        )


class StaleError(Exception):
    """Someone changed the object after the writer loaded it; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)


def _draft_for_update(framework: AssessmentFramework, expected_version: int):
    current = AssessmentFramework.objects.select_for_update().get(pk=framework.pk)
    if current.is_published:
        raise FrameworkPublishedError(current)
    if current.version != expected_version:
        raise StaleError(
            _("Dit afwegingskader is intussen door een ander gewijzigd. Laad de pagina opnieuw.")
        )
    return current


# ------------------------------------------------------------------ framework definition


@transaction.atomic
def framework_create(
    *,
    actor: User | None,
    name: str,
    description: str = "",
    weight_method: str = AssessmentFramework.WeightMethod.DIRECT,
    uses_wsjf: bool = False,
) -> AssessmentFramework:
    existing = AssessmentFramework.objects.filter(name=name).aggregate(top=Max("number"))["top"]
    framework = AssessmentFramework(
        name=name,
        number=(existing or 0) + 1,
        description=description,
        weight_method=weight_method,
        uses_wsjf=uses_wsjf,
        created_by=actor,
    )
    framework.full_clean()
    framework.save()
    audit_record(
        actor=actor,
        instance=framework,
        action=AuditEntry.Action.CREATE,
        source=AuditEntry.Source.UI,
        changes={},
    )
    return framework


@transaction.atomic
def objective_save(
    *,
    actor: User | None,
    framework: AssessmentFramework,
    expected_version: int,
    objective: Objective | None = None,
    name: str,
    description: str = "",
    parent: Objective | None = None,
    position: int = 0,
) -> Objective:
    current = _draft_for_update(framework, expected_version)
    if parent is not None and (parent.framework_id != current.pk or parent.parent_id is not None):
        raise ValidationError(
            {"parent": _("Kies een hoofddoel van dit afwegingskader (twee niveaus).")}
        )
    if objective is not None and parent is not None and objective.children.exists():
        raise ValidationError(
            {"parent": _("Dit doel heeft zelf subdoelen en kan geen subdoel worden.")}
        )
    objective = objective or Objective(framework=current)
    objective.name, objective.description = name, description
    objective.parent, objective.position = parent, position
    objective.full_clean()
    objective.save()
    audit_version_bump(current, actor=actor, changes={"doelstelling": ["", name]}, caller=framework)
    return objective


@transaction.atomic
def criterion_save(
    *,
    actor: User | None,
    framework: AssessmentFramework,
    expected_version: int,
    criterion: Criterion | None = None,
    kind: str,
    name: str,
    objective: Objective | None = None,
    description: str = "",
    position: int = 0,
) -> Criterion:
    current = _draft_for_update(framework, expected_version)
    if kind == Criterion.Kind.CONTRIBUTION and objective is None:
        raise ValidationError({"objective": _("Een bijdragecriterium hoort bij een doel.")})
    if objective is not None and objective.framework_id != current.pk:
        raise ValidationError({"objective": _("Kies een doel van dit afwegingskader.")})
    if kind == Criterion.Kind.IMPACT:
        objective = None
    if criterion is not None and criterion.kind != kind and criterion.scores.exists():
        raise ValidationError(
            {"kind": _("Er zijn al scores op dit criterium; de schaal kan niet meer wisselen.")}
        )
    criterion = criterion or Criterion(framework=current)
    criterion.kind, criterion.name, criterion.objective = kind, name, objective
    criterion.description, criterion.position = description, position
    criterion.full_clean()
    criterion.save()
    audit_version_bump(current, actor=actor, changes={"criterium": ["", name]}, caller=framework)
    return criterion


@transaction.atomic
def criterion_delete(
    *, actor: User | None, framework: AssessmentFramework, expected_version: int, criterion
) -> None:
    current = _draft_for_update(framework, expected_version)
    name = criterion.name
    criterion.delete()
    audit_version_bump(
        current,
        actor=actor,
        changes={"criterium": [name, ""]},
        caller=framework,
    )


# ------------------------------------------------------------------------------ weights


@transaction.atomic
def weights_set_direct(
    *,
    actor: User | None,
    framework: AssessmentFramework,
    expected_version: int,
    weights: Mapping[int, float],
) -> dict[int, float]:
    """Typed weights per criterion, normalised within each kind to sum to 1.

    Weights of one kind that sum to zero cannot be normalised: a field error, nothing saved.
    """
    current = _draft_for_update(framework, expected_version)
    criteria = list(current.criteria.all())
    by_kind: dict[str, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        by_kind[criterion.kind].append(criterion)
    errors = {}
    normalised: dict[int, float] = {}
    for kind, members in by_kind.items():
        raw = [float(weights.get(c.pk, 0.0)) for c in members]
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


def judgements_by_rater(
    framework: AssessmentFramework, kind: str
) -> dict[int, dict[tuple[int, int], float]]:
    found: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
    rows = PairwiseJudgement.objects.filter(framework=framework, first__kind=kind).values_list(
        "rater_id", "first_id", "second_id", "value"
    )
    for rater, first, second, value in rows:
        found[rater][(first, second)] = value
    return dict(found)


def _complete(judged: Mapping[tuple[int, int], float], criteria: list[Criterion]) -> bool:
    ids = [c.pk for c in criteria]
    pairs = {(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return pairs <= set(judged)


@transaction.atomic
def judgements_save(
    *,
    actor: User,
    framework: AssessmentFramework,
    expected_version: int,
    kind: str,
    judgements: Mapping[tuple[int, int], float],
) -> AhpOutcome:
    """Store one rater's complete set of pairwise judgements for one kind of criteria,
    then set that kind's weights from all complete raters combined (geometric mean)."""
    current = _draft_for_update(framework, expected_version)
    criteria = list(current.criteria.filter(kind=kind))
    if len(criteria) < 2:
        raise ValidationError(_("Paarsgewijs vergelijken vraagt minstens twee criteria."))
    if not _complete(judgements, criteria):
        raise ValidationError(_("Beoordeel elk paar criteria."))
    own = ahp_outcome(criteria, dict(judgements))  # raises ValueError for off-scale values
    PairwiseJudgement.objects.filter(framework=current, rater=actor, first__kind=kind).delete()
    PairwiseJudgement.objects.bulk_create(
        PairwiseJudgement(framework=current, rater=actor, first_id=a, second_id=b, value=v)
        for (a, b), v in judgements.items()
    )
    raters = [
        judged
        for judged in judgements_by_rater(current, kind).values()
        if _complete(judged, criteria)
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


# ---------------------------------------------------------------------------- publishing


def publish_problems(framework: AssessmentFramework) -> list[str]:
    """What stands in the way of publishing; empty when it can be published."""
    criteria = list(framework.criteria.all())
    problems = []
    contribution = [c for c in criteria if c.kind == Criterion.Kind.CONTRIBUTION]
    if not contribution:
        problems.append(_("Er is nog geen criterium dat bijdraagt aan een doel."))
    for kind, label in Criterion.Kind.choices:
        members = [c for c in criteria if c.kind == kind]
        if members and abs(sum(c.weight for c in members) - 1.0) > 1e-6:
            problems.append(
                _("De gewichten van '%(kind)s' zijn nog niet vastgesteld.") % {"kind": label}
            )
    if framework.weight_method == AssessmentFramework.WeightMethod.AHP:
        for kind, label in Criterion.Kind.choices:
            members = [c for c in criteria if c.kind == kind]
            if len(members) < 2:
                continue
            raters = [
                judged
                for judged in judgements_by_rater(framework, kind).values()
                if _complete(judged, members)
            ]
            if raters and not ahp_outcome(members, raters).consistent:
                problems.append(
                    _(
                        "De paarsgewijze oordelen voor '%(kind)s' zijn te inconsistent "
                        "(CR boven 0,10); herzie de genoemde paren."
                    )
                    % {"kind": label}
                )
    return problems


@transaction.atomic
def framework_publish(
    *, actor: User | None, framework: AssessmentFramework, expected_version: int
) -> AssessmentFramework:
    current = _draft_for_update(framework, expected_version)
    problems = publish_problems(current)
    if problems:
        raise ValidationError(problems)
    current.status = AssessmentFramework.Status.PUBLISHED
    current.published_by, current.published_at = actor, timezone.now()
    current.save(update_fields=["status", "published_by", "published_at"])
    audit_version_bump(
        current, actor=actor, changes={"status": ["concept", "gepubliceerd"]}, caller=framework
    )
    return current


@transaction.atomic
def framework_new_version(*, actor: User | None, framework: AssessmentFramework):
    """A new draft copied from `framework`: objectives, criteria, weights, judgements,
    scores and WSJF estimates, so nobody scores the portfolio twice."""
    # Lock every version of this name: two analysts clicking at once get numbers n and
    # n + 1 instead of one of them an integrity error.
    list(AssessmentFramework.objects.select_for_update().filter(name=framework.name))
    top = AssessmentFramework.objects.filter(name=framework.name).aggregate(top=Max("number"))
    draft = AssessmentFramework.objects.create(
        name=framework.name,
        number=top["top"] + 1,
        description=framework.description,
        weight_method=framework.weight_method,
        uses_wsjf=framework.uses_wsjf,
        based_on=framework,
        created_by=actor,
    )
    objective_map: dict[int, Objective] = {}
    for objective in framework.objectives.order_by("parent_id", "pk"):  # parents first
        old_pk = objective.pk
        objective.pk = None
        objective.framework = draft
        objective.parent = objective_map.get(objective.parent_id)
        objective.save()
        objective_map[old_pk] = objective
    criterion_map: dict[int, int] = {}
    for criterion in framework.criteria.all():
        old_pk = criterion.pk
        criterion.pk = None
        criterion.framework = draft
        criterion.objective = objective_map.get(criterion.objective_id)
        criterion.save()
        criterion_map[old_pk] = criterion.pk
    PairwiseJudgement.objects.bulk_create(
        PairwiseJudgement(
            framework=draft,
            rater_id=j.rater_id,
            first_id=criterion_map[j.first_id],
            second_id=criterion_map[j.second_id],
            value=j.value,
        )
        for j in framework.judgements.all()
    )
    Score.objects.bulk_create(
        Score(
            criterion_id=criterion_map[s.criterion_id],
            project_id=s.project_id,
            value=s.value,
            justification=s.justification,
            updated_by_id=s.updated_by_id,
        )
        for s in Score.objects.filter(criterion__framework=framework)
    )
    WsjfEstimate.objects.bulk_create(
        WsjfEstimate(
            framework=draft,
            project_id=w.project_id,
            business_value=w.business_value,
            time_criticality=w.time_criticality,
            risk_reduction=w.risk_reduction,
            job_size=w.job_size,
        )
        for w in framework.wsjf_estimates.all()
    )
    audit_record(
        actor=actor,
        instance=draft,
        action=AuditEntry.Action.CREATE,
        source=AuditEntry.Source.UI,
        changes={"gebaseerd op": ["", str(framework)]},
    )
    return draft


# ------------------------------------------------------------------------------- scores


def score_stale_message(score: Score) -> str:
    who = score.updated_by.get_full_name() if score.updated_by else _("iemand anders")
    return _("Intussen door %(who)s op %(value)s gezet; uw invoer is niet bewaard.") % {
        "who": who or score.updated_by.username,
        "value": score.value,
    }


@transaction.atomic
def score_set(
    *,
    actor: User | None,
    criterion: Criterion,
    project: Project,
    value: int | None,
    justification: str = "",
    expected_version: int = 0,
) -> Score | None:
    """Set (or with value None clear) one cell. `expected_version` 0 means "was empty".

    Off-scale values are a field error; a cell changed meanwhile raises StaleError.
    """
    current = (
        # of=self: PostgreSQL cannot lock the nullable side of the updated_by join.
        Score.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(criterion=criterion, project=project)
        .first()
    )
    if (current.version if current else 0) != expected_version:
        if current is None:
            raise StaleError(_("Deze score is intussen gewist; uw invoer is niet bewaard."))
        raise StaleError(score_stale_message(current))
    if value is None:
        if current is not None:
            current.delete()
        return None
    if current is not None and current.value == value and current.justification == justification:
        return current  # nothing changed: no new version, no audit line
    low, high = criterion.scale
    if not low <= value <= high:
        raise ValidationError(
            {"value": _("Een score ligt tussen %(low)s en %(high)s.") % {"low": low, "high": high}}
        )
    if current is None:
        score = Score.objects.create(
            criterion=criterion,
            project=project,
            value=value,
            justification=justification,
            updated_by=actor,
        )
    else:
        Score.objects.filter(pk=current.pk).update(
            value=value,
            justification=justification,
            updated_by=actor,
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        score = Score.objects.get(pk=current.pk)
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes={criterion.name: [str(current.value) if current else "", str(value)]},
    )
    return score


@transaction.atomic
def wsjf_set(
    *,
    actor: User | None,
    framework: AssessmentFramework,
    project: Project,
    business_value: int,
    time_criticality: int,
    risk_reduction: int,
    job_size: int,
) -> WsjfEstimate:
    values = {
        "business_value": business_value,
        "time_criticality": time_criticality,
        "risk_reduction": risk_reduction,
        "job_size": job_size,
    }
    errors = {
        name: _("Kies een waarde uit 1, 2, 3, 5, 8, 13, 20.")
        for name, value in values.items()
        if value not in WSJF_SCALE
    }
    if errors:
        raise ValidationError(errors)
    estimate, _created = WsjfEstimate.objects.update_or_create(
        framework=framework, project=project, defaults=values
    )
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes={f"WSJF {name}": ["", str(value)] for name, value in values.items()},
    )
    return estimate
