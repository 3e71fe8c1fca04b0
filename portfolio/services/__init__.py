"""Writes: typed, keyword-only, atomic and audited. One module per subject."""

from .projects import (
    PROJECT_EDITABLE_FIELDS,
    ChangeSince,
    StaleVersionError,
    changes_since,
    project_create,
    project_update,
)

__all__ = [
    "PROJECT_EDITABLE_FIELDS",
    "ChangeSince",
    "StaleVersionError",
    "changes_since",
    "project_create",
    "project_update",
]
