"""The risks domain's data: the policy (scales, certainty, classes), the risk, issue and
stakeholder registers, and the weerstandsvermogen."""

from .capacity import CapacityComponent, CapacityStatement, Simulation
from .issues import Issue, IssueType
from .registers import Level, RegisterQuerySet, Risk, RiskAction
from .scales import RiskPolicy
from .stakeholders import Stakeholder, StakeholderAction

__all__ = [
    "CapacityComponent",
    "CapacityStatement",
    "Issue",
    "IssueType",
    "Level",
    "RegisterQuerySet",
    "Risk",
    "RiskAction",
    "RiskPolicy",
    "Simulation",
    "Stakeholder",
    "StakeholderAction",
]
