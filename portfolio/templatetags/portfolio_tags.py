from django import template
from django.conf import settings
from django.utils.formats import number_format

from portfolio.status.models import DIMENSIONS

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def rollup_dimensions():
    from django.utils.translation import gettext_lazy as _

    return [*DIMENSIONS, ("overall", _("totaal"))]


@register.simple_tag
def rollup_rule():
    return settings.PMO_ROLLUP_RULE


@register.filter
def add_total(rows, total):
    return [*rows, total] if total else rows


@register.filter
def percent(value, decimals: int = 1) -> str:
    """A fraction 0…1 as a localised percentage: 0.355 → "35,5%" in Dutch."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, int(decimals))}%"


@register.filter
def form_field(form, key):
    """The bound field named "w<key>" (the per-criterion fields of the weights form)."""
    return form[f"w{key}"]


@register.inclusion_tag("partials/figure_table.html")
def figure_table(figure):
    """The numbers of a chart as a table under it (its text alternative)."""
    from pmo.figures import figure_table as table

    return {"table": table(figure or {})}
