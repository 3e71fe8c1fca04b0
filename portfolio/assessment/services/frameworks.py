"""The afwegingskader's definition: a framework version, its objectives and criteria,
publishing it and making the next version.

A published version is immutable: every write to its definition is refused with
FrameworkPublishedError, which the pages turn into the offer of a new version. Scores
stay writable on a published version (scores.py: scoring goes on after the weights are
fixed).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, audit_version_bump
from pmo.models import AuditEntry

from ..models import (
    AssessmentFramework,
    Criterion,
    Objective,
    PairwiseJudgement,
    Score,
    WsjfEstimate,
)
from ..rules import criterion_errors
from ..selectors import publish_problems
from .drafts import draft_for_update

# ------------------------------------------------------------------ framework definition


@transaction.atomic
def framework_create(
    *,
    actor: Actor,
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
        created_by=actor.saved_user,
    )
    framework.full_clean()
    framework.save()
    audit_record(
        actor=actor,
        instance=framework,
        action=AuditEntry.Action.CREATE,
        changes={},
    )
    return framework


@transaction.atomic
def objective_save(
    *,
    actor: Actor,
    framework: AssessmentFramework,
    expected_version: int,
    objective: Objective | None = None,
    name: str,
    description: str = "",
    parent: Objective | None = None,
    position: int = 0,
) -> Objective:
    current = draft_for_update(framework, expected_version)
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
    actor: Actor,
    framework: AssessmentFramework,
    expected_version: int,
    criterion: Criterion | None = None,
    kind: str,
    name: str,
    objective: Objective | None = None,
    description: str = "",
    position: int = 0,
) -> Criterion:
    current = draft_for_update(framework, expected_version)
    errors = criterion_errors(kind=kind, has_objective=objective is not None)
    if errors:
        raise ValidationError(errors)
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
    *, actor: Actor, framework: AssessmentFramework, expected_version: int, criterion
) -> None:
    current = draft_for_update(framework, expected_version)
    name = criterion.name
    criterion.delete()
    audit_version_bump(
        current,
        actor=actor,
        changes={"criterium": [name, ""]},
        caller=framework,
    )


# ------------------------------------------------------------------------------ weights


# ---------------------------------------------------------------------------- publishing


@transaction.atomic
def framework_publish(
    *, actor: Actor, framework: AssessmentFramework, expected_version: int
) -> AssessmentFramework:
    current = draft_for_update(framework, expected_version)
    problems = publish_problems(current)
    if problems:
        raise ValidationError(problems)
    current.status = AssessmentFramework.Status.PUBLISHED
    current.published_by, current.published_at = actor.saved_user, timezone.now()
    current.save(update_fields=["status", "published_by", "published_at"])
    audit_version_bump(
        current, actor=actor, changes={"status": ["concept", "gepubliceerd"]}, caller=framework
    )
    return current


@transaction.atomic
def framework_new_version(*, actor: Actor, framework: AssessmentFramework):
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
        created_by=actor.saved_user,
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
        changes={"gebaseerd op": ["", str(framework)]},
    )
    return draft


# ------------------------------------------------------------------------------- scores
