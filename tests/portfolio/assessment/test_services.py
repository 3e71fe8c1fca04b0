"""The afwegingskader's rules: versioning, weights, AHP, scores and their bad input."""

import pytest
from django.core.exceptions import ValidationError

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.models import AuditEntry
from pmo.roles import Role
from pmo.versioning import StaleError
from portfolio.assessment.models import (
    AssessmentFramework,
    Criterion,
    PairwiseJudgement,
    Score,
    WsjfEstimate,
)
from portfolio.assessment.selectors import publish_problems
from portfolio.assessment.services import (
    FrameworkPublishedError,
    criterion_save,
    framework_create,
    framework_new_version,
    framework_publish,
    judgements_save,
    objective_save,
    score_set,
    weights_set_direct,
    wsjf_set,
)
from tests.support.factories import (
    AssessmentFrameworkFactory,
    CriterionFactory,
    ProjectFactory,
    ScoreFactory,
    scored_framework,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def build(analyst):
    framework = framework_create(actor=Actor.screen(analyst), name="Kader")
    goal = objective_save(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        name="Veilig",
    )
    sub = objective_save(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        name="Verkeersveilig",
        parent=goal,
    )
    criteria = [
        criterion_save(
            actor=Actor.screen(analyst),
            framework=framework,
            expected_version=framework.version,
            kind=Criterion.Kind.CONTRIBUTION,
            name=name,
            objective=sub if name == "A" else goal,
        )
        for name in ("A", "B", "C")
    ]
    return framework, criteria


def test_a_new_framework_is_version_one_and_a_second_of_the_same_name_version_two(analyst):
    first = framework_create(actor=Actor.screen(analyst), name="Kader")
    second = framework_create(actor=Actor.screen(analyst), name="Kader")
    assert (first.number, second.number) == (1, 2)
    assert first.status == AssessmentFramework.Status.DRAFT


def test_direct_weights_are_normalised_per_kind(analyst):
    framework, (a, b, c) = build(analyst)
    impact = criterion_save(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        kind=Criterion.Kind.IMPACT,
        name="Risico",
    )
    weights = weights_set_direct(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        weights={a.pk: 50, b.pk: 30, c.pk: 20, impact.pk: 7},
    )
    assert weights[a.pk] == pytest.approx(0.5)
    assert weights[c.pk] == pytest.approx(0.2)
    assert weights[impact.pk] == pytest.approx(1.0)
    a.refresh_from_db()
    assert a.weight == pytest.approx(0.5)


def refused_weights(analyst, framework, weights) -> dict:
    """The field errors of a direct-weights save that must be refused."""
    with pytest.raises(ValidationError) as error:
        weights_set_direct(
            actor=Actor.screen(analyst),
            framework=framework,
            expected_version=framework.version,
            weights=weights,
        )
    return error.value.message_dict


@pytest.mark.parametrize("odd", [float("nan"), float("inf")])
def test_a_weight_that_is_no_number_is_a_field_error_and_changes_nothing(analyst, odd):
    """The engine refuses NaN; the service says what is wrong instead of 'sums to zero'."""
    framework, (a, b, c) = build(analyst)
    errors = refused_weights(analyst, framework, {a.pk: odd, b.pk: 1, c.pk: 1})
    assert "gewoon getal" in errors["contribution"][0]
    assert set(Criterion.objects.values_list("weight", flat=True)) == {0.0}


def test_weights_summing_to_zero_are_a_field_error_and_change_nothing(analyst):
    framework, (a, b, c) = build(analyst)
    errors = refused_weights(analyst, framework, {a.pk: 0, b.pk: 0, c.pk: 0})
    assert "contribution" in errors
    assert "nul" in errors["contribution"][0]
    assert set(Criterion.objects.values_list("weight", flat=True)) == {0.0}


def test_ahp_sets_weights_and_two_raters_combine_by_geometric_mean(analyst, board_member):
    framework, (a, b, c) = build(analyst)
    consistent = {(a.pk, b.pk): 2.0, (a.pk, c.pk): 4.0, (b.pk, c.pk): 2.0}
    outcome = judgements_save(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        kind=Criterion.Kind.CONTRIBUTION,
        judgements=consistent,
    )
    # Consistent judgements 4:2:1 give exactly those weights and CR 0.
    assert [outcome.weights[x.pk] for x in (a, b, c)] == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    assert outcome.cr == pytest.approx(0.0, abs=1e-9)
    other = {(a.pk, b.pk): 1 / 2, (a.pk, c.pk): 1.0, (b.pk, c.pk): 2.0}
    combined = judgements_save(
        actor=Actor.screen(board_member),
        framework=framework,
        expected_version=framework.version,
        kind=Criterion.Kind.CONTRIBUTION,
        judgements=other,
    )
    assert combined.raters == 2
    # Geometric means: a/b = 1, a/c = 2, b/c = 2 → consistent weights 2:2:1.
    assert [combined.weights[x.pk] for x in (a, b, c)] == pytest.approx([0.4, 0.4, 0.2])
    assert PairwiseJudgement.objects.filter(framework=framework).count() == 6
    framework.refresh_from_db()
    assert framework.weight_method == AssessmentFramework.WeightMethod.AHP


def test_inconsistent_judgements_are_flagged_with_the_pairs_and_block_publishing(analyst):
    framework, (a, b, c) = build(analyst)
    # a ≫ b, b ≫ c, yet c ≫ a: as contradictory as it gets.
    outcome = judgements_save(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        kind=Criterion.Kind.CONTRIBUTION,
        judgements={(a.pk, b.pk): 9.0, (b.pk, c.pk): 9.0, (a.pk, c.pk): 1 / 9},
    )
    assert outcome.cr > 0.10 and not outcome.consistent
    named = {(first.pk, second.pk) for first, second, _j, _i in outcome.inconsistent}
    assert (a.pk, c.pk) in named
    framework.refresh_from_db()
    assert any("inconsistent" in problem for problem in publish_problems(framework))
    with pytest.raises(ValidationError):
        framework_publish(
            actor=Actor.screen(analyst), framework=framework, expected_version=framework.version
        )


def test_an_off_scale_judgement_is_refused(analyst):
    framework, (a, b, c) = build(analyst)
    with pytest.raises(ValueError, match="Saaty"):
        judgements_save(
            actor=Actor.screen(analyst),
            framework=framework,
            expected_version=framework.version,
            kind=Criterion.Kind.CONTRIBUTION,
            judgements={(a.pk, b.pk): 12.0, (a.pk, c.pk): 1.0, (b.pk, c.pk): 1.0},
        )
    assert not PairwiseJudgement.objects.exists()


def test_publishing_needs_weights_and_then_freezes_the_definition(analyst):
    framework, (a, b, c) = build(analyst)
    assert publish_problems(framework)  # no weights yet
    weights_set_direct(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        weights={a.pk: 1, b.pk: 1, c.pk: 2},
    )
    framework_publish(
        actor=Actor.screen(analyst), framework=framework, expected_version=framework.version
    )
    framework.refresh_from_db()
    assert framework.is_published and framework.published_by == analyst
    with pytest.raises(FrameworkPublishedError, match="nieuwe versie"):
        criterion_save(
            actor=Actor.screen(analyst),
            framework=framework,
            expected_version=framework.version,
            kind=Criterion.Kind.IMPACT,
            name="Risico",
        )
    with pytest.raises(FrameworkPublishedError):
        weights_set_direct(
            actor=Actor.screen(analyst),
            framework=framework,
            expected_version=framework.version,
            weights={a.pk: 1, b.pk: 0, c.pk: 0},
        )
    a.refresh_from_db()
    assert a.weight == pytest.approx(0.25)


def test_a_stale_framework_version_is_refused(analyst):
    framework, (a, b, c) = build(analyst)
    stale = framework.version - 1
    with pytest.raises(StaleError):
        weights_set_direct(
            actor=Actor.screen(analyst),
            framework=framework,
            expected_version=stale,
            weights={a.pk: 1},
        )


def test_a_new_version_copies_objectives_criteria_judgements_and_scores(analyst):
    projects = ProjectFactory.create_batch(3)
    framework = scored_framework(projects)
    PairwiseJudgement.objects.create(
        framework=framework,
        rater=analyst,
        first=framework.criteria.all()[0],
        second=framework.criteria.all()[1],
        value=3.0,
    )
    draft = framework_new_version(actor=Actor.screen(analyst), framework=framework)
    assert draft.number == framework.number + 1 and draft.based_on == framework
    assert draft.status == AssessmentFramework.Status.DRAFT
    assert draft.criteria.count() == framework.criteria.count()
    assert draft.objectives.count() == framework.objectives.count()
    assert Score.objects.filter(criterion__framework=draft).count() == 9
    copied = draft.criteria.get(name="Veiligheid")
    assert copied.objective.framework == draft  # the copy points at its own objectives
    assert draft.judgements.get().first.framework == draft
    # The original is untouched.
    assert Score.objects.filter(criterion__framework=framework).count() == 9


def test_score_outside_its_scale_is_a_field_error(analyst):
    criterion = CriterionFactory()
    project = ProjectFactory()
    with pytest.raises(ValidationError) as error:
        score_set(actor=Actor.screen(analyst), criterion=criterion, project=project, value=4)
    assert "tussen -3 en 3" in error.value.message_dict["value"][0]
    impact = CriterionFactory(framework=criterion.framework, kind=Criterion.Kind.IMPACT)
    with pytest.raises(ValidationError):
        score_set(actor=Actor.screen(analyst), criterion=impact, project=project, value=0)
    assert not Score.objects.exists()


def test_scores_are_writable_on_a_published_framework_and_audited(analyst):
    framework = AssessmentFrameworkFactory(status=AssessmentFramework.Status.PUBLISHED)
    criterion = CriterionFactory(framework=framework)
    project = ProjectFactory()
    score = score_set(
        actor=Actor.screen(analyst),
        criterion=criterion,
        project=project,
        value=-2,
        justification="Kapt bomen",
    )
    assert (score.value, score.version) == (-2, 1)
    entry = audit_entries_for(project).get()
    assert entry.changes == {criterion.name: ["", "-2"]}


def test_a_cell_changed_meanwhile_is_refused_and_names_who(analyst, board_member):
    score = ScoreFactory(value=1, updated_by=board_member)
    with pytest.raises(StaleError, match="op 1 gezet"):
        score_set(
            actor=Actor.screen(analyst),
            criterion=score.criterion,
            project=score.project,
            value=3,
            expected_version=0,  # the analyst still saw an empty cell
        )
    score.refresh_from_db()
    assert score.value == 1
    updated = score_set(
        actor=Actor.screen(analyst),
        criterion=score.criterion,
        project=score.project,
        value=3,
        expected_version=score.version,
    )
    assert (updated.value, updated.version) == (3, 2)


def test_clearing_a_cell_deletes_the_score(analyst):
    score = ScoreFactory(value=2)
    assert (
        score_set(
            actor=Actor.screen(analyst),
            criterion=score.criterion,
            project=score.project,
            value=None,
            expected_version=score.version,
        )
        is None
    )
    assert not Score.objects.exists()


def test_wsjf_takes_the_fibonacci_scale_and_divides_by_job_size(analyst):
    framework = AssessmentFrameworkFactory(uses_wsjf=True)
    project = ProjectFactory()
    with pytest.raises(ValidationError) as error:
        wsjf_set(
            actor=Actor.screen(analyst),
            framework=framework,
            project=project,
            expected_version=0,
            business_value=4,
            time_criticality=1,
            risk_reduction=1,
            job_size=2,
        )
    assert set(error.value.message_dict) == {"business_value"}
    estimate = wsjf_set(
        actor=Actor.screen(analyst),
        framework=framework,
        project=project,
        expected_version=0,
        business_value=8,
        time_criticality=5,
        risk_reduction=2,
        job_size=3,
    )
    assert estimate.wsjf == pytest.approx(5.0)


def test_two_analysts_editing_one_wsjf_estimate_do_not_lose_a_change(analyst):
    """The second save started from the version before the first: refused, named."""
    framework = AssessmentFrameworkFactory(uses_wsjf=True)
    project = ProjectFactory()
    values = {"business_value": 8, "time_criticality": 5, "risk_reduction": 2, "job_size": 3}
    first = wsjf_set(
        actor=Actor.screen(analyst),
        framework=framework,
        project=project,
        expected_version=0,
        **values,
    )
    colleague = user_with_role(Role.PMO_ANALIST, first_name="Tessa", last_name="Bakker")
    wsjf_set(
        actor=Actor.screen(colleague),
        framework=framework,
        project=project,
        expected_version=first.version,
        **{**values, "job_size": 13},
    )
    with pytest.raises(StaleError) as stale:
        wsjf_set(
            actor=Actor.screen(analyst),
            framework=framework,
            project=project,
            expected_version=first.version,
            **{**values, "business_value": 20},
        )
    assert "Tessa Bakker" in stale.value.message() and "omvang" in stale.value.message()
    estimate = WsjfEstimate.objects.get(framework=framework, project=project)
    assert (estimate.business_value, estimate.job_size, estimate.version) == (8, 13, 2)
    # A second "new" estimate (version 0) for a project that has one is refused as well.
    with pytest.raises(StaleError):
        wsjf_set(
            actor=Actor.screen(colleague),
            framework=framework,
            project=project,
            expected_version=0,
            **values,
        )


def test_every_audit_line_uses_one_of_the_audit_actions(analyst):
    framework, (a, b, c) = build(analyst)
    weights_set_direct(
        actor=Actor.screen(analyst),
        framework=framework,
        expected_version=framework.version,
        weights={a.pk: 1, b.pk: 1, c.pk: 1},
    )
    framework_publish(
        actor=Actor.screen(analyst), framework=framework, expected_version=framework.version
    )
    framework.refresh_from_db()
    framework_new_version(actor=Actor.screen(analyst), framework=framework)
    score_set(actor=Actor.screen(analyst), criterion=a, project=ProjectFactory(), value=1)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE}
    published = AuditEntry.objects.filter(changes__has_key="status").get()
    assert published.changes == {"status": ["concept", "gepubliceerd"]}
