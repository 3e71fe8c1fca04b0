"""The Business Value Canvas of a project's initiation: one page, seven boxes, printed on
one A4 landscape sheet; its form for whoever may change the project. It follows the
project: outside one's sight is 404, visible but not editable 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from portfolio.projects import selectors as project_selectors

from .. import services
from ..forms.reviews import CanvasForm
from ..models import CANVAS_FIELDS, ValueCanvas
from ..selectors import reviews as selectors


def _boxes(canvas: ValueCanvas | None, form: CanvasForm | None = None) -> list[dict]:
    """The seven boxes in canvas order, each with its label, hint, text or form field."""
    meta = ValueCanvas._meta
    return [
        {
            "name": name,
            "label": meta.get_field(name).verbose_name,
            "hint": meta.get_field(name).help_text,
            "text": getattr(canvas, name) if canvas else "",
            "field": form[name] if form else None,
        }
        for name in CANVAS_FIELDS
    ]


@login_required
def canvas_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = project_selectors.project_detail(user=request.user, code=code)
    canvas = selectors.project_canvas(project)
    context = {
        "project": project,
        "canvas": canvas,
        "boxes": _boxes(canvas),
        "can_edit": access.is_editable(project, request.user),
    }
    return render_page(request, "benefits/canvas_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def canvas_edit(request: HttpRequest, code: str) -> HttpResponse:
    project = project_selectors.project_detail(user=request.user, code=code)
    access.require(access.is_editable(project, request.user))
    canvas = selectors.project_canvas(project) or ValueCanvas(project=project)
    form = CanvasForm(request.POST or None, instance=canvas)
    status = 200
    if request.method == "POST":
        status, _saved = submit(
            form,
            lambda: services.canvas_save(
                actor=Actor.screen(request.user),
                project=project,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het canvas is opgeslagen."))
            return redirect(reverse("benefits:canvas_detail", args=[project.code]))
    context = {"project": project, "form": form, "boxes": _boxes(canvas, form)}
    return render_page(request, "benefits/canvas_form.html", context, status=status)
