"""Django's admin reads `<app>.admin`: each domain registers its own models."""

from .assessment import admin as assessment_admin
from .capacity import admin as capacity_admin
from .governance import admin as governance_admin
from .projects import admin as projects_admin
from .scenarios import admin as scenarios_admin
from .status import admin as status_admin

__all__ = [
    "assessment_admin",
    "capacity_admin",
    "governance_admin",
    "projects_admin",
    "scenarios_admin",
    "status_admin",
]
