"""Reads of the risks domain that pages, API, exports and the simulation share, a module
per register; re-exported here."""

from .risks import (
    TOP_RISKS,
    open_risks,
    project_risk_facts,
    risk_actions,
    risk_detail,
    risk_heat_map,
    risk_list,
    top_risks,
)

__all__ = [
    "TOP_RISKS",
    "open_risks",
    "project_risk_facts",
    "risk_actions",
    "risk_detail",
    "risk_heat_map",
    "risk_list",
    "top_risks",
]
