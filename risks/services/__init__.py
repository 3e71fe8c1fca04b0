"""Writes to the risks domain."""

from .risks import (
    RISK_FIELDS,
    can_raise_risk,
    level_above,
    policy_for,
    risk_create,
    risk_deescalate,
    risk_escalate,
    risk_update,
    scores,
)

__all__ = [
    "RISK_FIELDS",
    "can_raise_risk",
    "level_above",
    "policy_for",
    "risk_create",
    "risk_deescalate",
    "risk_escalate",
    "risk_update",
    "scores",
]
