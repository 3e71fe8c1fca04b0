"""Pages of the projects: the overview (a register), one project's tabs, create and edit."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from benefits import selectors as benefit_selectors
from benefits.selectors import okrs as okr_selectors
from benefits.selectors import reviews as review_selectors
from pmo import access
from pmo.actors import Actor
from pmo.audit import audit_entries_for, readable_changes
from pmo.exports import ChoiceLabel, ExportColumn
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView

from ..capacity import selectors as capacity_selectors
from ..governance.forms import ProjectDocumentForm
from ..governance.selectors import project_governance
from ..status import selectors as status_selectors
from . import selectors, services
from .figures import MilestonePoint, milestone_timeline_figure
from .filters import ProjectFilter
from .forms import BudgetForm, MilestoneForm, ProjectForm
from .models import Milestone, Phase, Project

# A project in these phases shows the lessons of its domain and its value canvas.
STARTING_PHASES = (Phase.INITIATION, Phase.DEFINITION)
TABS = {
    "overzicht": gettext_lazy("Overzicht"),
    "rapportages": gettext_lazy("Rapportages"),
    "mijlpalen": gettext_lazy("Mijlpalen"),
    "besluiten": gettext_lazy("Fasen en besluiten"),
    "financien": gettext_lazy("Financiën"),
    "historie": gettext_lazy("Historie"),
}


class ProjectListView(RegisterView):
    template_name = "portfolio/projects/project_list.html"
    filterset_class = ProjectFilter
    export_title = gettext_lazy("Projecten")
    export_columns = [
        ExportColumn(gettext_lazy("Code"), attrgetter("code")),
        ExportColumn(gettext_lazy("Naam"), attrgetter("name")),
        ExportColumn(gettext_lazy("Soort"), ChoiceLabel(Project, "kind")),
        ExportColumn(gettext_lazy("Organisatieonderdeel"), attrgetter("org_unit.name")),
        ExportColumn(gettext_lazy("Programma"), lambda p: p.programme and p.programme.name),
        ExportColumn(gettext_lazy("Fase"), ChoiceLabel(Project, "phase")),
        ExportColumn(gettext_lazy("Status"), ChoiceLabel(Project, "status")),
        ExportColumn(gettext_lazy("Geplande start"), attrgetter("planned_start")),
        ExportColumn(gettext_lazy("Gepland einde"), attrgetter("planned_end")),
        ExportColumn(gettext_lazy("Budget (€)"), attrgetter("budget_total"), kind="money"),
        ExportColumn(gettext_lazy("Totaalbeeld"), attrgetter("current_rag")),
        ExportColumn(gettext_lazy("Projectleider"), lambda p: p.manager and str(p.manager)),
        ExportColumn(gettext_lazy("Extern kenmerk"), attrgetter("external_id")),
    ]

    def get_queryset(self, request):
        return selectors.project_list(user=request.user)

    def page_context(self, request):
        """Status per domain of the projects the user may see (full page only)."""
        rows = status_selectors.project_colours(Project.objects.visible_to(request.user))
        domains = {unit.pk: unit for unit in selectors.domains()}
        return {
            "rollup_rows": status_selectors.rollup_rows(
                rows,
                key=status_selectors.domain_of,
                labels={pk: unit.name for pk, unit in domains.items()},
                urls={
                    pk: reverse("status:org_unit_detail", args=[unit.code])
                    for pk, unit in domains.items()
                },
            ),
            "rollup_total": status_selectors.total_row(rows, _("Totaal")),
        }


project_list = ProjectListView.as_view()


def _milestone_timeline(milestones) -> dict | None:
    if not milestones:
        return None
    return milestone_timeline_figure(
        [
            MilestonePoint(
                m.name, m.baseline_date, m.actual_date or m.forecast_date, m.actual_date is not None
            )
            for m in milestones
        ],
        title=_("Mijlpalen: baseline en prognose"),
        baseline_label=_("baseline"),
        current_label=_("prognose of werkelijk"),
        slip_label=_("uitloop (dagen)"),
    )


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
        "can_edit": access.is_editable(project, request.user),
    }
    if tab == "overzicht":
        shares = list(benefit_selectors.project_benefits(user=request.user, project=project))
        context["benefit_shares"] = shares
        context["benefit_totals"] = benefit_selectors.share_totals(shares, timezone.localdate())
        context["okrs"] = list(okr_selectors.project_okrs(user=request.user, project=project))
        # The hours it asks of the teams, beside the link to its demand grid (one query).
        context["demand_hours"] = capacity_selectors.project_demand_hours(project)
        # Starting: the lessons of its domain (one query). Closed: its review (one query).
        context["starting"] = project.phase in STARTING_PHASES
        if context["starting"]:
            context["domain_lessons"] = review_selectors.domain_lessons(
                user=request.user, project=project
            )
        elif project.closed_on is not None:
            context["review"] = review_selectors.project_review(project)
    elif tab == "mijlpalen":
        context["can_change_baseline"] = access.can_change_baseline(request.user)
        milestones = list(selectors.project_milestones(project=project))
        context["milestones"] = milestones
        context["timeline"] = _milestone_timeline(milestones)
    elif tab == "rapportages":
        reports = list(status_selectors.project_reports(project=project))
        context["reports"] = reports
        context["periods_due"] = status_selectors.periods_to_report(
            project, reports, today=timezone.localdate()
        )
    elif tab == "besluiten":
        context.update(project_governance(project=project))
        context["document_form"] = ProjectDocumentForm()
    elif tab == "financien":
        context["budgets"] = selectors.project_budgets(project=project)
        context["can_change_baseline"] = access.can_change_baseline(request.user)
    elif tab == "historie":
        # The project's own lines and its milestones' (audited on the milestone, where a
        # stale edit reads who changed what).
        milestones = project.milestones.values("pk")
        entries = list(audit_entries_for(project, parts={Milestone: milestones})[:50])
        project_type = ContentType.objects.get_for_model(Project).pk
        for entry in entries:
            own = entry.content_type_id == project_type
            entry.readable = readable_changes(entry.changes, Project if own else Milestone)
            entry.part = "" if own else entry.object_repr
        context["entries"] = entries
    return render_page(
        request, "portfolio/projects/project_detail.html", context, fragment="tab-panel"
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    access.require(access.can_create_projects(request.user))
    form = ProjectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status, project = submit(
            form,
            lambda: services.project_create(
                actor=Actor.screen(request.user), **form.changed_values()
            ),
        )
        if status == 200:
            messages.success(request, _("Project %(code)s is aangemaakt.") % {"code": project.code})
            return redirect(project)
    return render_page(
        request, "portfolio/projects/project_form.html", {"form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, code: str) -> HttpResponse:
    project = access.get_editable_or_403(Project, request.user, code=code)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.project_update(
                actor=Actor.screen(request.user),
                project=project,
                expected_version=form.cleaned_data["version"],
                reason=form.given_reason,
                **form.changed_values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    context = {"form": form, "project": project}
    return render_page(request, "portfolio/projects/project_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The PMO-analist changes the budget baseline, with a reason."""
    project = access.get_visible_or_404(Project, request.user, code=code)
    access.require(access.can_change_baseline(request.user))
    budgets = list(selectors.project_budgets(project=project))
    form = BudgetForm(request.POST or None, project=project, budgets=budgets)
    status = 200
    if request.method == "POST":
        status, _saved = submit(
            form,
            lambda: services.budget_set(
                actor=Actor.screen(request.user),
                project=project,
                expected_version=form.cleaned_data["version"],
                amounts=form.amounts(),
                reason=form.cleaned_data["reason"],
            ),
        )
        if status == 200:
            messages.success(request, _("Het budget is opgeslagen."))
            return redirect(project.get_absolute_url() + "?tab=financien")
    context = {"form": form, "project": project}
    return render_page(request, "portfolio/projects/budget_form.html", context, status=status)


