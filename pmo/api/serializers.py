"""Write serializers of the API refuse what they do not know: a misspelt field in a sync
would otherwise be dropped without a word, and the caller would believe it was saved."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

UNKNOWN = _("Onbekend veld; zie het OpenAPI-document voor de velden die hier gelden.")


class StrictMixin:
    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - known)
            if unknown:
                raise serializers.ValidationError({name: [UNKNOWN] for name in unknown})
        return super().to_internal_value(data)


class Strict(StrictMixin, serializers.Serializer):
    pass


class StrictModel(StrictMixin, serializers.ModelSerializer):
    """Field types from the model; uniqueness and the other rules are the service's
    (`full_clean()` there), so they hold for every channel alike."""

    def get_validators(self):
        return []

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs.pop("validators", None)
        return field_class, kwargs
