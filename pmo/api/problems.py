"""Errors as RFC 9457 problem details (`application/problem+json`), in the caller's
language (Accept-Language, through Django's LocaleMiddleware).

Field errors follow RFC 9457's own example: `errors: [{"detail": …, "pointer": "#/name"}]`,
a JSON pointer into the request body (`#/rows/3/code` in a bulk request).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from pmo.bulk import RowErrors
from pmo.versioning import StaleError

from .exceptions import (  # noqa: F401  (the API's own refusals, raised by its views)
    Conflict,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,
)

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: gettext_lazy("Ongeldige invoer"),
    401: gettext_lazy("Niet aangemeld"),
    403: gettext_lazy("Niet toegestaan"),
    404: gettext_lazy("Niet gevonden"),
    405: gettext_lazy("Methode niet toegestaan"),
    406: gettext_lazy("Vorm niet beschikbaar"),
    409: gettext_lazy("Conflict"),
    412: gettext_lazy("Intussen gewijzigd"),
    413: gettext_lazy("Verzoek te groot"),
    415: gettext_lazy("Inhoudstype niet ondersteund"),
    422: gettext_lazy("Niet te verwerken"),
    428: gettext_lazy("Voorwaarde vereist"),
    429: gettext_lazy("Te veel verzoeken"),
    500: gettext_lazy("Interne fout"),
}


def title(code: int) -> str:
    return str(TITLES.get(code, gettext_lazy("Fout")))


def problem(code: int, detail: str, **extra: Any) -> dict:
    return {"type": "about:blank", "title": title(code), "status": code, "detail": detail, **extra}


def field_errors(detail: Any, pointer: str = "#") -> list[dict]:
    """DRF's nested error detail flattened to [{"pointer", "detail"}], in order."""
    if isinstance(detail, dict):
        found = []
        for name, value in detail.items():
            where = pointer if name in ("non_field_errors", "__all__") else f"{pointer}/{name}"
            found += field_errors(value, where)
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"pointer": pointer, "detail": str(item)} for item in detail]
        found = []
        for index, item in enumerate(detail):
            found += field_errors(item, f"{pointer}/{index}")
        return found
    return [{"pointer": pointer, "detail": str(detail)}]


def _translate(exc: Exception) -> Exception:
    """Django's own errors as the API's: a service's ValidationError is a 400 with field
    errors, a StaleError a 412 naming who changed what since."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, RowErrors):
        return exceptions.ValidationError({"rows": exc.errors})
    if isinstance(exc, StaleError):
        return PreconditionFailed(str(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Dit bestaat niet of valt buiten uw zicht."))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(_("U mag dit zien, maar niet doen."))
    return exc


def handle(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler, answering problem details."""
    exc = _translate(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            code,
            _("Het verzoek bevat ongeldige waarden; zie errors."),
            errors=field_errors(exc.detail),
        )
    else:
        detail = getattr(exc, "detail", "")
        body = problem(code, str(detail) if not isinstance(detail, dict | list) else title(code))
    response.data = body
    response.content_type = MEDIA_TYPE
    response["Content-Language"] = get_language()
    return response


def problem_response(code: int, detail: str) -> JsonResponse:
    """A problem for a request that never reached a DRF view (an unknown URL)."""
    response = JsonResponse(problem(code, detail), status=code, content_type=MEDIA_TYPE)
    response["Content-Language"] = get_language()
    return response


class ProblemsAsJson:
    """For an API view that also renders CSV: a problem is JSON whatever was asked."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "content_type", None) == MEDIA_TYPE:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = MEDIA_TYPE
        return response
