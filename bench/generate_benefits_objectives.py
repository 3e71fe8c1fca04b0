"""The strategic objectives the bench baten serve (bench/generate_benefits.py).

The overview shows the totals per objective (`benefits.selectors.totals_by_objective`,
a GROUP BY over the Benefit–Objective link table), so every generated benefit serves
one or two objectives. The bench portfolio of `bench/generate.py` has no afwegingskader,
and the `ranking` benchmark's framework "Bench" is deleted and rebuilt by every ranking
run (which would take the links with it), so the baten get their own published
framework, "Bench baten", with the six objectives below; it is made once per database
and kept (`--delete` removes the links, not the framework).

Each benefit serves its template's objective; 35 % also serve one other, drawn
uniformly. The draws come from their own random stream (seed + 13,000), so the baten,
measurements and attributions a seed gives are the same as without the links.
"""

import random

FRAMEWORK_NAME = "Bench baten"
OBJECTIVES = [
    "Duurzame en klimaatbestendige gemeente",
    "Dienstverlening dichtbij en digitaal",
    "Gezond en veilig opgroeien",
    "Veilige en leefbare wijken",
    "Bereikbare gemeente",
    "Financieel gezonde gemeente",
]
# The objective (index into OBJECTIVES) of each template of generate_benefits_profiles.
TEMPLATE_OBJECTIVE = [1, 0, 0, 0, 1, 1, 1, 2, 3, 3, 4, 5, 5, 3, 5, 5]
SECOND_SHARE = 0.35


def bench_objectives() -> list[int]:
    """The pks of the bench framework's objectives, in the order of OBJECTIVES; the
    framework and any missing objective are made here."""
    from portfolio.assessment.models import AssessmentFramework, Objective

    framework = AssessmentFramework.objects.filter(name=FRAMEWORK_NAME, number=1).first()
    if framework is None:
        framework = AssessmentFramework.objects.create(
            name=FRAMEWORK_NAME,
            status=AssessmentFramework.Status.PUBLISHED,
            description="Strategische doelstellingen van de benchmarkbaten (bench/).",
        )
    existing = dict(framework.objectives.values_list("name", "pk"))
    pks = []
    for position, name in enumerate(OBJECTIVES):
        if name not in existing:
            existing[name] = Objective.objects.create(
                framework=framework, name=name, position=position
            ).pk
        pks.append(existing[name])
    return pks


def objective_links(rng: random.Random, objectives: list[int], drawn: list) -> list:
    """Through-table rows linking each drawn benefit (inserted, so with a pk) to one or
    two objectives."""
    from benefits.models import Benefit

    through = Benefit.objectives.through
    links = []
    for item in drawn:
        first = TEMPLATE_OBJECTIVE[item.template]
        chosen = [first]
        if rng.random() < SECOND_SHARE:
            chosen.append(rng.choice([i for i in range(len(objectives)) if i != first]))
        links += [through(benefit_id=item.benefit.pk, objective_id=objectives[i]) for i in chosen]
    return links
