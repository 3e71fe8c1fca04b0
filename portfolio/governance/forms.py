"""Forms of phases, gates, documents and the portfolioraad."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import DateField
from pmo.web.widgets import DateInput, style_widgets

from .models import AgendaItem, BoardMeeting, GateDecision, ProjectDocument


class GateProposalForm(forms.Form):
    """The proposal and the options; the business case's costs come from the budget and
    its benefits per year from the attributed benefit profiles (shown, not typed)."""

    proposal = forms.CharField(label=_("Voorstel aan de portfolioraad"), widget=forms.Textarea)
    options = forms.CharField(
        label=_("Opties in de business case"), required=False, widget=forms.Textarea
    )

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
