"""Weights of a framework: typed directly, or AHP pairwise judgements with live weights."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.versioning import StaleError
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, STALE, refusal_status, refusal_text
from pmo.web.widgets import expected_version

from ..forms import (
    DirectWeightsForm,
    PairwiseForm,
)
from ..models import Criterion
from ..rules import MAX_CRITERIA, ahp_outcome
from ..selectors import (
    judgements_by_rater,
)
from ..services import (
    FrameworkPublishedError,
    judgements_save,
    weights_set_direct,
)
from .common import framework_editable, framework_visible
from .frameworks import framework_refused


@login_required
@require_POST
def weights_direct(request: HttpRequest, pk: int) -> HttpResponse:
    framework = framework_editable(request, pk)
    criteria = list(framework.criteria.all())
    form = DirectWeightsForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return framework_refused(
            request, framework, ValidationError(_("Controleer de gewichten.")), weights_form=form
        )
    try:
        weights_set_direct(
            actor=Actor.screen(request.user),
            framework=framework,
            expected_version=expected_version(request.POST),
            weights=form.weights(),
        )
    except (FrameworkPublishedError, StaleError) as error:
        return framework_refused(request, framework, error)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return framework_refused(request, framework, error, weights_form=form)
    messages.success(request, _("Gewichten opgeslagen en genormaliseerd."))
    return redirect("assessment:framework_detail", pk=pk)


def _ahp_context(request, framework, kind, form, raters, *, outcome=None, error=None) -> dict:
    criteria = form.criteria
    return {
        "framework": framework,
        "kind": kind,
        "kind_label": Criterion.Kind(kind).label,
        "form": form,
        "outcome": outcome,
        "error": error,
        "criteria": criteria,
        # What the framework computes with: all raters' judgements combined (or set directly).
        "framework_weights": {c.pk: c.weight for c in criteria},
        "raters": raters,
        "can_edit": access.is_editable(framework, request.user) and not framework.is_published,
    }


@login_required
@require_http_methods(["GET", "POST"])
def pairwise(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The pairwise form: weights and CR update live (htmx) and are saved on submit."""
    framework = framework_visible(request, pk)
    if kind not in Criterion.Kind.values:
        raise Http404
    criteria = list(framework.criteria.filter(kind=kind))
    if len(criteria) > MAX_CRITERIA:
        # Saaty's consistency check is defined up to 15 criteria: say so, offer no pairs.
        context = {
            "framework": framework,
            "kind": kind,
            "kind_label": Criterion.Kind(kind).label,
            "criteria": criteria,
            "framework_weights": {c.pk: c.weight for c in criteria},
            "raters": 0,
            "too_many": _(
                "Paarsgewijs vergelijken kan met hoogstens %(max)s criteria (dit kader heeft "
                "er %(n)s). Geef de gewichten direct op, of groepeer criteria onder doelen."
            )
            % {"max": MAX_CRITERIA, "n": len(criteria)},
        }
        status = 200 if request.method == "GET" else INVALID
        return render_page(request, "portfolio/assessment/pairwise.html", context, status=status)
    by_rater = judgements_by_rater(framework, kind)
    own = by_rater.get(request.user.pk, {})
    page = partial(_ahp_context, request, framework, kind, raters=len(by_rater))
    template = "portfolio/assessment/pairwise.html"
    if request.method == "GET":
        form = PairwiseForm(criteria=criteria, initial_values=own)
        complete = own and len(own) == len(form.pairs)
        outcome = ahp_outcome(criteria, own) if complete else None
        return render_page(request, template, page(form, outcome=outcome))
    framework = framework_editable(request, pk)
    form = PairwiseForm(request.POST, criteria=criteria)
    live = request.POST.get("preview") == "1"
    if not form.is_valid():
        return render_page(
            request,
            template,
            page(form),
            fragment="outcome" if live else None,
            status=200 if live else INVALID,
        )
    if live:
        # The form only admits Saaty's scale, so the engine has nothing left to refuse.
        outcome = ahp_outcome(criteria, form.judgements())
        return render_page(request, template, page(form, outcome=outcome), fragment="outcome")
    try:
        outcome = judgements_save(
            actor=Actor.screen(request.user),
            framework=framework,
            expected_version=expected_version(request.POST),
            kind=kind,
            judgements=form.judgements(),
        )
    except (FrameworkPublishedError, StaleError, ValidationError) as error:
        status = STALE if isinstance(error, FrameworkPublishedError) else refusal_status(error)
        return render_page(request, template, page(form, error=refusal_text(error)), status=status)
    if outcome.raters > 1:
        messages.success(
            request,
            _("Uw oordelen zijn opgeslagen; de gewichten combineren nu %(n)s beoordelaars.")
            % {"n": outcome.raters},
        )
    else:
        messages.success(request, _("Uw oordelen zijn opgeslagen en de gewichten bijgewerkt."))
    return redirect("assessment:framework_detail", pk=pk)
