"""Reads of the risks domain that pages, API, exports and the simulation share, a module
per register; re-exported here."""

from .board import pending_for_the_board
from .issues import (
    baseline_preview,
    issue_agenda_item,
    issue_detail,
    issue_history,
    issue_list,
    issue_types,
)
from .resistance import Month, Runs, risk_trend, runs
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
from .stakeholders import (
    stakeholder_actions,
    stakeholder_detail,
    stakeholder_grid,
    stakeholder_list,
)

__all__ = [
    "baseline_preview",
    "issue_agenda_item",
    "issue_detail",
    "issue_history",
    "issue_list",
    "issue_types",
    "pending_for_the_board",
    "Month",
    "Runs",
    "risk_trend",
    "runs",
    "TOP_RISKS",
    "open_risks",
    "project_risk_facts",
    "risk_actions",
    "risk_detail",
    "risk_heat_map",
    "risk_list",
    "top_risks",
    "stakeholder_actions",
    "stakeholder_detail",
    "stakeholder_grid",
    "stakeholder_list",
]
