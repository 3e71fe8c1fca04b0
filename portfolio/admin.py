from django import forms
from django.contrib import admin

from pmo.models import AuditEntry

from . import services
from .models import Milestone, OrgUnit, Portfolio, Programme, Project, ProjectBudget, Team


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    @admin.display(description=OrgUnit._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.name


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "portfolio", "org_unit", "manager")
    list_select_related = ("portfolio", "org_unit", "manager")
    search_fields = ("name", "code")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class BudgetInline(admin.TabularInline):
    model = ProjectBudget
    extra = 0


class ProjectAdminForm(forms.ModelForm):
    """Carries the version the editor loaded, so a stale admin save is refused too."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [*services.PROJECT_EDITABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                Project.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("version") != current:
                error = services.StaleVersionError(
                    current_version=current,
                    changes=services.changes_since(self.instance, cleaned.get("version") or 0),
                )
                raise forms.ValidationError(error.message())
        return cleaned


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """The admin follows the same permission layer as pages and API."""

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
        kwargs["fields"] = services.PROJECT_EDITABLE_FIELDS
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": [*services.PROJECT_EDITABLE_FIELDS, "version"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not Project.objects.editable_by(request.user).filter(pk=obj.pk).exists()
        ):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.PROJECT_EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            # Same guarded, audited write as the pages; `version` is the one the form loaded.
            updated = services.project_update(
                actor=request.user,
                project=obj,
                expected_version=form.cleaned_data["version"],
                source=AuditEntry.Source.UI,
                **fields,
            )
            obj.pk, obj.version = updated.pk, updated.version
        else:
            created = services.project_create(actor=request.user, **fields)
            obj.pk, obj.version = created.pk, created.version


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "org_unit", "hours_per_month")
    list_select_related = ("org_unit",)
    filter_horizontal = ("members",)
    search_fields = ("name", "code")
