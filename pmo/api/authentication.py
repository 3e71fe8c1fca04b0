"""Who calls: a personal token (`Authorization: Bearer pmo_…`) or the browser's session.

The session keeps DRF's CSRF check for writes; a token needs none, as no browser sends it
by itself. A token that is unknown, revoked, expired or of a deactivated user answers 401.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import schema  # noqa: F401  (the document's description of this scheme)
from .tokens import token_for


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Geef het token na 'Bearer', zonder spaties erin.")
            )
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError:
            secret = ""
        token = token_for(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Dit token is onbekend, ingetrokken of verlopen.")
            )
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes an unauthenticated call 401 with this challenge instead of 403.
        return 'Bearer realm="api"'
