"""Forms of the stakeholder register: the stakeholder (recorded on a project one
changes, or on a programme by its manager and the PMO-analist) and its communication
actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import DateField
from pmo.web.widgets import style_widgets
from portfolio.projects.models import Programme, Project

from ..models import Stakeholder, StakeholderAction
from ..services import STAKEHOLDER_ACTION_FIELDS, STAKEHOLDER_FIELDS, follows_grid

CLASS_CHOICES = [("", "–"), *[(n, str(n)) for n in range(1, 6)]]
FOLLOWS_GRID = _("volgt uit macht en belang")


class StakeholderForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("Voor een belanghebbende van het programma zelf, zonder project."),
    )

    field_order = ["project", "programme", *STAKEHOLDER_FIELDS]

    class Meta:
        model = Stakeholder
        fields = STAKEHOLDER_FIELDS
        widgets = {
            "power": forms.Select(choices=CLASS_CHOICES),
            "interest": forms.Select(choices=CLASS_CHOICES),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, projects=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        strategy = self.fields["strategy"]
        strategy.required = False
        strategy.choices = [("", f"– {FOLLOWS_GRID} –"), *Stakeholder.Strategy.choices]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Empty while it follows the grid, so a new power or interest moves it along.
            if follows_grid(self.instance):
                self.initial["strategy"] = ""
            del self.fields["project"], self.fields["programme"]
        else:
            self.fields["project"].queryset = (
                projects if projects is not None else Project.objects.none()
            )
            if programmes is None:
                # Only the programme's manager and the PMO-analist record one there.
                del self.fields["programme"]
                self.fields["project"].required = True
            else:
                self.fields["programme"].queryset = programmes
        style_widgets(self)

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(_("De versie ontbreekt; open het formulier opnieuw."))
        return version

    def clean(self):
        cleaned = super().clean()
        if (
            "programme" in self.fields
            and not cleaned.get("project")
            and not cleaned.get("programme")
        ):
            self.add_error("project", _("Kies het project of het programma."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in STAKEHOLDER_FIELDS}


class StakeholderActionForm(forms.ModelForm):
    class Meta:
        model = StakeholderAction
        fields = STAKEHOLDER_ACTION_FIELDS
        field_classes = {"due_on": DateField, "done_on": DateField}
        help_texts = {"channel": _("Bijvoorbeeld: brief, overleg, informatieavond, nieuwsbrief.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in STAKEHOLDER_ACTION_FIELDS}
