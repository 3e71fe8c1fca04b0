from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pmo.audit import audit_entries_for
from pmo.htmx import render_page
from pmo.permissions import can_create_projects, get_editable_or_403, is_editable

from . import selectors, services
from .filters import ProjectFilter
from .forms import ProjectForm
from .models import OrgUnit, Project
from .report_forms import ProjectDocumentForm
from .rollup_selectors import domain_of, project_colours, rollup_rows, total_row
from .services.periods import period_start
from .timeline import MilestonePoint, milestone_timeline_figure

PAGE_SIZE = 50

SORT_COLUMNS = [
    ("code", gettext_lazy("Code")),
    ("name", gettext_lazy("Naam")),
    ("org_unit", gettext_lazy("Onderdeel")),
    ("phase", gettext_lazy("Fase")),
    ("status", gettext_lazy("Status")),
    ("planned_end", gettext_lazy("Gepland einde")),
    ("budget", gettext_lazy("Budget")),
]

TABS = {
    "overzicht": gettext_lazy("Overzicht"),
    "rapportages": gettext_lazy("Rapportages"),
    "mijlpalen": gettext_lazy("Mijlpalen"),
    "besluiten": gettext_lazy("Fasen en besluiten"),
    "financien": gettext_lazy("Financiën"),
    "historie": gettext_lazy("Historie"),
}


def _domain_rollup(user) -> dict:
    """Status per domain of the projects the user may see (full page only)."""
    rows = project_colours(Project.objects.visible_to(user))
    domains = {unit.pk: unit for unit in OrgUnit.objects.filter(parent__isnull=True)}
    return {
        "rollup_rows": rollup_rows(
            rows,
            key=domain_of,
            labels={pk: unit.name for pk, unit in domains.items()},
            urls={
                pk: reverse("board:org_unit_detail", args=[unit.code])
                for pk, unit in domains.items()
            },
        ),
        "rollup_total": total_row(rows, _("Totaal")),
    }


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    filterset = ProjectFilter(
        request.GET or None, queryset=selectors.project_list(user=request.user)
    )
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # Query string without the page number, for pagination and sort links.
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "current_sort": request.GET.get("sort", ""),
        "sort_columns": SORT_COLUMNS,
    }
    if not request.htmx:
        context.update(_domain_rollup(request.user))
    return render_page(request, "portfolio/project_list.html", context, fragment="results")


@login_required
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = selectors.project_detail(user=request.user, code=code)
    tab = request.GET.get("tab", "overzicht")
    if tab not in TABS:
        raise Http404(_("Onbekend tabblad"))
    context = {
        "project": project,
        "tabs": TABS,
        "tab": tab,
        "can_edit": is_editable(project, request.user),
    }
    if tab == "mijlpalen":
        milestones = list(selectors.project_milestones(project=project))
        context["milestones"] = milestones
        context["timeline"] = (
            milestone_timeline_figure(
                [
                    MilestonePoint(
                        m.name,
                        m.baseline_date,
                        m.actual_date or m.forecast_date,
                        m.actual_date is not None,
                    )
                    for m in milestones
                ],
                title=_("Mijlpalen: baseline en prognose"),
                baseline_label=_("baseline"),
                current_label=_("prognose of werkelijk"),
                slip_label=_("uitloop (dagen)"),
            )
            if milestones
            else None
        )
    elif tab == "rapportages":
        context["reports"] = selectors.project_reports(project=project)
        context["current_period"] = period_start(timezone.localdate())
    elif tab == "besluiten":
        context.update(selectors.project_governance(project=project))
        context["document_form"] = ProjectDocumentForm()
    elif tab == "financien":
        context["budgets"] = selectors.project_budgets(project=project)
    elif tab == "historie":
        context["entries"] = audit_entries_for(project)[:50]
    return render_page(request, "portfolio/project_detail.html", context, fragment="tab-panel")


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    if not can_create_projects(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, **form.changed_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Project %(code)s is aangemaakt.") % {"code": project.code})
            return redirect(project)
    status = 400 if form.errors else 200
    return render_page(request, "portfolio/project_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, code: str) -> HttpResponse:
    project = get_editable_or_403(Project.objects, request.user, code=code)
    form = ProjectForm(request.POST or None, instance=project)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.project_update(
                    actor=request.user,
                    project=project,
                    expected_version=form.cleaned_data["version"],
                    **form.changed_values(),
                )
            except services.StaleVersionError as stale:
                form.add_error(
                    None,
                    stale.message()
                    + " "
                    + _("Uw wijzigingen zijn niet opgeslagen. Controleer ze en sla opnieuw op."),
                )
                # A deliberate second save then applies to the version the user has now seen.
                data = form.data.copy()
                data["version"] = stale.current_version
                form.data = data
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
                return redirect(project)
        else:
            status = 400
    context = {"form": form, "project": project}
    return render_page(request, "portfolio/project_form.html", context, status=status)
