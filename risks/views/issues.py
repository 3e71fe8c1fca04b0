"""Pages of the issue register: the register (filters, export), one issue with its
workflow, decision, escalation and history, the issue form, a step in the workflow, the
decision (showing the baseline change an approved request for change applies), and
escalation one level up and back."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.exports import ChoiceLabel, ExportColumn
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView
from portfolio.projects.models import Project

from .. import selectors, services
from ..filters import IssueFilter
from ..forms import EscalationForm, IssueAdvanceForm, IssueDecisionForm, IssueForm
from ..models import Issue, Level
from ..rules import workflow
from .escalation import escalation_posted

DETAIL = "risks/issue_detail.html"
DECIDE = "risks/issue_decide.html"


class IssueListView(RegisterView):
    template_name = "risks/issue_list.html"
    filterset_class = IssueFilter
    export_title = gettext_lazy("Issues")
    export_columns = [
        ExportColumn(gettext_lazy("Issue"), attrgetter("title")),
        ExportColumn(gettext_lazy("Soort"), lambda i: i.type.name),
        ExportColumn(gettext_lazy("Niveau"), ChoiceLabel(Issue, "level")),
        ExportColumn(gettext_lazy("Project"), lambda i: i.project and i.project.code),
        ExportColumn(gettext_lazy("Programma"), lambda i: i.programme and i.programme.name),
        ExportColumn(gettext_lazy("Omschrijving"), attrgetter("description")),
        ExportColumn(gettext_lazy("Prioriteit"), ChoiceLabel(Issue, "priority")),
        ExportColumn(gettext_lazy("Ernst"), ChoiceLabel(Issue, "severity")),
        ExportColumn(gettext_lazy("Status"), ChoiceLabel(Issue, "status")),
        ExportColumn(gettext_lazy("Issue-eigenaar"), lambda i: str(i.owner or "")),
        ExportColumn(gettext_lazy("Gemeld op"), attrgetter("raised_on")),
        ExportColumn(gettext_lazy("Buiten de tolerantie"), attrgetter("beyond_tolerance")),
        ExportColumn(gettext_lazy("Gevraagd nieuw einde"), attrgetter("requested_end")),
        ExportColumn(
            gettext_lazy("Gevraagde budgetwijziging (€)"),
            attrgetter("requested_budget_change"),
            kind="money",
        ),
        ExportColumn(gettext_lazy("Besluit"), ChoiceLabel(Issue, "decision")),
        ExportColumn(gettext_lazy("Motivering besluit"), attrgetter("decision_reasoning")),
        ExportColumn(gettext_lazy("Extern kenmerk"), attrgetter("external_id")),
    ]

    def get_queryset(self, request):
        return selectors.issue_list(user=request.user)

    def page_context(self, request):
        return {
            "can_create": access.edits_everything(request.user)
            or Project.objects.editable_by(request.user).exists()
        }


issue_list = IssueListView.as_view()


def _detail_context(request, issue, **forms) -> dict:
    can_edit = access.is_editable(issue, request.user)
    above = services.level_above(issue)
    targets = workflow.advance_targets(issue.status)
    return {
        "issue": issue,
        "steps": [
            {"label": Issue.Status(step.status).label, "state": step.state}
            for step in workflow.progress(issue.status, decided=bool(issue.decision))
        ],
        "can_edit": can_edit,
        "can_decide": issue.status == workflow.PROPOSED
        and services.can_decide_issue(request.user, issue, editable=can_edit),
        "needs_board": services.needs_board(issue),
        "agenda_item": selectors.issue_agenda_item(issue),
        "entries": selectors.issue_history(issue),
        "above": Level(above).label if above else None,
        "advance_form": forms.get("advance_form")
        or (
            IssueAdvanceForm(issue=issue, initial={"version": issue.version})
            if can_edit and targets
            else None
        ),
        "escalation_form": forms.get("escalation_form")
        or (EscalationForm(initial={"version": issue.version}) if can_edit else None),
    }


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_detail(user=request.user, pk=pk)
    return render_page(request, DETAIL, _detail_context(request, issue))


@login_required
@require_POST
def issue_advance(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_detail(user=request.user, pk=pk)
    access.require(access.is_editable(issue, request.user))
    form = IssueAdvanceForm(request.POST, issue=issue)
    status, advanced = submit(
        form,
        lambda: services.issue_advance(
            actor=Actor.screen(request.user),
            issue=issue,
            expected_version=form.cleaned_data["version"],
            to_status=form.cleaned_data["to_status"],
        ),
    )
    if status == 200:
        messages.success(
            request,
            _("Het issue staat nu op %(status)s.") % {"status": advanced.get_status_display()},
        )
        return redirect(advanced)
    context = _detail_context(request, issue, advance_form=form)
    return render_page(request, DETAIL, context, status=status)


@login_required
@require_POST
def issue_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_detail(user=request.user, pk=pk)
    access.require(access.is_editable(issue, request.user))
    return escalation_posted(
        request,
        issue,
        name="issue",
        escalate=services.issue_escalate,
        deescalate=services.issue_deescalate,
        done=_("Het issue is geëscaleerd."),
        back=_("Het issue is terug op zijn eigen niveau."),
        detail=lambda form, status: render_page(
            request, DETAIL, _detail_context(request, issue, escalation_form=form), status=status
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision; for a request for change with the baseline change it applies."""
    issue = selectors.issue_detail(user=request.user, pk=pk)
    access.require(services.can_decide_issue(request.user, issue))
    form = IssueDecisionForm(request.POST or None, issue=issue, initial={"version": issue.version})
    status = 200
    if request.method == "POST":
        status, decided = submit(
            form,
            lambda: services.issue_decide(
                actor=Actor.screen(request.user),
                issue=issue,
                expected_version=form.cleaned_data["version"],
                decision=form.cleaned_data["decision"],
                reasoning=form.cleaned_data["decision_reasoning"],
            ),
        )
        if status == 200:
            messages.success(
                request,
                _("Het besluit is vastgelegd: %(decision)s.")
                % {"decision": decided.get_decision_display()},
            )
            return redirect(decided)
    change = problems = None
    if issue.type.is_change_request and issue.project is not None:
        change = selectors.baseline_preview(issue, issue.project, year=timezone.localdate().year)
        problems = services.problem_messages(change)
    context = {
        "issue": issue,
        "form": form,
        "change": change,
        "problems": problems,
        "needs_board": services.needs_board(issue),
        "proposed": issue.status == workflow.PROPOSED,
    }
    return render_page(request, DECIDE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    projects = Project.objects.editable_by(user).order_by("code")
    if not access.edits_everything(user) and not projects.exists():
        raise PermissionDenied
    code = request.GET.get("project")
    initial = {"project": projects.filter(code=code).first()} if code else {}
    initial["raised_on"] = timezone.localdate()
    form = IssueForm(request.POST or None, user=user, projects=projects, initial=initial)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.issue_create(
                actor=Actor.screen(user),
                project=form.cleaned_data["project"],
                portfolio=form.cleaned_data.get("portfolio"),
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het issue is vastgelegd."))
            return redirect(created)
    context = {"form": form, "issue": None}
    return render_page(request, "risks/issue_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = access.get_editable_or_403(Issue, request.user, pk=pk)
    form = IssueForm(request.POST or None, instance=issue, user=request.user)
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.issue_update(
                actor=Actor.screen(request.user),
                issue=issue,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    context = {"form": form, "issue": issue}
    return render_page(request, "risks/issue_form.html", context, status=status)
