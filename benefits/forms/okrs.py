"""Forms of the OKR's: the objective with its links, and a key result."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.models import User
from pmo.web.fields import AmountField
from pmo.web.widgets import DateInput, style_widgets

from ..models import KeyResult, Okr
from ..rules import okr as okr_rules
from ..services import KEY_RESULT_FIELDS, OKR_FIELDS
from ..services.okrs import rule_errors

CONFIDENCE_CHOICES = [
    (1, _("1 – vrijwel zeker niet gehaald")),
    *((n, str(n)) for n in range(2, 5)),
    (5, _("5 – even waarschijnlijk wel als niet")),
    *((n, str(n)) for n in range(6, 10)),
    (10, _("10 – zeker gehaald")),
]
PICK_MORE = _("Houd Ctrl (op een Mac Cmd) ingedrukt om er meer te kiezen.")
LARGEST_ID = 2**63 - 1


class LinkChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses an id no database holds (a number past 64
    bits) with the field's own message, instead of handing it to the database."""

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(str(pk))) > LARGEST_ID
            except ValueError:
                continue  # not a number: Django refuses it as an invalid choice
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class OkrForm(forms.ModelForm):
    """Create or change an OKR; `version` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Okr
        fields = [*OKR_FIELDS, "projects", "benefits"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
            "benefits": forms.SelectMultiple(attrs={"size": 8}),
        }
        field_classes = {"projects": LinkChoiceField, "benefits": LinkChoiceField}

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name"
        )
        self.fields["projects"].queryset = choices["projects"]
        self.fields["projects"].label_from_instance = lambda p: f"{p.code} {p.name}"
        self.fields["benefits"].queryset = choices["benefits"]
        for name in ("projects", "benefits"):
            self.fields[name].help_text = PICK_MORE
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style_widgets(self)

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(_("De versie ontbreekt; open het formulier opnieuw."))
        return version

    def clean(self):
        data = super().clean()
        codes = okr_rules.period_errors(data.get("period_start"), data.get("period_end"))
        for name, messages in rule_errors(codes).items():
            self.add_error(name, messages)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in OKR_FIELDS}


class KeyResultForm(forms.ModelForm):
    """A key result. `version` is the OKR's for a new one, the key result's own when it
    is changed: either way a form started before someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    confidence = forms.TypedChoiceField(
        label=_("Vertrouwen (1–10)"),
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        initial=5,
        help_text=_(
            "Hoe zeker is het dat de doelwaarde in deze periode gehaald wordt? "
            "4 of lager zet het kernresultaat in de gevarenzone."
        ),
    )

    class Meta:
        model = KeyResult
        fields = KEY_RESULT_FIELDS
        field_classes = {
            "start_value": AmountField,
            "target_value": AmountField,
            "current_value": AmountField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].help_text = _("Bijvoorbeeld ‘minuten’, ‘%’ of ‘woningen’.")
        style_widgets(self)

    def clean(self):
        data = super().clean()
        codes = okr_rules.key_result_errors(
            start=data.get("start_value"),
            target=data.get("target_value"),
            confidence=data.get("confidence"),
        )
        for name, messages in rule_errors(codes).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, messages)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in KEY_RESULT_FIELDS}
