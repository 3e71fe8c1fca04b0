"""Pages of the baten: the register with its totals and the benefits nobody measures,
one profile with its chart, measurements, attribution and plan, and the profile form.

Outside one's sight is 404; visible but not allowed (a measurement by anyone but the
owner, an edit by a colleague) is 403.
"""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.exports import ChoiceLabel, ExportColumn
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView
from portfolio.projects.models import Project

from .. import selectors, services
from ..figures import realisation_figure
from ..filters import BenefitFilter
from ..forms import BenefitForm, ContributionForm, MeasurementForm, PlanForm, plan_text
from ..models import Benefit
from ..rules.realisation import Point

DETAIL = "benefits/benefit_detail.html"


def _name(user) -> str:
    return str(user) if user else ""


class BenefitListView(RegisterView):
    template_name = "benefits/benefit_list.html"
    filterset_class = BenefitFilter
    export_title = gettext_lazy("Baten")
    export_columns = [
        ExportColumn(gettext_lazy("Baat"), attrgetter("name")),
        ExportColumn(gettext_lazy("Soort"), ChoiceLabel(Benefit, "kind")),
        ExportColumn(gettext_lazy("Categorie"), ChoiceLabel(Benefit, "category")),
        ExportColumn(gettext_lazy("Programma"), lambda b: b.programme and b.programme.name),
        ExportColumn(gettext_lazy("Bateneigenaar"), lambda b: _name(b.owner)),
        ExportColumn(gettext_lazy("Indicator"), attrgetter("measure")),
        ExportColumn(gettext_lazy("Eenheid"), attrgetter("unit")),
        ExportColumn(gettext_lazy("Nulmeting"), attrgetter("baseline_value")),
        ExportColumn(gettext_lazy("Streefwaarde"), attrgetter("target_value")),
        ExportColumn(gettext_lazy("Streefdatum"), attrgetter("target_date")),
        ExportColumn(gettext_lazy("Laatste meting"), attrgetter("last_value")),
        ExportColumn(gettext_lazy("Laatst gemeten"), attrgetter("last_measured_on")),
        ExportColumn(gettext_lazy("Realisatie (%)"), attrgetter("realisation"), kind="percent"),
        ExportColumn(gettext_lazy("Volgens plan (%)"), attrgetter("expected"), kind="percent"),
        ExportColumn(gettext_lazy("Status"), ChoiceLabel(Benefit, "status")),
        ExportColumn(gettext_lazy("Vastgesteld"), attrgetter("is_approved")),
        ExportColumn(gettext_lazy("Extern kenmerk"), attrgetter("external_id")),
    ]

    def get_queryset(self, request):
        return selectors.benefit_list(user=request.user, today=timezone.localdate())

    def page_context(self, request):
        visible = Benefit.objects.visible_to(request.user)
        today = timezone.localdate()
        unmeasured = selectors.unmeasured(visible, today).select_related("owner")
        return {
            "totals": selectors.totals(visible, today),
            "by_programme": [
                {
                    **row,
                    "label": row["programme__name"] or _("Geen programma"),
                    "url": f"?programme={row['programme']}" if row["programme"] else "",
                }
                for row in selectors.totals_by_programme(visible, today)
            ],
            "by_objective": [
                {
                    **row,
                    "label": f"{row['objectives__name']} ({row['objectives__framework__name']})"
                    if row["objectives"]
                    else _("Geen doelstelling"),
                }
                for row in selectors.totals_by_objective(visible, today)
            ],
            "unmeasured": unmeasured[: selectors.UNMEASURED_SHOWN],
            "today": today,
            "can_create": services.can_create_benefit(request.user, None),
        }


benefit_list = BenefitListView.as_view()


def _figure(benefit, planned, measurements) -> dict | None:
    if benefit.baseline_date is None or benefit.baseline_value is None:
        return None
    start = Point(benefit.baseline_date, benefit.baseline_value)
    target = (
        Point(benefit.target_date, benefit.target_value)
        if benefit.target_date and benefit.target_value is not None
        else None
    )
    plan = [start, *(Point(p.date, p.value) for p in planned), *([target] if target else [])]
    return realisation_figure(
        plan=plan,
        measured=[Point(m.measured_on, m.value) for m in measurements],
        target=target,
        title=_("Plan, metingen en streefwaarde"),
        unit=benefit.unit,
        labels={"plan": _("Plan"), "measured": _("Gemeten"), "target": _("Streefwaarde")},
    )


