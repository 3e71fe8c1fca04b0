"""Pure rules of phases and gates: which phase follows, what a decision does to a project."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from ..projects.models import PHASE_ORDER, LifecycleStatus, Phase
from .models import AgendaItem, GateDecision

PHASES = list(Phase)
Decision = GateDecision.Decision


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER[phase] + 1
    return PHASES[index].value if index < len(PHASES) else None


def project_changes_for(*, decision: str, to_phase: str, status: str) -> dict[str, str]:
    """The phase and lifecycle status a board decision on a gate gives the project."""
    changes: dict[str, str] = {}
    if decision in (Decision.GO, Decision.GO_CONDITIONS):
        changes["phase"] = to_phase
        if status in (LifecycleStatus.PROPOSED, LifecycleStatus.ON_HOLD):
            changes["status"] = LifecycleStatus.ACTIVE
        if to_phase == Phase.CLOSED:
            changes["status"] = LifecycleStatus.COMPLETED
    elif decision == Decision.HOLD:
        changes["status"] = LifecycleStatus.ON_HOLD
    elif decision == Decision.STOP:
        changes["status"] = LifecycleStatus.CANCELLED
    return changes


def decision_date(entry) -> dt.date | None:
    """A board decision is dated by its meeting, not by when it was typed in; None when
    neither is known (a row made incomplete elsewhere must not break the log)."""
    meeting = getattr(entry, "meeting", None) or getattr(entry, "adopted_meeting", None)
    if meeting is not None:
        return meeting.date
    return timezone.localdate(entry.decided_at) if entry.decided_at else None


def latest_first(*entry_lists) -> list:
    """The decision log: decisions of every kind in one list, newest meeting first, the
    undated last; each entry gets `decision_date`."""
    entries = [entry for entries in entry_lists for entry in entries]
    for entry in entries:
        entry.decision_date = decision_date(entry)

    def key(entry):
        at = entry.decided_at.timestamp() if entry.decided_at else float("-inf")
        return (entry.decision_date or dt.date.min, at)

    return sorted(entries, key=key, reverse=True)


def too_early(meeting, today: dt.date) -> str | None:
    """Why a decision for `meeting` cannot be recorded on `today`, or None."""
    if meeting is not None and today < meeting.date:
        return _("Besluiten van deze vergadering legt u vast vanaf de vergaderdatum, %(date)s.") % {
            "date": date_format(meeting.date, "j F Y")
        }
    return None


def board_subjects(report) -> list[str]:
    """What a submitted report asks of the board: an exception, an escalation, or both."""
    kinds = []
    if report.is_exception:
        kinds.append(AgendaItem.Kind.EXCEPTION)
    if report.escalations.strip() or report.decisions_requested.strip():
        kinds.append(AgendaItem.Kind.ESCALATION)
    return kinds


@dataclass(frozen=True)
class CaseYear:
    year: str
    costs: Decimal | None
    benefits: Decimal | None


def _amount(raw) -> Decimal | None:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


def business_case_years(costs: dict, benefits: dict) -> list[CaseYear]:
    """The business case kept with a gate, costs and benefits side by side per year, in
    year order. Read as stored: on older gates the benefits were typed in by hand, since
    then they come from the attributed benefit profiles; both are {year: amount}. An
    amount that does not read as a number shows as unknown (None)."""
    years = sorted({*costs, *benefits}, key=str)
    return [
        CaseYear(
            year=str(year),
            costs=_amount(costs[year]) if year in costs else None,
            benefits=_amount(benefits[year]) if year in benefits else None,
        )
        for year in years
    ]
