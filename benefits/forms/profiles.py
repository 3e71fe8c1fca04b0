"""Forms of the baten: the profile (with vaststellen), a measurement, a share, the plan."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo import access
from pmo.models import User
from pmo.web.fields import AmountField, DateField
from pmo.web.widgets import DateInput, style_widgets
from portfolio.assessment.models import Objective
from portfolio.projects.models import Project

from ..models import Benefit
from ..services import BENEFIT_FIELDS


class BenefitForm(forms.ModelForm):
    """Create or change a profile; `version` carries the optimistic lock. On a new
    profile of a projectleider, `project` is the project it is attributed to."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    approved = forms.BooleanField(
        label=_("Vastgesteld"),
        required=False,
        help_text=_("Alleen een DOAM-compleet profiel kan worden vastgesteld."),
    )
    project = forms.ModelChoiceField(
        label=_("Draagt bij: project"), queryset=Project.objects.none(), required=False
    )
    share = AmountField(
        label=_("Aandeel van dat project (%)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        initial=Decimal(100),
    )

    class Meta:
        model = Benefit
        fields = [*BENEFIT_FIELDS, "objectives"]
        widgets = {
            "baseline_date": DateInput(),
            "target_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"baseline_value": AmountField, "target_value": AmountField}

    def __init__(self, *args, user, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["owner"].queryset = people
        self.fields["objectives"].queryset = Objective.objects.select_related("framework")
        self.fields["objectives"].widget = forms.CheckboxSelectMultiple()
        self.fields["objectives"].choices = [
            (o.pk, f"{o.framework.name}: {o.name}") for o in self.fields["objectives"].queryset
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["approved"].initial = self.instance.is_approved
            del self.fields["project"], self.fields["share"]
        else:
            del self.fields["approved"]
            self.fields["project"].queryset = (
                projects if projects is not None else Project.objects.none()
            )
            # Only the PMO-analist makes a profile outside a project they lead.
            self.fields["project"].required = not access.edits_everything(user)
        style_widgets(self)

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(_("De versie ontbreekt; open het formulier opnieuw."))
        return version

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in BENEFIT_FIELDS}


class MeasurementForm(forms.Form):
    measured_on = DateField(label=_("Meetdatum"))
    value = AmountField(label=_("Waarde"))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ContributionForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    share = AmountField(
        label=_("Aandeel (%)"),
        required=False,
        help_text=_("Leeg of 0 haalt de toerekening weg."),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        style_widgets(self)


class PlanForm(forms.Form):
    """The realisation plan as lines ‘date = value’, the way people type it in a mail."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.CharField(
        label=_("Tussendoelen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén per regel: datum = waarde, bijvoorbeeld ‘30-06-2027 = 45’."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_points(self) -> list[tuple[dt.date, Decimal]]:
        points = []
        for number, line in enumerate(self.cleaned_data["points"].splitlines(), start=1):
            if not line.strip():
                continue
            day_text, _sep, value_text = line.partition("=")
            try:
                day = dt.datetime.strptime(day_text.strip(), "%d-%m-%Y").date()
                value = _number(value_text.strip())
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    _("Regel %(number)s: schrijf ‘dd-mm-jjjj = waarde’."),
                    params={"number": number},
                ) from None
            points.append((day, value))
        return points


def plan_text(planned) -> str:
    return "\n".join(
        f"{p.date:%d-%m-%Y} = {p.value.normalize():f}".replace(".", ",") for p in planned
    )


def _number(text: str) -> Decimal:
    """‘1.250,5’ and ‘1250.5’ alike: with a comma, points group thousands."""
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)
