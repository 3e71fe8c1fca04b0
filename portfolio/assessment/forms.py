"""Forms of the afwegingskader pages: the definition, weights, scores and scenarios."""

from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import AmountField, WholeNumberField
from pmo.web.widgets import style_widgets

from .models import WSJF_SCALE, AssessmentFramework, Criterion, Objective
from .rules import criterion_errors


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
    position = WholeNumberField(label=_("Volgorde"), min_value=0, initial=0)

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
    position = WholeNumberField(label=_("Volgorde"), min_value=0, initial=0)

    def __init__(self, *args, framework: AssessmentFramework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = framework.objectives.select_related("parent")
        self.fields["objective"].label_from_instance = lambda o: (
            f"{o.parent.name} › {o.name}" if o.parent_id else o.name
        )
        style_widgets(self)

    def clean(self):
        data = super().clean()
        errors = criterion_errors(kind=data.get("kind"), has_objective=bool(data.get("objective")))
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class DirectWeightsForm(forms.Form):
    """One number per criterion; the service normalises them per kind."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"w{criterion.pk}"] = AmountField(
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
    value = WholeNumberField(
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
    VALUE_FIELDS = ("business_value", "time_criticality", "risk_reduction", "job_size")

    # The estimate's version when the form was loaded (0: there was none).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
