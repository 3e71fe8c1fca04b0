"""The OKR's on the API: objectives (read, create, change with `If-Match`) with their
linked projects and benefits as lists of ids, and their key results (read, add, change).
Progress and confidence are derived from the key results; they cannot be written."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pmo.access import get_visible_or_404
from pmo.api.columns import Column, Columns, model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import StrictModel

from .. import services
from ..filters.okrs import at_risk, in_period
from ..models import KeyResult, Okr


def _ids(help_text: str) -> Column:
    # Read from the row's id; `OkrColumns.rows` puts the linked ids in its place.
    return Column("id", serializers.ListField, help=help_text,
                  options={"child": serializers.IntegerField()})  # fmt: skip


class OkrColumns(Columns):
    """The OKR's columns, with the linked projects and benefits of a whole page read in
    one query each (not one per row)."""

    def rows(self, values):
        rows = super().rows(values)
        pks = [row["id"] for row in rows]
        for name, through, column in (
            ("projects", Okr.projects.through, "project_id"),
            ("benefits", Okr.benefits.through, "benefit_id"),
        ):
            linked: dict[int, list[int]] = {pk: [] for pk in pks}
            pairs = through.objects.filter(okr_id__in=pks).order_by(column)
            for okr_id, target in pairs.values_list("okr_id", column):
                linked[okr_id].append(target)
            for row in rows:
                row[name] = linked[row["id"]]
        return rows


_okr = model_columns(
    Okr, "id", "title", "description", "portfolio", "owner", "period_start", "period_end",
    "progress", "confidence", "external_id", "version", "updated_at",
)  # fmt: skip
OKR_COLUMNS = OkrColumns(
    "Okr",
    {
        **_okr.columns,
        "projects": _ids("ids van de gekoppelde projecten"),
        "benefits": _ids("ids van de gekoppelde baten"),
    },
)


class OkrWrite(StrictModel):
    class Meta:
        model = Okr
        fields = [*services.OKR_FIELDS, "projects", "benefits", "external_id"]


class OkrChange(StrictModel):
    class Meta:
        model = Okr
        fields = [*services.OKR_FIELDS, "projects", "benefits"]


PERIOD_HELP = _("De periode: lopend, komend, afgelopen of een kwartaal zoals 2026-K4.")
AT_RISK_HELP = _("In de gevarenzone: een vertrouwen van 4 of lager.")


def _period(queryset, name, value):
    return in_period(queryset, value, timezone.localdate())


def _at_risk(queryset, name, value):
    return queryset if value is None else at_risk(queryset, value)


@register("okrs")
class Okrs(Updates, Creates, Resource):
    """OKR's: an objective for a period with key results. `progress` (%) is the unweighted
    mean of its key results' progress, `confidence` (1–10) the mean of theirs; at risk
    (`at_risk=true`) at a confidence of 4 or lower. `period`: `lopend`, `komend`,
    `afgelopen` or a quarter such as `2026-K4`."""

    model = Okr
    columns = OKR_COLUMNS
    filterset_class = resource_filter(
        Okr,
        SyncedFilter,
        portfolio=None,
        owner=None,
        period=django_filters.CharFilter(method=_period, label=PERIOD_HELP),
        at_risk=django_filters.BooleanFilter(method=_at_risk, label=AT_RISK_HELP),
    )
    ordering_fields = ("id", "title", "period_start", "progress", "confidence", "updated_at")
    create_serializer = OkrWrite
    update_serializer = OkrChange

    def perform_create(self, data):
        return services.okr_create(actor=self.actor(), **data)

    def perform_update(self, instance, version, data):
        services.okr_update(actor=self.actor(), okr=instance, expected_version=version, **data)


class KeyResultWrite(StrictModel):
    class Meta:
        model = KeyResult
        fields = ["okr", *services.KEY_RESULT_FIELDS, "external_id"]


class KeyResultChange(StrictModel):
    class Meta:
        model = KeyResult
        fields = services.KEY_RESULT_FIELDS


@register("key-results")
class KeyResults(Updates, Creates, Resource):
    """Key results: from `start_value` to `target_value` (higher or lower), now
    `current_value`, with the owners' `confidence` (1–10). A change refreshes the OKR's
    progress and confidence, and moves the OKR's version (its ETag) too."""

    model = KeyResult
    columns = model_columns(
        KeyResult, "id", "okr", "title", "unit", "start_value", "target_value",
        "current_value", "confidence", "external_id", "version", "updated_at",
    )  # fmt: skip
    filterset_class = resource_filter(KeyResult, SyncedFilter, okr=None)
    ordering_fields = ("id", "updated_at")
    create_serializer = KeyResultWrite
    update_serializer = KeyResultChange

    def perform_create(self, data):
        okr = get_visible_or_404(Okr, self.request.user, pk=data.pop("okr").pk)
        return services.key_result_add(actor=self.actor(), okr=okr, expected_version=None, **data)

    def perform_update(self, instance, version, data):
        services.key_result_update(
            actor=self.actor(), key_result=instance, expected_version=version, **data
        )
