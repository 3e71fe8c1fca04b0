"""Writing status reports: create, update a draft, submit, amend; the daily reminder.

A submitted exception or escalation goes on the board's agenda through the governance
services (the one allowed exception to the domain order, see tests/architecture).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pmo.actors import Actor
from pmo.audit import audit_record
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from pmo.webhooks.events import emit
from pmo.webhooks.models import Event

# Allowed exception to the domain order (tests/architecture): a submitted report places
# its exception or escalation on the board's agenda.
from ...governance.services import agenda_place_report
from ...projects.models import Project
from ..models import DIMENSION_KEYS, REPORT_FIELDS, ReportReminder, StatusReport
from ..rules import rag
from ..rules.validation import EXPLANATION_PARTS, explanation_field
from ..selectors import (
    due_period,
    overdue_projects,
    previous_report,
    report_problems,
    report_values,
)


class DuplicateReportError(Exception):
    def __init__(self, existing: StatusReport):
        self.existing = existing
        super().__init__(_("Er is al een rapportage voor deze periode."))


class AmendmentOpenError(Exception):
    """Someone started a revision of this report since the page was loaded."""

    def __init__(self, amendment: StatusReport):
        self.amendment = amendment
        super().__init__(
            _(
                "%(who)s heeft al een herziening van deze rapportage in bewerking (laatst "
                "opgeslagen %(at)s). Er is er maar één tegelijk: maak die af."
            )
            % {
                "who": amendment.created_by or _("iemand"),
                "at": timezone.localtime(amendment.updated_at).strftime("%d-%m-%Y %H:%M"),
            }
        )


def _lock_project(project: Project) -> None:
    """Writes that add a report take the project's row lock first. On PostgreSQL a
    SELECT … FOR UPDATE that finds no report locks nothing, so two parallel creates would
    both pass the check and one would fail on the unique constraint; after this lock the
    second sees the first's report and is refused like a sequential one."""
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk"))


def current_reports_refresh(*, project_ids=None) -> int:
    """Point each project at its newest submitted, current report (one UPDATE)."""
    newest = (
        StatusReport.objects.filter(
            project=OuterRef("pk"), is_current=True, state=StatusReport.State.SUBMITTED
        )
        .order_by("-period", "-revision")
        .values("pk")[:1]
    )
    projects = (
        Project.objects.all() if project_ids is None else Project.objects.filter(pk__in=project_ids)
    )
    return projects.update(current_report=Subquery(newest))


def _explanations(values: dict[str, Any]) -> dict[str, dict[str, str]]:
    explanations = {}
    for dimension in DIMENSION_KEYS:
        if values.get(f"rag_{dimension}") in (rag.AMBER, rag.RED):
            explanations[dimension] = {
                part: (values.get(explanation_field(dimension, part)) or "").strip()
                for part in EXPLANATION_PARTS
            }
    return explanations


def _apply(report: StatusReport, values: dict[str, Any], *, submitting: bool) -> None:
    """Validate `values` against the rules and copy them onto the report."""
    proposals, errors = report_problems(
        report.project, values, submitting=submitting, period=report.period
    )
    if errors:
        raise ValidationError(errors)
    for name in REPORT_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    report.proposed_rag_time = proposals["time"].rag or ""
    report.proposed_rag_cost = proposals["cost"].rag or ""
    report.proposed_rag_benefits = proposals["benefits"].rag or ""
    report.proposed_rag_risk = proposals["risk"].rag or ""
    report.is_exception = any(p.beyond_tolerance for p in proposals.values())
    report.explanations = _explanations(values)


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in (
        "override_reason_time",
        "override_reason_cost",
        "override_reason_benefits",
        "override_reason_risk",
        "plausibility_reason",
        "achievements",
        "next_plans",
        "escalations",
        "decisions_requested",
        "exception_cause",
        "exception_consequences",
        "exception_options",
        "exception_recommendation",
    ):
        if name in cleaned:
            cleaned[name] = cleaned[name] or ""
    return cleaned


@transaction.atomic
def report_create(
    *, actor: Actor, project: Project, period: dt.date, values: dict[str, Any]
) -> StatusReport:
    _lock_project(project)
    existing = (
        StatusReport.objects.filter(project=project, period=period).order_by("-revision").first()
    )
    if existing is not None:
        raise DuplicateReportError(existing)
    report = StatusReport(project=project, period=period, created_by=actor.saved_user)
    _apply(report, _clean_values(values), submitting=False)
    report.save()
    audit_record(
        actor=actor,
        instance=report,
        action=AuditEntry.Action.CREATE,
        changes={"period": ["", f"{period:%Y-%m}"]},
    )
    return report


def _guard_version(report: StatusReport, expected_version: int) -> StatusReport:
    current = lock(StatusReport.objects, pk=report.pk, expected_version=expected_version)
    # Keep the caller's project: it may carry the annotated budget the proposals need.
    current.project = report.project
    return current


@transaction.atomic
def report_update(
    *, actor: Actor, report: StatusReport, expected_version: int, values: dict[str, Any]
) -> StatusReport:
    current = _guard_version(report, expected_version)
    if current.state != StatusReport.State.DRAFT:
        raise ValidationError(_("Een ingediende rapportage wijzigt u via een herziening."))
    _apply(current, _clean_values(values), submitting=False)
    current.save()
    bump(current, expected_version=expected_version)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={"state": ["", current.state]},
    )
    return current


