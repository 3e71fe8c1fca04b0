"""Pages of the afwegingskader for the PMO-analist: define, weigh, publish, score.

The board reads the same pages without the controls. Business rules live in
`services.assessment`; these views validate input, call one service and render.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo.htmx import render_page
from pmo.permissions import (
    can_configure_assessment,
    can_see_board,
    get_editable_or_403,
    get_visible_or_404,
    is_editable,
)

from .assessment_forms import (
    CriterionForm,
    DirectWeightsForm,
    FrameworkForm,
    ObjectiveForm,
    PairwiseForm,
    ScoreCellForm,
    WsjfForm,
)
from .assessment_selectors import candidate_projects, fully_scored_count, score_matrix
from .models import (
    CONTRIBUTION_LABELS,
    IMPACT_LABELS,
    AssessmentFramework,
    Criterion,
    Project,
    Score,
)
from .services.assessment import (
    FrameworkPublishedError,
    StaleError,
    ahp_outcome,
    criterion_delete,
    criterion_save,
    framework_create,
    framework_new_version,
    framework_publish,
    judgements_by_rater,
    judgements_save,
    objective_save,
    publish_problems,
    score_set,
    weights_set_direct,
    wsjf_set,
)

GRID_PAGE_SIZE = 50


def _visible(request, pk) -> AssessmentFramework:
    return get_visible_or_404(AssessmentFramework.objects, request.user, pk=pk)


def _editable(request, pk) -> AssessmentFramework:
    return get_editable_or_403(AssessmentFramework.objects, request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def framework_list(request: HttpRequest) -> HttpResponse:
    if not can_see_board(request.user):
        raise Http404
    can_edit = can_configure_assessment(request.user)
    form = FrameworkForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            framework = framework_create(actor=request.user, **form.cleaned_data)
            return redirect("assessment:framework_detail", pk=framework.pk)
    frameworks = AssessmentFramework.objects.visible_to(request.user).select_related("based_on")
    return render_page(
        request,
        "portfolio/assessment/framework_list.html",
        {"frameworks": frameworks, "form": form, "can_edit": can_edit},
        status=422 if form.errors else 200,
    )


def _detail_context(request, framework: AssessmentFramework, **extra) -> dict:
    editable = is_editable(framework, request.user)
    criteria = list(framework.criteria.select_related("objective"))
    objectives = list(framework.objectives.all())
    tree = [
        (objective, [child for child in objectives if child.parent_id == objective.pk])
        for objective in objectives
        if objective.parent_id is None
    ]
    weight_by_objective = {}
    for criterion in criteria:
        if criterion.objective_id:
            weight_by_objective[criterion.objective_id] = (
                weight_by_objective.get(criterion.objective_id, 0.0) + criterion.weight
            )
    for objective, children in tree:
        weight_by_objective[objective.pk] = weight_by_objective.get(objective.pk, 0.0) + sum(
            weight_by_objective.get(child.pk, 0.0) for child in children
        )
    context = {
        "framework": framework,
        "versions": AssessmentFramework.objects.filter(name=framework.name).order_by("-number"),
        "tree": [
            (
                objective,
                weight_by_objective.get(objective.pk, 0.0),
                [(child, weight_by_objective.get(child.pk, 0.0)) for child in children],
            )
            for objective, children in tree
        ],
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
    framework = _visible(request, pk)
    return render_page(
        request, "portfolio/assessment/framework_detail.html", _detail_context(request, framework)
    )


def _refused(request, framework, error: Exception, **forms) -> HttpResponse:
    """Re-render the framework page with the reason a change was refused."""
    framework.refresh_from_db()
    status = 409 if isinstance(error, FrameworkPublishedError | StaleError) else 422
    # str() of a ValidationError is the repr of its list ("['…']"); users read the messages.
    reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    context = _detail_context(request, framework, refused=reason, **forms)
    context["published_refusal"] = isinstance(error, FrameworkPublishedError)
    return render_page(
        request, "portfolio/assessment/framework_detail.html", context, status=status
    )


def _expected(request) -> int:
    try:
        return int(request.POST.get("version", "0"))
    except ValueError:
        return 0


def _add_part(request, pk: int, form_class, save, *, form_name: str, invalid, done):
    """Add an objective or criterion to a draft: validate the form, call the service,
    and on refusal re-render the framework with the form and the reason."""
    framework = _editable(request, pk)
    form = form_class(request.POST, framework=framework)
    if not form.is_valid():
        return _refused(request, framework, ValidationError(invalid), **{form_name: form})
    try:
        save(
            actor=request.user,
            framework=framework,
            expected_version=_expected(request),
            **form.cleaned_data,
        )
    except (FrameworkPublishedError, StaleError) as error:
        return _refused(request, framework, error)
    except ValidationError as error:
        form.add_error(None, error)
        return _refused(request, framework, error, **{form_name: form})
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
    framework = _editable(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, framework=framework)
    try:
        criterion_delete(
            actor=request.user,
            framework=framework,
            expected_version=_expected(request),
            criterion=criterion,
        )
    except (FrameworkPublishedError, StaleError) as error:
        return _refused(request, framework, error)
    messages.success(request, _("Criterium verwijderd."))
    return redirect("assessment:framework_detail", pk=pk)


@login_required
@require_POST
def weights_direct(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _editable(request, pk)
    criteria = list(framework.criteria.all())
    form = DirectWeightsForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return _refused(
            request, framework, ValidationError(_("Controleer de gewichten.")), weights_form=form
        )
    try:
        weights_set_direct(
            actor=request.user,
            framework=framework,
            expected_version=_expected(request),
            weights=form.weights(),
        )
    except (FrameworkPublishedError, StaleError) as error:
        return _refused(request, framework, error)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _refused(request, framework, error, weights_form=form)
    messages.success(request, _("Gewichten opgeslagen en genormaliseerd."))
    return redirect("assessment:framework_detail", pk=pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _editable(request, pk)
    try:
        framework_publish(
            actor=request.user, framework=framework, expected_version=_expected(request)
        )
    except (FrameworkPublishedError, StaleError, ValidationError) as error:
        return _refused(request, framework, error)
    messages.success(request, _("Afwegingskader gepubliceerd; het ligt nu vast."))
    return redirect("assessment:framework_detail", pk=pk)


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _editable(request, pk)
    draft = framework_new_version(actor=request.user, framework=framework)
    messages.success(
        request,
        _("Versie %(number)s gemaakt als concept, met de scores van versie %(old)s.")
        % {"number": draft.number, "old": framework.number},
    )
    return redirect("assessment:framework_detail", pk=draft.pk)


# ----------------------------------------------------------------------------- AHP


def _ahp_context(request, framework, kind, form, raters, *, outcome=None, error=None) -> dict:
    criteria = form.criteria
    return {
        "framework": framework,
        "kind": kind,
        "kind_label": Criterion.Kind(kind).label,
        "form": form,
        "outcome": outcome,
        "error": error,
        "criteria": criteria,
        "raters": raters,
        "can_edit": is_editable(framework, request.user) and not framework.is_published,
    }


@login_required
@require_http_methods(["GET", "POST"])
def pairwise(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The pairwise form: weights and CR update live (htmx) and are saved on submit."""
    framework = _visible(request, pk)
    if kind not in Criterion.Kind.values:
        raise Http404
    criteria = list(framework.criteria.filter(kind=kind))
    by_rater = judgements_by_rater(framework, kind)
    own = by_rater.get(request.user.pk, {})
    page = partial(_ahp_context, request, framework, kind, raters=len(by_rater))
    template = "portfolio/assessment/pairwise.html"
    if request.method == "GET":
        form = PairwiseForm(criteria=criteria, initial_values=own)
        complete = own and len(own) == len(form.pairs)
        outcome = ahp_outcome(criteria, own) if complete else None
        return render_page(request, template, page(form, outcome=outcome))
    framework = _editable(request, pk)
    form = PairwiseForm(request.POST, criteria=criteria)
    live = request.POST.get("preview") == "1"
    if not form.is_valid():
        return render_page(
            request,
            template,
            page(form),
            fragment="outcome" if live else None,
            status=200 if live else 422,
        )
    if live:
        # The form only admits Saaty's scale, so the engine has nothing left to refuse.
        outcome = ahp_outcome(criteria, form.judgements())
        return render_page(request, template, page(form, outcome=outcome), fragment="outcome")
    try:
        outcome = judgements_save(
            actor=request.user,
            framework=framework,
            expected_version=_expected(request),
            kind=kind,
            judgements=form.judgements(),
        )
    except (FrameworkPublishedError, StaleError) as error:
        return render_page(request, template, page(form, error=str(error)), status=409)
    except ValidationError as error:
        error_text = "; ".join(error.messages)
        return render_page(request, template, page(form, error=error_text), status=422)
    if outcome.raters > 1:
        messages.success(
            request,
            _("Uw oordelen zijn opgeslagen; de gewichten combineren nu %(n)s beoordelaars.")
            % {"n": outcome.raters},
        )
    else:
        messages.success(request, _("Uw oordelen zijn opgeslagen en de gewichten bijgewerkt."))
    return redirect("assessment:framework_detail", pk=pk)


