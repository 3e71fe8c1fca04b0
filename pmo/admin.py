from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisatie"), {"fields": ("org_unit",)}),
    )
    list_display = ("username", "first_name", "last_name", "org_unit", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    list_select_related = ("org_unit",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited by hand."""

    list_display = ("at", "actor", "source", "action", "object_repr")
    list_filter = ("source", "action", "content_type")
    list_select_related = ("actor", "content_type")
    search_fields = ("object_repr",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
