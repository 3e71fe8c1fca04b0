"""The board's agenda: preparing it, placing what a report raises and the subjects other
domains put before the board, deciding its items, planning meetings."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry

from ...projects.models import CLOSED_STATUSES, Project
from ...status.models import StatusReport
from ..models import AgendaItem, BoardMeeting, GateDecision
from ..providers import pending_board_subjects
from ..rules import board_subjects, too_early
from ..selectors import next_meeting, reports_for_the_board


@transaction.atomic
def agenda_decide(*, actor: Actor, item: AgendaItem, decision: str, reasoning: str) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.kind == AgendaItem.Kind.GATE:
        raise ValidationError(_("Over een faseovergang besluit u met het beslisdocument."))
    if item.kind == AgendaItem.Kind.CHANGE:
        raise ValidationError(_("Over een wijzigingsverzoek besluit u bij het issue."))
    if item.decided_at:
        raise ValidationError(_("Over dit agendapunt is al besloten."))
    early = too_early(item.meeting, timezone.localdate())
    if early:
        raise ValidationError(early)
    errors = {}
    if not decision.strip():
        errors["decision"] = [_("Leg het besluit vast.")]
    if not reasoning.strip():
        errors["reasoning"] = [_("Een besluit van de portfolioraad wordt gemotiveerd.")]
    if errors:
        raise ValidationError(errors)
    item.decision = decision
    item.reasoning = reasoning
    item.decided_by = actor.saved_user
    item.decided_at = timezone.now()
    item.save()
    audit_record(
        actor=actor,
        instance=item.project,
        action=AuditEntry.Action.UPDATE,
        changes={_("besluit agendapunt"): ["", f"{item.get_kind_display()}: {decision}"]},
    )
    return item


@transaction.atomic
def meeting_prepare_agenda(*, actor: Actor, meeting: BoardMeeting) -> int:
    """Put every pending gate proposal, exception and escalation on this meeting: one
    item per project and subject, on the newest report that raised it; and every subject
    the registered providers put before the board (escalated risks and issues, requests
    for change beyond tolerance) that is not open on an agenda yet."""
    if meeting.state != BoardMeeting.State.PLANNED:
        raise ValidationError(_("Een gehouden vergadering krijgt geen nieuwe agendapunten."))
    # Placing a report may add an item or update one already here: count the agenda once
    # before and once after, not per report.
    before = meeting.items.count()
    for gate in GateDecision.objects.filter(decision="", agenda_items__isnull=True):
        AgendaItem.objects.create(
            meeting=meeting, kind=AgendaItem.Kind.GATE, project_id=gate.project_id, gate=gate
        )
    for report in reports_for_the_board():
        agenda_place_report(report=report, meeting=meeting)
    for subject, project, kind in pending_board_subjects():
        agenda_place_subject(subject=subject, project=project, kind=kind, meeting=meeting)
    return meeting.items.count() - before


def agenda_place_report(*, report: StatusReport, meeting: BoardMeeting | None = None) -> list:
    """Exceptions and escalations go before the board once per project and subject.

    While an item is open, a newer report on the same subject takes its place and the
    one it replaced stays readable in the item's history; an older report (an amended
    earlier month) only joins that history. An item left undecided at a meeting that was
    held moves on to the meeting being prepared."""
    items = []
    for kind in board_subjects(report):
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .filter(
                project_id=report.project_id,
                kind=kind,
                decided_at__isnull=True,
                subject_type__isnull=True,
            )
            .select_related("meeting", "report")
            .first()
        )
        if item is None:
            target = meeting or next_meeting()
            if target is None:
                continue  # the PMO picks it up when preparing the next agenda
            if AgendaItem.objects.filter(report=report, kind=kind).exists():
                continue  # the board already decided on this very report
            items.append(
                AgendaItem.objects.create(
                    meeting=target, kind=kind, project_id=report.project_id, report=report
                )
            )
            continue
        if item.report_id != report.pk:
            if item.report is None or _newer(report, item.report):
                if item.report is not None:
                    item.earlier_reports.add(item.report)
                item.report = report
            else:
                item.earlier_reports.add(report)
        if meeting is not None and item.meeting.state == BoardMeeting.State.HELD:
            item.meeting = meeting
        item.save()
        items.append(item)
    return items


def _newer(report: StatusReport, than: StatusReport) -> bool:
    return (report.period, report.revision) >= (than.period, than.revision)


@transaction.atomic
def meeting_create(*, actor: Actor, title: str, date) -> BoardMeeting:
    """Plan a meeting of the portfolioraad."""
    meeting = BoardMeeting(title=title, date=date)
    meeting.full_clean()
    meeting.save()
    audit_record(
        actor=actor,
        instance=meeting,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(meeting, ["title", "date", "state"])),
    )
    return meeting


# A gate has its own document; an exception comes from a report.
SUBJECT_KINDS = (AgendaItem.Kind.RISK, AgendaItem.Kind.CHANGE, AgendaItem.Kind.ESCALATION)


def _open_items(subject: models.Model) -> models.QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        decided_at__isnull=True,
    )


@transaction.atomic
def agenda_place_subject(
    *,
    subject: models.Model,
    project: Project | None,
    kind: str,
    meeting: BoardMeeting | None = None,
) -> AgendaItem | None:
    """Put `subject` (a row of a later domain) before the board, on `meeting` or else the
    next planned one. Idempotent: while the subject is open on an agenda that item is
    reused, takes the `kind` given and moves on from a meeting that was held to the one
    being prepared. None, and nothing placed, without a project (a subject of the
    portfolio itself is not an item of this agenda), for a closed project, or without a
    planned meeting: then preparing the next agenda picks it up through the providers."""
    if kind not in SUBJECT_KINDS:
        raise ValueError(f"not a kind for a subject: {kind}")
    if project is None or project.status in CLOSED_STATUSES:
        return None
    item = _open_items(subject).select_for_update(of=("self",)).select_related("meeting").first()
    if item is None:
        target = meeting or next_meeting()
        if target is None:
            return None
        return AgendaItem.objects.create(
            meeting=target, kind=kind, project=project, subject=subject
        )
    moves = meeting is not None and item.meeting.state == BoardMeeting.State.HELD
    if item.kind != kind or item.project_id != project.pk or moves:
        item.kind = kind
        item.project = project
        if moves:
            item.meeting = meeting
        item.save()
    return item


@transaction.atomic
def agenda_withdraw_subject(*, subject: models.Model, kind: str | None = None) -> int:
    """Take `subject` off the agenda where it is open and undecided (gone back to its
    own level, closed, no longer beyond tolerance); only items of `kind` when given. A
    decided item stays: it is the board's record. Returns how many were removed."""
    items = _open_items(subject)
    if kind is not None:
        items = items.filter(kind=kind)
    _total, removed = items.delete()
    return removed.get(AgendaItem._meta.label, 0)


@transaction.atomic
def agenda_close_subject(
    *, actor: Actor, subject: models.Model, decision: str, reasoning: str
) -> AgendaItem | None:
    """Record on the subject's open item a decision taken at the subject itself (a
    request for change is decided at the issue), so the agenda and the decision log show
    it; None when the subject was on no agenda."""
    item = _open_items(subject).select_for_update(of=("self",)).first()
    if item is None:
        return None
    item.decision = decision
    item.reasoning = reasoning
    item.decided_by = actor.saved_user
    item.decided_at = timezone.now()
    item.save()
    audit_record(
        actor=actor,
        instance=item.project,
        action=AuditEntry.Action.UPDATE,
        changes={_("besluit agendapunt"): ["", f"{item.get_kind_display()}: {decision}"]},
    )
    return item
