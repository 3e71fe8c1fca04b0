"""Writes of the afwegingskader: its definition, its weights and its scores."""

from .drafts import FrameworkPublishedError
from .frameworks import (
    criterion_delete,
    criterion_save,
    framework_create,
    framework_new_version,
    framework_publish,
    objective_save,
)
from .scores import score_set, wsjf_set
from .weights import judgements_save, weights_set_direct

__all__ = [
    "FrameworkPublishedError",
    "criterion_delete",
    "criterion_save",
    "framework_create",
    "framework_new_version",
    "framework_publish",
    "judgements_save",
    "objective_save",
    "score_set",
    "weights_set_direct",
    "wsjf_set",
]