# -------------------------------------------------------------------------- score grid


@login_required
def score_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """One page of projects × criteria; only that page's scores are read."""
    framework = _visible(request, pk)
    query = request.GET.get("q", "").strip()
    projects = candidate_projects()
    if query:
        projects = projects.filter(Q(code__icontains=query) | Q(name__icontains=query))
    page = Paginator(projects, GRID_PAGE_SIZE).get_page(request.GET.get("pagina"))
    matrix = score_matrix(framework, projects=page.object_list, cells=True)
    criteria = matrix.criteria
    # The cell URL is the grid's URL plus project and criterion (see assessment_urls); built
    # by hand because 500 reverse() calls per page cost more than the rest of the view.
    base = reverse("assessment:score_grid", args=[framework.pk])
    grid = [
        (
            project,
            [
                (
                    criterion,
                    matrix.cells.get((project.pk, criterion.pk)),
                    f"{base}{project.pk}/{criterion.pk}/",
                )
                for criterion in criteria
            ],
        )
        for project in matrix.projects
    ]
    context = {
        "framework": framework,
        "criteria": criteria,
        "grid": grid,
        "page": page,
        "query": query,
        "can_score": is_editable(framework, request.user),
        "contribution_labels": CONTRIBUTION_LABELS,
        "impact_labels": IMPACT_LABELS,
        "complete": fully_scored_count(framework, len(criteria)),
        "total": page.paginator.count,
    }
    return render_page(request, "portfolio/assessment/score_grid.html", context, fragment="grid")


