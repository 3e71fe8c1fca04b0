"""Pages of the stakeholder register: the register with its power/interest grid above it
(a cell filters the register in place, a table lists the quadrants), one stakeholder
with its communication actions and history, the stakeholder form, adding an action and
marking one done.

Outside one's sight is 404; visible but not one's to change is 403. Bad input re-renders
the form with its errors (422); a stale form is refused (409)."""

from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.audit import audit_entries_for, readable_changes
from pmo.exports import ChoiceLabel, ExportColumn
from pmo.web.forms import RemovalForm
from pmo.web.pages import render_page
from pmo.web.refusals import submit
from pmo.web.registers import RegisterView
from portfolio.projects.models import Programme, Project

from .. import selectors, services
from ..filters import StakeholderFilter
from ..forms import StakeholderActionForm, StakeholderForm
from ..models import Stakeholder, StakeholderAction
from ..rules.grid import Grid

DETAIL = "risks/stakeholder_detail.html"
FORM = "risks/stakeholder_form.html"
HISTORY = 50


def _quadrant(stakeholder: Stakeholder) -> str:
    """The strategy the grid gives, which the chosen one may differ from."""
    derived = services.derived_strategy(stakeholder.power, stakeholder.interest)
    return str(Stakeholder.Strategy(derived).label) if derived else ""


class StakeholderListView(RegisterView):
    template_name = "risks/stakeholder_list.html"
    filterset_class = StakeholderFilter
    export_title = gettext_lazy("Belanghebbenden")
    export_columns = [
        ExportColumn(gettext_lazy("Belanghebbende"), attrgetter("name")),
        ExportColumn(gettext_lazy("Organisatie"), attrgetter("organisation")),
        ExportColumn(gettext_lazy("Rol of belang"), attrgetter("role")),
        ExportColumn(gettext_lazy("Niveau"), ChoiceLabel(Stakeholder, "level")),
        ExportColumn(gettext_lazy("Project"), lambda s: s.project and s.project.code),
        ExportColumn(gettext_lazy("Programma"), lambda s: s.programme and s.programme.name),
        ExportColumn(gettext_lazy("Macht (1–5)"), attrgetter("power")),
        ExportColumn(gettext_lazy("Belang (1–5)"), attrgetter("interest")),
        ExportColumn(gettext_lazy("Kwadrant"), _quadrant),
        ExportColumn(gettext_lazy("Strategie"), ChoiceLabel(Stakeholder, "strategy")),
        ExportColumn(gettext_lazy("Houding"), ChoiceLabel(Stakeholder, "attitude")),
        ExportColumn(gettext_lazy("Open acties"), attrgetter("open_actions")),
        ExportColumn(gettext_lazy("Toelichting"), attrgetter("notes")),
    ]

    def get_queryset(self, request):
        return selectors.stakeholder_list(user=request.user)

    def page_context(self, request):
        visible = Stakeholder.objects.visible_to(request.user)
        return {
            **_grid_context(selectors.stakeholder_grid(visible)),
            "can_create": _may_create(request.user),
        }


stakeholder_list = StakeholderListView.as_view()


def _grid_context(grid: Grid) -> dict:
    """The grid with each cell's quadrant named, and the quadrants as a table."""
    labels = dict(Stakeholder.Strategy.choices)
    return {
        "grid": grid,
        "grid_rows": [
            (row.power, [(cell, labels[cell.quadrant]) for cell in row.cells]) for row in grid.rows
        ],
        "quadrants": [(q.quadrant, labels[q.quadrant], q.count) for q in grid.quadrants],
    }


def _programmes(user):
    """The programmes on which the user records a stakeholder of the programme itself."""
    if access.edits_everything(user):
        return Programme.objects.order_by("name")
    return Programme.objects.filter(manager=user).order_by("name")


def _may_create(user) -> bool:
    return (
        access.edits_everything(user)
        or Project.objects.editable_by(user).exists()
        or Programme.objects.filter(manager=user).exists()
    )


