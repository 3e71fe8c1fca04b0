"""Forms of the review after closure, a lesson learned and the Business Value Canvas;
`version` carries the optimistic lock of each (0 for a canvas not made yet)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import DateField
from pmo.web.widgets import style_widgets
from portfolio.projects.models import OrgUnit, Project

from ..models import CANVAS_FIELDS, Lesson, Review, ValueCanvas
from ..rules import review as review_rules
from ..services import LESSON_FIELDS, REVIEW_FIELDS

MISSING_VERSION = _("De versie ontbreekt; open het formulier opnieuw.")
TO_COMPLETE = _("nodig om af te ronden")
DONE_NEEDS = _("verplicht in een afgeronde evaluatie")
EXPLAIN = _("nodig bij ‘deels’ of ‘nee’")


class ReviewForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = DateField(label=_("Gehouden op"), required=False)
    complete = forms.BooleanField(
        label=_("Evaluatie afronden"),
        required=False,
        help_text=_(
            "Legt de baten vast zoals ze nu staan (gepland en gerealiseerd). Daarvoor zijn "
            "de datum, waar voor het geld en het oordeel over het besluit nodig."
        ),
    )

    class Meta:
        model = Review
        fields = REVIEW_FIELDS
        widgets = {
            "value_for_money": forms.Textarea(attrs={"rows": 4}),
            "decision_explanation": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["decision_right"].choices = [("", "—"), *Review.Verdict.choices]
        done = self.instance.state == Review.State.DONE
        if done:
            del self.fields["complete"]
        else:
            self.fields["complete"].widget.attrs["class"] = (
                "utrecht-checkbox utrecht-checkbox--html-input"
            )
        needed = DONE_NEEDS if done else TO_COMPLETE
        for name in ("held_on", "value_for_money", "decision_right"):
            self.fields[name].condition = needed
        self.fields["decision_explanation"].condition = EXPLAIN
        style_widgets(self)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in REVIEW_FIELDS}


class LessonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    tags = forms.CharField(
        label=_("Trefwoorden"),
        required=False,
        help_text=_("Gescheiden door komma's, bijvoorbeeld ‘aanbesteding, planning’."),
    )

    class Meta:
        model = Lesson
        fields = [*LESSON_FIELDS, "project"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = OrgUnit.objects.filter(kind=OrgUnit.Kind.DOMAIN)
        self.fields["domain"].empty_label = _("Geen domein")
        self.fields["project"].queryset = projects
        self.fields["phase"].choices = [("", _("Geen fase")), *self.fields["phase"].choices[1:]]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial["tags"] = ", ".join(self.instance.tags or [])
        style_widgets(self)

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError(MISSING_VERSION)
        return version

    def clean_tags(self) -> list[str]:
        return review_rules.split_tags(self.cleaned_data["tags"])

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*LESSON_FIELDS, "project"]}


class CanvasForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ValueCanvas
        fields = CANVAS_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in CANVAS_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        style_widgets(self)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in CANVAS_FIELDS}


def lesson_projects(user):
    """The projects a lesson may be about: those the user sees."""
    return Project.objects.visible_to(user).order_by("code")
