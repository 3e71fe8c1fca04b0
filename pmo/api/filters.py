"""Filters every resource has: `updated_since` for incremental sync, `external_id`."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SinceFilter(django_filters.IsoDateTimeFilter):
    """`field >= moment`, the moment compared in UTC: ISO 8601 and Python take offsets up
    to ±23:59, PostgreSQL only up to ±15:59 (schemathesis sent +17:28, which was a 500).
    A moment past the last representable one finds nothing; one before the first, all."""

    def filter(self, qs, value):
        if value is not None and timezone.is_aware(value):
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError:
                return qs.none() if value.year == dt.MAXYEAR else qs
        return super().filter(qs, value)


class ResourceFilter(django_filters.FilterSet):
    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Gewijzigd op of na dit tijdstip (ISO 8601): voor incrementele synchronisatie."),
    )


class SyncedFilter(ResourceFilter):
    external_id = django_filters.CharFilter(
        field_name="external_id", label=_("Het kenmerk in het andere systeem.")
    )


def resource_filter(model, base=ResourceFilter, **declared):
    """A FilterSet for `model` with the base filters and `declared` ones (django-filter
    field names or Filter instances)."""
    fields = [name for name, value in declared.items() if value is None]
    attrs = {name: value for name, value in declared.items() if value is not None}
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}ApiFilter", (base,), {"Meta": meta, **attrs})
