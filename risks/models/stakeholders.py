"""The stakeholder register of a project or programme: who has power over it and
interest in it (the power/interest grid), how the project engages them, and the
communication actions that carry that out."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import follows_parent
from pmo.dates import plausible_date
from pmo.tracking import Tracked
from pmo.versioning import Versioned

from .registers import RegisterQuerySet, Scoped

GRID = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(Scoped, Versioned, Tracked):
    class Strategy(models.TextChoices):
        MANAGE = "nauw-betrekken", _("nauw betrekken (veel macht, veel belang)")
        SATISFY = "tevreden-houden", _("tevreden houden (veel macht, weinig belang)")
        INFORM = "informeren", _("informeren (weinig macht, veel belang)")
        MONITOR = "monitoren", _("monitoren (weinig macht, weinig belang)")

    class Attitude(models.TextChoices):
        SUPPORTIVE = "positief", _("positief")
        NEUTRAL = "neutraal", _("neutraal")
        CRITICAL = "kritisch", _("kritisch")

    name = models.CharField(_("belanghebbende"), max_length=160)
    organisation = models.CharField(_("organisatie"), max_length=160, blank=True)
    role = models.CharField(_("rol of belang"), max_length=200, blank=True)
    power = models.PositiveSmallIntegerField(_("macht (1–5)"), validators=GRID)
    interest = models.PositiveSmallIntegerField(_("belang (1–5)"), validators=GRID)
    attitude = models.CharField(
        _("houding"), max_length=10, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    strategy = models.CharField(
        _("strategie"),
        max_length=20,
        choices=Strategy.choices,
        help_text=_("Volgt uit macht en belang, tenzij u een andere kiest."),
    )
    notes = models.TextField(_("toelichting"), blank=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("belanghebbende")
        verbose_name_plural = _("belanghebbenden")
        ordering = ["-power", "-interest", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class StakeholderAction(Versioned, Tracked):
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("communicatieactie"), max_length=300)
    channel = models.CharField(_("middel"), max_length=80, blank=True)
    due_on = models.DateField(_("uiterlijk"), validators=[plausible_date])
    done_on = models.DateField(_("gedaan op"), null=True, blank=True, validators=[plausible_date])

    objects = follows_parent("stakeholder").as_manager()

    class Meta:
        verbose_name = _("communicatieactie")
        verbose_name_plural = _("communicatieacties")
        ordering = ["stakeholder", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description
