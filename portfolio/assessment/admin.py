"""The afwegingskader is built on its pages (versions, AHP, publishing rules); the admin
only shows frameworks for looking up."""

from django.contrib import admin

from pmo.admin_base import ReadOnlyAdmin

from .models import AssessmentFramework


@admin.register(AssessmentFramework)
class AssessmentFrameworkAdmin(ReadOnlyAdmin):
    list_display = ("name", "number", "status", "weight_method", "published_at")
    list_filter = ("status",)
