"""Which scopes have a dashboard and when they are built (/dashboard/beheer/).

Only who may schedule dashboards (beheerder, PMO) sees these pages; for anyone else the
area does not exist (404), the board included: it reads the dashboards, not their
schedule. Bad input is 422 with the errors at their fields; a stale form is 409 naming
who changed what, the input kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.exports import FORMATS, ChoiceLabel, ExportColumn, export_response
from pmo.web.forms import RemovalForm
from pmo.web.pages import render_page
from pmo.web.refusals import submit

from ..forms import ScopeCreateForm, ScopeScheduleForm
from ..models import Scope, SnapshotBuild
from ..models.scopes import can_schedule_dashboards
from ..services import scopes as services

LIST = "reporting/scope_list.html"
FORM = "reporting/scope_form.html"


def _require_scheduler(user) -> None:
    if not can_schedule_dashboards(user):
        raise Http404(str(Scope._meta.verbose_name_plural))


def _scopes(user) -> list[Scope]:
    """The scopes with their target, beat entry and last build: two queries."""
    last = SnapshotBuild.objects.filter(scope=OuterRef("pk")).order_by("-requested_at", "-pk")
    scopes = list(
        Scope.objects.visible_to(user)
        .select_related("portfolio", "org_unit", "programme", "periodic_task")
        .annotate(last_build_id=Subquery(last.values("pk")[:1]))
    )
    ids = [scope.last_build_id for scope in scopes if scope.last_build_id]
    builds = SnapshotBuild.objects.in_bulk(ids) if ids else {}
    for scope in scopes:
        scope.last_build = builds.get(scope.last_build_id)
    return scopes


def _last(name: str):
    return lambda scope: getattr(scope.last_build, name, None) if scope.last_build else None


def _last_time(name: str):
    def read(scope: Scope):
        value = _last(name)(scope)
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    return read


def _last_status(scope: Scope) -> str:
    return scope.last_build.get_status_display() if scope.last_build else ""


EXPORT_COLUMNS = [
    ExportColumn(gettext_lazy("Dashboard"), lambda s: s.name),
    ExportColumn(gettext_lazy("Omvat"), ChoiceLabel(Scope, "kind")),
    ExportColumn(gettext_lazy("Bouwdag"), lambda s: s.build_day, kind="integer"),
    ExportColumn(gettext_lazy("Bouwtijd"), lambda s: f"{s.build_time:%H:%M}"),
    ExportColumn(
        gettext_lazy("Schema actief"),
        lambda s: _("ja") if s.periodic_task and s.periodic_task.enabled else _("nee"),
    ),
    ExportColumn(gettext_lazy("Laatste periode"), _last("period"), kind="date"),
    ExportColumn(gettext_lazy("Laatste status"), _last_status),
    ExportColumn(gettext_lazy("Aangevraagd"), _last_time("requested_at"), kind="datetime"),
    ExportColumn(gettext_lazy("Klaar"), _last_time("finished_at"), kind="datetime"),
    ExportColumn(gettext_lazy("Foutmelding"), _last("error")),
]


@login_required
def scope_list(request: HttpRequest) -> HttpResponse:
    """Every dashboard with its schedule and its last build (?export=xlsx|csv)."""
    _require_scheduler(request.user)
    scopes = _scopes(request.user)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(scopes, EXPORT_COLUMNS, fmt=fmt, title=_("Dashboards"))
    return render_page(request, LIST, {"scopes": scopes})


@login_required
@require_http_methods(["GET", "POST"])
def scope_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_scheduler(user)
    form = ScopeCreateForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        status, created = submit(
            form, lambda: services.scope_create(actor=Actor.screen(user), **form.values())
        )
        if status == 200:
            messages.success(
                request,
                _("Het dashboard %(name)s is aangemaakt; het wordt maandelijks gebouwd.")
                % {"name": created.name},
            )
            return redirect("reporting:scope_list")
    return render_page(request, FORM, {"form": form, "scope": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def scope_edit(request: HttpRequest, scope_id: int) -> HttpResponse:
    """The schedule of one dashboard; the posted `actie` "verwijderen" removes it."""
    user = request.user
    _require_scheduler(user)
    scope = access.get_editable_or_403(
        Scope.objects.select_related("portfolio", "org_unit", "programme", "periodic_task"),
        user,
        pk=scope_id,
    )
    form = ScopeScheduleForm(scope=scope)
    removal = RemovalForm(initial={"version": scope.version}, prefix="verwijderen")
    status = 200
    if request.method == "POST" and request.POST.get("actie") == "verwijderen":
        removal = RemovalForm(request.POST, prefix="verwijderen")
        status, _done = submit(
            removal,
            lambda: services.scope_delete(
                actor=Actor.screen(user), scope=scope, version=removal.cleaned_data["version"]
            ),
        )
        if status == 200:
            messages.success(request, _("Het dashboard %(name)s is verwijderd.") % {"name": scope})
            return redirect("reporting:scope_list")
    elif request.method == "POST":
        form = ScopeScheduleForm(request.POST, scope=scope)
        status, _done = submit(
            form,
            lambda: services.scope_update(
                actor=Actor.screen(user),
                scope=scope,
                version=form.cleaned_data["version"],
                **form.schedule(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het bouwschema is opgeslagen."))
            return redirect("reporting:scope_list")
    context = {"form": form, "removal": removal, "scope": scope}
    return render_page(request, FORM, context, status=status)
