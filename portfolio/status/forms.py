"""The form of the hoofdpuntenrapportage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import AmountField, DateField, WholeNumberField
from pmo.web.widgets import style_widgets

from .models import DIMENSIONS, RAG
from .rules.validation import EXCEPTION_FIELDS, EXPLANATION_PARTS, explanation_field
from .selectors import report_problems

NOT_NEGATIVE = {"min_value": _("Een bedrag kan niet negatief zijn.")}
PART_LABELS = {"cause": _("oorzaak"), "effect": _("gevolg"), "measure": _("maatregel")}


class StatusReportForm(forms.Form):
    """Field validation here; the rules that span fields live in rules/validation.py."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rag_overall = forms.ChoiceField(
        label=_("Totaalbeeld"), choices=RAG.choices, widget=forms.RadioSelect
    )
    progress_pct = WholeNumberField(
        label=_("Voortgang (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Voortgang ligt tussen 0 en 100 procent."),
            "max_value": _("Voortgang ligt tussen 0 en 100 procent."),
        },
    )
    forecast_end = DateField(label=_("Prognose einddatum"), required=False)
    forecast_cost = AmountField(
        label=_("Prognose totale kosten (EAC, €)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages=NOT_NEGATIVE,
    )
    actual_cost = AmountField(
        label=_("Werkelijke kosten tot nu (€)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages=NOT_NEGATIVE,
    )
    actual_cost_date = DateField(label=_("Peildatum werkelijke kosten"), required=False)
    override_reason_time = forms.CharField(
        label=_("Reden van afwijken van het voorstel (tijd)"), required=False, widget=forms.Textarea
    )
    override_reason_cost = forms.CharField(
        label=_("Reden van afwijken van het voorstel (geld)"), required=False, widget=forms.Textarea
    )
    override_reason_benefits = forms.CharField(
        label=_("Reden van afwijken van het voorstel (baten)"),
        required=False,
        widget=forms.Textarea,
    )
    override_reason_risk = forms.CharField(
        label=_("Reden van afwijken van het voorstel (risico)"),
        required=False,
        widget=forms.Textarea,
    )
    plausibility_reason = forms.CharField(
        label=_("Toelichting bij opvallende waarden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Nodig als de voortgang sterk daalt, de kosten een veelvoud van het budget zijn "
            "of het einde ver vooruit ligt."
        ),
    )
    achievements = forms.CharField(
        label=_("Bereikt deze periode"), required=False, widget=forms.Textarea
    )
    next_plans = forms.CharField(
        label=_("Plannen volgende periode"), required=False, widget=forms.Textarea
    )
    escalations = forms.CharField(label=_("Escalaties"), required=False, widget=forms.Textarea)
    decisions_requested = forms.CharField(
        label=_("Gevraagde besluiten van de portfolioraad"), required=False, widget=forms.Textarea
    )
    exception_cause = forms.CharField(label=_("Oorzaak"), required=False, widget=forms.Textarea)
    exception_consequences = forms.CharField(
        label=_("Gevolgen"), required=False, widget=forms.Textarea
    )
    exception_options = forms.CharField(label=_("Opties"), required=False, widget=forms.Textarea)
    exception_recommendation = forms.CharField(
        label=_("Aanbeveling"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args, project=None, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.period = period
        for key, label in DIMENSIONS:
            self.fields[f"rag_{key}"] = forms.ChoiceField(
                label=label, choices=RAG.choices, widget=forms.RadioSelect
            )
            for part in EXPLANATION_PARTS:
                field = forms.CharField(
                    label=PART_LABELS[part],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                field.condition = _("verplicht bij oranje of rood")
                self.fields[explanation_field(key, part)] = field
        for name in EXCEPTION_FIELDS:
            self.fields[name].condition = _("verplicht buiten tolerantie")
        if self.is_bound and not self.submitting:
            # A draft saves incomplete: colours and progress are asked at submit.
            for name in ["rag_overall", "progress_pct", *(f"rag_{k}" for k, _l in DIMENSIONS)]:
                self.fields[name].required = False
        style_widgets(self)

    @property
    def submitting(self) -> bool:
        return "indienen" in self.data

    def clean(self):
        """Apply the cross-field rules too, so every problem shows at once."""
        cleaned = super().clean()
        if self.project is not None:
            _proposals, errors = report_problems(
                self.project, cleaned, submitting=self.submitting, period=self.period
            )
            for field, messages in errors.items():
                if field not in self.errors:
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    def dimension_rows(self):
        """Per dimension: the colour field and its explanation fields, for the template."""
        return [
            {
                "key": key,
                "label": label,
                "rag": self[f"rag_{key}"],
                "explanations": [self[explanation_field(key, part)] for part in EXPLANATION_PARTS],
                "override": self[f"override_reason_{key}"]
                if f"override_reason_{key}" in self.fields
                else None,
            }
            for key, label in DIMENSIONS
        ]

    def exception_fields(self):
        return [self[name] for name in EXCEPTION_FIELDS]

    def values(self) -> dict:
        values = dict(self.cleaned_data)
        values.pop("version", None)
        return values
