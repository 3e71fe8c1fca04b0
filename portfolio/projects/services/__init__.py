"""Writes to projects: one at a time (the pages, the API's PATCH) and in bulk, keyed by
`external_id` (the API's sync endpoints)."""

from .projects import (
    BASELINE_FIELDS,
    BASELINE_REFUSED,
    CLOSING_REFUSED,
    GUARDED_FIELDS,
    MILESTONE_FIELDS,
    MILESTONE_FORECAST_FIELDS,
    PHASE_BY_GATE,
    PROJECT_EDITABLE_FIELDS,
    REASON_NEEDED,
    budget_replace,
    budget_set,
    check_guarded,
    guarded_changes,
    milestone_create,
    milestone_update,
    project_create,
    project_update,
    require_baseline_right,
)
from .upserts import budget_lines_upsert, milestones_upsert, projects_upsert

__all__ = [
    "budget_lines_upsert",
    "milestones_upsert",
    "BASELINE_FIELDS",
    "BASELINE_REFUSED",
    "CLOSING_REFUSED",
    "GUARDED_FIELDS",
    "MILESTONE_FIELDS",
    "MILESTONE_FORECAST_FIELDS",
    "PHASE_BY_GATE",
    "PROJECT_EDITABLE_FIELDS",
    "REASON_NEEDED",
    "budget_replace",
    "budget_set",
    "check_guarded",
    "guarded_changes",
    "milestone_create",
    "milestone_update",
    "project_create",
    "project_update",
    "projects_upsert",
    "require_baseline_right",
]
