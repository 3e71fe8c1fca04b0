"""Shared helpers for pages that answer htmx requests with a named fragment."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The full page, or only `template#fragment` when htmx asks for it.

    The same URL therefore works with and without JavaScript.
    """
    if fragment and getattr(request, "htmx", False) and not request.htmx.boosted:
        template = f"{template}#{fragment}"
    response = render(request, template, context, status=status)
    # Browsers must not show a cached fragment as a full page on back/forward.
    response.headers["Vary"] = "HX-Request"
    return response
