"""Writing status reports: create, update a draft, submit, amend; placing on the agenda."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.audit import audit_record
from pmo.models import AuditEntry, User

from .. import rag
from ..models import (
    DIMENSION_KEYS,
    AgendaItem,
    BoardMeeting,
    Project,
    ProjectTolerance,
    ReportReminder,
    StatusReport,
)
from ..report_rules import EXPLANATION_PARTS, explanation_field, report_errors
from .projects import StaleVersionError

RAG_FIELDS = [f"rag_{key}" for key in DIMENSION_KEYS] + ["rag_overall"]
REPORT_FIELDS = [
    *RAG_FIELDS,
    "override_reason_time",
    "override_reason_cost",
    "progress_pct",
    "forecast_end",
    "forecast_cost",
    "actual_cost",
    "actual_cost_date",
    "achievements",
    "next_plans",
    "escalations",
    "decisions_requested",
    "exception_cause",
    "exception_consequences",
    "exception_options",
    "exception_recommendation",
]
# Carried over from last period into the new form; narratives start empty.
PREFILL_FIELDS = [
    *RAG_FIELDS,
    "progress_pct",
    "forecast_end",
    "forecast_cost",
    "actual_cost",
    "actual_cost_date",
    "next_plans",
]


class DuplicateReportError(Exception):
    def __init__(self, existing: StatusReport):
        self.existing = existing
        super().__init__(_("Er is al een rapportage voor deze periode."))


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


def tolerance_for(project: Project) -> ProjectTolerance:
    try:
        return project.tolerance
    except ProjectTolerance.DoesNotExist:
        return ProjectTolerance(project=project)  # the defaults, unsaved


def budget_total(project: Project) -> Decimal:
    total = getattr(project, "budget_total", None)
    if total is None:
        total = sum((b.amount for b in project.budgets.all()), Decimal(0))
    return Decimal(total)


def proposals_for(
    project: Project, *, forecast_end: dt.date | None, forecast_cost: Decimal | None
) -> dict[str, rag.Proposal]:
    tolerance = tolerance_for(project)
    baseline_cost = budget_total(project)
    return {
        "time": rag.propose_time(
            baseline_end=project.planned_end,
            forecast_end=forecast_end,
            tolerance_days=tolerance.time_days,
        ),
        "cost": rag.propose_cost(
            baseline_cost=baseline_cost,
            forecast_cost=forecast_cost,
            tolerance=rag.cost_tolerance(
                baseline_cost=baseline_cost, pct=tolerance.cost_pct, eur=tolerance.cost_eur
            ),
        ),
    }


def previous_report(project: Project, period: dt.date) -> StatusReport | None:
    return (
        StatusReport.objects.filter(project=project, period__lt=period, is_current=True)
        .order_by("-period")
        .first()
    )


def report_values(report: StatusReport, fields: list[str] = REPORT_FIELDS) -> dict[str, Any]:
    """A report as the flat values a form or the rules take: fields and explanations."""
    values = {name: getattr(report, name) for name in fields}
    for dimension, parts in report.explanations.items():
        for part, text in parts.items():
            values[explanation_field(dimension, part)] = text
    return values


def report_prefill(project: Project, period: dt.date) -> dict[str, Any]:
    previous = previous_report(project, period)
    if previous is None:
        return {"progress_pct": 0}
    return report_values(previous, PREFILL_FIELDS)


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
    proposals = proposals_for(
        report.project,
        forecast_end=values.get("forecast_end"),
        forecast_cost=values.get("forecast_cost"),
    )
    errors = report_errors(
        values,
        dimensions=DIMENSION_KEYS,
        proposals=proposals,
        today=timezone.localdate(),
        submitting=submitting,
    )
    if errors:
        raise ValidationError(errors)
    for name in REPORT_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    report.proposed_rag_time = proposals["time"].rag or ""
    report.proposed_rag_cost = proposals["cost"].rag or ""
    report.is_exception = any(p.beyond_tolerance for p in proposals.values())
    report.explanations = _explanations(values)


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in (
        "override_reason_time",
        "override_reason_cost",
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
    *, actor: User, project: Project, period: dt.date, values: dict[str, Any]
) -> StatusReport:
    existing = (
        StatusReport.objects.select_for_update()
        .filter(project=project, period=period)
        .order_by("-revision")
        .first()
    )
    if existing is not None:
        raise DuplicateReportError(existing)
    report = StatusReport(project=project, period=period, created_by=actor)
    _apply(report, _clean_values(values), submitting=False)
    report.save()
    audit_record(
        actor=actor,
        instance=report,
        action=AuditEntry.Action.CREATE,
        source=AuditEntry.Source.UI,
        changes={"period": ["", f"{period:%Y-%m}"]},
    )
    return report


def _guard_version(report: StatusReport, expected_version: int) -> StatusReport:
    current = StatusReport.objects.select_for_update().get(pk=report.pk)
    if current.version != expected_version:
        raise StaleVersionError(current_version=current.version, changes=[])
    # Keep the caller's project: it may carry the annotated budget the proposals need.
    current.project = report.project
    return current


@transaction.atomic
def report_update(
    *, actor: User, report: StatusReport, expected_version: int, values: dict[str, Any]
) -> StatusReport:
    current = _guard_version(report, expected_version)
    if current.state != StatusReport.State.DRAFT:
        raise ValidationError(_("Een ingediende rapportage wijzigt u via een herziening."))
    _apply(current, _clean_values(values), submitting=False)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db(fields=["version", "updated_at"])
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes={"state": ["", current.state]},
    )
    return current


@transaction.atomic
def report_submit(
    *,
    actor: User,
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
    current.submitted_by = actor
    current.submitted_at = timezone.now()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db(fields=["version", "updated_at"])
    ReportReminder.objects.filter(
        project=current.project, period=current.period, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes={"state": [str(StatusReport.State.DRAFT.label), str(current.get_state_display())]},
    )
    agenda_place_report(report=current)
    return current


@transaction.atomic
def report_save(
    *,
    actor: User,
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
def report_amend(*, actor: User, report: StatusReport) -> StatusReport:
    """Start a new revision of a submitted report, copied from it."""
    if report.state != StatusReport.State.SUBMITTED or not report.is_current:
        raise ValidationError(_("Alleen de geldende, ingediende rapportage kan worden herzien."))
    open_amendment = StatusReport.objects.filter(supersedes=report).first()
    if open_amendment is not None:
        return open_amendment
    copy = StatusReport.objects.get(pk=report.pk)
    copy.pk = None
    copy.revision = report.revision + 1
    copy.is_current = False
    copy.supersedes = report
    copy.state = StatusReport.State.DRAFT
    copy.submitted_by = None
    copy.submitted_at = None
    copy.created_by = actor
    copy.version = 1
    copy.save()
    audit_record(
        actor=actor,
        instance=copy,
        action=AuditEntry.Action.CREATE,
        source=AuditEntry.Source.UI,
        changes={"revision": [str(report.revision), str(copy.revision)]},
    )
    return copy


def next_meeting() -> BoardMeeting | None:
    return (
        BoardMeeting.objects.filter(
            state=BoardMeeting.State.PLANNED, date__gte=timezone.localdate()
        )
        .order_by("date")
        .first()
    )


def agenda_place_report(*, report: StatusReport, meeting: BoardMeeting | None = None) -> list:
    """Exceptions and escalations go to the board's next meeting, once each."""
    meeting = meeting or next_meeting()
    if meeting is None:
        return []  # the PMO picks it up when preparing the next agenda
    kinds = []
    if report.is_exception:
        kinds.append(AgendaItem.Kind.EXCEPTION)
    if report.escalations.strip() or report.decisions_requested.strip():
        kinds.append(AgendaItem.Kind.ESCALATION)
    items = []
    for kind in kinds:
        item, _created = AgendaItem.objects.get_or_create(
            report=report, kind=kind, defaults={"meeting": meeting, "project": report.project}
        )
        items.append(item)
    return items
