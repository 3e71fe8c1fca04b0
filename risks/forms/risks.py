"""Forms of the risk register: the risk (raised on a project, or by the PMO-analist on a
programme or the portfolio) and its escalation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo import access
from pmo.models import User
from pmo.web.fields import AmountField, DateField
from pmo.web.widgets import DateInput, style_widgets
from portfolio.projects.models import Portfolio, Project

from ..models import Risk
from ..services import RISK_FIELDS

SCALE_CHOICES = [("", "–"), *[(n, str(n)) for n in range(1, 6)]]
SCORED = [
    f"{side}_{d}"
    for side in ("inherent", "residual")
    for d in ("probability", "money", "time", "quality")
]


class RiskForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    portfolio = forms.ModelChoiceField(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        required=False,
        help_text=_("Voor een risico van het portfolio zelf, zonder project."),
    )
    confirm_open_actions = forms.BooleanField(
        label=_("Ook sluiten als er nog maatregelen open staan"), required=False
    )

    class Meta:
        model = Risk
        fields = RISK_FIELDS
        widgets = {
            "raised_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in ("cause", "event", "effect", "residual_reason")
            },
        }
        field_classes = {
            "raised_on": DateField,
            "amount_low": AmountField,
            "amount_likely": AmountField,
            "amount_high": AmountField,
        }

    def __init__(self, *args, user, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["actionee"].queryset = User.objects.filter(
            is_active=True
        ).order_by("first_name", "last_name")
        for name in SCORED:
            field = self.fields[name]
            field.widget = forms.Select(choices=SCALE_CHOICES)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["project"], self.fields["portfolio"]
        else:
            del self.fields["confirm_open_actions"]
            self.fields["project"].queryset = (
                projects if projects is not None else Project.objects.none()
            )
            self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
            # Only the PMO-analist raises a risk outside a project they change.
            self.fields["project"].required = not access.edits_everything(user)
            if self.fields["project"].required:
                del self.fields["portfolio"]
            else:
                self.fields["portfolio"].initial = Portfolio.objects.order_by("pk").first()
        style_widgets(self)

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(_("De versie ontbreekt; open het formulier opnieuw."))
        return version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("project") and not cleaned.get("portfolio"):
            self.add_error(
                "project", _("Kies het project, of het portfolio als het risico daar hoort.")
            )
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in RISK_FIELDS}


class EscalationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden van escalatie"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
