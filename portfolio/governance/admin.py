"""Gates, documents and agenda items change through the pages and their services (a board
decision moves a project's phase); the admin shows them. Meetings and phase requirements
are kept here, audited."""

from django.contrib import admin

from pmo.admin_base import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import AgendaItem, BoardMeeting, GateDecision, PhaseRequirement, ProjectDocument


@admin.register(PhaseRequirement)
class PhaseRequirementAdmin(AuditedAdmin):
    list_display = ("phase", "required_documents")


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(ReadOnlyAdmin):
    list_display = ("project", "kind", "title", "phase")
    list_filter = ("kind",)
    list_select_related = ("project",)


@admin.register(GateDecision)
class GateDecisionAdmin(ReadOnlyAdmin):
    list_display = ("project", "from_phase", "to_phase", "decision", "decided_at")
    list_filter = ("decision", "to_phase")
    list_select_related = ("project",)


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("kind", "project", "decision", "decided_at")
    readonly_fields = fields


@admin.register(BoardMeeting)
class BoardMeetingAdmin(AuditedAdmin):
    list_display = ("title", "date", "state")
    inlines = [AgendaItemInline]
