"""Pages of the OKR's: the register with its headline figures, one OKR with its key
results as progress bars (with the figures in words), its linked projects and benefits,
the forms for the OKR and for a key result.

Outside one's sight is 404; visible but not one's to change (a colleague) is 403. Bad
input re-renders the form with its errors (422); a stale form is refused (409).
"""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.exports import ExportColumn
from pmo.periods import period_end, period_start
from pmo.web.forms import RemovalForm
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView

from .. import services
from ..filters.okrs import OkrFilter
from ..forms.okrs import KeyResultForm, OkrForm
from ..models import Okr
from ..rules.okr import is_at_risk, key_result_progress
from ..selectors import okrs as selectors

DETAIL = "benefits/okr_detail.html"
FORM = "benefits/okr_form.html"
KEY_RESULT_FORM = "benefits/key_result_form.html"


def _key_results_text(okr: Okr) -> str:
    return "; ".join(
        f"{kr.title}: {kr.current_value:g} ({kr.start_value:g} → {kr.target_value:g}"
        f"{' ' + kr.unit if kr.unit else ''}), {kr.confidence}/10"
        for kr in okr.key_results.all()
    )


class OkrListView(RegisterView):
    template_name = "benefits/okr_list.html"
    filterset_class = OkrFilter
    export_title = gettext_lazy("OKR's")
    export_columns = [
        ExportColumn(gettext_lazy("Doel"), attrgetter("title")),
        ExportColumn(gettext_lazy("Portfolio"), lambda o: o.portfolio.name),
        ExportColumn(gettext_lazy("Eigenaar"), lambda o: str(o.owner) if o.owner else ""),
        ExportColumn(gettext_lazy("Periode van"), attrgetter("period_start")),
        ExportColumn(gettext_lazy("Periode tot en met"), attrgetter("period_end")),
        ExportColumn(gettext_lazy("Voortgang (%)"), attrgetter("progress"), kind="percent"),
        ExportColumn(gettext_lazy("Vertrouwen (1–10)"), attrgetter("confidence")),
        ExportColumn(gettext_lazy("In gevarenzone"), lambda o: is_at_risk(o.confidence)),
        ExportColumn(gettext_lazy("Kernresultaten"), lambda o: len(o.key_results.all())),
        ExportColumn(gettext_lazy("Kernresultaten (stand)"), _key_results_text),
        ExportColumn(gettext_lazy("Extern kenmerk"), attrgetter("external_id")),
    ]

    def get_queryset(self, request):
        return selectors.okr_list(user=request.user)

    def page_context(self, request):
        visible = Okr.objects.visible_to(request.user)
        figures = visible.aggregate(
            okrs=Count("pk"),
            at_risk=Count("pk", filter=selectors.at_risk_q()),
            running=Count("pk", filter=selectors.in_period_q(timezone.localdate())),
            progress=Avg("progress"),
        )
        return {"figures": figures, "can_create": services.can_create_okr(request.user)}


okr_list = OkrListView.as_view()


def _detail_context(request, okr: Okr, *, key_result_form=None) -> dict:
    user = request.user
    can_edit = access.is_editable(okr, user)
    if key_result_form is None and can_edit:
        key_result_form = KeyResultForm(initial={"version": okr.version})
    rows = [
        {
            "key_result": kr,
            "progress": key_result_progress(kr.start_value, kr.target_value, kr.current_value),
            "at_risk": is_at_risk(kr.confidence),
        }
        for kr in selectors.okr_key_results(okr)
    ]
    return {
        "okr": okr,
        "at_risk": is_at_risk(okr.confidence),
        "key_results": rows,
        "projects": list(selectors.okr_projects(user=user, okr=okr)),
        "benefits": list(selectors.okr_benefits(user=user, okr=okr)),
        "can_edit": can_edit,
        "key_result_form": key_result_form,
        "today": timezone.localdate(),
    }


