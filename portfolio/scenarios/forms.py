"""Forms of a scenario: its constraints, its rules and its adoption."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import AmountField, WholeNumberField
from pmo.web.widgets import style_widgets

from ..governance.models import BoardMeeting
from ..projects.models import Project
from .models import ScenarioRule
from .rules import budget_errors, rule_errors


def budget_years() -> list[int]:
    """The five calendar years a scenario plans, starting next year."""
    first = timezone.localdate().year + 1
    return list(range(first, first + 5))


# The scenario's fields besides the budgets, in the form's order.
CONSTRAINT_FIELDS = (
    "name",
    "description",
    "max_projects",
    "capacity_tolerance_pct",
    "commit_running",
)


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=120)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_projects = WholeNumberField(
        label=_("Maximaal aantal projecten"),
        min_value=1,
        max_value=100_000,  # beyond any portfolio; keeps the value inside the database's range
        required=False,
        help_text=_("Zolang er geen capaciteitsplanning is: hoeveel projecten tegelijk."),
    )
    capacity_tolerance_pct = WholeNumberField(
        label=_("Capaciteit van de teams meetellen tot (%)"),
        min_value=50,
        max_value=200,
        required=False,
        help_text=_(
            "Leeg: de teams tellen niet mee. Bij 105 mag een team in een maand tot 105 % van "
            "zijn capaciteit belast worden, het lopende werk buiten het scenario inbegrepen."
        ),
    )
    commit_running = forms.BooleanField(
        label=_("Lopende projecten (realisatie, nazorg) tellen als toegezegd"),
        required=False,
        initial=True,
    )

    # One per rendered create form: sent twice (a double click, a retry after an error),
    # it finds the scenario the first one made instead of making a second.
    creation_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["creation_token"].initial = uuid.uuid4
        for year in years:
            self.fields[f"budget_{year}"] = AmountField(
                label=_("Budget %(year)s (€)") % {"year": year},
                min_value=0,
                max_digits=16,
                decimal_places=2,
                required=False,
                error_messages={"min_value": _("Een budget is niet negatief.")},
            )
        style_widgets(self)

    def budget_fields(self):
        return [self[f"budget_{year}"] for year in self.years]

    def other_fields(self):
        return [self[name] for name in CONSTRAINT_FIELDS]

    def clean(self):
        data = super().clean()
        _budgets, problem = budget_errors(self._raw_budgets(data))
        if problem:
            self.add_error(None, problem)
        return data

    def _raw_budgets(self, data) -> dict:
        return {str(year): data.get(f"budget_{year}") for year in self.years}

    def budgets(self) -> dict[str, str]:
        return {
            str(year): str(self.cleaned_data[f"budget_{year}"])
            for year in self.years
            if self.cleaned_data.get(f"budget_{year}") is not None
        }


class ScenarioRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Regel"), choices=ScenarioRule.Kind.choices)
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    other = forms.ModelChoiceField(
        label=_("Ander project"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("Alleen bij 'vereist' en 'sluit uit'."),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["other"].queryset = projects
        for name in ("project", "other"):
            self.fields[name].label_from_instance = lambda p: f"{p.code} {p.name}"
        style_widgets(self)

    def clean(self):
        data = super().clean()
        errors = rule_errors(
            kind=data.get("kind"), project=data.get("project"), other=data.get("other")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class AdoptForm(forms.Form):
    reasoning = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    meeting = forms.ModelChoiceField(
        label=_("Vergadering"), queryset=BoardMeeting.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year - 1)
        self.fields["meeting"].queryset = BoardMeeting.objects.filter(date__gte=recent).order_by(
            "-date"
        )
        style_widgets(self)
