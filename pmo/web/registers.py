"""The one register list view: filter, sort, paginate, and answer htmx with the fragment.

A register (the project overview, and every register after it: risks, benefits, issues)
names its template, its FilterSet and a queryset already narrowed by the permission layer.
The sortable columns and their labels come from the FilterSet's OrderingFilter, so they
are declared once; filters, sort and page travel in the query string, so every view of a
register has a URL, works without JavaScript and exports with the same filters.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views import View
from django_filters import FilterSet, OrderingFilter

from .pages import PAGE_PARAM, paginate, query_without, render_page


def sort_columns(filterset: FilterSet, name: str = "sort") -> list[tuple[str, str]]:
    """(query value, label) of each sortable column, in the FilterSet's order."""
    ordering = filterset.filters.get(name)
    if not isinstance(ordering, OrderingFilter):
        return []
    # The choices hold each column ascending, then descending ("-code"); keep the first.
    return [
        (value, label) for value, label in ordering.extra["choices"] if value in ordering.param_map
    ]


class RegisterView(LoginRequiredMixin, View):
    template_name: str
    filterset_class: type[FilterSet]
    fragment = "results"
    page_size = 50
    sort_param = "sort"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """The rows the user may see (visible_to), with what the register shows."""
        raise NotImplementedError

    def page_context(self, request: HttpRequest) -> dict:
        """What the full page shows around the list (not sent with a fragment)."""
        return {}

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(request))
        page = paginate(request, filterset.qs, self.page_size)
        context = {
            "filter": filterset,
            "page": page,
            "page_param": PAGE_PARAM,
            # Query strings without the page number (pagination, sort links) and without
            # the sort (sort links set it anew).
            "query": query_without(request, PAGE_PARAM),
            "sort_query": query_without(request, PAGE_PARAM, self.sort_param),
            "current_sort": request.GET.get(self.sort_param, ""),
            "sort_columns": sort_columns(filterset, self.sort_param),
        }
        if not request.htmx:
            context.update(self.page_context(request))
        return render_page(request, self.template_name, context, fragment=self.fragment)
