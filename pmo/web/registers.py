"""The one register list view: filter, sort, paginate, and answer htmx with the fragment.

A register (the project overview, and every register after it: risks, benefits, issues)
names its template, its FilterSet and a queryset already narrowed by the permission layer.
The sortable columns and their labels come from the FilterSet's OrderingFilter, so they
are declared once; filters, sort and page travel in the query string, so every view of a
register has a URL, works without JavaScript and exports with the same filters:
`?export=xlsx` or `?export=csv` beside the filters gives the file of all matching rows
in the register's `export_columns`.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.views import View
from django_filters import FilterSet, OrderingFilter
from django_filters.constants import EMPTY_VALUES

from pmo.exports import FORMATS, MAX_EXPORT_ROWS, ExportColumn, export_response

from .pages import PAGE_PARAM, paginate, query_without, render_page

EXPORT_PARAM = "export"


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
    export_columns: list[ExportColumn] = []
    export_title = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """The rows the user may see (visible_to), with what the register shows."""
        raise NotImplementedError

    def page_context(self, request: HttpRequest) -> dict:
        """What the full page shows around the list (not sent with a fragment)."""
        return {}

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(request))
        fmt = request.GET.get(EXPORT_PARAM)
        if fmt in FORMATS and self.export_columns:
            return export_response(
                filterset.qs[:MAX_EXPORT_ROWS],
                self.export_columns,
                fmt=fmt,
                title=self.export_title,
            )
        page = paginate(request, filterset.qs, self.page_size)
        context = {
            "filter": filterset,
            "page": page,
            "page_param": PAGE_PARAM,
            # Query strings without the page number (pagination, sort links) and without
            # the sort (sort links set it anew).
            "query": query_without(request, PAGE_PARAM),
            "export_query": query_without(request, PAGE_PARAM, EXPORT_PARAM),
            "exportable": bool(self.export_columns),
            "sort_query": query_without(request, PAGE_PARAM, self.sort_param),
            "current_sort": request.GET.get(self.sort_param, ""),
            "sort_columns": sort_columns(filterset, self.sort_param),
        }
        if not request.htmx:
            context.update(self.page_context(request))
        return render_page(request, self.template_name, context, fragment=self.fragment)


class StableOrdering(OrderingFilter):
    """A register's sort that pages reliably: empty values last in either direction on
    every database (PostgreSQL puts NULL first when descending, SQLite last), and the
    primary key as the tie-breaker, so no row shows on two pages or on none."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(p) for p in value], "pk")
