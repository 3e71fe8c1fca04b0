"""Pages of a level above the project (org unit, programme) and the PMO's overdue list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from benefits import selectors as benefit_selectors
from pmo import access
from pmo.exports import FORMATS
from pmo.web.pages import render_page
from pmo.web.registers import EXPORT_PARAM

from ...projects import selectors as project_selectors
from ...projects.models import OrgUnit, Programme, Project
from ..selectors import (
    child_of,
    due_period,
    overdue_projects,
    project_colours,
    project_count,
    rollup_rows,
    total_row,
)
from .exports import level_export, overdue_export


def _project_table(user, projects) -> list[Project]:
    return list(
        project_selectors.project_list(user=user)
        .filter(pk__in=projects.values("pk"))
        .order_by("code")[:200]
    )


@login_required
def org_unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, code=code)
    projects = Project.objects.visible_to(request.user).filter(org_unit__path__startswith=unit.path)
    table = _project_table(request.user, projects)
    if not table and not access.reads_everything(request.user):
        raise Http404(_("Niet gevonden"))
    if (fmt := request.GET.get(EXPORT_PARAM)) in FORMATS:
        return level_export(unit, table, fmt=fmt)
    rows = project_colours(projects)
    children = {child.pk: child for child in unit.children.all()}
    labels = {pk: child.name for pk, child in children.items()}
    labels[unit.pk] = _("%(unit)s (zelf)") % {"unit": unit.name}
    urls = {
        pk: reverse("status:org_unit_detail", args=[child.code]) for pk, child in children.items()
    }
    context = {
        "level": unit,
        "level_kind": unit.get_kind_display(),
        "total": total_row(rows, unit.name),
        "rows": rollup_rows(rows, key=child_of(unit), labels=labels, urls=urls),
        "projects": table,
        "reporting_count": project_count(rows),
    }
    return render_page(request, "portfolio/status/level_detail.html", context)


@login_required
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("portfolio"), code=code)
    projects = Project.objects.visible_to(request.user).filter(programme=programme)
    table = _project_table(request.user, projects)
    if not table and not access.reads_everything(request.user):
        raise Http404(_("Niet gevonden"))
    if (fmt := request.GET.get(EXPORT_PARAM)) in FORMATS:
        return level_export(programme, table, fmt=fmt)
    rows = project_colours(projects)
    context = {
        "level": programme,
        "level_kind": _("programma"),
        "total": total_row(rows, programme.name),
        "rows": [],
        "projects": table,
        "reporting_count": project_count(rows),
        # A page composes: the programme's baten come from their own domain's selectors.
        "benefit_totals": benefit_selectors.programme_totals(
            user=request.user, programme=programme, today=timezone.localdate()
        ),
        "benefits_url": reverse("benefits:benefit_list") + f"?programme={programme.pk}",
    }
    return render_page(request, "portfolio/status/level_detail.html", context)


@login_required
def overdue_reports(request: HttpRequest) -> HttpResponse:
    if not access.can_see_board(request.user):
        raise Http404(_("Niet gevonden"))
    today = timezone.localdate()
    period = due_period(today)
    projects = list(overdue_projects(today=today, period=period))
    if (fmt := request.GET.get(EXPORT_PARAM)) in FORMATS:
        return overdue_export(projects, period=period, today=today, fmt=fmt)
    return render_page(
        request, "portfolio/status/overdue_reports.html", {"projects": projects, "period": period}
    )