@transaction.atomic
def report_submit(
    *,
    actor: Actor,
    report: StatusReport,
    expected_version: int,
    values: dict[str, Any] | None = None,
) -> StatusReport:
    current = _guard_version(report, expected_version)
    if current.state != StatusReport.State.DRAFT:
        raise ValidationError(_("Deze rapportage is al ingediend."))
    if values is None:
        values = report_values(current)
    _apply(current, _clean_values(values), submitting=True)
    if current.supersedes_id:
        # The amendment becomes the current report; the earlier one stays visible.
        StatusReport.objects.filter(pk=current.supersedes_id).update(is_current=False)
        current.is_current = True
    current.state = StatusReport.State.SUBMITTED
    current.submitted_by = actor.saved_user
    current.submitted_at = timezone.now()
    current.save()
    bump(current, expected_version=expected_version)
    # Roll-ups read the project's pointer to its newest submitted report.
    current_reports_refresh(project_ids=[current.project_id])
    ReportReminder.objects.filter(
        project=current.project, period=current.period, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={"state": [str(StatusReport.State.DRAFT.label), str(current.get_state_display())]},
    )
    agenda_place_report(report=current)
    _announce(current)
    return current


def _announce(report: StatusReport) -> None:
    """Webhooks: submitted; a dimension gone red since the last period; an exception."""
    data = {
        "report": report.pk,
        "project": report.project_id,
        "external_id": report.project.external_id,
        "period": report.period.isoformat(),
        "rag_overall": report.rag_overall,
    }
    emit(Event.REPORT_SUBMITTED, data)
    previous = previous_report(report.project, report.period)
    red = [
        key
        for key in DIMENSION_KEYS
        if getattr(report, f"rag_{key}") == rag.RED
        and (previous is None or getattr(previous, f"rag_{key}") != rag.RED)
    ]
    if red:
        emit(Event.TURNED_RED, {**data, "dimensions": red})
    if report.is_exception:
        emit(Event.EXCEPTION_RAISED, data)


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    project: Project,
    period: dt.date,
    values: dict[str, Any],
    submit: bool,
    report: StatusReport | None = None,
    expected_version: int | None = None,
) -> StatusReport:
    """The form's one write: create (or update the draft) and, if asked, submit, all or
    nothing, so a refused submission leaves no half-saved draft behind."""
    if report is None:
        report = report_create(actor=actor, project=project, period=period, values=values)
    else:
        report = report_update(
            actor=actor, report=report, values=values, expected_version=expected_version or 0
        )
    if submit:
        report = report_submit(
            actor=actor, report=report, expected_version=report.version, values=values
        )
    return report


@transaction.atomic
def report_amend(*, actor: Actor, report: StatusReport) -> StatusReport:
    """Start a new revision of a submitted report, copied from it. One revision is open at
    a time: a second request (a parallel one, or from a page loaded before the first) is
    refused with AmendmentOpenError, which names who started the open one."""
    # The row lock serialises parallel amendments; the checks read the locked row.
    current = StatusReport.objects.select_for_update().get(pk=report.pk)
    if current.state != StatusReport.State.SUBMITTED or not current.is_current:
        raise ValidationError(_("Alleen de geldende, ingediende rapportage kan worden herzien."))
    open_amendment = (
        StatusReport.objects.filter(supersedes=current).select_related("created_by").first()
    )
    if open_amendment is not None:
        raise AmendmentOpenError(open_amendment)
    copy = current
    copy.pk = None
    copy.revision = report.revision + 1
    copy.is_current = False
    copy.supersedes = report
    copy.state = StatusReport.State.DRAFT
    copy.submitted_by = None
    copy.submitted_at = None
    copy.created_by = actor.saved_user
    copy.version = 1
    copy.save()
    audit_record(
        actor=actor,
        instance=copy,
        action=AuditEntry.Action.CREATE,
        changes={"revision": [str(report.revision), str(copy.revision)]},
    )
    return copy


# The daily reminder: mark overdue reports and tell the projectleider, once per period.
def remind_overdue(*, today: dt.date, base_url: str = "") -> list[int]:
    """Create a reminder and send one email per overdue project; idempotent per period."""
    period = due_period(today)
    reminded = []
    for project in overdue_projects(today=today, period=period).filter(reminded=False):
        email = project.manager.email if project.manager else ""
        try:
            with transaction.atomic():
                ReportReminder.objects.create(project=project, period=period, notified=email)
        except IntegrityError:
            continue  # another run got there first
        if email:
            with override("nl"):
                url = base_url + reverse("status:report_create", args=[project.code])
                send_mail(
                    subject=_("Hoofdpuntenrapportage %(code)s over %(period)s ontbreekt")
                    % {"code": project.code, "period": f"{period:%m-%Y}"},
                    message=_(
                        "Beste %(name)s,\n\nDe hoofdpuntenrapportage van %(project)s over "
                        "%(period)s is nog niet ingediend. U kunt haar invullen op "
                        "%(url)s?periode=%(param)s\n\nMet vriendelijke groet,\nHet PMO"
                    )
                    % {
                        "name": project.manager.first_name or project.manager,
                        "project": project,
                        "period": f"{period:%m-%Y}",
                        "url": url,
                        "param": f"{period:%Y-%m}",
                    },
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[email],
                )
        reminded.append(project.pk)
    return reminded
