"""Mijn API-tokens: a person makes, sees and revokes their own tokens. The token is shown
once, on the page that answers its creation; only its digest is kept."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pmo.access import get_editable_or_403
from pmo.actors import Actor
from pmo.web.fields import DateField
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID
from pmo.web.widgets import style_widgets

from .models import ApiToken
from .tokens import token_create, token_revoke

TEMPLATE = "pmo/api_tokens.html"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam"),
        max_length=100,
        help_text=gettext_lazy(
            "Waarvoor het token is, bijvoorbeeld “Power BI” of “koppeling financiën”."
        ),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Rechten"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Met het token kunt u nooit meer dan u zelf mag."),
    )
    expires_on = DateField(
        label=gettext_lazy("Geldig tot en met"),
        required=False,
        help_text=gettext_lazy("Leeg: geldig tot u het intrekt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een dag in de toekomst."))
        return day

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        # Valid through that whole day, in the municipality's time zone.
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        return timezone.make_aware(end)


# The new token travels to the page after the redirect in the session, for one showing:
# a reload of that page then shows it no more, and makes no second token.
JUST_MADE = "api_token_just_made"


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = token_create(
            actor=Actor.screen(request.user),
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        request.session[JUST_MADE] = {"name": made.token.name, "secret": made.secret}
        return redirect("api_tokens")
    made = request.session.pop(JUST_MADE, None)
    tokens = ApiToken.objects.visible_to(request.user)
    context = {"form": form, "tokens": tokens, "made": made, "now": timezone.now()}
    status = INVALID if form.is_bound else 200
    return render_page(request, TEMPLATE, context, status=status)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_editable_or_403(ApiToken, request.user, pk=pk)
    token_revoke(actor=Actor.screen(request.user), token=token)
    messages.success(request, _("Token “%(name)s” is ingetrokken.") % {"name": token.name})
    return redirect("api_tokens")
