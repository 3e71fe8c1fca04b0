"""Columns the base itself answers with: an object's audit history, the deletions."""

from pmo.actors import Channel
from pmo.models import AuditEntry

from .columns import Choice, Columns, DateTime, Int, Json, Text

HISTORY_COLUMNS = Columns(
    "HistoryEntry",
    {
        "at": DateTime("at"),
        "actor": Text("actor__username", nullable=True, help="gebruikersnaam"),
        "channel": Choice("source", Channel.values),
        "action": Choice("action", AuditEntry.Action.values),
        "version": Int("version", nullable=True),
        "changes": Json("changes", help="{veld: [oud, nieuw]} als getoonde tekst"),
    },
)


def history_rows(entries) -> list[dict]:
    return HISTORY_COLUMNS.rows(entries.order_by("at", "pk").values(*HISTORY_COLUMNS.sources))
