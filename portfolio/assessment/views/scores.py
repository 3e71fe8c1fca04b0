"""The score grid (one page of projects × criteria), one score cell, and WSJF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.versioning import StaleError
from pmo.web.pages import paginate, render_page
from pmo.web.refusals import INVALID, attach, refusal_status

from ...projects.models import Project
from ..forms import (
    ScoreCellForm,
    WsjfForm,
)
from ..models import Criterion, Score
from ..selectors import (
    candidate_projects,
    fully_scored_count,
    score_matrix,
)
from ..services import (
    score_set,
    wsjf_set,
)
from .common import framework_editable, framework_visible

GRID_PAGE_SIZE = 50


@login_required
def score_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """One page of projects × criteria; only that page's scores are read."""
    framework = framework_visible(request, pk)
    # PostgreSQL refuses a NUL in a LIKE pattern (500); no project name holds one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    projects = candidate_projects()
    if query:
        projects = projects.filter(Q(code__icontains=query) | Q(name__icontains=query))
    page = paginate(request, projects, GRID_PAGE_SIZE)
    matrix = score_matrix(framework, projects=page.object_list, cells=True)
    criteria = matrix.criteria
    # The cell URL is the grid's URL plus project and criterion (see assessment/urls.py); built
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
        "can_score": access.is_editable(framework, request.user),
        "contribution_labels": Criterion.labels_for(Criterion.Kind.CONTRIBUTION),
        "impact_labels": Criterion.labels_for(Criterion.Kind.IMPACT),
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
    framework = framework_visible(request, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, framework=framework)
    project = get_object_or_404(Project, pk=project_pk)
    score = Score.objects.filter(criterion=criterion, project=project).first()
    error = None
    saved = False
    if request.method == "POST":
        framework = framework_editable(request, pk)
        form = ScoreCellForm(request.POST, criterion=criterion)
        if form.is_valid():
            try:
                score = score_set(
                    actor=Actor.screen(request.user),
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
                error = error_.message()
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
        "can_score": access.is_editable(framework, request.user),
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
        status=200 if not error or request.htmx else INVALID,
    )


@login_required
@require_http_methods(["GET", "POST"])
def wsjf_edit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    framework = framework_visible(request, pk)
    project = get_object_or_404(Project, pk=project_pk)
    estimate = framework.wsjf_estimates.filter(project=project).first()
    initial = {"version": estimate.version if estimate else 0}
    if estimate:
        initial.update({name: getattr(estimate, name) for name in WsjfForm.VALUE_FIELDS})
    form = WsjfForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        framework = framework_editable(request, pk)
        if form.is_valid():
            try:
                wsjf_set(
                    actor=Actor.screen(request.user),
                    framework=framework,
                    project=project,
                    expected_version=form.cleaned_data["version"] or 0,
                    **{name: form.cleaned_data[name] for name in WsjfForm.VALUE_FIELDS},
                )
            except (StaleError, ValidationError) as error:
                attach(form, error)
                status = refusal_status(error)
            else:
                messages.success(request, _("WSJF opgeslagen."))
                return redirect("assessment:score_grid", pk=pk)
        else:
            status = INVALID
    return render_page(
        request,
        "portfolio/assessment/wsjf_form.html",
        {"framework": framework, "project": project, "form": form},
        status=status,
    )
