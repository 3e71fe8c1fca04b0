from django.contrib import admin

from .models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ("portfolio", "period", "status", "project_count", "built_at")
    list_filter = ("status", "portfolio")
    readonly_fields = ("figures", "error", "requested_at", "built_at", "project_count")
