"""Write serializers of the API refuse what they do not know: a misspelt field in a sync
would otherwise be dropped without a word, and the caller would believe it was saved."""

import re
from functools import cached_property

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.validators import ProhibitSurrogateCharactersValidator

UNKNOWN = _("Onbekend veld; zie het OpenAPI-document voor de velden die hier gelden.")
SURROGATE = re.compile("[\ud800-\udfff]")


class NoSurrogates(ProhibitSurrogateCharactersValidator):
    """DRF's check with one regular expression instead of a generator over every
    character: it was half the time of validating a bulk request of 10,000 rows."""

    def __call__(self, value):
        found = SURROGATE.search(str(value))
        if found:
            super().__call__(found.group())


class StrictMixin:
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.validators = [
                NoSurrogates() if type(v) is ProhibitSurrogateCharactersValidator else v
                for v in field.validators
            ]
        return fields

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - self._known)
            if unknown:
                raise serializers.ValidationError({name: [UNKNOWN] for name in unknown})
        return super().to_internal_value(data)

    # Worked out once per serializer rather than per row: a bulk request runs one child
    # serializer over up to 10,000 rows.
    @cached_property
    def _writable_fields(self) -> tuple[serializers.Field, ...]:
        return tuple(field for field in self.fields.values() if not field.read_only)

    @cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(field.field_name for field in self._writable_fields)

    @cached_property
    def _has_read_only_defaults(self) -> bool:
        return any(f.read_only and f.default is not empty for f in self.fields.values())

    def _read_only_defaults(self):
        return super()._read_only_defaults() if self._has_read_only_defaults else {}


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
