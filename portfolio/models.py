"""The face Django's registry reads: every model of the portfolio app, by domain.

Code inside the app imports `portfolio.<domain>.models`; this module only tells Django
(and the migrations) which models the one `portfolio` app label holds.
"""

from .assessment.models import (
    AssessmentFramework,
    Criterion,
    Objective,
    PairwiseJudgement,
    Score,
    WsjfEstimate,
)
from .capacity.models import Demand, DemandPlan, Team, TeamMonth
from .governance.models import (
    AgendaItem,
    BoardMeeting,
    BusinessCaseVersion,
    GateDecision,
    PhaseRequirement,
    ProjectDocument,
)
from .projects.models import Milestone, OrgUnit, Portfolio, Programme, Project, ProjectBudget
from .scenarios.models import Scenario, ScenarioRule
from .status.models import ProjectTolerance, ReportReminder, StatusReport

__all__ = [
    "AgendaItem",
    "AssessmentFramework",
    "BoardMeeting",
    "BusinessCaseVersion",
    "Criterion",
    "Demand",
    "DemandPlan",
    "GateDecision",
    "Milestone",
    "Objective",
    "OrgUnit",
    "PairwiseJudgement",
    "PhaseRequirement",
    "Portfolio",
    "Programme",
    "Project",
    "ProjectBudget",
    "ProjectDocument",
    "ProjectTolerance",
    "ReportReminder",
    "Scenario",
    "ScenarioRule",
    "Score",
    "StatusReport",
    "Team",
    "TeamMonth",
    "WsjfEstimate",
]
