"""Bulk upserts on the API: `POST /api/v1/<resource>/bulk` with `{"rows": [...]}`.

All or nothing: the rows are checked as a whole and every refusal is answered at once as
problem details with a pointer per row and field (`#/rows/3/code`); then nothing is
written. The same payload twice changes nothing. At most `pmo.bulk.MAX_ROWS` rows.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from pmo.bulk import MAX_ROWS, UpsertResult

from .exceptions import PayloadTooLarge
from .resources import Writes
from .serializers import Strict


class Outcome(serializers.Serializer):
    index = serializers.IntegerField()
    external_id = serializers.CharField(help_text="de sleutel van de rij")
    id = serializers.IntegerField()
    result = serializers.ChoiceField(choices=["created", "updated", "unchanged"])


class BulkResult(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rows = Outcome(many=True)


def bulk_request(row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    name = row.__name__.removesuffix("Row") + "Bulk"
    return type(name, (Strict,), {"rows": row(many=True, allow_empty=False)})


class Upserts(Writes):
    """The `bulk` action: `row_serializer` checks the types of one row, `upsert(rows)`
    calls the domain's bulk service."""

    row_serializer: ClassVar[type[serializers.Serializer]]

    def upsert(self, rows: list[dict]) -> UpsertResult:
        raise NotImplementedError

    def bulk(self, request):
        rows = request.data.get("rows") if isinstance(request.data, dict) else None
        if isinstance(rows, list) and len(rows) > MAX_ROWS:
            raise PayloadTooLarge(
                _("Hoogstens %(max)s rijen per verzoek; dit waren er %(count)s.")
                % {"max": f"{MAX_ROWS:,}".replace(",", "."), "count": len(rows)}
            )
        data = self.validated(bulk_request(self.row_serializer))
        result = self.upsert(data["rows"])
        return Response(
            {
                "created": result.count("created"),
                "updated": result.count("updated"),
                "unchanged": result.count("unchanged"),
                "rows": [
                    {"index": r.index, "external_id": r.external_id, "id": r.id, "result": r.result}
                    for r in result.rows
                ],
            }
        )

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "row_serializer" in cls.__dict__:
            # Each resource's own action, so the document names its own request body.
            def bulk(self, request):
                return Upserts.bulk(self, request)

            bulk.__doc__ = (
                "Create or update many rows at once, keyed by their external_id; all or "
                "nothing, and the same payload twice changes nothing."
            )
            decorated = extend_schema(
                request=bulk_request(cls.row_serializer), responses={200: BulkResult}
            )(action(detail=False, methods=["post"])(bulk))
            cls.bulk = decorated
