"""Forms of the risks domain, a module per register; re-exported here."""

from .risks import EscalationForm, RiskForm

__all__ = ["EscalationForm", "RiskForm"]
