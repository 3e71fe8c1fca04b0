"""One view and one template serve a page and its fragment (`render_page`)."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# One name for the page number on every paged list.
PAGE_PARAM = "pagina"


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


def paginate(request: HttpRequest, items, per_page: int) -> Page:
    """The requested page of `items` (the last one for a number past the end)."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


def query_without(request: HttpRequest, *names: str) -> str:
    """The query string minus `names`, for links that set them anew."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
