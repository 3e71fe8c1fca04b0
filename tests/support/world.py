"""One of everything a page shows, for the tests that visit every page."""

from portfolio.scenarios.models import Scenario
from tests.support.factories import (
    BoardMeetingFactory,
    GateDecisionFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    ScenarioFactory,
    StatusReportFactory,
    scored_framework,
)


def build_world(department, owner) -> dict:
    """One of everything a page shows: a project of the owner, a meeting with an agenda
    item, a scored framework with a solved scenario, and a dashboard snapshot."""
    programme = ProgrammeFactory()
    project = ProjectFactory(org_unit=department, programme=programme, manager=owner)
    report = StatusReportFactory(project=project, rag_time="rood", is_exception=True)
    MilestoneFactory(project=project)
    ProjectBudgetFactory(project=project)
    meeting = BoardMeetingFactory()
    gate = GateDecisionFactory(project=project)
    meeting.items.create(kind="gate", project=project, gate=gate)
    framework = scored_framework([project])
    scenario = ScenarioFactory(framework=framework, state=Scenario.State.DONE)
    Scenario.objects.filter(pk=scenario.pk).update(
        solved_version=scenario.version,
        result={
            "status": "optimal",
            "selected": [project.pk],
            "committed": [],
            "value": 1.0,
            "cost_per_year": {"2026": 10.0},
            "budgets": {"2026": 1000000.0},
            "conflicts": [],
            "frontier": [[1000000.0, 1.0, 1]],
        },
    )
    return {
        "project": project,
        "report": report,
        "programme": programme,
        "meeting": meeting,
        "framework": framework,
        "scenario": scenario,
        "criterion": framework.criteria.first(),
        "department": department,
    }
