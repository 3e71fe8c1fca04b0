"""The demo's afwegingskader: a published framework, scores for every project, two scenarios.

Weights come from two raters' pairwise judgements (AHP), so the demo shows the whole
route the PMO-analist takes. Idempotent: an existing framework is left as it is.
"""

import datetime as dt
import math
import random
from decimal import Decimal

from django.db.models import Sum

from pmo.actors import Actor
from pmo.models import User
from portfolio.assessment.models import AssessmentFramework, Criterion, Score
from portfolio.assessment.selectors import candidate_projects
from portfolio.assessment.services import (
    criterion_save,
    framework_create,
    framework_publish,
    judgements_save,
    objective_save,
    weights_set_direct,
)
from portfolio.projects.models import ProjectBudget
from portfolio.scenarios.models import ScenarioRule
from portfolio.scenarios.services import scenario_create, scenario_rule_add, scenario_solve

NAME = "Afwegingskader Lindenhoven"
PUBLISHED_AT = dt.datetime(2026, 4, 14, 10, 0, tzinfo=dt.UTC)

# (objective, [sub-objectives]); a criterion per leaf objective below.
OBJECTIVES = [
    ("Leefbare en veilige wijken", []),
    ("Duurzaam en klimaatbestendig", ["Energietransitie", "Klimaatadaptatie"]),
    ("Werk en economie", []),
    ("Iedereen doet mee", []),
    ("Dienstverlening en digitalisering", []),
    ("Financieel gezond", ["Lagere structurele lasten"]),
]
# criterion name, leaf objective, what the analyst and the board member think it weighs
CONTRIBUTIONS = [
    ("Veiligheid en leefbaarheid", "Leefbare en veilige wijken", 0.20, 0.24),
    ("CO₂-reductie", "Energietransitie", 0.17, 0.12),
    ("Klimaatadaptatie", "Klimaatadaptatie", 0.09, 0.08),
    ("Werkgelegenheid", "Werk en economie", 0.11, 0.14),
    ("Participatie en zorg", "Iedereen doet mee", 0.18, 0.20),
    ("Dienstverlening", "Dienstverlening en digitalisering", 0.13, 0.10),
    ("Structurele besparing", "Lagere structurele lasten", 0.12, 0.12),
]
IMPACTS = [("Complexiteit", 0.40), ("Risico", 0.35), ("Capaciteitsbeslag", 0.25)]
# Which criteria a domain's projects tend to serve (index into CONTRIBUTIONS).
DOMAIN_FOCUS = {
    "SD": (4, 3),
    "RU": (1, 2, 0),
    "SB": (0, 2, 1),
    "DV": (5, 4),
    "VE": (0, 4),
    "BV": (6, 5),
}
SAATY = (1, 2, 3, 4, 5, 6, 7, 8, 9)


def _judgement(ratio: float) -> float:
    """The Saaty value nearest (on a log scale) to a ratio of two weights."""
    value = min(SAATY, key=lambda v: abs(math.log(v) - abs(math.log(ratio))))
    return float(value) if ratio >= 1 else 1.0 / value


def _judgements(criteria: list[Criterion], weights: list[float]) -> dict:
    return {
        (a.pk, b.pk): _judgement(wa / wb)
        for i, (a, wa) in enumerate(zip(criteria, weights, strict=True))
        for b, wb in zip(criteria[i + 1 :], weights[i + 1 :], strict=True)
    }


def _scores(framework: AssessmentFramework, analyst: User) -> int:
    rng = random.Random(4242)
    contribution = list(framework.criteria.filter(kind=Criterion.Kind.CONTRIBUTION))
    impact = list(framework.criteria.filter(kind=Criterion.Kind.IMPACT))
    scores = []
    for project in candidate_projects():
        focus = DOMAIN_FOCUS.get(project.code.split("-")[0], ())
        for index, criterion in enumerate(contribution):
            if index in focus:
                value = rng.choice([1, 2, 2, 3, 3])
            else:
                # Mostly neutral; now and then a side effect, good or bad (a new road
                # harms CO₂-reduction, a digital counter saves money).
                value = rng.choice([0, 0, 0, 0, 1, -1, 1, -2])
            justification = ""
            if value and index in focus:
                justification = f"{project.name} draagt direct bij aan {criterion.name.lower()}."
            elif value < 0:
                justification = (
                    f"{project.name} heeft een nadelig effect op {criterion.name.lower()}."
                )
            scores.append(
                Score(
                    criterion=criterion,
                    project=project,
                    value=value,
                    justification=justification,
                    updated_by=analyst,
                )
            )
        budget = float(project.budget_total or 0)
        size = 1 if budget < 400_000 else 2 if budget < 1_500_000 else 3 if budget < 4e6 else 4
        for criterion in impact:
            value = min(5, max(1, size + rng.choice([-1, 0, 0, 1])))
            scores.append(
                Score(criterion=criterion, project=project, value=value, updated_by=analyst)
            )
    Score.objects.bulk_create(scores, batch_size=500)
    return len(scores)


def _yearly_totals(years: list[int]) -> dict[int, float]:
    rows = (
        ProjectBudget.objects.filter(project__in=candidate_projects().values("pk"), year__in=years)
        .values("year")
        .annotate(total=Sum("amount"))
    )
    return {row["year"]: float(row["total"]) for row in rows}


