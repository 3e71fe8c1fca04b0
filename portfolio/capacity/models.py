"""Capacity: competence teams whose hours projects draw on (demand per month comes next)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, edits_everything, reads_everything
from pmo.tracking import Synced, Tracked

from ..projects.models import OrgUnit, code_validator

TeamQuerySet = area_queryset(readers=reads_everything, writers=edits_everything)


class Team(Synced, Tracked):
    """A competence team whose capacity projects draw on."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("naam"), max_length=120)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.PROTECT,
        related_name="teams",
    )
    hours_per_month = models.PositiveIntegerField(
        _("capaciteit (uur per maand)"),
        default=0,
        help_text=_("Beschikbare uren per maand voor projecten."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leden"), blank=True, related_name="teams"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
