"""Pages of the risk register: the register with its risicokaart (a cell filters the
register in place) and the top risks, one risk with its actions and history, the risk
form, and escalation one level up and back."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
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
from ..figures import trend_figure
from ..filters import RiskFilter
from ..forms import EscalationForm, RiskForm
from ..models import Level, Risk
from .escalation import escalation_posted

DETAIL = "risks/risk_detail.html"


class RiskListView(RegisterView):
    template_name = "risks/risk_list.html"
    filterset_class = RiskFilter
    export_title = gettext_lazy("Risico's")
    export_columns = [
        ExportColumn(gettext_lazy("Risico"), attrgetter("title")),
        ExportColumn(gettext_lazy("Soort"), ChoiceLabel(Risk, "kind")),
        ExportColumn(gettext_lazy("Niveau"), ChoiceLabel(Risk, "level")),
        ExportColumn(gettext_lazy("Project"), lambda r: r.project and r.project.code),
        ExportColumn(gettext_lazy("Programma"), lambda r: r.programme and r.programme.name),
        ExportColumn(gettext_lazy("Categorie"), ChoiceLabel(Risk, "category")),
        ExportColumn(gettext_lazy("Oorzaak"), attrgetter("cause")),
        ExportColumn(gettext_lazy("Gebeurtenis"), attrgetter("event")),
        ExportColumn(gettext_lazy("Gevolg"), attrgetter("effect")),
        ExportColumn(gettext_lazy("Risico-eigenaar"), lambda r: str(r.owner or "")),
        ExportColumn(gettext_lazy("Bruto kans"), attrgetter("inherent_probability")),
        ExportColumn(gettext_lazy("Bruto financieel"), attrgetter("inherent_money")),
        ExportColumn(gettext_lazy("Bruto score"), attrgetter("inherent_score")),
        ExportColumn(gettext_lazy("Netto kans"), attrgetter("residual_probability")),
        ExportColumn(gettext_lazy("Netto financieel"), attrgetter("residual_money")),
        ExportColumn(gettext_lazy("Netto score"), attrgetter("residual_score")),
        ExportColumn(
            gettext_lazy("Verwachte waarde (€)"), attrgetter("expected_value"), kind="money"
        ),
        ExportColumn(gettext_lazy("Beheersstrategie"), ChoiceLabel(Risk, "response")),
        ExportColumn(gettext_lazy("Status"), ChoiceLabel(Risk, "status")),
        ExportColumn(gettext_lazy("Gemeld op"), attrgetter("raised_on")),
        ExportColumn(gettext_lazy("Extern kenmerk"), attrgetter("external_id")),
    ]

    def get_queryset(self, request):
        return selectors.risk_list(user=request.user)

    def page_context(self, request):
        visible = Risk.objects.visible_to(request.user)
        return {
            "heat_map": selectors.risk_heat_map(visible),
            "top_risks": selectors.top_risks(visible),
            "cell": request.GET.get("kaart", ""),
            "can_create": access.edits_everything(request.user)
            or Project.objects.editable_by(request.user).exists(),
        }


risk_list = RiskListView.as_view()


@login_required
def risk_trend(request: HttpRequest) -> HttpResponse:
    """The trend per month: loaded into the register after it (its one query reads every
    threat, which the register's own page need not wait for), or as a page of its own
    without JavaScript."""
    visible = Risk.objects.visible_to(request.user)
    figure = _trend_figure(selectors.risk_trend(visible, timezone.localdate()))
    return render_page(request, "risks/risk_trend.html", {"trend_figure": figure}, fragment="trend")


def _trend_figure(months) -> dict | None:
    if not any(month.open_risks for month in months):
        return None
    return trend_figure(
        months=[date_format(month.month, "M Y") for month in months],
        counts=[month.open_risks for month in months],
        expected=[month.expected for month in months],
        title=_("Open bedreigingen per maand"),
        labels={"count": _("open bedreigingen"), "expected": _("verwachte waarde (€)")},
    )


def _detail_context(request, risk, **forms) -> dict:
    can_edit = access.is_editable(risk, request.user)
    above = services.level_above(risk)
    return {
        "risk": risk,
        "actions": list(selectors.risk_actions(risk)),
        "can_edit": can_edit,
        "above": Level(above).label if above else None,
        "escalation_form": forms.get("escalation_form")
        or (EscalationForm(initial={"version": risk.version}) if can_edit else None),
    }


@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_detail(user=request.user, pk=pk)
    return render_page(request, DETAIL, _detail_context(request, risk))


@login_required
@require_POST
def risk_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    risk = selectors.risk_detail(user=request.user, pk=pk)
    access.require(access.is_editable(risk, request.user))
    return escalation_posted(
        request,
        risk,
        name="risk",
        escalate=services.risk_escalate,
        deescalate=services.risk_deescalate,
        done=_("Het risico is geëscaleerd."),
        back=_("Het risico is terug op zijn eigen niveau."),
        detail=lambda form, status: render_page(
            request, DETAIL, _detail_context(request, risk, escalation_form=form), status=status
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    projects = Project.objects.editable_by(user).order_by("code")
    if not access.edits_everything(user) and not projects.exists():
        raise PermissionDenied
    code = request.GET.get("project")
    initial = {"project": projects.filter(code=code).first()} if code else {}
    form = RiskForm(request.POST or None, user=user, projects=projects, initial=initial)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.risk_create(
                actor=Actor.screen(user),
                project=form.cleaned_data["project"],
                portfolio=form.cleaned_data.get("portfolio"),
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het risico is vastgelegd."))
            return redirect(created)
    return render_page(request, "risks/risk_form.html", {"form": form, "risk": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_editable_or_403(Risk, request.user, pk=pk)
    form = RiskForm(request.POST or None, instance=risk, user=request.user)
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.risk_update(
                actor=Actor.screen(request.user),
                risk=risk,
                expected_version=form.cleaned_data["version"],
                confirm_open_actions=form.cleaned_data["confirm_open_actions"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(updated)
    return render_page(request, "risks/risk_form.html", {"form": form, "risk": risk}, status=status)
