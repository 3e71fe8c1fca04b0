"""Register filters of the risks domain, a module per register; re-exported here."""

from .risks import RiskFilter

__all__ = ["RiskFilter"]
