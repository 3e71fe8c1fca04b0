"""Filters every resource has: `updated_since` for incremental sync, `external_id`."""

import django_filters
from django.utils.translation import gettext_lazy as _


class ResourceFilter(django_filters.FilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
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
