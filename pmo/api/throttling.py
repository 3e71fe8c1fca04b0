"""Throttling per token (or session user) and per address, with the rates in settings
(`API_THROTTLE_RATES`), read at each request so a deployment and a test can change them.
Over the rate: 429 with `Retry-After`."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class PerToken(_Throttle):
    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddress(_Throttle):
    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AddressFirst:
    """Counts the address before authentication and permissions run, so guessing tokens
    or calling without one is throttled too (DRF checks throttles only after both)."""

    def initial(self, request, *args, **kwargs):
        throttle = PerAddress()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        super().initial(request, *args, **kwargs)
