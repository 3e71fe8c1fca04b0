"""Gates and the board: proposing a phase change, deciding it, preparing the agenda and
placing on it what other domains put before the board; a module per part, re-exported
here."""

from .agenda import (
    agenda_close_subject,
    agenda_decide,
    agenda_place_report,
    agenda_place_subject,
    agenda_withdraw_subject,
    meeting_create,
    meeting_prepare_agenda,
)
from .gates import GOTIK_FIELDS, document_add, gate_decide, gate_propose

__all__ = [
    "GOTIK_FIELDS",
    "agenda_close_subject",
    "agenda_decide",
    "agenda_place_report",
    "agenda_place_subject",
    "agenda_withdraw_subject",
    "document_add",
    "gate_decide",
    "gate_propose",
    "meeting_create",
    "meeting_prepare_agenda",
]
