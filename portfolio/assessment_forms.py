"""Forms of the afwegingskader pages: the definition, weights, scores and scenarios."""

from fractions import Fraction

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import style_widgets
from .models import (
    WSJF_SCALE,
    AssessmentFramework,
    BoardMeeting,
    Criterion,
    Objective,
    Project,
    ScenarioRule,
)


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = AssessmentFramework
        fields = ["name", "description", "weight_method", "uses_wsjf"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ObjectiveForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=160)
    parent = forms.ModelChoiceField(
        label=_("Subdoel van"), queryset=Objective.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(label=_("Volgorde"), min_value=0, initial=0)

    def __init__(self, *args, framework: AssessmentFramework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = framework.objectives.filter(parent=None)
        style_widgets(self)


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Criterion.Kind.choices)
    name = forms.CharField(label=_("Naam"), max_length=120)
    objective = forms.ModelChoiceField(
        label=_("Doelstelling"),
        queryset=Objective.objects.none(),
        required=False,
        help_text=_("Voor een bijdragecriterium: het doel waaraan het project bijdraagt."),
    )
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    position = forms.IntegerField(label=_("Volgorde"), min_value=0, initial=0)

    def __init__(self, *args, framework: AssessmentFramework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = framework.objectives.select_related("parent")
        self.fields["objective"].label_from_instance = lambda o: (
            f"{o.parent.name} › {o.name}" if o.parent_id else o.name
        )
        style_widgets(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Criterion.Kind.CONTRIBUTION and not data.get("objective"):
            self.add_error("objective", _("Een bijdragecriterium hoort bij een doel."))
        return data


class DirectWeightsForm(forms.Form):
    """One number per criterion; the service normalises them per kind."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"w{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_digits=8,
                decimal_places=4,
                initial=round(criterion.weight * 100, 2),
                error_messages={"min_value": _("Een gewicht is niet negatief.")},
            )
        style_widgets(self)

    def weights(self) -> dict[int, float]:
        return {c.pk: float(self.cleaned_data[f"w{c.pk}"]) for c in self.criteria}


# Saaty's scale, from "the second matters much more" to "the first matters much more".
SAATY_CHOICES = [(f"1/{v}", f"1/{v}") for v in range(9, 1, -1)] + [
    (str(v), str(v)) for v in range(1, 10)
]


def saaty_value(text: str) -> float:
    return float(Fraction(text))


def saaty_text(value: float) -> str:
    if value >= 1:
        return str(round(value))
    return f"1/{round(1 / value)}"


class PairwiseForm(forms.Form):
    """One judgement per pair of criteria: how much more the first matters (1/9 … 9)."""

    def __init__(self, *args, criteria: list[Criterion], initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.pairs = []
        initial_values = initial_values or {}
        for i, first in enumerate(criteria):
            for second in criteria[i + 1 :]:
                name = f"p{first.pk}_{second.pk}"
                value = initial_values.get((first.pk, second.pk))
                self.fields[name] = forms.ChoiceField(
                    label=_("%(first)s ten opzichte van %(second)s")
                    % {"first": first.name, "second": second.name},
                    choices=SAATY_CHOICES,
                    initial=saaty_text(value) if value else "1",
                    widget=forms.RadioSelect,
                    error_messages={
                        "invalid_choice": _(
                            "%(value)s ligt niet op de schaal van Saaty (1/9 … 9)."
                        ),
                        "required": _("Beoordeel dit paar."),
                    },
                )
                self.pairs.append((first, second, name))

    def judgements(self) -> dict[tuple[int, int], float]:
        return {
            (first.pk, second.pk): saaty_value(self.cleaned_data[name])
            for first, second, name in self.pairs
        }

    def bound_pairs(self):
        return [(first, second, self[name]) for first, second, name in self.pairs]


class ScoreCellForm(forms.Form):
    value = forms.IntegerField(
        required=False,
        error_messages={"invalid": _("Een score is een geheel getal.")},
    )
    justification = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, criterion: Criterion, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = criterion.scale
        message = _("Een score ligt tussen %(low)s en %(high)s.") % {"low": low, "high": high}
        self.fields["value"].validators.append(_range_validator(low, high, message))
        self.fields["value"].widget.attrs.update({"min": low, "max": high})


def _range_validator(low: int, high: int, message):
    def validate(value):
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(message)

    return validate


class WsjfForm(forms.Form):
    business_value = forms.TypedChoiceField(
        label=_("Bedrijfswaarde"), choices=[(v, v) for v in WSJF_SCALE], coerce=int
    )
    time_criticality = forms.TypedChoiceField(
        label=_("Tijdkritiek"), choices=[(v, v) for v in WSJF_SCALE], coerce=int
    )
    risk_reduction = forms.TypedChoiceField(
        label=_("Risicoreductie"), choices=[(v, v) for v in WSJF_SCALE], coerce=int
    )
    job_size = forms.TypedChoiceField(
        label=_("Omvang"), choices=[(v, v) for v in WSJF_SCALE], coerce=int
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def budget_years() -> list[int]:
    """The five calendar years a scenario plans, starting next year."""
    first = timezone.localdate().year + 1
    return list(range(first, first + 5))


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=120)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    max_projects = forms.IntegerField(
        label=_("Maximaal aantal projecten"),
        min_value=1,
        required=False,
        help_text=_("Zolang er geen capaciteitsplanning is: hoeveel projecten tegelijk."),
    )
    commit_running = forms.BooleanField(
        label=_("Lopende projecten (realisatie, nazorg) tellen als toegezegd"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"budget_{year}"] = forms.DecimalField(
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
        return [self[name] for name in ("name", "description", "max_projects", "commit_running")]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"budget_{year}") is not None for year in self.years):
            self.add_error(None, _("Geef voor minstens één jaar een budget op."))
        return data

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
        pair = data.get("kind") in ScenarioRule.PAIR_KINDS
        if pair and not data.get("other"):
            self.add_error("other", _("Deze regel gaat over twee projecten."))
        elif pair and data.get("other") == data.get("project"):
            self.add_error("other", _("Kies een ander project."))
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
