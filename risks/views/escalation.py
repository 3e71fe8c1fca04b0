"""The one answer to an escalation form, for risks and issues alike: up one level with a
reason, or back with only the version; success redirects to the item, a refusal shows
its detail page again with the form."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from pmo.actors import Actor
from pmo.web.forms import RemovalForm
from pmo.web.refusals import submit

from ..forms import EscalationForm


def escalation_posted(
    request: HttpRequest, item, *, name: str, escalate, deescalate, done: str, back: str, detail
) -> HttpResponse:
    """`escalate`/`deescalate`: the item's services, which take it as keyword `name`;
    `done`/`back`: what success says; `detail(form, status)`: the page after a refusal."""
    actor = Actor.screen(request.user)
    if "back" in request.POST:
        form = RemovalForm(request.POST)  # going back carries only the version

        def write():
            return deescalate(
                actor=actor, **{name: item}, expected_version=form.cleaned_data["version"]
            )

        said = back
    else:
        form = EscalationForm(request.POST)

        def write():
            return escalate(
                actor=actor,
                **{name: item},
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )

        said = done
    status, _saved = submit(form, write)
    if status == 200:
        messages.success(request, said)
        return redirect(item)
    return detail(form, status)
