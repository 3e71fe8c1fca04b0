"""Forms of phases, gates, documents and the portfolioraad."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.numbers import parse_number
from pmo.web.fields import DateField, separators
from pmo.web.widgets import DateInput, style_widgets

from .models import AgendaItem, BoardMeeting, GateDecision, ProjectDocument


class GateProposalForm(forms.Form):
    proposal = forms.CharField(label=_("Voorstel aan de portfolioraad"), widget=forms.Textarea)
    benefits = forms.CharField(
        label=_("Baten per jaar (€)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Eén regel per jaar, bijvoorbeeld 2027: 150000"),
    )
    options = forms.CharField(
        label=_("Opties in de business case"), required=False, widget=forms.Textarea
    )

    def clean_benefits(self) -> dict[str, Decimal]:
        benefits: dict[str, Decimal] = {}
        for number, line in enumerate(self.cleaned_data["benefits"].splitlines(), start=1):
            if not line.strip():
                continue
            year, _sep, amount = line.partition(":")
            try:
                year_value = int(year.strip())
                value = parse_number(amount, **separators())
            except (ValueError, ArithmeticError):
                raise forms.ValidationError(
                    _("Regel %(n)s: schrijf jaar: bedrag, bijvoorbeeld 2027: 150000.")
                    % {"n": number}
                ) from None
            if not 2000 <= year_value <= 2100 or value < 0:
                raise forms.ValidationError(
                    _("Regel %(n)s: een jaar tussen 2000 en 2100 en een bedrag van 0 of meer.")
                    % {"n": number}
                )
            benefits[str(year_value)] = value
        return benefits

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class GateDecisionForm(forms.ModelForm):
    """The board's decision on a gate; on go it also sets the baseline dates (the budget
    baseline becomes the business case's costs)."""

    planned_start = DateField(label=_("Baseline: geplande start"), required=False)
    planned_end = DateField(
        label=_("Baseline: gepland einde"),
        required=False,
        help_text=_("Geldt bij go; leeg laten houdt de huidige baseline."),
    )

    class Meta:
        model = GateDecision
        fields = [
            "decision",
            "conditions",
            "reasoning",
            "gotik_money",
            "gotik_organisation",
            "gotik_time",
            "gotik_information",
            "gotik_quality",
            "delivery_confidence",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = True
        self.fields["reasoning"].required = True
        project = self.instance.project if self.instance.project_id else None
        if project is not None:
            self.fields["planned_start"].initial = project.planned_start
            self.fields["planned_end"].initial = project.planned_end
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Het geplande einde ligt vóór de geplande start."))
        return cleaned


class AgendaDecisionForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["decision", "reasoning"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].required = True
        self.fields["reasoning"].required = True
        style_widgets(self)


class BoardMeetingForm(forms.ModelForm):
    class Meta:
        model = BoardMeeting
        fields = ["title", "date"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ProjectDocumentForm(forms.ModelForm):
    link = forms.URLField(
        label=_("vindplaats"),
        required=False,
        assume_scheme="https",
        help_text=_("Link naar het document in het DMS of zaaksysteem."),
    )

    class Meta:
        model = ProjectDocument
        fields = ["kind", "title", "link"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
