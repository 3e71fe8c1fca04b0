"""Reads of the hoofdpuntenrapportage that its pages, the API and the services share."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ...projects.models import Project
from .. import providers
from ..models import DIMENSION_KEYS, PREFILL_FIELDS, REPORT_FIELDS, ProjectTolerance, StatusReport
from ..rules import rag
from ..rules.due import DuePeriod, periods_due
from ..rules.validation import ReportSetting, explanation_field, report_errors


def project_reports(*, project: Project) -> QuerySet[StatusReport]:
    return project.reports.select_related("submitted_by").order_by("-period", "-revision")[:36]


def periods_to_report(
    project: Project, reports: list[StatusReport], *, today: dt.date
) -> list[DuePeriod]:
    """The ended periods this project still owes a report on, from its reports as the
    report tab already holds them (no query of its own)."""
    if not project.must_report:
        return []
    return periods_due(
        today=today,
        start=project.planned_start,
        reports=[(r.period, r.state == StatusReport.State.SUBMITTED) for r in reports],
        months=settings.PMO_PERIOD_MONTHS,
        due_days=settings.PMO_REPORT_DUE_DAYS,
    )


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
    project: Project,
    *,
    forecast_end: dt.date | None,
    forecast_cost: Decimal | None,
    today: dt.date | None = None,
) -> dict[str, rag.Proposal]:
    """The system's colour for tijd and geld (forecast against tolerance) and for baten
    (the attributed benefits' progress) and for risico (the open threats' residual
    scores), one query each through the registered providers."""
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
        "benefits": rag.propose_benefits(
            providers.benefit_facts(project, today=today or timezone.localdate())
        ),
        "risk": rag.propose_risk(providers.risk_facts(project)),
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


def report_problems(
    project: Project, values: dict[str, Any], *, submitting: bool, period: dt.date | None = None
) -> tuple[dict[str, rag.Proposal], dict[str, list[str]]]:
    """The colour proposals for these values and what the report rules find wrong with
    them: the form shows every problem at once, the service refuses the same ones."""
    today = timezone.localdate()
    proposals = proposals_for(
        project,
        forecast_end=values.get("forecast_end"),
        forecast_cost=values.get("forecast_cost"),
        today=today,
    )
    previous = previous_report(project, period) if period else None
    setting = ReportSetting(
        period=period,
        previous_progress=previous.progress_pct if previous else None,
        baseline_cost=budget_total(project),
    )
    errors = report_errors(
        values,
        dimensions=DIMENSION_KEYS,
        proposals=proposals,
        today=today,
        submitting=submitting,
        setting=setting,
    )
    return proposals, errors
