"""The portfolioraad: meetings and agenda, gate proposals and decisions, decision log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo.htmx import render_page
from pmo.permissions import (
    can_decide,
    can_prepare_board,
    can_see_board,
    get_editable_or_403,
)

from .models import AgendaItem, BoardMeeting, GateDecision, Project, Scenario
from .report_forms import (
    AgendaDecisionForm,
    BoardMeetingForm,
    GateDecisionForm,
    GateProposalForm,
    ProjectDocumentForm,
)
from .services import governance


def _board_reader(request: HttpRequest) -> None:
    if not can_see_board(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    _board_reader(request)
    form = BoardMeetingForm(request.POST or None)
    if request.method == "POST":
        if not can_prepare_board(request.user):
            raise PermissionDenied
        if form.is_valid():
            meeting = form.save()
            messages.success(request, _("De vergadering is gepland."))
            return redirect("board:meeting_detail", pk=meeting.pk)
    meetings = BoardMeeting.objects.all()[:50]
    pending = GateDecision.objects.filter(decision="").count()
    return render_page(
        request,
        "portfolio/meeting_list.html",
        {
            "meetings": meetings,
            "form": form,
            "pending_gates": pending,
            "can_prepare": can_prepare_board(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _board_reader(request)
    meeting = get_object_or_404(BoardMeeting, pk=pk)
    items = list(
        meeting.items.select_related(
            "project", "report", "gate", "decided_by", "gate__business_case"
        ).order_by("kind", "project__code")
    )
    for item in items:
        if item.kind == AgendaItem.Kind.GATE and item.gate and item.gate.is_open:
            item.form = GateDecisionForm(instance=item.gate, prefix=f"item{item.pk}")
        elif item.kind != AgendaItem.Kind.GATE and not item.decided_at:
            item.form = AgendaDecisionForm(instance=item, prefix=f"item{item.pk}")
    return render_page(
        request,
        "portfolio/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "can_decide": can_decide(request.user),
            "can_prepare": can_prepare_board(request.user),
        },
    )


@login_required
@require_POST
def meeting_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_prepare_board(request.user):
        raise PermissionDenied
    meeting = get_object_or_404(BoardMeeting, pk=pk)
    try:
        added = governance.meeting_prepare_agenda(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s agendapunten toegevoegd.") % {"count": added})
    return redirect("board:meeting_detail", pk=pk)


@login_required
@require_POST
def agenda_item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_decide(request.user):
        raise PermissionDenied
    item = get_object_or_404(AgendaItem.objects.select_related("gate", "meeting", "project"), pk=pk)
    prefix = f"item{item.pk}"
    if item.kind == AgendaItem.Kind.GATE:
        form = GateDecisionForm(request.POST, instance=item.gate, prefix=prefix)
    else:
        form = AgendaDecisionForm(request.POST, instance=item, prefix=prefix)
    if form.is_valid():
        try:
            if item.kind == AgendaItem.Kind.GATE:
                data = dict(form.cleaned_data)
                governance.gate_decide(
                    actor=request.user, gate=item.gate, meeting=item.meeting, **data
                )
            else:
                governance.agenda_decide(
                    actor=request.user,
                    item=item,
                    decision=form.cleaned_data["decision"],
                    reasoning=form.cleaned_data["reasoning"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Het besluit over %(project)s is vastgelegd.") % {"project": item.project.code},
            )
            return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")
    item.form = form
    return render_page(
        request,
        "portfolio/meeting_detail.html",
        {
            "meeting": item.meeting,
            "items": [item],
            "can_decide": True,
            "can_prepare": can_prepare_board(request.user),
            "single": True,
        },
        status=400,
    )


@login_required
def decision_log(request: HttpRequest) -> HttpResponse:
    _board_reader(request)
    gates = (
        GateDecision.objects.exclude(decision="")
        .select_related("project", "decided_by", "meeting")
        .order_by("-decided_at")[:200]
    )
    items = (
        AgendaItem.objects.exclude(decided_at=None)
        .exclude(kind=AgendaItem.Kind.GATE)
        .select_related("project", "decided_by", "meeting")
        .order_by("-decided_at")[:200]
    )
    # Adopting a scenario is a portfolio decision, not one project's: same list.
    scenarios = (
        Scenario.objects.exclude(adopted_at=None)
        .select_related("framework", "adopted_by", "adopted_meeting")
        .annotate(decided_at=F("adopted_at"), is_scenario=Value(True))
        .order_by("-adopted_at")[:200]
    )
    entries = sorted([*gates, *items, *scenarios], key=lambda entry: entry.decided_at, reverse=True)
    return render_page(request, "portfolio/decision_log.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def gate_propose(request: HttpRequest, code: str) -> HttpResponse:
    project = get_editable_or_403(Project.objects, request.user, code=code)
    form = GateProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                governance.gate_propose(
                    actor=request.user,
                    project=project,
                    proposal=form.cleaned_data["proposal"],
                    benefits=form.cleaned_data["benefits"],
                    options=form.cleaned_data["options"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("De faseovergang ligt bij de portfolioraad."))
                return redirect(f"{project.get_absolute_url()}?tab=besluiten")
        else:
            status = 400
    context = {
        "project": project,
        "form": form,
        "next_phase": governance.next_phase(project.phase),
        "missing": governance.missing_documents(project),
        "open_gate": project.gates.filter(decision="").first(),
    }
    return render_page(request, "portfolio/gate_form.html", context, status=status)


@login_required
@require_POST
def document_add(request: HttpRequest, code: str) -> HttpResponse:
    project = get_editable_or_403(Project.objects, request.user, code=code)
    form = ProjectDocumentForm(request.POST)
    if form.is_valid():
        document = form.save(commit=False)
        document.project = project
        document.phase = project.phase
        document.added_by = request.user
        document.save()
        messages.success(request, _("Het document is toegevoegd."))
    else:
        messages.error(
            request,
            _("Het document is niet toegevoegd: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[f].label}: {e[0]}" for f, e in form.errors.items()
                )
            },
        )
    return redirect(f"{project.get_absolute_url()}?tab=besluiten")
