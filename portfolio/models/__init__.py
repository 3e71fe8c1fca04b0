"""Portfolio data: structure and projects, status reports, and governance (gates, board)."""

from .governance import (
    AgendaItem,
    BoardMeeting,
    BusinessCaseVersion,
    DocumentKind,
    GateDecision,
    PhaseRequirement,
    ProjectDocument,
)
from .projects import (
    PHASE_ORDER,
    LifecycleStatus,
    Milestone,
    OrgUnit,
    Phase,
    Portfolio,
    Programme,
    Project,
    ProjectBudget,
    Team,
    code_validator,
)
from .status import (
    DIMENSION_KEYS,
    DIMENSIONS,
    RAG,
    ProjectTolerance,
    ReportReminder,
    StatusReport,
)

__all__ = [
    "DIMENSION_KEYS",
    "DIMENSIONS",
    "PHASE_ORDER",
    "RAG",
    "AgendaItem",
    "BoardMeeting",
    "BusinessCaseVersion",
    "DocumentKind",
    "GateDecision",
    "LifecycleStatus",
    "Milestone",
    "OrgUnit",
    "Phase",
    "PhaseRequirement",
    "Portfolio",
    "Programme",
    "Project",
    "ProjectBudget",
    "ProjectDocument",
    "ProjectTolerance",
    "ReportReminder",
    "StatusReport",
    "Team",
    "code_validator",
]
