"""Admin of the structure and the projects: the same services and permission layer."""

from django import forms
from django.contrib import admin

from pmo.actors import Actor
from pmo.admin_base import AccessAdmin, AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from pmo.versioning import stale

from .forms import project_reason_field
from .models import Milestone, OrgUnit, Portfolio, Programme, Project, ProjectBudget
from .services import (
    PHASE_BY_GATE,
    PROJECT_EDITABLE_FIELDS,
    check_guarded,
    project_create,
    project_update,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ("indented_name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    @admin.display(description=OrgUnit._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, obj: OrgUnit) -> str:
        return obj.tree_label


@admin.register(Portfolio)
class PortfolioAdmin(AuditedAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("code", "name", "portfolio", "org_unit", "manager")
    list_select_related = ("portfolio", "org_unit", "manager")
    search_fields = ("name", "code")


class MilestoneInline(ReadOnlyInline):
    """Milestones change on the project's pages, where their baseline rules hold."""

    model = Milestone
    fields = ("name", "baseline_date", "forecast_date", "actual_date")
    readonly_fields = fields


class BudgetInline(ReadOnlyInline):
    """Budget lines are the baseline: set at a gate, not edited here."""

    model = ProjectBudget
    fields = ("year", "amount")
    readonly_fields = fields


class ProjectAdminForm(forms.ModelForm):
    """Carries the version the editor loaded, so a stale admin save is refused too."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = project_reason_field()
    request = None  # set by ProjectAdmin.get_form: the guard needs who is changing

    class Meta:
        model = Project
        fields = [*PROJECT_EDITABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Project.objects.get(pk=self.instance.pk)
            expected = cleaned.get("version") or 0
            if expected != current.version:
                raise forms.ValidationError(stale(current, expected).message())
            if "phase" in cleaned and cleaned["phase"] != current.phase:
                # The service refuses it too; said here it is a field error, not a 500.
                self.add_error("phase", PHASE_BY_GATE)
            fields = {n: cleaned[n] for n in PROJECT_EDITABLE_FIELDS if n in cleaned}
            check_guarded(
                actor=Actor.admin(self.request.user),
                current=current,
                fields=fields,
                reason=cleaned.get("reason", ""),
            )
        return cleaned


@admin.register(Project)
class ProjectAdmin(AccessAdmin):
    """The admin follows the same permission layer and services as the pages."""

    list_display = ("code", "name", "org_unit", "phase", "status", "manager")
    list_filter = ("phase", "status", "kind")
    list_select_related = ("org_unit", "manager")
    search_fields = ("code", "name", "external_id")
    form = ProjectAdminForm
    raw_id_fields = ("sponsor", "manager")
    inlines = [MilestoneInline, BudgetInline]

    def get_form(self, request, obj=None, **kwargs):
        # `version` is a form-only field (non-editable on the model): keep it out of the
        # model fields, but render it through the fieldsets below.
        kwargs["fields"] = PROJECT_EDITABLE_FIELDS
        form = super().get_form(request, obj, **kwargs)
        form.request = request
        return form

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": [*PROJECT_EDITABLE_FIELDS, "reason", "version"]})]

    def has_delete_permission(self, request, obj=None):
        return False  # a project is stopped by a board decision, never deleted

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in PROJECT_EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        actor = Actor.admin(request.user)
        if change:
            # Same guarded, audited write as the pages; `version` is the one the form loaded.
            updated = project_update(
                actor=actor,
                project=obj,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", ""),
                **fields,
            )
            obj.pk, obj.version = updated.pk, updated.version
        else:
            created = project_create(actor=actor, **fields)
            obj.pk, obj.version = created.pk, created.version


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    """To look milestones up across projects. They change on the project's Mijlpalen tab,
    where the baseline rule and the version check hold."""

    list_display = ("name", "project", "baseline_date", "forecast_date", "actual_date")
    list_select_related = ("project",)
    list_filter = ("actual_date",)
    search_fields = ("name", "project__code", "project__name")
    date_hierarchy = "baseline_date"
