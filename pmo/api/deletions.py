"""`/api/v1/deletions`: the rows deleted since a moment, per resource, so a client that
syncs by `updated_since` learns what to remove too. Only keys are kept: the resource,
the id and the external_id; never the content."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework.generics import ListAPIView

from .columns import Columns, DateTime, Int, Text
from .filters import SinceFilter
from .models import Deletion
from .pagination import Cursor
from .problems import ProblemsAsJson
from .renderers import CSVRenderer
from .throttling import AddressFirst

COLUMNS = Columns(
    "Deletion",
    {
        "id": Int("id"),
        "resource": Text("resource", help="het pad van de resource, bv. projects"),
        "object_id": Int("object_id"),
        "external_id": Text("external_id", help="leeg als het geen extern kenmerk had"),
        "deleted_at": DateTime("deleted_at"),
    },
)


class DeletionFilter(django_filters.FilterSet):
    resource = django_filters.CharFilter(label=_("De resource, bv. projects."))
    updated_since = SinceFilter(
        field_name="deleted_at", lookup_expr="gte", label=_("Verwijderd op of na dit tijdstip.")
    )

    class Meta:
        model = Deletion
        fields = ["resource", "updated_since"]


class DeletionList(AddressFirst, ProblemsAsJson, ListAPIView):
    """Deleted rows, oldest first. A resource's deletions are listed for whoever may read
    that resource's list at all."""

    filterset_class = DeletionFilter
    pagination_class = Cursor
    columns = COLUMNS

    def get_queryset(self):
        from .registry import resources

        user = self.request.user
        readable = [path for path, resource in resources.items() if resource.readable_by(user)]
        return Deletion.objects.filter(resource__in=readable)

    def get_renderers(self):
        return [*super().get_renderers(), CSVRenderer()]

    def get_serializer_class(self):
        return COLUMNS.serializer()

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*COLUMNS.sources))
        return self.get_paginated_response(COLUMNS.rows(page))
