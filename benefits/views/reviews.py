"""Pages of the reviews after closure: the register (overdue first, for the PMO), one
review with planned against achieved per benefit and the lessons it yielded, and its
form, which completes it too.

A review follows its project: outside one's sight is 404, visible but not editable 403.
"""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.exports import ChoiceLabel, ExportColumn
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView

from .. import services
from ..filters.reviews import ReviewFilter
from ..forms.reviews import ReviewForm
from ..models import Review
from ..rules import review as rules
from ..selectors import reviews as selectors


def _name(user) -> str:
    return str(user) if user else ""


class ReviewListView(RegisterView):
    template_name = "benefits/review_list.html"
    filterset_class = ReviewFilter
    export_title = gettext_lazy("Evaluaties na afronding")
    export_columns = [
        ExportColumn(gettext_lazy("Code"), attrgetter("project.code")),
        ExportColumn(gettext_lazy("Project"), attrgetter("project.name")),
        ExportColumn(gettext_lazy("Opdrachtgever"), lambda r: _name(r.project.sponsor)),
        ExportColumn(gettext_lazy("Projectleider"), lambda r: _name(r.project.manager)),
        ExportColumn(gettext_lazy("Afgesloten op"), attrgetter("project.closed_on")),
        ExportColumn(gettext_lazy("Uiterlijk op"), attrgetter("due_on")),
        ExportColumn(gettext_lazy("Stand"), ChoiceLabel(Review, "state")),
        ExportColumn(gettext_lazy("Over tijd"), attrgetter("overdue")),
        ExportColumn(gettext_lazy("Herinnerd op"), attrgetter("reminded_on")),
        ExportColumn(gettext_lazy("Gehouden op"), attrgetter("held_on")),
        ExportColumn(gettext_lazy("Waar voor het geld"), attrgetter("value_for_money")),
        ExportColumn(gettext_lazy("Besluit juist"), ChoiceLabel(Review, "decision_right")),
        ExportColumn(
            gettext_lazy("Toelichting op het besluit"), attrgetter("decision_explanation")
        ),
        ExportColumn(gettext_lazy("Conclusie"), attrgetter("summary")),
    ]

    def get_queryset(self, request):
        return selectors.review_list(user=request.user, today=timezone.localdate())

    def page_context(self, request):
        visible = Review.objects.visible_to(request.user)
        today = timezone.localdate()
        return {
            "overdue_count": visible.filter(selectors.review_overdue_q(today)).count(),
            "today": today,
        }


review_list = ReviewListView.as_view()


def review_outcomes(review: Review) -> list[rules.BenefitResult]:
    """What the review found per benefit: frozen when completed, as of today before."""
    if review.state == Review.State.DONE:
        return [rules.BenefitResult.from_json(row) for row in review.benefit_results]
    return selectors.review_results(review.project)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(user=request.user, pk=pk)
    results = review_outcomes(review)
    today = timezone.localdate()
    can_edit = access.is_editable(review, request.user)
    context = {
        "review": review,
        "project": review.project,
        "owner": services.review_owner(review.project),
        "results": results,
        "summary": rules.summarise(results),
        "lessons": list(selectors.review_lessons(review)),
        "overdue": rules.is_overdue(
            done=review.state == Review.State.DONE, due=review.due_on, today=today
        ),
        "can_edit": can_edit,
    }
    return render_page(request, "benefits/review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(user=request.user, pk=pk)
    access.require(access.is_editable(review, request.user))
    form = ReviewForm(request.POST or None, instance=review)
    status = 200
    if request.method == "POST":
        write = (
            services.review_complete
            if form.is_valid() and form.cleaned_data.get("complete")
            else services.review_update
        )
        status, saved = submit(
            form,
            lambda: write(
                actor=Actor.screen(request.user),
                review=review,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            done = saved.state == Review.State.DONE and write is services.review_complete
            messages.success(
                request,
                _("De evaluatie is afgerond; de baten zijn vastgelegd zoals ze nu staan.")
                if done
                else _("De evaluatie is opgeslagen."),
            )
            return redirect(saved)
    context = {"form": form, "review": review, "project": review.project}
    return render_page(request, "benefits/review_form.html", context, status=status)
