"""The status pages' lists as Excel or CSV: the projects of a level (org unit or
programme) as its page lists them, and the PMO's overdue reports."""

import datetime as dt
from operator import attrgetter

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.exports import ChoiceLabel, ExportColumn, export_response

from ...projects.models import Project
from ..rules.due import days_overdue, due_date

LEVEL_COLUMNS = [
    ExportColumn(gettext_lazy("Code"), attrgetter("code")),
    ExportColumn(gettext_lazy("Naam"), attrgetter("name")),
    ExportColumn(gettext_lazy("Fase"), ChoiceLabel(Project, "phase")),
    ExportColumn(gettext_lazy("Status"), ChoiceLabel(Project, "status")),
    ExportColumn(gettext_lazy("Totaalbeeld"), attrgetter("current_rag")),
]


def level_export(level, projects: list[Project], *, fmt: str) -> HttpResponse:
    return export_response(
        projects, LEVEL_COLUMNS, fmt=fmt, title=_("Projecten %(level)s") % {"level": level.name}
    )


def overdue_export(
    projects: list[Project], *, period: dt.date, today: dt.date, fmt: str
) -> HttpResponse:
    """Every project owes the report on the same `period`: due and lateness alike."""
    timing = {"months": settings.PMO_PERIOD_MONTHS, "due_days": settings.PMO_REPORT_DUE_DAYS}
    due = due_date(period, **timing)
    late = days_overdue(period, today=today, **timing)
    columns = [
        ExportColumn(_("Code"), attrgetter("code")),
        ExportColumn(_("Naam"), attrgetter("name")),
        ExportColumn(_("Onderdeel"), attrgetter("org_unit.name")),
        ExportColumn(_("Projectleider"), lambda p: str(p.manager) if p.manager else ""),
        ExportColumn(_("Periode"), lambda p: period, kind="date"),
        ExportColumn(_("Uiterlijk op"), lambda p: due, kind="date"),
        ExportColumn(_("Dagen te laat"), lambda p: late, kind="integer"),
        ExportColumn(_("Herinnerd"), attrgetter("reminded")),
    ]
    return export_response(projects, columns, fmt=fmt, title=_("Achterstallige rapportages"))
