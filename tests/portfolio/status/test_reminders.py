import datetime as dt

import pytest
from django.core import mail

from portfolio.projects.models import LifecycleStatus
from portfolio.status.models import ReportReminder
from portfolio.status.selectors import due_period
from portfolio.status.services import remind_overdue
from tests.support.factories import ProjectFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


def test_due_period_waits_for_the_grace_days(settings):
    settings.PMO_REPORT_DUE_DAYS = 5
    assert due_period(dt.date(2026, 11, 5)) == dt.date(2026, 9, 1)  # October not due yet
    assert due_period(dt.date(2026, 11, 6)) == dt.date(2026, 10, 1)


def test_overdue_projectleider_is_reminded_once(owner, department):
    today = dt.date(2026, 11, 21)
    late = ProjectFactory(manager=owner, org_unit=department, status=LifecycleStatus.ACTIVE)
    on_time = ProjectFactory(status=LifecycleStatus.ACTIVE)
    StatusReportFactory(project=on_time, period=dt.date(2026, 10, 1))
    ProjectFactory(status=LifecycleStatus.ON_HOLD)  # paused projects do not report
    draft_only = ProjectFactory(status=LifecycleStatus.ACTIVE)
    StatusReportFactory(project=draft_only, period=dt.date(2026, 10, 1), state="concept")

    assert set(remind_overdue(today=today)) == {late.pk, draft_only.pk}
    assert ReportReminder.objects.get(project=late).notified == owner.email
    (message,) = [m for m in mail.outbox if owner.email in m.to]
    assert late.code in message.subject and "?periode=2026-10" in message.body
    assert remind_overdue(today=today) == []  # the same period is not reminded twice
    assert len(mail.outbox) == 1
