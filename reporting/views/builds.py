"""The PMO's "nu bouwen" and the build's progress, polled from its row in the database.

The request answers with the build's status fragment, which polls itself every two
seconds with htmx until the build is done (a link to the new version) or failed (its
error). A request while a build of the same scope and period waits joins it: the same
build comes back. Without JavaScript the form posts, is sent to the build's status page,
and that page refreshes itself while the build waits.

Who sees the dashboard sees its builds; only who may build (the PMO) asks for one: the
board gets 403, who cannot see the scope 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, refusal_text

from ..forms import BuildRequestForm
from ..models import Scope, SnapshotBuild
from ..models.scopes import can_build_dashboards
from ..services import builds as build_service

STATUS_PAGE = "reporting/build_status.html"


def controls_context(user, scope: Scope, period: dt.date) -> dict:
    """What `_build_controls.html` needs besides `scope` and `period`: whether the user may
    build, and the period's latest build while it waits or after it failed (one query).
    The dashboard view merges this into its context."""
    latest = SnapshotBuild.objects.filter(scope=scope, period=period).order_by(
        "-requested_at", "-pk"
    )[:1]
    build = next(iter(latest), None)
    shown = build is not None and (build.is_waiting or build.status == build.Status.FAILED)
    return {
        "can_build": can_build_dashboards(user),
        "build": build if shown else None,
    }


@login_required
@require_POST
def build_request(request: HttpRequest, scope_id: int) -> HttpResponse:
    scope = access.get_visible_or_404(Scope, request.user, pk=scope_id)
    access.require(can_build_dashboards(request.user))
    form = BuildRequestForm(request.POST)
    problem = None
    if form.is_valid():
        try:
            build = build_service.build_request(
                scope=scope, period=form.cleaned_data["periode"], actor=Actor.screen(request.user)
            )
        except ValidationError as error:
            problem = refusal_text(error)
    else:
        problem = " ".join(form.errors["periode"])
    if problem:
        context = {"build": None, "scope": scope, "problem": problem}
        return render_page(request, STATUS_PAGE, context, fragment="status", status=INVALID)
    if not request.htmx:
        return redirect("reporting:build_status", build_id=build.pk)
    context = {"build": build, "scope": scope}
    return render_page(request, STATUS_PAGE, context, fragment="status")


@login_required
@require_GET
def build_status(request: HttpRequest, build_id: int) -> HttpResponse:
    """The build's state, step and progress: one query for the build with its scope and
    its snapshot, whatever the size of the portfolio."""
    build = access.get_visible_or_404(
        SnapshotBuild.objects.select_related("scope", "snapshot"), request.user, pk=build_id
    )
    context = {"build": build, "scope": build.scope}
    return render_page(request, STATUS_PAGE, context, fragment="status")
