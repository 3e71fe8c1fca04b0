from django import template
from django.conf import settings

from portfolio.models import DIMENSIONS

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
