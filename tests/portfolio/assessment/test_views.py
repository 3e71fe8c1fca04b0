"""The afwegingskader pages: who may see and change what, bad input, htmx fragments."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.assessment.models import AssessmentFramework, Criterion, Score
from portfolio.scenarios.forms import budget_years
from portfolio.scenarios.models import Scenario
from portfolio.scenarios.services import scenario_solve
from tests.support import query_counts
from tests.support.factories import (
    CriterionFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    ScenarioFactory,
    scored_framework,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(project):
    others = ProjectFactory.create_batch(4)
    for index, each in enumerate([project, *others]):
        ProjectBudgetFactory(project=each, year=2027, amount=Decimal(100000 * (index + 1)))
    return scored_framework([project, *others], values=[(3, 1), (2, 2), (1, 3), (0, 1), (-1, 0)])


def page_urls(framework, scenario):
    return [
        reverse("assessment:framework_list"),
        reverse("assessment:framework_detail", args=[framework.pk]),
        reverse("assessment:score_grid", args=[framework.pk]),
        reverse("assessment:ranking", args=[framework.pk]),
        reverse("assessment:pairwise", args=[framework.pk, "contribution"]),
        reverse("scenarios:scenario_list", args=[framework.pk]),
        reverse("scenarios:scenario_detail", args=[scenario.pk]),
        reverse("scenarios:scenario_compare", args=[framework.pk]) + f"?s={scenario.pk}",
    ]


def test_who_sees_the_afwegingskader(client, request, framework):
    """Roles that read the whole portfolio; a projectleider not, even of a scored project."""
    scenario = ScenarioFactory(framework=framework)
    readers = expect(404, analyst=200, board_member=200, administrator=200)
    for url in page_urls(framework, scenario):
        assert answers(client, request, url) == readers, url


def test_anonymous_users_are_sent_to_log_in(client, framework):
    response = client.get(reverse("assessment:ranking", args=[framework.pk]))
    assert response.status_code == 302 and "/inloggen/" in response.url


@pytest.mark.parametrize(("who", "expected"), [("board_member", 403), ("owner", 404)])
def test_only_the_analyst_changes_the_framework_and_scores(
    client, request, framework, who, expected
):
    client.force_login(request.getfixturevalue(who))
    criterion = framework.criteria.first()
    project = Score.objects.filter(criterion=criterion).first().project
    cell = reverse("assessment:score_cell", args=[framework.pk, project.pk, criterion.pk])
    assert client.post(cell, {"value": 2, "version": 1}).status_code == expected
    new = reverse("assessment:new_version", args=[framework.pk])
    assert client.post(new).status_code == expected
    assert AssessmentFramework.objects.count() == 1


def test_the_analyst_creates_a_framework_and_a_bad_name_is_a_field_error(client, analyst):
    client.force_login(analyst)
    url = reverse("assessment:framework_list")
    response = client.post(url, {"name": "", "weight_method": "direct"})
    assert response.status_code == 422
    assert "Dit veld is vereist." in response.content.decode()
    response = client.post(url, {"name": "Kader 2027", "weight_method": "ahp"})
    framework = AssessmentFramework.objects.get()
    assert response.url == reverse("assessment:framework_detail", args=[framework.pk])


def test_editing_a_published_framework_is_refused_with_the_offer_of_a_new_version(
    client, analyst, framework
):
    client.force_login(analyst)
    url = reverse("assessment:criterion_add", args=[framework.pk])
    response = client.post(
        url, {"kind": "impact", "name": "Complexiteit", "position": 0, "version": framework.version}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "gepubliceerd en kan niet meer worden gewijzigd" in body
    assert reverse("assessment:new_version", args=[framework.pk]) in body
    assert framework.criteria.count() == 3
    response = client.post(reverse("assessment:new_version", args=[framework.pk]))
    draft = AssessmentFramework.objects.get(number=2)
    assert response.url == reverse("assessment:framework_detail", args=[draft.pk])
    assert Score.objects.filter(criterion__framework=draft).count() == 15


def test_weights_summing_to_zero_show_a_message_and_change_nothing(client, analyst, project):
    framework = scored_framework([project], published=False)
    client.force_login(analyst)
    data = {f"w{c.pk}": "0" for c in framework.criteria.all()} | {"version": framework.version}
    response = client.post(reverse("assessment:weights_direct", args=[framework.pk]), data)
    assert response.status_code == 422
    assert "tellen op tot nul" in response.content.decode()
    assert framework.criteria.get(name="Veiligheid").weight == 0.75


def test_the_pairwise_form_previews_weights_and_cr_live(client, analyst, project):
    framework = scored_framework([project], published=False)
    first, second = framework.criteria.filter(kind=Criterion.Kind.CONTRIBUTION)
    client.force_login(analyst)
    url = reverse("assessment:pairwise", args=[framework.pk, "contribution"])
    field = f"p{first.pk}_{second.pk}"
    response = client.post(url, {field: "3", "preview": "1"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<aside id="ahp-outcome"')  # the fragment only
    assert "75,0%" in body and "25,0%" in body and "CR 0,000" in body
    # The preview saved nothing.
    assert framework.criteria.get(pk=first.pk).weight == 0.75
    assert not framework.judgements.exists()


def test_a_pairwise_value_off_the_scale_is_a_field_error(client, analyst, project):
    framework = scored_framework([project], published=False)
    first, second = framework.criteria.filter(kind=Criterion.Kind.CONTRIBUTION)
    client.force_login(analyst)
    url = reverse("assessment:pairwise", args=[framework.pk, "contribution"])
    response = client.post(url, {f"p{first.pk}_{second.pk}": "12", "version": framework.version})
    assert response.status_code == 422
    assert "12 ligt niet op de schaal van Saaty" in response.content.decode()
    assert not framework.judgements.exists()


def test_saving_judgements_sets_the_weights(client, analyst, project):
    framework = scored_framework([project], published=False)
    first, second = framework.criteria.filter(kind=Criterion.Kind.CONTRIBUTION)
    client.force_login(analyst)
    url = reverse("assessment:pairwise", args=[framework.pk, "contribution"])
    response = client.post(url, {f"p{first.pk}_{second.pk}": "1/4", "version": framework.version})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.weight == pytest.approx(0.2)


def test_a_score_cell_saves_inline_and_refuses_off_scale_values(client, analyst, framework):
    client.force_login(analyst)
    criterion = framework.criteria.get(name="Veiligheid")
    project = ProjectFactory()
    url = reverse("assessment:score_cell", args=[framework.pk, project.pk, criterion.pk])
    htmx = {"HX-Request": "true"}
    response = client.post(url, {"value": "7", "version": "0"}, headers=htmx)
    body = response.content.decode()
    assert body.lstrip().startswith("<td") and 'aria-invalid="true"' in body
    assert "tussen -3 en 3" in body
    assert not Score.objects.filter(project=project).exists()
    response = client.post(url, {"value": "-2", "version": "0"}, headers=htmx)
    assert "pmo-score-cell--saved" in response.content.decode()
    score = Score.objects.get(project=project)
    assert score.value == -2
    # A second tab still holding version 0 is refused, and the cell says by whom.
    response = client.post(url, {"value": "3", "version": "0"}, headers=htmx)
    assert "niet bewaard" in response.content.decode()
    assert Score.objects.get(project=project).value == -2


def test_the_full_cell_form_saves_a_justification(client, analyst, framework):
    client.force_login(analyst)
    criterion = framework.criteria.get(name="Veiligheid")
    score = Score.objects.filter(criterion=criterion).first()
    url = reverse("assessment:score_cell", args=[framework.pk, score.project.pk, criterion.pk])
    response = client.post(
        url,
        {"value": "2", "justification": "Veilige oversteek", "version": score.version, "full": 1},
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.value, score.justification) == (2, "Veilige oversteek")


def test_ranking_marks_ties_and_shows_what_if_shifts(client, board_member):
    projects = ProjectFactory.create_batch(3)
    framework = scored_framework(projects, values=[(1, 3), (2, 1), (1, 3)])
    client.force_login(board_member)
    url = reverse("assessment:ranking", args=[framework.pk])
    body = client.get(url).content.decode()
    assert body.count("gedeelde plaats") == 2  # the two projects of value 1.5
    assert "bubble-figure" in body and "interval-figure" in body
    first = framework.criteria.get(name="Veiligheid")
    response = client.get(url, {"wat_als": first.pk, "gewicht": 0}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section id="results"')
    # With Veiligheid at 0% only Duurzaamheid counts: the tied pair (1.5 → 3) moves
    # ahead of the leader (1.75 → 1), so all three change rank.
    assert "3 projecten verschuiven" in fragment
    assert fragment.count("▲") == 2 and fragment.count("▼") == 1


def test_scenario_page_names_conflicts(client, analyst, framework, project):
    scenario = ScenarioFactory(framework=framework, budgets={"2027": "50000"})
    scenario.rules.create(kind="forced_in", project=project)
    scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    client.force_login(analyst)
    body = client.get(reverse("scenarios:scenario_detail", args=[scenario.pk])).content.decode()
    assert "Er bestaat geen portfolio dat aan alle voorwaarden voldoet" in body
    assert project.code in body and "€ 50.000" in body


def test_creating_a_scenario_solves_it_and_the_board_adopts_it(
    client, analyst, board_member, framework, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    url = reverse("scenarios:scenario_list", args=[framework.pk])
    first = budget_years()[0]
    ProjectBudgetFactory(project=ProjectFactory(), year=first, amount=Decimal("1"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"name": "Basis", f"budget_{first}": "250000"},  # running ones compete too
        )
    scenario = Scenario.objects.get(name="Basis")
    assert response.url == reverse("scenarios:scenario_detail", args=[scenario.pk])
    assert scenario.state == Scenario.State.DONE and scenario.result_is_current
    # The analyst may not adopt; the board may.
    adopt = reverse("scenarios:scenario_adopt", args=[scenario.pk])
    assert client.post(adopt, {"reasoning": "x", "version": scenario.version}).status_code == 403
    client.force_login(board_member)
    page = client.get(reverse("scenarios:scenario_detail", args=[scenario.pk])).content.decode()
    assert "Scenario vaststellen" in page
    response = client.post(adopt, {"reasoning": "Akkoord", "version": scenario.version})
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.adopted_by == board_member
    log = client.get(reverse("governance:decision_log")).content.decode()
    assert "Basis" in log and "Akkoord" in log


def test_a_scenario_without_any_budget_is_a_form_error(client, analyst, framework):
    client.force_login(analyst)
    response = client.post(
        reverse("scenarios:scenario_list", args=[framework.pk]), {"name": "Leeg"}
    )
    assert response.status_code == 422
    assert "minstens één jaar een budget" in response.content.decode()
    assert not Scenario.objects.exists()


def test_compare_shows_at_most_four_scenarios(client, analyst, framework):
    scenarios = [
        ScenarioFactory(framework=framework, budgets={"2027": str(b)}, commit_running=False)
        for b in (1e5, 2e5, 3e5, 4e5, 5e5)
    ]
    for scenario in scenarios:
        scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    client.force_login(analyst)
    url = reverse("scenarios:scenario_compare", args=[framework.pk])
    response = client.get(url, {"s": [s.pk for s in scenarios]})
    assert len(response.context["scenarios"]) == 4
    assert response.context["too_many"]
    assert response.context["differing"], "different budgets choose different projects"


def _ranking_queries(client, framework):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessment:ranking", args=[framework.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_ranking_page_issues_a_fixed_number_of_queries(client, board_member):
    client.force_login(board_member)
    small = scored_framework(ProjectFactory.create_batch(5))
    large_projects = ProjectFactory.create_batch(120)
    large = scored_framework(large_projects)
    pinned = query_counts.load()["ranking"]["queries"]  # and why, in the baseline file
    assert _ranking_queries(client, small) == _ranking_queries(client, large) == pinned
    CriterionFactory(framework=large)  # one more criterion is one more column, no query
    assert _ranking_queries(client, large) == pinned


def test_wsjf_is_shown_in_the_ranking_when_the_framework_uses_it(client, analyst, project):
    framework = scored_framework([project])
    framework.uses_wsjf = True
    framework.save()
    client.force_login(analyst)
    url = reverse("assessment:wsjf_edit", args=[framework.pk, project.pk])
    data = {"business_value": 13, "time_criticality": 8, "risk_reduction": 5, "job_size": 2}
    assert client.post(url, data).status_code == 302
    body = client.get(reverse("assessment:ranking", args=[framework.pk])).content.decode()
    assert "WSJF" in body and "13,00" in body


def test_the_page_polls_while_solving_and_reloads_when_done(client, analyst, framework):
    scenario = ScenarioFactory(framework=framework, state=Scenario.State.QUEUED)
    client.force_login(analyst)
    url = reverse("scenarios:scenario_detail", args=[scenario.pk])
    body = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in body and "<progress" in body
    htmx = {"HX-Request": "true"}
    still = client.get(url, {"wacht": 1}, headers=htmx)
    assert "HX-Refresh" not in still.headers and "<progress" in still.content.decode()
    scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    done = client.get(url, {"wacht": 1}, headers=htmx)
    assert done.headers["HX-Refresh"] == "true"


def test_rules_and_conditions_are_changed_on_the_page_and_solved_again(
    client, analyst, framework, django_capture_on_commit_callbacks
):
    first, second = [s.project for s in Score.objects.filter(criterion__name="Veiligheid")[:2]]
    scenario = ScenarioFactory(framework=framework, budgets={"2027": "300000"})
    client.force_login(analyst)
    add = reverse("scenarios:rule_add", args=[scenario.pk])
    # A pair rule without its second project is a field error; nothing is added.
    response = client.post(
        add, {"kind": "requires", "project": first.pk, "version": scenario.version}
    )
    assert response.status_code == 422
    assert "Deze regel gaat over twee projecten." in response.content.decode()
    assert not scenario.rules.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add,
            {"kind": "excludes", "project": first.pk, "other": second.pk, "version": 1},
        )
    assert response.status_code == 302
    scenario.refresh_from_db()
    rule = scenario.rules.get()
    assert (rule.kind, rule.other) == ("excludes", second)
    assert scenario.result_is_current and scenario.version == 2
    # A second tab still on version 1 is refused and changes nothing.
    edit = reverse("scenarios:scenario_edit", args=[scenario.pk])
    stale = {"name": "Anders", "budget_2027": "1", "version": 1}
    assert client.post(edit, stale).status_code == 409
    scenario.refresh_from_db()
    assert scenario.name != "Anders"
    remove = reverse("scenarios:rule_remove", args=[scenario.pk, rule.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove, {"version": scenario.version}).status_code == 302
    assert not scenario.rules.exists()


def test_the_analyst_builds_a_draft_on_its_page(client, analyst):
    framework = AssessmentFramework.objects.create(name="Kader")
    client.force_login(analyst)
    add_objective = reverse("assessment:objective_add", args=[framework.pk])
    response = client.post(add_objective, {"name": "", "position": 0, "version": 1})
    assert response.status_code == 422 and "Dit veld is vereist." in response.content.decode()
    client.post(add_objective, {"name": "Veilig", "position": 0, "version": 1})
    goal = framework.objectives.get()
    add_criterion = reverse("assessment:criterion_add", args=[framework.pk])
    # A contribution needs an objective: a field error, nothing saved.
    response = client.post(
        add_criterion, {"kind": "contribution", "name": "Veiligheid", "position": 0, "version": 2}
    )
    assert response.status_code == 422
    assert "Een bijdragecriterium hoort bij een doel." in response.content.decode()
    client.post(
        add_criterion,
        {
            "kind": "contribution",
            "name": "Veiligheid",
            "objective": goal.pk,
            "position": 0,
            "version": 2,
        },
    )
    assert framework.criteria.get().objective == goal
    page = client.get(reverse("assessment:framework_detail", args=[framework.pk]))
    assert "Nog niet klaar om te publiceren" in page.content.decode()


def test_a_refusal_reads_as_a_sentence_and_publishing_twice_offers_a_new_version(
    client, analyst, framework
):
    client.force_login(analyst)
    draft = AssessmentFramework.objects.create(name="Leeg")
    response = client.post(
        reverse("assessment:publish", args=[draft.pk]), {"version": draft.version}
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Er is nog geen criterium dat bijdraagt aan een doel." in body
    assert "[&#x27;" not in body and "['" not in body  # not the repr of a list
    response = client.post(
        reverse("assessment:publish", args=[framework.pk]), {"version": framework.version}
    )
    assert response.status_code == 409
    assert reverse("assessment:new_version", args=[framework.pk]) in response.content.decode()


def test_a_stale_scenario_says_what_changed_and_offers_no_adoption(
    client, board_member, framework, project
):
    """One score changed after the solve: the page says 'verouderd' with what changed,
    the list says so too, and the board is offered no adoption until it is solved again."""
    scenario = ScenarioFactory(framework=framework, budgets={"2027": "50000000"})
    scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    Score.objects.filter(project=project).update(value=3)
    client.force_login(board_member)
    page = client.get(reverse("scenarios:scenario_detail", args=[scenario.pk])).content.decode()
    assert "Verouderd" in page and "scores" in page
    assert "Scenario vaststellen" not in page
    listing = client.get(reverse("scenarios:scenario_list", args=[framework.pk])).content.decode()
    assert "verouderd" in listing and "gewijzigd: scores" in listing
    adopt = reverse("scenarios:scenario_adopt", args=[scenario.pk])
    response = client.post(adopt, {"reasoning": "Akkoord", "version": scenario.version})
    assert response.status_code in (409, 422)
    scenario.refresh_from_db()
    assert scenario.adopted_at is None


def test_the_weight_panel_shows_the_raters_own_and_the_frameworks_weights_labelled(
    client, analyst, project
):
    """While the rater judges 1:1 (50/50) the framework still computes with 75/25."""
    framework = scored_framework([project], published=False)
    first, second = framework.criteria.filter(kind=Criterion.Kind.CONTRIBUTION)
    client.force_login(analyst)
    url = reverse("assessment:pairwise", args=[framework.pk, "contribution"])
    body = client.post(
        url, {f"p{first.pk}_{second.pk}": "1", "preview": "1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Uit uw oordelen" in body and "Kader (gebruikt)" in body
    row = body[body.index(first.name) :].split("</tr>")[0]
    assert "50,0%" in row and "75,0%" in row


def test_pairwise_comparison_with_more_than_fifteen_criteria_is_refused_with_a_message(
    client, analyst, project
):
    framework = scored_framework([project], published=False)
    for number in range(15):
        CriterionFactory(framework=framework, name=f"Extra {number}", weight=0.01)
    client.force_login(analyst)
    url = reverse("assessment:pairwise", args=[framework.pk, "contribution"])
    page = client.get(url)
    assert page.status_code == 200 and "hoogstens 15 criteria" in page.text
    assert client.post(url, {"version": framework.version}).status_code == 422


def test_a_solve_within_the_gap_is_not_called_proven_optimal(client, analyst, framework, project):
    scenario = ScenarioFactory(framework=framework, budgets={"2027": "50000000"})
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    client.force_login(analyst)
    url = reverse("scenarios:scenario_detail", args=[scenario.pk])
    Scenario.objects.filter(pk=solved.pk).update(result={**solved.result, "gap": 0.0001})
    assert "Optimaal (binnen 0,01%)" in client.get(url).text
    Scenario.objects.filter(pk=solved.pk).update(result={**solved.result, "gap": 0.0})
    assert "Bewezen optimaal" in client.get(url).text
