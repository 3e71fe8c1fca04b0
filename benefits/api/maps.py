"""The batenkaarten on the API: maps (read, create, change), their boxes and arrows
(read, add). An arrow that runs backwards or would close a cycle is refused with the same
field error as on the page."""

from rest_framework import serializers

from pmo.access import get_editable_or_403, get_visible_or_404
from pmo.api.columns import model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import Strict, StrictModel

from ..models import BenefitMap, MapLink, MapNode
from ..services import maps as services


class MapWrite(StrictModel):
    class Meta:
        model = BenefitMap
        fields = [*services.MAP_FIELDS, "external_id"]


class MapChange(StrictModel):
    class Meta:
        model = BenefitMap
        fields = ["name", "description"]


@register("benefit-maps")
class BenefitMaps(Updates, Creates, Resource):
    """Batenkaarten per programme (or a whole portfolio)."""

    model = BenefitMap
    columns = model_columns(
        BenefitMap,
        "id",
        "name",
        "description",
        "portfolio",
        "programme",
        "external_id",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(BenefitMap, SyncedFilter, portfolio=None, programme=None)
    ordering_fields = ("id", "name", "updated_at")
    create_serializer = MapWrite
    update_serializer = MapChange

    def perform_create(self, data):
        return services.map_create(actor=self.actor(), **data)

    def perform_update(self, instance, version, data):
        services.map_update(
            actor=self.actor(), benefit_map=instance, expected_version=version, **data
        )


class NodeWrite(StrictModel):
    class Meta:
        model = MapNode
        fields = ["map", *services.NODE_FIELDS, "external_id"]


@register("map-nodes")
class MapNodes(Creates, Resource):
    """The boxes of a map: `kind` is its step in the chain; `benefit`, `project` or
    `objective` what it stands for; `disbenefit` follows the profile when there is one."""

    model = MapNode
    columns = model_columns(
        MapNode,
        "id",
        "map",
        "kind",
        "label",
        "disbenefit",
        "project",
        "benefit",
        "objective",
        "external_id",
        "updated_at",
    )
    filterset_class = resource_filter(MapNode, SyncedFilter, map=None, kind=None)
    ordering_fields = ("id", "updated_at")
    create_serializer = NodeWrite

    def perform_create(self, data):
        benefit_map = get_visible_or_404(BenefitMap, self.request.user, pk=data.pop("map").pk)
        return services.node_add(actor=self.actor(), benefit_map=benefit_map, **data)


class LinkWrite(Strict):
    source = serializers.IntegerField(help_text="id van het element waar het verband begint")
    target = serializers.IntegerField(help_text="id van het element waaraan het bijdraagt")


@register("map-links")
class MapLinks(Creates, Resource):
    """The arrows of a map: `source` contributes to `target`."""

    model = MapLink
    columns = model_columns(MapLink, "id", "map", "source", "target", "updated_at")
    filterset_class = resource_filter(MapLink, map=None, source=None, target=None)
    create_serializer = LinkWrite

    def perform_create(self, data):
        user = self.request.user
        source = get_visible_or_404(MapNode, user, pk=data["source"])
        get_editable_or_403(BenefitMap, user, pk=source.map_id)
        target = get_visible_or_404(MapNode, user, pk=data["target"])
        return services.link_add(actor=self.actor(), source=source, target=target)
