"""The daily reminder: mark overdue reports and tell the projectleider, once per period."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import ReportReminder
from .overdue import due_period, overdue_projects


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
                url = base_url + reverse("portfolio:report_create", args=[project.code])
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
