"""The portfolioraad: meetings and agenda, gate proposals and decisions, decision log.

Out of sight (a projectleider, a user without a role) is 404 on every board page; a board
member who may read but not plan or decide gets 403 on those writes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from benefits.selectors import project_yearly_benefits
from pmo import access
from pmo.actors import Actor
from pmo.exports import FORMATS, export_response
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, attach
from pmo.web.registers import EXPORT_PARAM

from ..projects.models import Project
from ..scenarios.selectors import adopted_scenarios
from . import rules, selectors, services
from .exports import DECISION_COLUMNS, MEETING_COLUMNS
from .forms import (
    AgendaDecisionForm,
    BoardMeetingForm,
    GateDecisionForm,
    GateProposalForm,
    ProjectDocumentForm,
)
from .models import AgendaItem, BoardMeeting


@login_required
@require_http_methods(["GET", "POST"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    access.require_area(BoardMeeting, request.user)
    fmt = request.GET.get(EXPORT_PARAM)
    if request.method == "GET" and fmt in FORMATS:
        meetings = selectors.meetings(user=request.user)
        return export_response(meetings, MEETING_COLUMNS, fmt=fmt, title=_("Portfolioraad"))
    form = BoardMeetingForm(request.POST or None)
    if request.method == "POST":
        access.require_area_write(BoardMeeting, request.user)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    actor=Actor.screen(request.user), **form.cleaned_data
                )
            except ValidationError as error:
                attach(form, error)
            else:
                messages.success(request, _("De vergadering is gepland."))
                return redirect("governance:meeting_detail", pk=meeting.pk)
    return render_page(
        request,
        "portfolio/governance/meeting_list.html",
        {
            "meetings": selectors.meetings(user=request.user),
            "form": form,
            "pending_gates": selectors.pending_gate_count(),
            "can_prepare": access.area_writable(BoardMeeting, request.user),
        },
        status=INVALID if form.errors else 200,
    )


# A gate is decided with its beslisdocument, a request for change at its issue.
UNDECIDED_HERE = (AgendaItem.Kind.GATE, AgendaItem.Kind.CHANGE)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_visible_or_404(BoardMeeting, request.user, pk=pk)
    items = selectors.meeting_items(meeting)
    for item in items:
        if item.kind == AgendaItem.Kind.GATE and item.gate and item.gate.is_open:
            item.form = GateDecisionForm(instance=item.gate, prefix=f"item{item.pk}")
        elif item.kind not in UNDECIDED_HERE and not item.decided_at:
            item.form = AgendaDecisionForm(instance=item, prefix=f"item{item.pk}")
    return render_page(
        request,
        "portfolio/governance/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "can_decide": access.can_decide(request.user),
            "too_early": rules.too_early(meeting, timezone.localdate()),
            "can_prepare": access.area_writable(BoardMeeting, request.user),
        },
    )


@login_required
@require_POST
def meeting_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_editable_or_403(BoardMeeting, request.user, pk=pk)
    try:
        added = services.meeting_prepare_agenda(actor=Actor.screen(request.user), meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s agendapunten toegevoegd.") % {"count": added})
    return redirect("governance:meeting_detail", pk=pk)


@login_required
@require_POST
def agenda_item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_area(BoardMeeting, request.user)
    item = access.get_visible_or_404(
        AgendaItem.objects.select_related("gate", "meeting", "project"), request.user, pk=pk
    )
    access.require(access.can_decide(request.user))
    prefix = f"item{item.pk}"
    if item.kind == AgendaItem.Kind.GATE:
        form = GateDecisionForm(request.POST, instance=item.gate, prefix=prefix)
    else:
        form = AgendaDecisionForm(request.POST, instance=item, prefix=prefix)
    if form.is_valid():
        try:
            if item.kind == AgendaItem.Kind.GATE:
                data = dict(form.cleaned_data)
                services.gate_decide(
                    actor=Actor.screen(request.user), gate=item.gate, meeting=item.meeting, **data
                )
            else:
                services.agenda_decide(
                    actor=Actor.screen(request.user),
                    item=item,
                    decision=form.cleaned_data["decision"],
                    reasoning=form.cleaned_data["reasoning"],
                )
        except ValidationError as error:
            attach(form, error)
        else:
            messages.success(
                request,
                _("Het besluit over %(project)s is vastgelegd.") % {"project": item.project.code},
            )
            return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")
    item.form = form
    return render_page(
        request,
        "portfolio/governance/meeting_detail.html",
        {
            "meeting": item.meeting,
            "items": [item],
            "can_decide": True,
            "can_prepare": access.area_writable(BoardMeeting, request.user),
            "single": True,
        },
        status=INVALID,
    )


@login_required
def decision_log(request: HttpRequest) -> HttpResponse:
    access.require_area(BoardMeeting, request.user)
    # Adopting a scenario is a portfolio decision, not one project's: same list.
    entries = rules.latest_first(
        selectors.decided_gates(), selectors.decided_items(), adopted_scenarios()
    )
    fmt = request.GET.get(EXPORT_PARAM)
    if fmt in FORMATS:
        return export_response(entries, DECISION_COLUMNS, fmt=fmt, title=_("Besluitenlijst"))
    return render_page(request, "portfolio/governance/decision_log.html", {"entries": entries})


@login_required
@require_http_methods(["GET", "POST"])
def gate_propose(request: HttpRequest, code: str) -> HttpResponse:
    project = access.get_editable_or_403(Project, request.user, code=code)
    form = GateProposalForm(request.POST or None)
    # The benefits per year come from the attributed benefit profiles (a page composes);
    # the service keeps them with the gate as the board saw them.
    yearly = project_yearly_benefits(project)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.gate_propose(
                    actor=Actor.screen(request.user),
                    project=project,
                    proposal=form.cleaned_data["proposal"],
                    benefits=yearly.amounts,
                    options=form.cleaned_data["options"],
                )
            except ValidationError as error:
                attach(form, error)
                status = INVALID
            else:
                messages.success(request, _("De faseovergang ligt bij de portfolioraad."))
                return redirect(f"{project.get_absolute_url()}?tab=besluiten")
        else:
            status = INVALID
    context = {
        "project": project,
        "form": form,
        "next_phase": rules.next_phase(project.phase),
        "missing": selectors.missing_documents(project),
        "open_gate": selectors.open_gate(project),
        "yearly_benefits": yearly,
    }
    return render_page(request, "portfolio/governance/gate_form.html", context, status=status)


@login_required
@require_POST
def document_add(request: HttpRequest, code: str) -> HttpResponse:
    project = access.get_editable_or_403(Project, request.user, code=code)
    form = ProjectDocumentForm(request.POST)
    if form.is_valid():
        try:
            services.document_add(
                actor=Actor.screen(request.user), project=project, **form.cleaned_data
            )
        except ValidationError as error:
            attach(form, error)
    if not form.errors:
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
