"""Pages of the lessons learned: the register (search, domain, phase, kind, tag; export),
one lesson, and the form, also reached from a review to add the lessons it yielded.

Everyone signed in reads the lessons; their author and the PMO-analist change them.
"""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.exports import ChoiceLabel, ExportColumn
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView
from portfolio.projects.models import Project

from .. import services
from ..filters.reviews import LessonFilter
from ..forms.reviews import LessonForm, lesson_projects
from ..models import Lesson
from ..selectors import reviews as selectors

FORM = "benefits/lesson_form.html"


class LessonListView(RegisterView):
    template_name = "benefits/lesson_list.html"
    filterset_class = LessonFilter
    export_title = gettext_lazy("Geleerde lessen")
    export_columns = [
        ExportColumn(gettext_lazy("Les"), attrgetter("title")),
        ExportColumn(gettext_lazy("Soort"), ChoiceLabel(Lesson, "kind")),
        ExportColumn(gettext_lazy("Domein"), lambda lesson: lesson.domain and lesson.domain.name),
        ExportColumn(gettext_lazy("Fase"), ChoiceLabel(Lesson, "phase")),
        ExportColumn(gettext_lazy("Trefwoorden"), lambda lesson: ", ".join(lesson.tags or [])),
        ExportColumn(
            gettext_lazy("Project"), lambda lesson: lesson.project and lesson.project.code
        ),
        ExportColumn(gettext_lazy("Wat er gebeurde"), attrgetter("description")),
        ExportColumn(gettext_lazy("Aanbeveling"), attrgetter("recommendation")),
        ExportColumn(gettext_lazy("Vastgelegd door"), lambda lesson: str(lesson.created_by or "")),
        ExportColumn(gettext_lazy("Vastgelegd op"), attrgetter("created_at")),
        ExportColumn(gettext_lazy("Extern kenmerk"), attrgetter("external_id")),
    ]

    def get_queryset(self, request):
        return selectors.lesson_list(user=request.user)

    def page_context(self, request):
        return {"can_create": services.can_create_lesson(request.user)}


lesson_list = LessonListView.as_view()


@login_required
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.lesson_detail(user=request.user, pk=pk)
    sees_project = (
        lesson.project_id is not None
        and Project.objects.visible_to(request.user).filter(pk=lesson.project_id).exists()
    )
    context = {
        "lesson": lesson,
        "sees_project": sees_project,
        "can_edit": access.is_editable(lesson, request.user),
    }
    return render_page(request, "benefits/lesson_detail.html", context)


def _origin(request: HttpRequest):
    """The review (`?evaluatie=`) or project (`?project=`) a new lesson comes from."""
    user, review, project = request.user, None, None
    review_pk = request.GET.get("evaluatie", "")
    if review_pk.isdigit():
        review = selectors.review_detail(user=user, pk=int(review_pk))
        project = review.project
    elif request.GET.get("project"):
        project = access.get_visible_or_404(Project, user, code=request.GET["project"])
    access.require(services.can_create_lesson(user, review))
    return review, project


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest) -> HttpResponse:
    review, project = _origin(request)
    initial = {}
    if project is not None:
        initial = {"project": project, "domain": selectors.project_domain(project)}
    form = LessonForm(request.POST or None, projects=lesson_projects(request.user), initial=initial)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.lesson_create(
                actor=Actor.screen(request.user), review=review, **form.values()
            ),
        )
        if status == 200:
            messages.success(request, _("De les is vastgelegd."))
            return redirect(review or created)
    context = {"form": form, "lesson": None, "review": review}
    return render_page(request, FORM, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = access.get_editable_or_403(Lesson, request.user, pk=pk)
    form = LessonForm(request.POST or None, instance=lesson, projects=lesson_projects(request.user))
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.lesson_update(
                actor=Actor.screen(request.user),
                lesson=lesson,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    context = {"form": form, "lesson": lesson, "review": None}
    return render_page(request, FORM, context, status=status)
