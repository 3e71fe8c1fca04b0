"""Factories for tests and benchmarks: every object valid and minimal by default."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from benefits.models import (
    Benefit,
    BenefitMap,
    Contribution,
    Lesson,
    MapNode,
    Measurement,
    Review,
    ValueCanvas,
)
from benefits.services import progress_refresh
from pmo.models import User
from pmo.roles import Role
from portfolio.assessment.models import AssessmentFramework, Criterion, Objective, Score
from portfolio.capacity.models import Demand, Team, TeamMonth
from portfolio.governance.models import BoardMeeting, GateDecision, ProjectDocument
from portfolio.projects.models import (
    LifecycleStatus,
    Milestone,
    OrgUnit,
    Phase,
    Portfolio,
    Programme,
    Project,
    ProjectBudget,
)
from portfolio.scenarios.models import Scenario
from portfolio.status.models import StatusReport
from portfolio.status.services import current_reports_refresh
from risks.models import Issue, IssueType, Risk, Stakeholder, StakeholderAction


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"OU-{n:04d}")
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = OrgUnit.Kind.DEPARTMENT
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=str(role))[0] for role in extracted])


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio
        django_get_or_create = ("code",)

    code = "TEST"
    name = "Testgemeente"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"PRG-{n:03d}")
    name = factory.Sequence(lambda n: f"Programma {n}")
    portfolio = factory.SubFactory(PortfolioFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"P-{n:05d}")
    name = factory.Sequence(lambda n: f"Project {n}")
    portfolio = factory.SubFactory(PortfolioFactory)
    org_unit = factory.SubFactory(OrgUnitFactory)
    phase = Phase.REALISATION
    status = LifecycleStatus.ACTIVE
    planned_start = dt.date(2026, 1, 1)
    planned_end = dt.date(2027, 6, 30)


class ProjectBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBudget

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    amount = Decimal("100000.00")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Mijlpaal {n}")
    baseline_date = dt.date(2026, 6, 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    code = factory.Sequence(lambda n: f"TEAM-{n:03d}")
    name = factory.Sequence(lambda n: f"Team {n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    fte = Decimal("2.50")  # 2.5 x 156 h x 80 % = 312 hours a month


class TeamMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMonth

    team = factory.SubFactory(TeamFactory)
    month = dt.date(2027, 7, 1)
    availability_pct = 50


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    project = factory.SubFactory(ProjectFactory)
    team = factory.SubFactory(TeamFactory)
    month = dt.date(2027, 3, 1)
    hours = Decimal("40.0")


def user_with_role(role: Role, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    period = dt.date(2026, 10, 1)
    state = StatusReport.State.SUBMITTED
    rag_time = rag_cost = rag_scope = rag_quality = rag_risk = rag_benefits = "groen"
    rag_overall = "groen"
    progress_pct = 50

    @factory.post_generation
    def refresh_current(obj, create, extracted, **kwargs):
        # What report_submit does: the project points at its newest submitted report.
        if create:
            current_reports_refresh(project_ids=[obj.project_id])


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting

    date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))
    title = "Portfolioraad"


class ProjectDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    kind = "projectopdracht"
    title = factory.LazyAttribute(lambda d: f"{d.kind} {d.project.code}")
    phase = factory.LazyAttribute(lambda d: d.project.phase)


class GateDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateDecision

    project = factory.SubFactory(ProjectFactory)
    from_phase = factory.LazyAttribute(lambda g: g.project.phase)
    to_phase = "nazorg"
    proposal = "Door naar de volgende fase"


class AssessmentFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentFramework

    name = factory.Sequence(lambda n: f"Afwegingskader {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    framework = factory.SubFactory(AssessmentFrameworkFactory)
    name = factory.Sequence(lambda n: f"Doel {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    framework = factory.SubFactory(AssessmentFrameworkFactory)
    kind = Criterion.Kind.CONTRIBUTION
    objective = factory.LazyAttribute(
        lambda o: (
            ObjectiveFactory(framework=o.framework)
            if o.kind == Criterion.Kind.CONTRIBUTION
            else None
        )
    )
    name = factory.Sequence(lambda n: f"Criterium {n}")
    weight = 0.5


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    criterion = factory.SubFactory(CriterionFactory)
    project = factory.SubFactory(ProjectFactory)
    value = 1


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    framework = factory.SubFactory(AssessmentFrameworkFactory)
    name = factory.Sequence(lambda n: f"Scenario {n}")
    budgets = factory.LazyFunction(lambda: {"2026": "1000000"})


def scored_framework(projects, *, values=None, published=True, impact=True):
    """A framework with two contribution criteria (weights 0.75 / 0.25) and one impact
    axis, every project scored. `values[i]` gives project i's two contribution scores."""
    framework = AssessmentFrameworkFactory(
        status=AssessmentFramework.Status.PUBLISHED
        if published
        else AssessmentFramework.Status.DRAFT
    )
    first = CriterionFactory(framework=framework, name="Veiligheid", weight=0.75, position=0)
    second = CriterionFactory(framework=framework, name="Duurzaamheid", weight=0.25, position=1)
    axis = (
        CriterionFactory(framework=framework, kind=Criterion.Kind.IMPACT, name="Risico", weight=1)
        if impact
        else None
    )
    for index, project in enumerate(projects):
        a, b = values[index] if values else (index % 7 - 3, 3 - index % 7)
        ScoreFactory(criterion=first, project=project, value=a)
        ScoreFactory(criterion=second, project=project, value=b)
        if axis is not None:
            ScoreFactory(criterion=axis, project=project, value=1 + index % 5)
    return framework


