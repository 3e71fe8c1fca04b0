"""Reports are written through their pages (rules, RAG proposals, agenda); the admin
shows them. Tolerances are reference data the PMO keeps here, audited."""

from django.contrib import admin

from pmo.admin_base import AuditedAdmin, ReadOnlyAdmin

from .models import ProjectTolerance, ReportReminder, StatusReport


@admin.register(StatusReport)
class StatusReportAdmin(ReadOnlyAdmin):
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
    list_select_related = ("project",)
    search_fields = ("project__code", "project__name")


@admin.register(ProjectTolerance)
class ProjectToleranceAdmin(AuditedAdmin):
    list_display = ("project", "time_days", "cost_pct", "cost_eur")
    list_select_related = ("project",)
    search_fields = ("project__code",)
    raw_id_fields = ("project",)


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyAdmin):
    list_display = ("project", "period", "notified", "notified_at", "resolved_at")
    list_select_related = ("project",)
