"""JSON bodies up to `API_MAX_BODY_BYTES`: a larger one is refused with 413 before it is
read, not parsed into memory first."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.parsers import JSONParser

from .exceptions import PayloadTooLarge


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        limit = settings.API_MAX_BODY_BYTES
        if length > limit:
            raise PayloadTooLarge(
                _("Het verzoek is %(size)s MB; hoogstens %(limit)s MB.")
                % {"size": round(length / 1e6, 1), "limit": round(limit / 1e6)}
            )
        return super().parse(stream, media_type, parser_context)
