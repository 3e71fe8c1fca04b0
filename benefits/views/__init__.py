"""Pages of the baten, a module per part: profiles, maps, OKR's, reviews and lessons."""

from .profiles import (
    benefit_create,
    benefit_detail,
    benefit_edit,
    benefit_list,
    contribution_edit,
    measurement_add,
    plan_edit,
)

__all__ = [
    "benefit_create",
    "benefit_detail",
    "benefit_edit",
    "benefit_list",
    "contribution_edit",
    "measurement_add",
    "plan_edit",
]
