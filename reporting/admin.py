from django.contrib import admin

from .models import Scope, Snapshot, SnapshotBuild


@admin.register(Scope)
class ScopeAdmin(admin.ModelAdmin):
    """Read-only: a scope is changed on its page (Dashboard → Beheer), whose service keeps
    its beat entry in step; the entry itself may be paused under Periodic tasks."""

    list_display = ("name", "kind", "build_day", "build_time")
    list_filter = ("kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ("scope", "period", "version", "is_current", "project_count", "built_at")
    list_filter = ("is_current", "scope")
    readonly_fields = [f.name for f in Snapshot._meta.fields]


@admin.register(SnapshotBuild)
class SnapshotBuildAdmin(admin.ModelAdmin):
    list_display = ("scope", "period", "status", "progress", "requested_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in SnapshotBuild._meta.fields]
