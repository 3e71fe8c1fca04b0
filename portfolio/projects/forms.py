from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo import access
from pmo.models import User
from pmo.web.widgets import DateInput, style_widgets

from .models import OrgUnit, Project
from .services import PROJECT_EDITABLE_FIELDS


class ProjectForm(forms.ModelForm):
    """Create and edit a project; `version` carries the optimistic lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = PROJECT_EDITABLE_FIELDS
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.order_by("path")
        self.fields["org_unit"].label_from_instance = attrgetter("tree_label")
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["manager"].queryset = access.project_manager_candidates(people)
        self.fields["sponsor"].queryset = people
        self.fields["programme"].queryset = self.fields["programme"].queryset.select_related(
            "portfolio"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # Phases change through a gate decision of the board, not in this form.
            self.fields["phase"].disabled = True
            self.fields["phase"].help_text = _(
                "Een volgende fase vraagt een besluit van de portfolioraad: "
                "stel een faseovergang voor op de projectpagina."
            )
        style_widgets(self)

    def clean_external_id(self):
        # An empty external id means "none", not a second empty string that breaks uniqueness.
        return self.cleaned_data.get("external_id") or None

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(_("De versie ontbreekt; open het formulier opnieuw."))
        return version

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
