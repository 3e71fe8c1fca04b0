"""Pages of the afwegingskader for the PMO-analist: define, publish, make a new version.

The board reads the same pages without the controls. Business rules live in the services;
these views validate input, call one service and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.exports import FORMATS
from pmo.versioning import StaleError
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, STALE, refusal_status, refusal_text
from pmo.web.registers import EXPORT_PARAM
from pmo.web.widgets import expected_version

from ..forms import (
    CriterionForm,
    DirectWeightsForm,
    FrameworkForm,
    ObjectiveForm,
)
from ..models import AssessmentFramework, Criterion
from ..rules import objective_tree
from ..selectors import (
    publish_problems,
)
from ..services import (
    FrameworkPublishedError,
    criterion_delete,
    criterion_save,
    framework_create,
    framework_new_version,
    framework_publish,
    objective_save,
)
from .common import framework_editable, framework_visible
from .exports import framework_export


@login_required
@require_http_methods(["GET", "POST"])
def framework_list(request: HttpRequest) -> HttpResponse:
    access.require_area(AssessmentFramework, request.user)
    can_edit = access.area_writable(AssessmentFramework, request.user)
    frameworks = AssessmentFramework.objects.visible_to(request.user).select_related("based_on")
    if request.method == "GET" and request.GET.get(EXPORT_PARAM) in FORMATS:
        return framework_export(frameworks, fmt=request.GET[EXPORT_PARAM])
    form = FrameworkForm(request.POST or None)
    if request.method == "POST":
        access.require(can_edit)
        if form.is_valid():
            framework = framework_create(actor=Actor.screen(request.user), **form.cleaned_data)
            return redirect("assessment:framework_detail", pk=framework.pk)
    return render_page(
        request,
        "portfolio/assessment/framework_list.html",
        {"frameworks": frameworks, "form": form, "can_edit": can_edit},
        status=INVALID if form.errors else 200,
    )


def _detail_context(request, framework: AssessmentFramework, **extra) -> dict:
    editable = access.is_editable(framework, request.user)
    criteria = list(framework.criteria.select_related("objective"))
    objectives = list(framework.objectives.all())
    context = {
        "framework": framework,
        "versions": AssessmentFramework.objects.filter(name=framework.name).order_by("-number"),
        "tree": objective_tree(objectives, criteria),
        "criteria": criteria,  # contribution first: Criterion orders by kind
        "contribution": [c for c in criteria if c.kind == Criterion.Kind.CONTRIBUTION],
        "impact": [c for c in criteria if c.kind == Criterion.Kind.IMPACT],
        "is_analyst": editable,
        "can_edit": editable and not framework.is_published,
        "problems": [] if framework.is_published else publish_problems(framework),
        "objective_form": ObjectiveForm(framework=framework),
        "criterion_form": CriterionForm(framework=framework),
        "weights_form": DirectWeightsForm(criteria=criteria),
    }
    context.update(extra)
    return context


@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_visible(request, pk)
    return render_page(
        request, "portfolio/assessment/framework_detail.html", _detail_context(request, framework)
    )


def framework_refused(request, framework, error: Exception, **forms) -> HttpResponse:
    """Re-render the framework page with the reason a change was refused."""
    framework.refresh_from_db()
    # A published framework is refused like stale data: what the user saw no longer holds.
    status = STALE if isinstance(error, FrameworkPublishedError) else refusal_status(error)
    context = _detail_context(request, framework, refused=refusal_text(error), **forms)
    context["published_refusal"] = isinstance(error, FrameworkPublishedError)
    return render_page(
        request, "portfolio/assessment/framework_detail.html", context, status=status
    )


def _add_part(request, pk: int, form_class, save, *, form_name: str, invalid, done):
    """Add an objective or criterion to a draft: validate the form, call the service,
    and on refusal re-render the framework with the form and the reason."""
    framework = framework_editable(request, pk)
    form = form_class(request.POST, framework=framework)
    if not form.is_valid():
        return framework_refused(request, framework, ValidationError(invalid), **{form_name: form})
    try:
        save(
            actor=Actor.screen(request.user),
            framework=framework,
            expected_version=expected_version(request.POST),
            **form.cleaned_data,
        )
    except (FrameworkPublishedError, StaleError) as error:
        return framework_refused(request, framework, error)
    except ValidationError as error:
        form.add_error(None, error)
        return framework_refused(request, framework, error, **{form_name: form})
    messages.success(request, done)
    return redirect("assessment:framework_detail", pk=pk)


@login_required
@require_POST
def objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_part(
        request,
        pk,
        ObjectiveForm,
        objective_save,
        form_name="objective_form",
        invalid=_("Controleer het doel."),
        done=_("Doel toegevoegd."),
    )


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_part(
        request,
        pk,
        CriterionForm,
        criterion_save,
        form_name="criterion_form",
        invalid=_("Controleer het criterium."),
        done=_("Criterium toegevoegd."),
    )


@login_required
@require_POST
def criterion_remove(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    framework = framework_editable(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, framework=framework)
    try:
        criterion_delete(
            actor=Actor.screen(request.user),
            framework=framework,
            expected_version=expected_version(request.POST),
            criterion=criterion,
        )
    except (FrameworkPublishedError, StaleError) as error:
        return framework_refused(request, framework, error)
    messages.success(request, _("Criterium verwijderd."))
    return redirect("assessment:framework_detail", pk=pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_editable(request, pk)
    try:
        framework_publish(
            actor=Actor.screen(request.user),
            framework=framework,
            expected_version=expected_version(request.POST),
        )
    except (FrameworkPublishedError, StaleError, ValidationError) as error:
        return framework_refused(request, framework, error)
    messages.success(request, _("Afwegingskader gepubliceerd; het ligt nu vast."))
    return redirect("assessment:framework_detail", pk=pk)


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_editable(request, pk)
    draft = framework_new_version(actor=Actor.screen(request.user), framework=framework)
    messages.success(
        request,
        _("Versie %(number)s gemaakt als concept, met de scores van versie %(old)s.")
        % {"number": draft.number, "old": framework.number},
    )
    return redirect("assessment:framework_detail", pk=draft.pk)


# ----------------------------------------------------------------------------- AHP


# -------------------------------------------------------------------------- score grid
