"""The baten on the API: profiles (read, change), their plan and attribution (read), and
the owner's measurements (read, record, bulk upsert keyed by `external_id`)."""

from rest_framework import serializers

from pmo.access import get_visible_or_404
from pmo.api.bulk import Upserts
from pmo.api.columns import model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import Strict, StrictModel

from .. import services
from ..models import Benefit, Contribution, Measurement, PlannedValue

WRITABLE = [name for name in services.BENEFIT_FIELDS if name not in ("portfolio", "programme")]


class BenefitWrite(StrictModel):
    approved = serializers.BooleanField(
        required=False, help_text="vaststellen (alleen als het profiel DOAM-compleet is)"
    )

    class Meta:
        model = Benefit
        fields = [*WRITABLE, "approved"]


@register("benefits")
class Benefits(Updates, Resource):
    """Batenprofielen (baten en negatieve baten), with the progress derived from their
    measurements: `realisation` and `expected` in %, `track`, `due_on`, and for a
    financial benefit `planned_amount` and `realised_amount` in €."""

    model = Benefit
    columns = model_columns(
        Benefit,
        "id",
        "kind",
        "name",
        "description",
        "category",
        "portfolio",
        "programme",
        "owner",
        "measure",
        "unit",
        "direction",
        "data_source",
        "frequency",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "status",
        "esg_theme",
        "approved_at",
        "last_value",
        "last_measured_on",
        "realisation",
        "expected",
        "track",
        "due_on",
        "planned_amount",
        "realised_amount",
        "external_id",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(
        Benefit, SyncedFilter, programme=None, status=None, category=None, owner=None
    )
    ordering_fields = ("id", "name", "updated_at", "due_on")
    update_serializer = BenefitWrite

    def perform_update(self, instance, version, data):
        approved = data.pop("approved", None)
        services.benefit_update(
            actor=self.actor(),
            benefit=instance,
            expected_version=version,
            approved=approved,
            **data,
        )


@register("benefit-contributions")
class BenefitContributions(Resource):
    """The share (%) of a benefit attributed to each contributing project."""

    model = Contribution
    columns = model_columns(Contribution, "id", "benefit", "project", "share", "updated_at")
    filterset_class = resource_filter(Contribution, benefit=None, project=None)


@register("benefit-plan-points")
class BenefitPlanPoints(Resource):
    """The realisation plan: the value a benefit is expected to have by each date."""

    model = PlannedValue
    columns = model_columns(PlannedValue, "id", "benefit", "date", "value", "updated_at")
    filterset_class = resource_filter(PlannedValue, benefit=None)


class MeasurementWrite(StrictModel):
    class Meta:
        model = Measurement
        fields = ["benefit", "measured_on", "value", "note", "external_id"]


class MeasurementRow(Strict):
    external_id = serializers.CharField(max_length=100)
    benefit = serializers.CharField(help_text="external_id van de baat")
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


@register("measurements")
class Measurements(Upserts, Creates, Resource):
    """Metingen: only the benefit's owner records them (403 for anyone else)."""

    model = Measurement
    columns = model_columns(
        Measurement,
        "id",
        "benefit",
        "measured_on",
        "value",
        "note",
        "recorded_by",
        "recorded_at",
        "external_id",
        "updated_at",
    )
    filterset_class = resource_filter(Measurement, SyncedFilter, benefit=None)
    ordering_fields = ("id", "measured_on", "updated_at")
    create_serializer = MeasurementWrite
    row_serializer = MeasurementRow

    def perform_create(self, data):
        benefit = get_visible_or_404(Benefit, self.request.user, pk=data.pop("benefit").pk)
        return services.measurement_record(actor=self.actor(), benefit=benefit, **data)

    def upsert(self, rows):
        return services.measurements_upsert(actor=self.actor(), rows=rows)
