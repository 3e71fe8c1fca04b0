"""The portfolioraad's lists as Excel or CSV: the decision log as the page shows it (gate
decisions, other board decisions and adopted scenarios, newest first) and the meetings."""

from operator import attrgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pmo.exports import ChoiceLabel, ExportColumn

from .models import BoardMeeting

MEETING_STATE = ChoiceLabel(BoardMeeting, "state")


def _meeting(entry):
    return getattr(entry, "meeting", None) or getattr(entry, "adopted_meeting", None)


def _project(entry) -> str:
    if getattr(entry, "is_scenario", False):
        return _("portfolio")
    return entry.project.code


def _subject(entry) -> str:
    if getattr(entry, "is_scenario", False):
        return f"{_('scenario')} {entry.name} ({entry.framework})"
    if getattr(entry, "to_phase", None):
        phases = f"{entry.get_from_phase_display()} → {entry.get_to_phase_display()}"
        return f"{_('faseovergang')} {phases}"
    return entry.get_kind_display()


def _decision(entry) -> str:
    if getattr(entry, "is_scenario", False):
        count = len(entry.result.get("selected", []))
        return ngettext(
            "vastgesteld: %(counter)s project", "vastgesteld: %(counter)s projecten", count
        ) % {"counter": count}
    if getattr(entry, "to_phase", None):
        return entry.get_decision_display()
    return entry.decision


def _decided_by(entry) -> str:
    person = entry.adopted_by if getattr(entry, "is_scenario", False) else entry.decided_by
    return str(person) if person else ""


DECISION_COLUMNS = [
    ExportColumn(gettext_lazy("Datum"), attrgetter("decision_date"), kind="date"),
    ExportColumn(
        gettext_lazy("Vergadering"), lambda entry: _meeting(entry) and _meeting(entry).title
    ),
    ExportColumn(gettext_lazy("Project"), _project),
    ExportColumn(gettext_lazy("Onderwerp"), _subject),
    ExportColumn(gettext_lazy("Besluit"), _decision),
    ExportColumn(gettext_lazy("Voorwaarden"), lambda entry: getattr(entry, "conditions", "")),
    ExportColumn(
        gettext_lazy("Motivering"),
        lambda entry: (
            entry.adoption_reasoning if getattr(entry, "is_scenario", False) else entry.reasoning
        ),
    ),
    ExportColumn(gettext_lazy("Besloten door"), _decided_by),
]

MEETING_COLUMNS = [
    ExportColumn(gettext_lazy("Datum"), attrgetter("date"), kind="date"),
    ExportColumn(gettext_lazy("Titel"), attrgetter("title")),
    ExportColumn(gettext_lazy("Status"), MEETING_STATE),
    ExportColumn(gettext_lazy("Agendapunten"), attrgetter("item_count"), kind="integer"),
]
