"""Since the last board ("sinds de vorige portfolioraad"): the last meeting the board
held before the snapshot's day, and what came after it for the scope: exceptions
reported, decisions taken, scenarios adopted.

A decision is dated as the decision log dates it (portfolio/governance/rules.py
`decision_date`): by its meeting, else by the day it was recorded; an adopted scenario
alike, by the meeting it was adopted in. Texts are the Dutch ones the snapshot keeps.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import DateField, F, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portfolio.governance.models import AgendaItem, BoardMeeting, GateDecision
from portfolio.projects.models import Phase
from portfolio.scenarios.models import Scenario
from portfolio.status.models import StatusReport

from . import BuildContext

LIMIT = 50
# Without a meeting to start from, "since" looks this far back.
WITHOUT_MEETING_MONTHS = 3
# Sorts a decision without a recorded moment after those with one on the same day.
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


def last_meeting(ctx: BuildContext) -> dict | None:
    """{"id", "date" (ISO), "title"} of the last meeting held before the snapshot's day,
    or None. One query."""
    meeting = (
        BoardMeeting.objects.filter(state=BoardMeeting.State.HELD, date__lt=ctx.as_of)
        .order_by("-date", "-pk")
        .values("id", "date", "title")
        .first()
    )
    return None if meeting is None else {**meeting, "date": meeting["date"].isoformat()}


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _decision_day(meeting: str, recorded: str) -> Coalesce:
    """`decision_date` in SQL: the meeting's date, else the local day it was recorded."""
    return Coalesce(F(meeting), TruncDate(recorded), output_field=DateField())


def _dated(queryset: QuerySet, since: dt.date, as_of: dt.date, meeting: str, recorded: str):
    return queryset.annotate(day=_decision_day(meeting, recorded)).filter(
        day__gt=since, day__lte=as_of
    )


def since_board(ctx: BuildContext, since: dt.date | str | None) -> dict:
    """{"exceptions", "decisions", "scenarios"} of the scope after `since` (a date, or
    the ISO date `last_meeting` gives) up to the snapshot's day; without a meeting, of
    the last three months. At most 50 of each, newest first. Four queries."""
    if isinstance(since, str):
        since = dt.date.fromisoformat(since)
    as_of = ctx.as_of
    start = since if since is not None else months_before(as_of, WITHOUT_MEETING_MONTHS)
    projects = ctx.projects().values("pk")
    with override("nl"):
        return {
            "exceptions": _exceptions(projects, start, as_of),
            "decisions": _decisions(projects, start, as_of),
            "scenarios": _scenarios(start, as_of),
        }


def _exceptions(projects: QuerySet, since: dt.date, as_of: dt.date) -> list[dict]:
    """The current reports out of tolerance that were submitted after `since`."""
    rows = (
        StatusReport.objects.current()
        .filter(
            project__in=projects,
            state=StatusReport.State.SUBMITTED,
            is_exception=True,
            submitted_at__date__gt=since,
            submitted_at__date__lte=as_of,
        )
        .order_by("-submitted_at", "-pk")
        .values_list("project__code", "project__name", "period")[:LIMIT]
    )
    return [
        {"project": code, "name": name, "period": period.isoformat()} for code, name, period in rows
    ]


def _decisions(projects: QuerySet, since: dt.date, as_of: dt.date) -> list[dict]:
    """Gate decisions and the board's other decisions (`decided_gates`, `decided_items`:
    an item of a gate is decided by its gate), as the decision log words them."""
    gates = _dated(
        GateDecision.objects.exclude(decision="").filter(project__in=projects),
        since,
        as_of,
        "meeting__date",
        "decided_at",
    ).values_list("day", "decided_at", "project__code", "from_phase", "to_phase", "decision")
    items = _dated(
        AgendaItem.objects.exclude(decided_at=None)
        .exclude(kind=AgendaItem.Kind.GATE)
        .filter(project__in=projects),
        since,
        as_of,
        "meeting__date",
        "decided_at",
    ).values_list("day", "decided_at", "project__code", "kind", "decision")
    newest = ("-day", "-decided_at", "-pk")
    phases, verdicts = dict(Phase.choices), dict(GateDecision.Decision.choices)
    kinds = dict(AgendaItem.Kind.choices)
    found = [
        (
            day,
            at,
            code,
            f"{_('faseovergang')} {phases.get(left, left)} → {phases.get(to, to)}",
            str(verdicts.get(decision, decision)),
        )
        for day, at, code, left, to, decision in gates.order_by(*newest)[:LIMIT]
    ]
    found += [
        (day, at, code, str(kinds.get(kind, kind)), decision)
        for day, at, code, kind, decision in items.order_by(*newest)[:LIMIT]
    ]
    found.sort(key=lambda entry: (entry[0], entry[1] or _EPOCH), reverse=True)
    return [
        {"date": day.isoformat(), "project": code, "subject": subject, "decision": decision}
        for day, _at, code, subject, decision in found[:LIMIT]
    ]


def _scenarios(since: dt.date, as_of: dt.date) -> list[dict]:
    """Scenarios the board adopted (`adopted_scenarios`); they are the portfolio's, so
    every scope lists them."""
    rows = (
        _dated(
            Scenario.objects.exclude(adopted_at=None),
            since,
            as_of,
            "adopted_meeting__date",
            "adopted_at",
        )
        .order_by("-day", "-adopted_at", "-pk")
        .values_list("pk", "name", "adopted_at")[:LIMIT]
    )
    return [
        {"id": pk, "name": name, "adopted_at": timezone.localdate(at).isoformat()}
        for pk, name, at in rows
    ]
