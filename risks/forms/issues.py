"""Forms of the issue register: the issue (raised on a project, or by the PMO-analist on
the portfolio), a step in its workflow, and its decision. Escalation uses the risk
register's EscalationForm and RemovalForm."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo import access
from pmo.models import User
from pmo.web.fields import AmountField, DateField
from pmo.web.widgets import DateInput, style_widgets
from portfolio.projects.models import Portfolio, Project

from ..models import Issue, IssueType
from ..rules import workflow
from ..services import ISSUE_FIELDS


class IssueForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    portfolio = forms.ModelChoiceField(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        required=False,
        help_text=_("Voor een issue van het portfolio zelf, zonder project."),
    )

    class Meta:
        model = Issue
        fields = ISSUE_FIELDS
        widgets = {
            "raised_on": DateInput(),
            "requested_end": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("description", "impact", "proposal")
            },
        }
        field_classes = {
            "raised_on": DateField,
            "requested_end": DateField,
            "requested_budget_change": AmountField,
        }
        help_texts = {
            "requested_end": _("Alleen bij een wijzigingsverzoek: het nieuwe geplande einde."),
            "requested_budget_change": _(
                "Alleen bij een wijzigingsverzoek: het bedrag erbij (of eraf, negatief) op het "
                "budget van het jaar van het besluit."
            ),
        }

    def __init__(self, *args, user, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = IssueType.objects.order_by("position", "name")
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["project"], self.fields["portfolio"]
        else:
            self.fields["project"].queryset = (
                projects if projects is not None else Project.objects.none()
            )
            self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
            # Only the PMO-analist raises an issue outside a project they change.
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
                "project", _("Kies het project, of het portfolio als het issue daar hoort.")
            )
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ISSUE_FIELDS}


class IssueAdvanceForm(forms.Form):
    """The next step of the workflow: the choices are where the issue may go."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    to_status = forms.ChoiceField(label=_("Naar"))

    def __init__(self, *args, issue: Issue, **kwargs):
        # Beside the escalation form on the issue's page: ids of its own.
        kwargs.setdefault("auto_id", "id_advance_%s")
        super().__init__(*args, **kwargs)
        labels = dict(Issue.Status.choices)
        self.fields["to_status"].choices = [
            (status, labels[status]) for status in workflow.advance_targets(issue.status)
        ]
        style_widgets(self)


class IssueDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Besluit"), choices=Issue.Decision.choices)
    decision_reasoning = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, issue: Issue, **kwargs):
        super().__init__(*args, **kwargs)
        if issue.type.is_change_request:
            # A concession accepts an off-specification; a request is approved or not.
            self.fields["decision"].choices = [
                c for c in Issue.Decision.choices if c[0] != Issue.Decision.CONCESSION
            ]
        style_widgets(self)