@login_required
@require_http_methods(["GET", "POST"])
def score_cell(request: HttpRequest, pk: int, project_pk: int, criterion_pk: int) -> HttpResponse:
    """One cell: GET shows the full form (value + justification), POST saves it.

    The grid posts here on change (htmx) and swaps the cell with the answer.
    """
    framework = _visible(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, framework=framework)
    project = get_object_or_404(Project, pk=project_pk)
    score = Score.objects.filter(criterion=criterion, project=project).first()
    error = None
    saved = False
    if request.method == "POST":
        framework = _editable(request, pk)
        form = ScoreCellForm(request.POST, criterion=criterion)
        if form.is_valid():
            try:
                score = score_set(
                    actor=request.user,
                    criterion=criterion,
                    project=project,
                    value=form.cleaned_data["value"],
                    justification=form.cleaned_data["justification"]
                    if "justification" in request.POST
                    else (score.justification if score else ""),
                    expected_version=form.cleaned_data["version"],
                )
                saved = True
            except StaleError as error_:
                error = str(error_)
                score = Score.objects.filter(criterion=criterion, project=project).first()
            except ValidationError as error_:
                form.add_error("value", error_.message_dict.get("value", error_.messages))
        if form.errors:
            error = "; ".join(e for errors in form.errors.values() for e in errors)
    context = {
        "framework": framework,
        "criterion": criterion,
        "project": project,
        "score": score,
        "error": error,
        "saved": saved,
        "value": request.POST.get("value", "") if error else (score.value if score else ""),
        "can_score": is_editable(framework, request.user),
        "labels": criterion.labels,
        "cell_url": reverse("assessment:score_cell", args=[framework.pk, project.pk, criterion.pk]),
    }
    fragment = "cell" if request.htmx and not request.POST.get("full") else None
    template = "portfolio/assessment/score_cell.html"
    if request.method == "POST" and not request.htmx and saved:
        messages.success(request, _("Score opgeslagen."))
        return redirect("assessment:score_grid", pk=pk)
    return render_page(
        request,
        template,
        context,
        fragment=fragment,
        status=200 if not error or request.htmx else 422,
    )


@login_required
@require_http_methods(["GET", "POST"])
def wsjf_edit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    framework = _visible(request, pk)
    project = get_object_or_404(Project, pk=project_pk)
    estimate = framework.wsjf_estimates.filter(project=project).first()
    initial = (
        {
            "business_value": estimate.business_value,
            "time_criticality": estimate.time_criticality,
            "risk_reduction": estimate.risk_reduction,
            "job_size": estimate.job_size,
        }
        if estimate
        else None
    )
    form = WsjfForm(request.POST or None, initial=initial)
    if request.method == "POST":
        framework = _editable(request, pk)
        if form.is_valid():
            wsjf_set(actor=request.user, framework=framework, project=project, **form.cleaned_data)
            messages.success(request, _("WSJF opgeslagen."))
            return redirect("assessment:score_grid", pk=pk)
    return render_page(
        request,
        "portfolio/assessment/wsjf_form.html",
        {"framework": framework, "project": project, "form": form},
        status=422 if form.errors else 200,
    )
