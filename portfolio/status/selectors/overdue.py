"""Which reports are overdue: active projects without a submitted report for the last
period once its due date (end of period + PMO_REPORT_DUE_DAYS) has passed."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from pmo.periods import period_end, period_start, shift

from ...projects.models import Project
from ..models import ReportReminder, StatusReport


def due_period(today: dt.date) -> dt.date | None:
    """The latest period whose report is due by `today`."""
    period = shift(period_start(today), -1)
    due = period_end(period) + dt.timedelta(days=settings.PMO_REPORT_DUE_DAYS)
    return period if today > due else shift(period, -1)


def overdue_projects(*, today: dt.date, period: dt.date | None = None) -> QuerySet[Project]:
    period = period or due_period(today)
    submitted = StatusReport.objects.filter(
        project=OuterRef("pk"), period=period, state=StatusReport.State.SUBMITTED
    )
    reminded = ReportReminder.objects.filter(project=OuterRef("pk"), period=period)
    return (
        Project.objects.reporting()
        .filter(planned_start__lte=period_end(period))
        .exclude(Exists(submitted))
        .annotate(reminded=Exists(reminded))
        .select_related("manager", "org_unit")
        .order_by("org_unit__name", "code")
    )
