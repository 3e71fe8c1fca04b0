"""One row of every API resource, for the tests that visit every resource."""

import datetime as dt

from django.utils import timezone

from benefits.models import MapLink
from portfolio.assessment.models import PairwiseJudgement
from portfolio.status.models import ProjectTolerance
from reporting.models import Scope, Snapshot, SnapshotRow
from risks.models import CapacityStatement, RiskAction, Simulation
from tests.support.factories import (
    BenefitFactory,
    BenefitMapFactory,
    ContributionFactory,
    DemandFactory,
    IssueFactory,
    KeyResultFactory,
    LessonFactory,
    MapNodeFactory,
    MeasurementFactory,
    OkrFactory,
    ProgrammeFactory,
    ReviewFactory,
    RiskFactory,
    StakeholderActionFactory,
    StakeholderFactory,
    TeamFactory,
    TeamMonthFactory,
    ValueCanvasFactory,
    issue_type,
)
from tests.support.world import build_world


def build_api_world(department, owner, analyst) -> dict[str, int]:
    """{resource path: the id of one row of it}, the owner's project at the centre."""
    w = build_world(department, owner)
    project, framework = w["project"], w["framework"]
    criteria = list(framework.criteria.all())
    judgement = PairwiseJudgement.objects.create(
        framework=framework, rater=analyst, first=criteria[0], second=criteria[-1], value=3
    )
    # The dashboard of the owner's department: its projectleiders see it.
    scope = Scope.objects.create(kind=Scope.Kind.ORG_UNIT, org_unit=department, name="Wegen")
    snapshot = Snapshot.objects.create(
        scope=scope, period=dt.date(2026, 11, 1), built_at=timezone.now(), project_count=1
    )
    snapshot_row = SnapshotRow.objects.create(
        snapshot=snapshot, project=project, code=project.code, name=project.name, phase="initiatief"
    )
    # Owned by a user without a role; attributed to the owner's project.
    benefit = BenefitFactory(portfolio=project.portfolio)
    contribution = ContributionFactory(benefit=benefit, project=project)
    plan_point = benefit.planned.create(date=dt.date(2026, 12, 31), value=45)
    # The owner manages the map's programme; the project stands on it.
    benefit_map = BenefitMapFactory(
        programme=ProgrammeFactory(manager=owner, portfolio=project.portfolio)
    )
    box = MapNodeFactory(map=benefit_map, kind="enabler", label="", project=project)
    goal = MapNodeFactory(map=benefit_map, kind="doelstelling", label="Bereikbare stad")
    # Owned by the owner, linked to their project.
    okr = OkrFactory(owner=owner, portfolio=project.portfolio, projects=[project])
    risk = RiskFactory(project=project)
    action = RiskAction.objects.create(risk=risk, description="Overleg", due_on=dt.date(2026, 6, 1))
    stakeholder = StakeholderFactory(project=project)
    statement = CapacityStatement.objects.create(
        portfolio=project.portfolio, as_of=dt.date(2026, 1, 1)
    )
    component = statement.components.create(name="Algemene reserve", amount=10**6)
    simulation = Simulation.objects.create(portfolio=project.portfolio, seed=1, certainty=90)
    # A team with an exception in one month; the owner's project asks hours of it.
    team = TeamFactory(org_unit=department)
    return {
        "capacity-statements": statement.pk,
        "capacity-components": component.pk,
        "simulations": simulation.pk,
        "risks": risk.pk,
        "risk-actions": action.pk,
        "issues": IssueFactory(project=project).pk,
        "issue-types": issue_type().pk,
        "stakeholders": stakeholder.pk,
        "stakeholder-actions": StakeholderActionFactory(stakeholder=stakeholder).pk,
        "benefit-maps": benefit_map.pk,
        "map-nodes": box.pk,
        "map-links": MapLink.objects.create(map=benefit_map, source=box, target=goal).pk,
        "benefits": benefit.pk,
        "benefit-contributions": contribution.pk,
        "benefit-plan-points": plan_point.pk,
        "measurements": MeasurementFactory(benefit=benefit).pk,
        "org-units": department.pk,
        "portfolios": project.portfolio_id,
        "programmes": w["programme"].pk,
        "projects": project.pk,
        "budget-lines": project.budgets.get().pk,
        "milestones": project.milestones.get().pk,
        "teams": team.pk,
        "team-months": TeamMonthFactory(team=team).pk,
        "demand": DemandFactory(project=project, team=team).pk,
        "status-reports": w["report"].pk,
        "tolerances": ProjectTolerance.objects.create(project=project).pk,
        "gate-decisions": project.gates.get().pk,
        "board-meetings": w["meeting"].pk,
        "board-decisions": w["meeting"].items.get().pk,
        "frameworks": framework.pk,
        "objectives": framework.objectives.first().pk,
        "criteria": w["criterion"].pk,
        "judgements": judgement.pk,
        "scores": w["criterion"].scores.get(project=project).pk,
        "scenarios": w["scenario"].pk,
        "dashboards": scope.pk,
        "snapshots": snapshot.pk,
        "snapshot-rows": snapshot_row.pk,
        # A closed project of the owner's with its review; a lesson the owner wrote.
        "reviews": ReviewFactory(project__org_unit=department, project__manager=owner).pk,
        "lessons": LessonFactory(created_by=owner).pk,
        "value-canvases": ValueCanvasFactory(project=project).pk,
        "okrs": okr.pk,
        "key-results": KeyResultFactory(okr=okr).pk,
    }
