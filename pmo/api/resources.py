"""The base viewset every API resource is declared on.

A resource names its model, its columns and its filters; the base brings the rest:
- the permission layer: the rows are `visible_to(user)` (outside: 404; a whole area out
  of sight: 404 for its list too), a write needs `editable_by(user)` (else 403);
- reads through `values()` (pmo/api/columns.py), cursor pages, JSON or CSV;
- ETag on every detail, 304 on a matching `If-None-Match`, `If-Match` on every change;
- the object's audit history at `…/{id}/history`;
- writes only through the domain's services, with the API channel as actor.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pmo.access import area_readable, get_editable_or_403, get_visible_or_404, require_area
from pmo.actors import Actor
from pmo.audit import audit_entries_for

from .columns import Columns
from .conditional import etag_of, expected_version, not_modified
from .idempotency import IdempotencyKeys
from .pagination import Cursor
from .problems import ProblemsAsJson
from .renderers import CSVRenderer
from .schemas import HISTORY_COLUMNS, history_rows
from .throttling import AddressFirst


class Resource(AddressFirst, ProblemsAsJson, IdempotencyKeys, viewsets.GenericViewSet):
    model: ClassVar[type[models.Model]]
    columns: ClassVar[Columns]
    # The portfolio-wide area (pmo.access.area_queryset) the rows belong to, if any: for a
    # user who may not read it the whole resource is out of sight (404), its list too.
    area: ClassVar[type[models.Model] | None] = None
    # Serializers of the writes this resource takes (with the Creates/Updates mixins).
    create_serializer: ClassVar[type | None] = None
    update_serializer: ClassVar[type | None] = None
    ordering_fields: ClassVar[tuple[str, ...]] = ("id", "updated_at")
    ordering: ClassVar[tuple[str, ...]] = ("id",)
    lookup_value_regex = "[0-9]+"
    pagination_class = Cursor
    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend, OrderingFilter]

    # ------------------------------------------------------------------ reading

    @classmethod
    def readable_by(cls, user) -> bool:
        """Whether the list is in the user's sight at all (its rows may still be few)."""
        return user.is_authenticated and (cls.area is None or area_readable(cls.area, user))

    def get_queryset(self) -> models.QuerySet:
        user = self.request.user
        if self.area is not None:
            require_area(self.area, user)
        return self.model.objects.visible_to(user)

    def get_serializer_class(self):
        if self.action == "create" and self.create_serializer:
            return self.create_serializer
        if self.action in ("update", "partial_update") and self.update_serializer:
            return self.update_serializer
        return self.columns.serializer()

    def rows(self, queryset: models.QuerySet) -> list[dict]:
        return self.columns.rows(queryset.values(*self.columns.sources))

    def row(self, pk: Any) -> dict:
        """The one row `pk`, or 404 when it is not in the user's sight."""
        found = self.rows(self.get_queryset().filter(pk=pk))
        if not found:
            get_visible_or_404(self.model, self.request.user, pk=-1)
        return found[0]

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*self.columns.sources))
        return self.get_paginated_response(self.columns.rows(page))

    def retrieve(self, request, pk=None, *args, **kwargs):
        return self.answer(self.row(pk))

    def answer(self, row: dict, code: int = status.HTTP_200_OK) -> Response:
        etag = etag_of(row)
        if code == status.HTTP_200_OK and not_modified(self.request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(row, status=code, headers={"ETag": etag})

    @extend_schema(
        parameters=[OpenApiParameter("cursor", str, description="Volgende pagina")],
        responses=HISTORY_COLUMNS.serializer()(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Who changed this, when, through which channel, and what."""
        instance = get_visible_or_404(self.model, request.user, pk=pk)
        return Response(history_rows(audit_entries_for(instance)))


class Writes:
    """What every writable resource shares: the API actor and strict validation."""

    def actor(self) -> Actor:
        return Actor.api(self.request.user)

    def validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class Creates(Writes):
    """POST on the list: `perform_create(data)` calls the domain's service."""

    def create(self, request, *args, **kwargs):
        created = self.perform_create(self.validated(self.create_serializer))
        response = self.answer(self.row(created.pk), status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(f"{request.path}/{created.pk}")
        return response

    def perform_create(self, data: dict) -> models.Model:
        raise NotImplementedError


class Updates(Writes):
    """PATCH on a detail, conditional on `If-Match`: `perform_update` calls the service
    with the version the caller read, so a change made meanwhile is refused (412)."""

    def partial_update(self, request, pk=None, *args, **kwargs):
        instance = get_editable_or_403(self.model, request.user, pk=pk)
        version = expected_version(request, instance.version)
        data = self.validated(self.update_serializer, partial=True)
        self.perform_update(instance, version, data)
        found = self.rows(self.get_queryset().filter(pk=instance.pk))
        if not found:  # the change removed it (a score set to null)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.answer(found[0])

    def perform_update(self, instance: models.Model, version: int, data: dict) -> None:
        raise NotImplementedError
