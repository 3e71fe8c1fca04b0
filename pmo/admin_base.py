"""What every domain's admin shares: the permission layer, audited saves, read-only views.

The admin is one more channel ("beheer"): it sees what `visible_to` allows, changes what
`editable_by` allows, and every change it makes is recorded with that channel. Models whose
writes carry rules (reports, gates, agenda items, documents, milestones, budgets) are shown
read-only here; they change through their pages and services.
"""

from django.contrib import admin
from django.db import models

from .access import is_editable
from .actors import Actor
from .audit import audit_record, diff, snapshot
from .models import AuditEntry
from .web.fields import AmountField, LocalNumberInput, WholeNumberField

# Numbers in the admin read and show the user's notation, as on every other form.
NUMBER_FIELDS = {
    models.DecimalField: {"form_class": AmountField, "widget": LocalNumberInput},
    models.FloatField: {"form_class": AmountField, "widget": LocalNumberInput},
    models.IntegerField: {"form_class": WholeNumberField, "widget": LocalNumberInput},
}


class AccessAdmin(admin.ModelAdmin):
    """Lists what the user may see; changes only what they may change."""

    formfield_overrides = NUMBER_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not is_editable(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not is_editable(obj, request.user):
            return False
        return super().has_delete_permission(request, obj)


class AuditedAdmin(AccessAdmin):
    """Reference data kept in the admin (org units, teams, phase requirements): each save
    and delete leaves an audit line with the channel "beheer"."""

    def save_model(self, request, obj, form, change):
        names = [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
        before = {}
        if change:
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk), names)
        super().save_model(request, obj, form, change)
        audit_record(
            actor=Actor.admin(request.user),
            instance=obj,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            changes=diff(before, snapshot(obj, names)),
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=Actor.admin(request.user),
            instance=obj,
            action=AuditEntry.Action.DELETE,
            changes={},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(AccessAdmin):
    """Shown for looking up, never changed here: the pages and services own the writes."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
