"""Forms of the risks domain, a module per register; re-exported here."""

from .issues import IssueAdvanceForm, IssueDecisionForm, IssueForm
from .risks import EscalationForm, RiskForm
from .stakeholders import StakeholderActionForm, StakeholderForm

__all__ = [
    "EscalationForm",
    "IssueAdvanceForm",
    "IssueDecisionForm",
    "IssueForm",
    "RiskForm",
    "StakeholderActionForm",
    "StakeholderForm",
]
