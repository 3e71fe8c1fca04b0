"""Writes to the risks domain."""

from .changes import problem_messages
from .escalation import level_above
from .issues import (
    ISSUE_FIELDS,
    asks_baseline_change,
    awaits_board,
    can_decide_issue,
    issue_advance,
    issue_create,
    issue_decide,
    issue_deescalate,
    issue_escalate,
    issue_update,
    needs_board,
)
from .risks import (
    RISK_FIELDS,
    can_raise_risk,
    policy_for,
    risk_create,
    risk_deescalate,
    risk_escalate,
    risk_update,
    scores,
)
from .stakeholders import (
    STAKEHOLDER_ACTION_FIELDS,
    STAKEHOLDER_FIELDS,
    derived_strategy,
    follows_grid,
    stakeholder_action_add,
    stakeholder_action_update,
    stakeholder_create,
    stakeholder_update,
)
from .upserts import risks_upsert

__all__ = [
    "ISSUE_FIELDS",
    "asks_baseline_change",
    "awaits_board",
    "can_decide_issue",
    "issue_advance",
    "issue_create",
    "issue_deescalate",
    "issue_decide",
    "issue_escalate",
    "issue_update",
    "needs_board",
    "problem_messages",
    "RISK_FIELDS",
    "can_raise_risk",
    "level_above",
    "policy_for",
    "risk_create",
    "risk_deescalate",
    "risk_escalate",
    "risk_update",
    "risks_upsert",
    "scores",
    "STAKEHOLDER_ACTION_FIELDS",
    "STAKEHOLDER_FIELDS",
    "derived_strategy",
    "follows_grid",
    "stakeholder_action_add",
    "stakeholder_action_update",
    "stakeholder_create",
    "stakeholder_update",
]