MILESTONE_TEMPLATE = "portfolio/projects/milestone_form.html"


def _milestones_tab(project: Project) -> str:
    return project.get_absolute_url() + "?tab=mijlpalen"


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One row of the Mijlpalen tab: with htmx the row turns into its form and back;
    without, a page of its own."""
    project = access.get_editable_or_403(Project, request.user, code=code)
    milestone = access.get_visible_or_404(Milestone, request.user, project=project, pk=pk)
    form = MilestoneForm(request.POST or None, user=request.user, milestone=milestone)
    context = {"project": project, "milestone": milestone, "form": form, "can_edit": True}
    status = 200
    if request.method == "POST":
        if request.POST.get("annuleren"):
            if request.htmx:
                return render_page(request, MILESTONE_TEMPLATE, context, fragment="row")
            return redirect(_milestones_tab(project))
        status, updated = submit(
            form,
            lambda: services.milestone_update(
                actor=Actor.screen(request.user),
                milestone=milestone,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.given_reason,
                **form.changes(),
            ),
        )
        if status == 200:
            if request.htmx:
                context["milestone"] = updated
                return render_page(request, MILESTONE_TEMPLATE, context, fragment="row")
            messages.success(request, _("De mijlpaal is bijgewerkt."))
            return redirect(_milestones_tab(project))
    # htmx swaps only 2xx answers: the refused row comes back as 200 with its errors.
    return render_page(
        request,
        MILESTONE_TEMPLATE,
        context,
        fragment="row-editor",
        status=200 if request.htmx else status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, code: str) -> HttpResponse:
    """A new milestone is a new baseline: the PMO-analist adds it, with a reason."""
    project = access.get_visible_or_404(Project, request.user, code=code)
    access.require(access.can_change_baseline(request.user))
    form = MilestoneForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status, _created = submit(
            form,
            lambda: services.milestone_create(
                actor=Actor.screen(request.user),
                project=project,
                name=form.cleaned_data["name"],
                baseline_date=form.cleaned_data["baseline_date"],
                forecast_date=form.cleaned_data["forecast_date"],
                reason=form.given_reason,
            ),
        )
        if status == 200:
            messages.success(request, _("De mijlpaal is toegevoegd."))
            return redirect(_milestones_tab(project))
    context = {"project": project, "milestone": None, "form": form}
    return render_page(request, MILESTONE_TEMPLATE, context, status=status)