def _budgets(years: list[int], share: float) -> dict[str, str]:
    totals = _yearly_totals(years)
    return {
        str(year): str(Decimal(round(totals.get(year, 0.0) * share, -4)))
        for year in years
        if totals.get(year)
    }


def seed_assessment(*, today: dt.date, analyst: User, board: User) -> dict[str, int]:
    created = {"frameworks": 0, "scores": 0, "scenarios": 0}
    if AssessmentFramework.objects.filter(name=NAME).exists():
        return created
    framework = framework_create(
        actor=Actor.seed(analyst),
        name=NAME,
        description=(
            "Het afwegingskader van de coalitieperiode 2026–2030: hoe zwaar elk "
            "strategisch doel weegt bij de keuze van projecten."
        ),
        weight_method=AssessmentFramework.WeightMethod.AHP,
    )
    created["frameworks"] = 1
    leaves = {}
    for position, (name, children) in enumerate(OBJECTIVES):
        parent = objective_save(
            actor=Actor.seed(analyst),
            framework=framework,
            expected_version=framework.version,
            name=name,
            position=position,
        )
        leaves[name] = parent
        for child_position, child in enumerate(children):
            leaves[child] = objective_save(
                actor=Actor.seed(analyst),
                framework=framework,
                expected_version=framework.version,
                name=child,
                parent=parent,
                position=child_position,
            )
    contribution = [
        criterion_save(
            actor=Actor.seed(analyst),
            framework=framework,
            expected_version=framework.version,
            kind=Criterion.Kind.CONTRIBUTION,
            name=name,
            objective=leaves[objective],
            position=position,
        )
        for position, (name, objective, _a, _b) in enumerate(CONTRIBUTIONS)
    ]
    impact = [
        criterion_save(
            actor=Actor.seed(analyst),
            framework=framework,
            expected_version=framework.version,
            kind=Criterion.Kind.IMPACT,
            name=name,
            position=position,
        )
        for position, (name, _weight) in enumerate(IMPACTS)
    ]
    weights_set_direct(
        actor=Actor.seed(analyst),
        framework=framework,
        expected_version=framework.version,
        weights={c.pk: w for c, (_n, w) in zip(impact, IMPACTS, strict=True)}
        | {c.pk: 1.0 for c in contribution},
    )
    for rater, column in ((analyst, 2), (board, 3)):
        judgements_save(
            actor=Actor.seed(rater),
            framework=framework,
            expected_version=framework.version,
            kind=Criterion.Kind.CONTRIBUTION,
            judgements=_judgements(contribution, [row[column] for row in CONTRIBUTIONS]),
        )
    framework_publish(
        actor=Actor.seed(analyst), framework=framework, expected_version=framework.version
    )
    # Adopted after the council elections, as the demo's history has it: the dashboards
    # of the periods since rank by it.
    AssessmentFramework.objects.filter(pk=framework.pk).update(published_at=PUBLISHED_AT)
    created["scores"] = _scores(framework, analyst)

    years = list(range(today.year + 1, today.year + 6))
    base = scenario_create(
        actor=Actor.seed(analyst),
        framework=framework,
        name="Basis: begroting 2027–2031",
        description="Het meerjarig budget uit de begroting; lopende projecten gaan door.",
        budgets=_budgets(years, 0.70),
    )
    tight = scenario_create(
        actor=Actor.seed(analyst),
        framework=framework,
        name="Bezuiniging: 20% minder en hooguit 45 projecten",
        description="Wat valt af als het budget krimpt en de organisatie minder tegelijk kan?",
        budgets=_budgets(years, 0.56),
        max_projects=45,
    )
    projects = list(candidate_projects().order_by("code"))
    proposals = [p for p in projects if p.phase in ("initiatief", "definitie")]
    if len(proposals) >= 4:
        # Two proposals that build on each other, and two alternatives for the same need.
        scenario_rule_add(
            actor=Actor.seed(analyst),
            scenario=tight,
            expected_version=tight.version,
            kind=ScenarioRule.Kind.REQUIRES,
            project=proposals[0],
            other=proposals[1],
        )
        tight.refresh_from_db()
        scenario_rule_add(
            actor=Actor.seed(analyst),
            scenario=tight,
            expected_version=tight.version,
            kind=ScenarioRule.Kind.EXCLUDES,
            project=proposals[2],
            other=proposals[3],
        )
        tight.refresh_from_db()
    # The base budget, but no team above 105 % of what it can give in any month: civil
    # engineering's spring peak (demo/capacity.py) makes the board choose.
    capacity = scenario_create(
        actor=Actor.seed(analyst),
        framework=framework,
        name="Capaciteit: geen team boven 105 %",
        description=(
            "Het basisbudget, maar met de capaciteit van de competentieteams: wat past er "
            "als Civiele techniek in het voorjaar al overvol zit?"
        ),
        budgets=_budgets(years, 0.70),
        capacity_tolerance_pct=105,
    )
    for scenario in (base, tight, capacity):
        scenario.refresh_from_db()
        scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    created["scenarios"] = 3
    return created
