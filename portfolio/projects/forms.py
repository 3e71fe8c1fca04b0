from operator import attrgetter

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo import access
from pmo.models import User
from pmo.web.fields import AmountField, DateField
from pmo.web.widgets import DateInput, style_widgets

from .models import CLOSED_STATUSES, OrgUnit, Project
from .services import GUARDED_FIELDS, PROJECT_EDITABLE_FIELDS


def reason_field(label, *, required: bool = False, help_text: str = "") -> forms.CharField:
    """Why a baseline changes: it goes into the history beside the change."""
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


def project_reason_field() -> forms.CharField:
    """The reason on a project's own form, on the pages and in the admin alike."""
    return reason_field(
        _("Reden van de wijziging van baseline of status"),
        help_text=_(
            "Nodig als u de geplande start of het geplande einde wijzigt, of het project "
            "afsluit, stopt of heropent. De reden komt in de historie."
        ),
    )


class GivenReason:
    """`given_reason`: the reason posted, or "" where the form offers none (the field is
    removed for those who may not change the baseline)."""

    @property
    def given_reason(self) -> str:
        return self.cleaned_data.get("reason", "") if "reason" in self.fields else ""


class ProjectForm(GivenReason, forms.ModelForm):
    """Create and edit a project; `version` carries the optimistic lock.

    On an existing project the baseline dates and closing the project are the
    PMO-analist's, with a reason (`reason`); for anyone else they are shown, not edited."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = project_reason_field()

    class Meta:
        model = Project
        fields = PROJECT_EDITABLE_FIELDS
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
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
            if not access.can_change_baseline(user):
                self._baseline_read_only()
        style_widgets(self)

    def _baseline_read_only(self) -> None:
        for name in GUARDED_FIELDS:
            self.fields[name].disabled = True
        for name in ("planned_start", "planned_end"):
            self.fields[name].help_text = _(
                "Baseline: die wijzigt met een besluit van de portfolioraad of door de "
                "PMO-analist. Uw verwachting geeft u als prognose in de rapportage."
            )
        status = self.fields["status"]
        if self.instance.status in CLOSED_STATUSES:
            status.disabled = True
        else:
            status.choices = [c for c in status.choices if c[0] not in CLOSED_STATUSES]
        status.help_text = _(
            "Afsluiten of stoppen doet de portfolioraad met een besluit, of de PMO-analist."
        )
        del self.fields["reason"]

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


class BudgetForm(forms.Form):
    """The budget baseline per year, for the PMO-analist: a field per year from the
    project's first planned or budgeted year to its last, and the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field(
        _("Reden van de wijziging"),
        required=True,
        help_text=_("Bijvoorbeeld het raadsbesluit over een aanvullend krediet."),
    )

    def __init__(self, *args, project: Project, budgets, **kwargs):
        super().__init__(*args, **kwargs)
        amounts = {b.year: b.amount for b in budgets}
        years = set(amounts)
        for day in (project.planned_start, project.planned_end):
            if day:
                years.add(day.year)
        if years:
            years = set(range(min(years), max(years) + 1))
        self.years = sorted(years)
        for year in self.years:
            self.fields[f"year_{year}"] = AmountField(
                label=_("Budget %(year)s (€)") % {"year": year},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=amounts.get(year),
            )
        self.fields["version"].initial = project.version
        self.order_fields([f"year_{year}" for year in self.years] + ["reason", "version"])
        style_widgets(self)

    def amounts(self) -> dict:
        return {year: self.cleaned_data.get(f"year_{year}") for year in self.years}


class MilestoneForm(GivenReason, forms.Form):
    """A milestone on its project's tab. The projectleider keeps forecast and actual date;
    name and baseline date are the PMO-analist's, with a reason."""

    name = forms.CharField(label=_("Mijlpaal"), max_length=200)
    baseline_date = DateField(label=_("Baselinedatum"))
    forecast_date = DateField(label=_("Prognose"), required=False)
    actual_date = DateField(label=_("Werkelijk gehaald op"), required=False)
    reason = reason_field(_("Reden van de wijziging van de baseline"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, milestone=None, **kwargs):
        if milestone is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": milestone.name,
                    "baseline_date": milestone.baseline_date,
                    "forecast_date": milestone.forecast_date,
                    "actual_date": milestone.actual_date,
                    "version": milestone.version,
                },
            )
        super().__init__(*args, **kwargs)
        if not access.can_change_baseline(user):
            for name in ("name", "baseline_date"):
                self.fields[name].disabled = True
            del self.fields["reason"]
        style_widgets(self)

    def changes(self) -> dict:
        names = ["name", "baseline_date", "forecast_date", "actual_date"]
        return {n: self.cleaned_data[n] for n in names if not self.fields[n].disabled}
