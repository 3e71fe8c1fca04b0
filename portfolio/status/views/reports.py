"""Pages of the hoofdpuntenrapportage: write, view, submit, amend."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.dates import plausible_date
from pmo.periods import period_start, shift
from pmo.versioning import StaleError
from pmo.web.fields import AmountField
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, STALE, attach, refusal_status

from ...projects import selectors as project_selectors
from ...projects.models import Project
from .. import selectors, services
from ..forms import StatusReportForm
from ..models import DIMENSIONS, StatusReport

TEMPLATE = "portfolio/status/report_form.html"


def _period_from(request: HttpRequest) -> dt.date:
    """The period asked for; without one, the period just ended (the one that is due).
    A period that has not begun cannot be reported on."""
    this_period = period_start(timezone.localdate())
    raw = request.GET.get("periode") or request.POST.get("periode")
    if not raw:
        return shift(this_period, -1)
    try:
        period = period_start(dt.date.fromisoformat(f"{raw}-01"))
    except ValueError as exc:
        raise Http404(_("Onbekende periode")) from exc
    try:
        plausible_date(period)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    if period > this_period:
        raise Http404(_("Over een periode die nog niet begonnen is, rapporteert u niet."))
    return period


def _form_initial(report: StatusReport) -> dict:
    return {**selectors.report_values(report), "version": report.version}


def _form_context(
    project: Project, period: dt.date, form: StatusReportForm, report: StatusReport | None = None
) -> dict:
    previous = selectors.previous_report(project, period)
    values = form.data if form.is_bound else form.initial

    def parse(name, kind, parser):
        raw = values.get(name)
        if raw in (None, "") or isinstance(raw, kind):
            return raw or None
        try:
            return parser(raw)
        except (ValueError, ArithmeticError, ValidationError):
            return None

    proposals = selectors.proposals_for(
        project,
        forecast_end=parse("forecast_end", dt.date, dt.date.fromisoformat),
        # As the form reads it: "861.000" is 861 thousand in Dutch.
        forecast_cost=parse("forecast_cost", Decimal, AmountField().to_python),
    )
    return {
        "project": project,
        "period": period,
        "form": form,
        "report": report,
        "previous": previous,
        "previous_colours": {key: previous.colour(key) for key, _l in DIMENSIONS}
        if previous
        else {},
        "proposals": proposals,
        "tolerance": selectors.tolerance_for(project),
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, code: str) -> HttpResponse:
    project = access.get_editable_or_403(
        project_selectors.projects_with_budget(), request.user, code=code
    )
    period = _period_from(request)
    existing = (
        StatusReport.objects.filter(project=project, period=period).order_by("-revision").first()
    )
    if request.method == "GET" and existing is not None:
        if existing.state == StatusReport.State.DRAFT:
            return redirect("status:report_edit", code=project.code, pk=existing.pk)
        messages.info(
            request, _("Er is al een rapportage voor %(period)s.") % {"period": f"{period:%m-%Y}"}
        )
        return redirect(existing)
    form = StatusReportForm(
        request.POST or None,
        project=project,
        period=period,
        # Last period's values only seed the empty form; a posted form carries its own.
        initial=selectors.report_prefill(project, period) if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save(
                actor=Actor.screen(request.user),
                project=project,
                period=period,
                values=form.values(),
                submit="indienen" in request.POST,
            )
        except services.DuplicateReportError as duplicate:
            context = _form_context(project, period, form)
            context["duplicate"] = duplicate.existing
            return render_page(request, TEMPLATE, context, status=STALE)
        except ValidationError as error:
            attach(form, error)
        else:
            return _saved(request, report)
    return render_page(
        request,
        TEMPLATE,
        _form_context(project, period, form),
        status=INVALID if form.errors else 200,
    )


def _saved(request: HttpRequest, report: StatusReport) -> HttpResponse:
    submitted = report.state == StatusReport.State.SUBMITTED
    messages.success(
        request,
        _("De rapportage is ingediend.")
        if submitted
        else _("De rapportage is als concept bewaard."),
    )
    return redirect(report)


def _report_for_change(request: HttpRequest, code: str, pk: int) -> StatusReport:
    project = access.get_editable_or_403(
        project_selectors.projects_with_budget(), request.user, code=code
    )
    report = get_object_or_404(StatusReport, project=project, pk=pk)
    report.project = project  # keeps the annotated budget for the proposals
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = _report_for_change(request, code, pk)
    if report.state != StatusReport.State.DRAFT:
        messages.info(request, _("Een ingediende rapportage wijzigt u via een herziening."))
        return redirect(report)
    form = StatusReportForm(
        request.POST or None,
        project=report.project,
        period=report.period,
        initial=_form_initial(report),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save(
                actor=Actor.screen(request.user),
                project=report.project,
                period=report.period,
                values=form.values(),
                submit="indienen" in request.POST,
                report=report,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except (StaleError, ValidationError) as error:
            attach(form, error)
            status = refusal_status(error)
        else:
            return _saved(request, report)
    if form.errors and status == 200:
        status = INVALID
    return render_page(
        request,
        TEMPLATE,
        _form_context(report.project, report.period, form, report),
        status=status,
    )


@login_required
@require_POST
def report_amend(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    report = _report_for_change(request, code, pk)
    try:
        amendment = services.report_amend(actor=Actor.screen(request.user), report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    except services.AmendmentOpenError as refusal:
        # The page that offered "Herzien" is stale: someone started a revision since.
        return _detail(request, code, pk, refusal=refusal, status=STALE)
    return redirect("status:report_edit", code=code, pk=amendment.pk)


@login_required
def report_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _detail(request, code, pk)


def _detail(request, code: str, pk: int, *, refusal=None, status: int = 200) -> HttpResponse:
    project = project_selectors.project_detail(user=request.user, code=code)
    report = get_object_or_404(
        StatusReport.objects.select_related("submitted_by"), project=project, pk=pk
    )
    previous = selectors.previous_report(project, report.period)
    rows = [
        {
            "key": key,
            "label": label,
            "colour": report.colour(key),
            "previous": previous.colour(key) if previous else None,
            "explanation": report.explanations.get(key),
        }
        for key, label in DIMENSIONS
    ]
    revisions = list(
        StatusReport.objects.filter(project=project, period=report.period).order_by("-revision")
    )
    context = {
        "project": project,
        "report": report,
        "previous": previous,
        "rows": rows,
        "revisions": revisions,
        "open_amendment": next(
            (r for r in revisions if r.supersedes_id == report.pk and r.state == r.State.DRAFT),
            None,
        ),
        "can_edit": access.is_editable(project, request.user),
        "refusal": refusal,
    }
    return render_page(request, "portfolio/status/report_detail.html", context, status=status)


@login_required
def report_proposal(request: HttpRequest, code: str) -> HttpResponse:
    """htmx: the system's colour proposals (tijd, geld, baten) while the user types."""
    project = access.get_editable_or_403(
        project_selectors.projects_with_budget(), request.user, code=code
    )
    form = StatusReportForm(request.GET)
    context = _form_context(project, _period_from(request), form)
    return render_page(request, TEMPLATE, context, fragment="proposal")