class BenefitFactory(factory.django.DjangoModelFactory):
    """A DOAM-complete profile but for its attribution (see `attributed_benefit`)."""

    class Meta:
        model = Benefit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kortere doorlooptijd aanvraag {n}")
    description = "Inwoners krijgen sneller een besluit op hun aanvraag."
    category = Benefit.Category.NON_FINANCIAL
    portfolio = factory.SubFactory(PortfolioFactory)
    owner = factory.SubFactory(UserFactory)
    measure = "gemiddelde doorlooptijd"
    unit = "dagen"
    direction = Benefit.Direction.LOWER
    data_source = "zaaksysteem"
    baseline_value = Decimal("56")
    baseline_date = dt.date(2026, 1, 1)
    target_value = Decimal("35")
    target_date = dt.date(2027, 12, 31)
    status = Benefit.Status.TRACKING

    @factory.post_generation
    def progress(obj, create, extracted, **kwargs):
        # The derived progress the services keep, as if the profile had been saved by one.
        if create:
            progress_refresh(obj)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    benefit = factory.SubFactory(BenefitFactory)
    project = factory.SubFactory(ProjectFactory)
    share = Decimal("100")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement
        skip_postgeneration_save = True

    benefit = factory.SubFactory(BenefitFactory)
    measured_on = dt.date(2026, 6, 30)
    value = Decimal("50")

    @factory.post_generation
    def progress(obj, create, extracted, **kwargs):
        if create:
            progress_refresh(obj.benefit)


class BenefitMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitMap

    name = factory.Sequence(lambda n: f"Batenkaart {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    portfolio = factory.SelfAttribute("programme.portfolio")


class MapNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MapNode

    map = factory.SubFactory(BenefitMapFactory)
    kind = MapNode.Kind.OUTCOME
    label = factory.Sequence(lambda n: f"Uitkomst {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    """The review of a project completed on 31 May 2026, due six months later."""

    class Meta:
        model = Review

    project = factory.SubFactory(
        ProjectFactory,
        phase=Phase.CLOSED,
        status=LifecycleStatus.COMPLETED,
        closed_on=dt.date(2026, 5, 31),
    )
    due_on = dt.date(2026, 11, 30)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Betrek de beheerder vroeg {n}")
    kind = Lesson.Kind.IMPROVE
    description = "De beheerorganisatie zag het ontwerp pas bij de oplevering."
    recommendation = "Laat de beheerder het ontwerp meelezen voor de aanbesteding."
    phase = Phase.DESIGN
    tags = factory.LazyFunction(lambda: ["beheer", "ontwerp"])
    created_by = factory.SubFactory(UserFactory)


class ValueCanvasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueCanvas

    project = factory.SubFactory(
        ProjectFactory, phase=Phase.INITIATION, status=LifecycleStatus.PROPOSED
    )
    target_groups = "Inwoners en ondernemers van de binnenstad"
    value_proposition = "Sneller en veiliger door de binnenstad"
    societal_benefits = "Minder ongevallen, schonere lucht"
    costs = "€ 2,4 mln eenmalig, € 80.000 per jaar beheer"
    key_activities = "Ontwerp, aanbesteding, uitvoering in fasen"
    resources = "Projectteam Wegen, budget MJOP"
    partners = "Politie, ondernemersvereniging, vervoerder"


class OkrFactory(factory.django.DjangoModelFactory):
    """An OKR of the fourth quarter of 2026 (the suite's today), without key results."""

    class Meta:
        model = "benefits.Okr"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Inwoners sneller geholpen {n}")
    portfolio = factory.SubFactory(PortfolioFactory)
    owner = factory.SubFactory(UserFactory)
    period_start = dt.date(2026, 10, 1)
    period_end = dt.date(2026, 12, 31)

    @factory.post_generation
    def projects(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.projects.set(extracted)


class KeyResultFactory(factory.django.DjangoModelFactory):
    """25 → 10 minutes waiting, now 16: 60 % of the way, confidence 6."""

    class Meta:
        model = "benefits.KeyResult"
        skip_postgeneration_save = True

    okr = factory.SubFactory(OkrFactory)
    title = factory.Sequence(lambda n: f"Wachttijd aan de balie {n}")
    unit = "minuten"
    start_value = Decimal("25")
    target_value = Decimal("10")
    current_value = Decimal("16")
    confidence = 6

    @factory.post_generation
    def summary(obj, create, extracted, **kwargs):
        # The OKR's derived progress, as if the key result had been saved by a service.
        if create:
            from benefits.models import Okr
            from benefits.services.okrs import derived_summary

            Okr.objects.filter(pk=obj.okr_id).update(**derived_summary(obj.okr))


class RiskFactory(factory.django.DjangoModelFactory):
    """A threat to a project, scored as services would score it (see risks/rules)."""

    class Meta:
        model = Risk

    project = factory.SubFactory(ProjectFactory)
    portfolio = factory.SelfAttribute("project.portfolio")
    level = "project"
    home_level = "project"
    title = factory.Sequence(lambda n: f"Vertraging vergunning {n}")
    cause = "De omgevingsvergunning is nog niet verleend."
    event = "Bezwaar van omwonenden."
    effect = "De uitvoering schuift een half jaar op."
    category = Risk.Category.LEGAL
    inherent_probability = 3
    inherent_money = 3
    residual_probability = 2
    residual_money = 3
    raised_on = dt.date(2026, 3, 1)
    inherent_score = 9
    residual_score = 6


def issue_type(code: str = "probleem") -> IssueType:
    """One of the issue types the first migration adds (made again after a flush)."""
    names = {"wijzigingsverzoek": "Wijzigingsverzoek", "afwijking": "Afwijking van specificatie"}
    return IssueType.objects.get_or_create(
        code=code,
        defaults={
            "name": names.get(code, code.capitalize()),
            "is_change_request": code == "wijzigingsverzoek",
        },
    )[0]


class IssueFactory(factory.django.DjangoModelFactory):
    """A problem on a project, just raised; `change=True` makes it a request for change
    for a new end and € 50.000 more, beyond tolerance."""

    class Meta:
        model = Issue

    class Params:
        change = factory.Trait(
            type=factory.LazyFunction(lambda: issue_type("wijzigingsverzoek")),
            beyond_tolerance=True,
            proposal="Einde drie maanden later, € 50.000 erbij.",
            requested_end=dt.date(2027, 9, 30),
            requested_budget_change=Decimal("50000.00"),
        )

    project = factory.SubFactory(ProjectFactory)
    portfolio = factory.SelfAttribute("project.portfolio")
    level = "project"
    home_level = "project"
    type = factory.LazyFunction(issue_type)
    title = factory.Sequence(lambda n: f"Leverancier levert later {n}")
    description = "De leverancier meldt dat de software drie maanden later komt."
    raised_on = dt.date(2026, 9, 1)


class StakeholderFactory(factory.django.DjangoModelFactory):
    """A stakeholder of a project, in the quadrant its power and interest give."""

    class Meta:
        model = Stakeholder

    project = factory.SubFactory(ProjectFactory)
    portfolio = factory.SelfAttribute("project.portfolio")
    programme = factory.SelfAttribute("project.programme")
    level = "project"
    home_level = "project"
    name = factory.Sequence(lambda n: f"Bewonerscommissie {n}")
    organisation = "Wijkraad Centrum"
    power = 2
    interest = 4
    strategy = Stakeholder.Strategy.INFORM


class StakeholderActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderAction

    stakeholder = factory.SubFactory(StakeholderFactory)
    description = factory.Sequence(lambda n: f"Nieuwsbrief {n}")
    channel = "nieuwsbrief"
    due_on = dt.date(2026, 12, 15)


# ------------------------------------------------------------- the board's dashboards

RAG_FIELDS = ("rag_overall", "rag_time", "rag_cost", "rag_scope") + (
    "rag_quality",
    "rag_risk",
    "rag_benefits",
)


def sample_tiles(**overrides) -> dict:
    """Snapshot.tiles of a mid-sized municipal portfolio (the contract's keys)."""
    phases = {"initiatief": 3, "definitie": 4, "ontwerp": 3, "voorbereiding": 2}
    tiles = {
        "projects": 24,
        "phases": {**phases, "realisatie": 10, "nazorg": 2},
        "red": 3,
        "exceptions": 2,
        "budget": 12_500_000.0,
        "eac": 13_100_000.0,
        "actuals": 6_200_000.0,
        "eac_vs_budget_pct": 104.8,
        "benefits_planned": 4_000_000.0,
        "benefits_realised": 1_300_000.0,
        "benefits_pct": 32.5,
        "resistance_ratio": 1.25,
        "resistance_class": "C",
        "overloaded_teams": 2,
        "teams": 7,
    }
    return {**tiles, **overrides}


def _group(projects, red, rag, budget, **rest) -> dict:
    return {
        "projects": projects,
        "red": red,
        "exceptions": rest.pop("exceptions", 1),
        "rag": rag,
        "phases": rest.pop("phases", {"realisatie": projects}),
        "budget": budget,
        "eac": round(budget * 1.05, 2),
        "actuals": round(budget * 0.5, 2),
        "benefits_planned": round(budget * 0.3, 2),
        "benefits_realised": round(budget * 0.1, 2),
        "risk_exposure": round(budget * 0.05, 2),
        **rest,
    }


def sample_figures(**overrides) -> dict:
    """Snapshot.figures: two domains (ids 1 and 2), their programmes (11, 12 and the
    projects without one), and every section the dashboard shows."""
    colours = {"groen": 16, "oranje": 4, "rood": 3, "": 1}
    figures = {
        "domains": [
            {"id": 1, "name": "Stadsbeheer"}
            | _group(14, 2, {"groen": 9, "oranje": 2, "rood": 2, "": 1}, 8_000_000.0),
            {"id": 2, "name": "Sociaal Domein"}
            | _group(10, 1, {"groen": 7, "oranje": 2, "rood": 1}, 4_500_000.0),
        ],
        "programmes": [
            {"id": 11, "domain_id": 1, "name": "Bereikbare stad"}
            | _group(9, 2, {"groen": 5, "oranje": 2, "rood": 2}, 6_000_000.0),
            {"id": None, "domain_id": 1, "name": "Zonder programma"}
            | _group(5, 0, {"groen": 4, "": 1}, 2_000_000.0, exceptions=0),
            {"id": 12, "domain_id": 2, "name": "Jeugd in beeld"}
            | _group(10, 1, {"groen": 7, "oranje": 2, "rood": 1}, 4_500_000.0),
        ],
        "rag_by_dimension": {dimension: dict(colours) for dimension in RAG_FIELDS},
        "budget_by_year": [
            {"domain_id": 1, "year": 2026, "budget": 4_000_000.0, "actuals": 3_100_000.0},
            {"domain_id": 2, "year": 2026, "budget": 2_500_000.0, "actuals": 1_900_000.0},
            {"domain_id": 1, "year": 2027, "budget": 4_000_000.0, "actuals": 0.0},
            {"domain_id": 2, "year": 2027, "budget": 2_000_000.0, "actuals": 0.0},
        ],
        "milestones": [
            {
                "project": "P-00003",
                "name": "Aanbesteding gegund",
                "baseline": "2026-06-01",
                "forecast": "2026-09-15",
                "slip_days": 106,
            },
            {
                "project": "P-00007",
                "name": "Definitief ontwerp",
                "baseline": "2026-09-01",
                "forecast": "2026-10-01",
                "slip_days": 30,
            },
        ],
        "benefits": {"planned": 4_000_000.0, "realised": 1_300_000.0, "pct": 32.5},
        "esg": {"planet-klimaat-energie": 3, "people-gezondheid": 2},
        "risks": {
            "scale": 5,
            "cells": [[5, 4, 1], [4, 4, 2], [3, 5, 1], [2, 3, 5], [1, 1, 3]],
            "exposure": 1_250_000.0,
            "top": [
                {"project": "P-00003", "title": "Bezwaar omwonenden", "expected_value": 240_000.0},
                {"project": None, "title": "Prijsstijging asfalt", "expected_value": 180_000.0},
            ],
        },
        "resistance": {
            "available": 15_000_000.0,
            "required": 12_000_000.0,
            "ratio": 1.25,
            "class": "C",
            "certainty_pct": 90.0,
            "run_at": "2026-11-20",
            "levels": [
                {"certainty_pct": 50.0, "required": 8_000_000.0, "ratio": 1.88, "class": "B"},
                {"certainty_pct": 90.0, "required": 12_000_000.0, "ratio": 1.25, "class": "C"},
                {"certainty_pct": 95.0, "required": 14_000_000.0, "ratio": 1.07, "class": "C"},
            ],
        },
        "capacity": {
            "month": "2026-11-01",
            "teams": [
                {"id": 1, "name": "Civiele techniek", "capacity": 312.0, "demand": 380.0}
                | {"load_pct": 121.8},
                {"id": 2, "name": "Inkoop", "capacity": 156.0, "demand": 120.0, "load_pct": 76.9},
                {"id": 3, "name": "Vrije tijd", "capacity": 0.0, "demand": 12.0, "load_pct": None},
            ],
        },
        "since_board": {
            "meeting": {"id": 1, "date": "2026-10-14", "title": "Portfolioraad oktober"},
            "status_changes": [
                {"project": "P-00003", "name": "Stationsplein", "from": "oranje", "to": "rood"}
            ],
            "new_reds": [{"project": "P-00003", "name": "Stationsplein"}],
            "exceptions": [{"project": "P-00003", "name": "Stationsplein", "period": "2026-10-01"}],
            "decisions": [
                {
                    "date": "2026-10-14",
                    "project": "P-00003",
                    "subject": "Fasebesluit ontwerp",
                    "decision": "Go met voorwaarden",
                }
            ],
            "scenarios": [{"id": 1, "name": "Scenario Ambitie", "adopted_at": "2026-10-14"}],
        },
    }
    return {**figures, **overrides}


def sample_changes(**overrides) -> dict:
    """Snapshot.changes against a previous period (the tiles' deltas)."""
    changes = {
        "previous_id": None,
        "previous_period": "2026-10-01",
        "tiles": {
            "projects": 1,
            "red": 1,
            "exceptions": 0,
            "budget": 250_000.0,
            "eac": 400_000.0,
            "actuals": 520_000.0,
            "eac_vs_budget_pct": 1.2,
            "benefits_planned": 0.0,
            "benefits_realised": 150_000.0,
            "benefits_pct": 3.8,
            "resistance_ratio": -0.05,
            "overloaded_teams": 1,
            "teams": 0,
        },
        "added": ["P-00024"],
        "removed": [],
        "rag_changed": [
            {"project": "P-00003", "name": "Stationsplein", "from": "oranje", "to": "rood"}
        ],
    }
    return {**changes, **overrides}


class ScopeFactory(factory.django.DjangoModelFactory):
    """An org unit's dashboard (the organisation's exists already: organisation_scope)."""

    class Meta:
        model = "reporting.Scope"

    kind = "onderdeel"
    org_unit = factory.SubFactory(OrgUnitFactory)
    name = factory.LazyAttribute(lambda s: s.org_unit.name)


def organisation_scope():
    """The whole organisation's dashboard: made on install (reporting/schedules.py)."""
    from reporting.models import Scope

    return Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Hele organisatie"}
    )[0]


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.Snapshot"

    scope = factory.SubFactory(ScopeFactory)
    period = dt.date(2026, 11, 1)
    version = 1
    is_current = True
    built_at = factory.LazyFunction(lambda: dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC))
    project_count = 24
    tiles = factory.LazyFunction(sample_tiles)
    figures = factory.LazyFunction(sample_figures)
    changes = factory.LazyFunction(sample_changes)


class SnapshotRowFactory(factory.django.DjangoModelFactory):
    """A project row of domain 1 (Stadsbeheer), programme 11 (Bereikbare stad)."""

    class Meta:
        model = "reporting.SnapshotRow"

    snapshot = factory.SubFactory(SnapshotFactory)
    project = None
    code = factory.Sequence(lambda n: f"P-{n:05d}")
    name = factory.Sequence(lambda n: f"Herinrichting straat {n}")
    domain_id = 1
    domain = "Stadsbeheer"
    org_unit = "Wegen"
    programme_id = 11
    programme = "Bereikbare stad"
    phase = Phase.REALISATION
    report_period = dt.date(2026, 11, 1)
    rag_overall = rag_time = rag_cost = rag_scope = "groen"
    rag_quality = rag_risk = rag_benefits = "groen"
    previous = factory.LazyFunction(lambda: dict.fromkeys(RAG_FIELDS, "groen"))
    progress_pct = 40
    baseline_start = dt.date(2026, 1, 1)
    baseline_end = dt.date(2027, 6, 30)
    forecast_end = dt.date(2027, 9, 30)
    budget = Decimal("500000.00")
    eac = Decimal("540000.00")
    actuals = Decimal("210000.00")
    milestone_slip_days = 14
    priority_value = 0.62
    priority_rank = 4
    benefits_planned = Decimal("150000.00")
    benefits_realised = Decimal("40000.00")
    risk_exposure = Decimal("25000.00")
    capacity_load_pct = 85.0
    esg_themes = factory.LazyFunction(lambda: ["planet-mobiliteit"])
