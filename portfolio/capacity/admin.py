from django.contrib import admin

from pmo.admin_base import AuditedAdmin

from .models import Team


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ("code", "name", "org_unit", "fte", "hours_per_fte", "availability_pct")
    list_select_related = ("org_unit",)
    filter_horizontal = ("members",)
    search_fields = ("name", "code")
