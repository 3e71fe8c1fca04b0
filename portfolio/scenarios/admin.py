"""Scenarios are built, solved and adopted on their pages; the admin shows them."""

from django.contrib import admin

from pmo.admin_base import ReadOnlyAdmin

from .models import Scenario


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyAdmin):
    list_display = ("name", "framework", "state", "adopted_at")
    list_filter = ("state",)
    list_select_related = ("framework",)
