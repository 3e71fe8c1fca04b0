"""Writes to the baten: profiles, their plan and attribution, and the measurements."""

from .measurements import (
    MEASUREMENT_FIELDS,
    measurement_change,
    measurement_record,
    measurements_upsert,
    not_the_owner,
)
from .profiles import (
    ACTIVE,
    BENEFIT_FIELDS,
    benefit_create,
    benefit_update,
    can_create_benefit,
    contribution_set,
    derived_progress,
    doam_errors,
    plan_set,
    profile_facts,
    progress_refresh,
)

__all__ = [
    "ACTIVE",
    "BENEFIT_FIELDS",
    "MEASUREMENT_FIELDS",
    "benefit_create",
    "benefit_update",
    "can_create_benefit",
    "contribution_set",
    "derived_progress",
    "doam_errors",
    "measurement_change",
    "measurement_record",
    "measurements_upsert",
    "not_the_owner",
    "plan_set",
    "profile_facts",
    "progress_refresh",
]
