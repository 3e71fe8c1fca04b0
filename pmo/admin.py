from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .api.tokens import token_revoke
from .audit import audit_record
from .lockouts import unlock
from .models import ApiToken, AuditEntry, LoginLockout, User
from .roles import Role

ROLE_NAMES = [role.value for role in Role]
STAFF_ROLES = {Role.PMO_ANALIST, Role.BEHEERDER}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """A superuser sees Django's whole user admin. The beheerder manages users and
    nothing more: name, e-mail, active, one of the four roles and an org unit. No
    superuser or staff flag, no loose permissions, no other user's password (a link to
    set it goes by e-mail), and no change to a superuser's account."""

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Organisatie"), {"fields": ("org_unit",)}),
    )
    managed_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Rollen"), {"fields": ("is_active", "groups", "org_unit")}),
    )
    list_display = ("username", "first_name", "last_name", "org_unit", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    list_select_related = ("org_unit",)
    actions = ["send_password_link"]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.managed_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            # Not Django's add form with its two password fields: the user sets their own.
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = flatten_fieldsets(self.managed_fieldsets)
        return super().get_form(request, obj, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_NAMES).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied  # the beheerder sends a link instead
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        # Access to the admin follows from the role, never from a flag set by hand.
        staff = user.is_superuser or bool(
            set(user.groups.values_list("name", flat=True)) & STAFF_ROLES
        )
        if user.is_staff != staff:
            User.objects.filter(pk=user.pk).update(is_staff=staff)
        audit_record(
            actor=Actor.admin(request.user),
            instance=user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            changes={str(_("rollen")): ["", ", ".join(sorted(user.roles)) or "–"]},
        )
        if not change and not request.user.is_superuser and user.email:
            self._send_link(request, user)

    @admin.action(description=_("Stuur een link om het wachtwoord in te stellen"))
    def send_password_link(self, request, queryset):
        sent = [user for user in queryset if user.email and self._send_link(request, user)]
        self.message_user(
            request, _("%(n)s link(s) verstuurd.") % {"n": len(sent)}, messages.SUCCESS
        )

    def _send_link(self, request, user) -> bool:
        form = PasswordLinkForm({"email": user.email}, user=user)
        if not form.is_valid():
            return False
        form.save(request=request, use_https=request.is_secure())
        return True


class PasswordLinkForm(PasswordResetForm):
    """Django's reset e-mail, for one chosen user: also one who has no password yet."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active else []


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


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    """Failed logins per user name and address. Read-only; removing a row (the action
    "Ontgrendelen") unlocks its user name and address, with an audit line."""

    list_display = ("username", "ip_address", "failures_since_start", "attempt_time", "path_info")
    list_filter = ("path_info",)
    search_fields = ("username", "ip_address")
    fields = list_display
    readonly_fields = list_display
    actions = ["unlock"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Ontgrendelen" audits; a bare delete would not
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        unlock([obj], actor=Actor.admin(request.user))

    def delete_queryset(self, request, queryset):
        unlock(queryset, actor=Actor.admin(request.user))

    @admin.action(description=_("Ontgrendelen"), permissions=["delete"])
    def unlock(self, request, queryset):
        unlock(queryset, actor=Actor.admin(request.user))
        self.message_user(request, _("Ontgrendeld."), messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Everyone's tokens for the beheerder: who has which, when used; revoking one is
    for when a person leaves or a token leaks."""

    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    actions = ["revoke"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        return False  # a person makes their own, and sees it once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Intrekken"), permissions=["view"])
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(actor=Actor.admin(request.user), token=token)
        messages.success(request, _("Tokens ingetrokken."))


from .webhooks import admin as webhooks_admin  # noqa: E402, F401