@login_required
def okr_detail(request: HttpRequest, pk: int) -> HttpResponse:
    okr = selectors.okr_detail(user=request.user, pk=pk)
    return render_page(request, DETAIL, _detail_context(request, okr))


@login_required
@require_POST
def key_result_add(request: HttpRequest, pk: int) -> HttpResponse:
    okr = selectors.okr_detail(user=request.user, pk=pk)
    access.require(access.is_editable(okr, request.user))
    form = KeyResultForm(request.POST)
    status, _saved = submit(
        form,
        lambda: services.key_result_add(
            actor=Actor.screen(request.user),
            okr=okr,
            expected_version=form.cleaned_data["version"],
            **form.values(),
        ),
    )
    if status == 200:
        messages.success(request, _("Het kernresultaat is toegevoegd."))
        return redirect(okr)
    context = _detail_context(request, okr, key_result_form=form)
    return render_page(request, DETAIL, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def key_result_edit(request: HttpRequest, pk: int, key_result_pk: int) -> HttpResponse:
    key_result = selectors.key_result_detail(user=request.user, okr_pk=pk, pk=key_result_pk)
    okr = key_result.okr
    access.require(access.is_editable(okr, request.user))
    initial = {"version": key_result.version}
    form = KeyResultForm(request.POST or None, instance=key_result, initial=initial)
    status = 200
    if request.method == "POST":
        status, _saved = submit(
            form,
            lambda: services.key_result_update(
                actor=Actor.screen(request.user),
                key_result=key_result,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het kernresultaat is opgeslagen."))
            return redirect(okr)
    context = {
        "okr": okr,
        "key_result": key_result,
        "form": form,
        "removal_form": RemovalForm(initial={"version": key_result.version}),
    }
    return render_page(request, KEY_RESULT_FORM, context, status=status)


@login_required
@require_POST
def key_result_remove(request: HttpRequest, pk: int, key_result_pk: int) -> HttpResponse:
    key_result = selectors.key_result_detail(user=request.user, okr_pk=pk, pk=key_result_pk)
    okr = key_result.okr
    access.require(access.is_editable(okr, request.user))
    removal = RemovalForm(request.POST)
    status, _okr = submit(
        removal,
        lambda: services.key_result_remove(
            actor=Actor.screen(request.user),
            key_result=key_result,
            expected_version=removal.cleaned_data["version"],
        ),
    )
    if status == 200:
        messages.success(request, _("Het kernresultaat is verwijderd."))
        return redirect(okr)
    form = KeyResultForm(instance=key_result, initial={"version": key_result.version})
    context = {"okr": okr, "key_result": key_result, "form": form, "removal_form": removal}
    return render_page(request, KEY_RESULT_FORM, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def okr_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.can_create_okr(user):
        raise PermissionDenied
    today = timezone.localdate()
    start = period_start(today, 3)
    initial = {"period_start": start, "period_end": period_end(start, 3), "owner": user}
    form = OkrForm(request.POST or None, choices=selectors.link_choices(user=user), initial=initial)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.okr_create(
                actor=Actor.screen(user),
                projects=form.cleaned_data["projects"],
                benefits=form.cleaned_data["benefits"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De OKR is aangemaakt. Voeg nu de kernresultaten toe."))
            return redirect(created)
    return render_page(request, FORM, {"form": form, "okr": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def okr_edit(request: HttpRequest, pk: int) -> HttpResponse:
    okr = access.get_editable_or_403(Okr, request.user, pk=pk)
    choices = selectors.link_choices(user=request.user)
    form = OkrForm(request.POST or None, instance=okr, choices=choices)
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.okr_update(
                actor=Actor.screen(request.user),
                okr=okr,
                expected_version=form.cleaned_data["version"],
                projects=form.cleaned_data["projects"],
                benefits=form.cleaned_data["benefits"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    return render_page(request, FORM, {"form": form, "okr": okr}, status=status)