def _history(stakeholder: Stakeholder) -> list:
    """The stakeholder's own lines and its actions', newest first, in one query."""
    actions = StakeholderAction.objects.filter(stakeholder=stakeholder).values("pk")
    entries = list(
        audit_entries_for(stakeholder, parts={StakeholderAction: actions}).order_by("-at", "-pk")[
            :HISTORY
        ]
    )
    own = ContentType.objects.get_for_model(Stakeholder).pk
    for entry in entries:
        mine = entry.content_type_id == own
        entry.readable = readable_changes(entry.changes, Stakeholder if mine else StakeholderAction)
        entry.part = "" if mine else entry.object_repr
    return entries


def _detail_context(request, stakeholder, *, action_form=None, refusal="") -> dict:
    can_edit = access.is_editable(stakeholder, request.user)
    if action_form is None and can_edit:
        action_form = StakeholderActionForm()
    return {
        "stakeholder": stakeholder,
        "quadrant": _quadrant(stakeholder),
        "follows_grid": services.follows_grid(stakeholder),
        "actions": list(selectors.stakeholder_actions(stakeholder)),
        "entries": _history(stakeholder),
        "can_edit": can_edit,
        "action_form": action_form,
        "refusal": refusal,
    }


@login_required
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = selectors.stakeholder_detail(user=request.user, pk=pk)
    return render_page(request, DETAIL, _detail_context(request, stakeholder))


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _may_create(user):
        raise PermissionDenied
    projects = Project.objects.editable_by(user).order_by("code")
    programmes = _programmes(user)
    code = request.GET.get("project")
    initial = {"project": projects.filter(code=code).first()} if code else {}
    form = StakeholderForm(
        request.POST or None,
        projects=projects,
        programmes=programmes if programmes.exists() else None,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status, created = submit(
            form,
            lambda: services.stakeholder_create(
                actor=Actor.screen(user),
                project=form.cleaned_data["project"],
                programme=form.cleaned_data.get("programme"),
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De belanghebbende is vastgelegd."))
            return redirect("risks:stakeholder_detail", pk=created.pk)
    context = {"form": form, "stakeholder": None}
    return render_page(request, FORM, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = access.get_editable_or_403(Stakeholder, request.user, pk=pk)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    status = 200
    if request.method == "POST":
        status, updated = submit(
            form,
            lambda: services.stakeholder_update(
                actor=Actor.screen(request.user),
                stakeholder=stakeholder,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("risks:stakeholder_detail", pk=updated.pk)
    context = {"form": form, "stakeholder": stakeholder}
    return render_page(request, FORM, context, status=status)


@login_required
@require_POST
def stakeholder_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = selectors.stakeholder_detail(user=request.user, pk=pk)
    access.require(access.is_editable(stakeholder, request.user))
    form = StakeholderActionForm(request.POST)
    status, _saved = submit(
        form,
        lambda: services.stakeholder_action_add(
            actor=Actor.screen(request.user), stakeholder=stakeholder, **form.values()
        ),
    )
    if status == 200:
        messages.success(request, _("De communicatieactie is toegevoegd."))
        return redirect("risks:stakeholder_detail", pk=stakeholder.pk)
    context = _detail_context(request, stakeholder, action_form=form)
    return render_page(request, DETAIL, context, status=status)


@login_required
@require_POST
def stakeholder_action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Done today; the form carries the version the page showed, so a stale one is
    refused."""
    stakeholder = selectors.stakeholder_detail(user=request.user, pk=pk)
    action = access.get_visible_or_404(
        StakeholderAction.objects.filter(stakeholder=stakeholder), request.user, pk=action_pk
    )
    access.require(access.is_editable(stakeholder, request.user))
    form = RemovalForm(request.POST)
    status, _saved = submit(
        form,
        lambda: services.stakeholder_action_update(
            actor=Actor.screen(request.user),
            action=action,
            expected_version=form.cleaned_data["version"],
            done_on=timezone.localdate(),
        ),
    )
    if status == 200:
        messages.success(request, _("De communicatieactie is als gedaan gemarkeerd."))
        return redirect("risks:stakeholder_detail", pk=stakeholder.pk)
    refusal = " ".join(str(e) for e in form.non_field_errors()) or _(
        "De actie is niet bijgewerkt. Open de pagina opnieuw."
    )
    context = _detail_context(request, stakeholder, refusal=refusal)
    return render_page(request, DETAIL, context, status=status)