def _detail_context(request, benefit, **forms) -> dict:
    user = request.user
    planned = list(benefit.planned.all())
    measurements = list(selectors.benefit_measurements(benefit))
    can_edit = access.is_editable(benefit, user)
    can_measure = Benefit.objects.measurable_by(user).filter(pk=benefit.pk).exists()
    projects = Project.objects.visible_to(user).order_by("code")
    contributions = list(selectors.benefit_contributions(benefit))
    return {
        "benefit": benefit,
        "contributions": contributions,
        "planned": planned,
        "measurements": measurements,
        "figure": _figure(benefit, planned, measurements),
        "doam": services.doam_errors(benefit, contributing=len(contributions)).get("approved", [])[
            1:
        ],
        "can_edit": can_edit,
        "can_measure": can_measure,
        "measurement_form": forms.get("measurement_form") or MeasurementForm(),
        "contribution_form": forms.get("contribution_form")
        or (ContributionForm(projects=projects) if can_edit else None),
        "plan_form": forms.get("plan_form")
        or (
            PlanForm(initial={"version": benefit.version, "points": plan_text(planned)})
            if can_edit
            else None
        ),
    }


@login_required
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = selectors.benefit_detail(user=request.user, pk=pk)
    return render_page(request, DETAIL, _detail_context(request, benefit))


def _posted(request, benefit, form, write, *, done: str, form_name: str) -> HttpResponse:
    """A form on the benefit's page: back to the page when the service took it, else the
    page again with the form's errors (422, or 409 when stale) and nothing saved."""
    status, _saved = submit(form, write)
    if status == 200:
        messages.success(request, done)
        return redirect(benefit)
    context = _detail_context(request, benefit, **{form_name: form})
    return render_page(request, DETAIL, context, status=status)


@login_required
@require_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = selectors.benefit_detail(user=request.user, pk=pk)
    if not Benefit.objects.measurable_by(request.user).filter(pk=benefit.pk).exists():
        raise PermissionDenied(services.not_the_owner(benefit))
    form = MeasurementForm(request.POST)
    return _posted(
        request,
        benefit,
        form,
        lambda: services.measurement_record(
            actor=Actor.screen(request.user), benefit=benefit, **form.cleaned_data
        ),
        done=_("De meting is vastgelegd."),
        form_name="measurement_form",
    )


@login_required
@require_POST
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = selectors.benefit_detail(user=request.user, pk=pk)
    access.require(access.is_editable(benefit, request.user))
    projects = Project.objects.visible_to(request.user).order_by("code")
    form = ContributionForm(request.POST, projects=projects)
    return _posted(
        request,
        benefit,
        form,
        lambda: services.contribution_set(
            actor=Actor.screen(request.user),
            benefit=benefit,
            project=form.cleaned_data["project"],
            share=form.cleaned_data["share"],
        ),
        done=_("De toerekening is opgeslagen."),
        form_name="contribution_form",
    )


@login_required
@require_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = selectors.benefit_detail(user=request.user, pk=pk)
    access.require(access.is_editable(benefit, request.user))
    form = PlanForm(request.POST)
    return _posted(
        request,
        benefit,
        form,
        lambda: services.plan_set(
            actor=Actor.screen(request.user),
            benefit=benefit,
            expected_version=form.cleaned_data["version"],
            points=form.cleaned_data["points"],
        ),
        done=_("Het realisatieplan is opgeslagen."),
        form_name="plan_form",
    )


@login_required
@require_http_methods(["GET", "POST"])
def benefit_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    projects = Project.objects.editable_by(user).order_by("code")
    if not access.edits_everything(user) and not projects.exists():
        raise PermissionDenied
    initial = {}
    code = request.GET.get("project")
    if code:
        initial["project"] = projects.filter(code=code).first()
    form = BenefitForm(request.POST or None, user=user, projects=projects, initial=initial)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.benefit_create(
                actor=Actor.screen(user),
                objectives=form.cleaned_data["objectives"],
                project=form.cleaned_data["project"],
                share=form.cleaned_data["share"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het batenprofiel is aangemaakt."))
            return redirect(created)
    context = {"form": form, "benefit": None}
    return render_page(request, "benefits/benefit_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def benefit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = access.get_editable_or_403(Benefit, request.user, pk=pk)
    form = BenefitForm(request.POST or None, instance=benefit, user=request.user)
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.benefit_update(
                actor=Actor.screen(request.user),
                benefit=benefit,
                expected_version=form.cleaned_data["version"],
                objectives=form.cleaned_data["objectives"],
                approved=form.cleaned_data["approved"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    context = {"form": form, "benefit": benefit}
    return render_page(request, "benefits/benefit_form.html", context, status=status)
