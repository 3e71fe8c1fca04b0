"""Register filters of the risks domain, a module per register; re-exported here."""

from .issues import IssueFilter
from .risks import RiskFilter
from .stakeholders import StakeholderFilter

__all__ = ["IssueFilter", "RiskFilter", "StakeholderFilter"]
