from django import forms
from django.contrib import admin

from pmo.models import AuditEntry
from pmo.permissions import is_editable

from . import services
from .models import (
    AgendaItem,
    BoardMeeting,
    GateDecision,
    Milestone,
    OrgUnit,
    PhaseRequirement,
    Portfolio,
    Programme,
    Project,
    ProjectBudget,
    ProjectDocument,
    ProjectTolerance,
    ReportReminder,
    StatusReport,
    Team,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    @admin.display(description=OrgUnit._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, obj: OrgUnit) -> str:
        return obj.tree_label


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
        if obj is not None and not is_editable(obj, request.user):
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


class ProjectChildAdmin(admin.ModelAdmin):
    """Rows that belong to a project follow that project's visibility."""

    list_select_related = ("project",)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(StatusReport)
class StatusReportAdmin(ProjectChildAdmin):
    list_display = (
        "project",
        "period",
        "revision",
        "state",
        "rag_overall",
        "is_exception",
        "is_current",
    )
    list_filter = ("state", "rag_overall", "is_exception", "is_current", "period")
    search_fields = ("project__code", "project__name")
    readonly_fields = ("version", "proposed_rag_time", "proposed_rag_cost", "explanations")


@admin.register(ProjectTolerance)
class ProjectToleranceAdmin(admin.ModelAdmin):
    list_display = ("project", "time_days", "cost_pct", "cost_eur")
    list_select_related = ("project",)
    search_fields = ("project__code",)


@admin.register(PhaseRequirement)
class PhaseRequirementAdmin(admin.ModelAdmin):
    list_display = ("phase", "required_documents")


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(ProjectChildAdmin):
    list_display = ("project", "kind", "title", "phase")
    list_filter = ("kind",)


@admin.register(GateDecision)
class GateDecisionAdmin(ProjectChildAdmin):
    list_display = ("project", "from_phase", "to_phase", "decision", "decided_at")
    list_filter = ("decision", "to_phase")
    readonly_fields = ("decided_by", "decided_at", "proposed_by")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("kind", "project", "decision", "decided_at")
    readonly_fields = ("decided_at",)
    raw_id_fields = ("project",)


@admin.register(BoardMeeting)
class BoardMeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "date", "state")
    inlines = [AgendaItemInline]


@admin.register(ReportReminder)
class ReportReminderAdmin(ProjectChildAdmin):
    list_display = ("project", "period", "notified", "notified_at", "resolved_at")
