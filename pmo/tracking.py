"""What a syncing client needs of every row: when it last changed, and its key elsewhere.

`Tracked` keeps `updated_at`, so `?updated_since=` finds what changed; writes that go
around `save()` (a queryset's `update()`) set it too, through `AccessQuerySet.update`.
`Synced` adds `external_id`, the row's key in the system it is synced with.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tracked(models.Model):
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Synced(models.Model):
    external_id = models.CharField(
        _("extern kenmerk"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Kenmerk in een ander systeem (financiën, zaaksysteem) voor synchronisatie."),
    )

    class Meta:
        abstract = True


def tracks_updates(model: type[models.Model]) -> bool:
    try:
        return bool(getattr(model._meta.get_field("updated_at"), "auto_now", False))
    except FieldDoesNotExist:
        return False


def stamped(model: type[models.Model], fields: dict) -> dict:
    """`fields` for an UPDATE, with `updated_at` set when the model tracks it."""
    if "updated_at" not in fields and tracks_updates(model):
        return {**fields, "updated_at": timezone.now()}
    return fields
