"""Permissions of the API: the same layer as the pages (pmo/access.py), narrowed by the
token's scope. Visibility itself is the resource's queryset (outside it: 404)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class SignedInWithScope(permissions.BasePermission):
    """Signed in; a read token reads only (403 on a write, as for any refused right)."""

    message = _("Dit token mag alleen lezen; maak een token met schrijfrechten.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in permissions.SAFE_METHODS:
            return token.can_write
        return True
