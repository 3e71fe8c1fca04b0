"""Subscriptions and the log of their deliveries."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo.roles import Role


class Event(models.TextChoices):
    REPORT_SUBMITTED = "report.submitted", _("rapportage ingediend")
    TURNED_RED = "report.turned_red", _("dimensie op rood gegaan")
    EXCEPTION_RAISED = "report.exception", _("afwijking (exception) gemeld")
    GATE_DECIDED = "gate.decided", _("faseovergang besloten")
    SCENARIO_ADOPTED = "scenario.adopted", _("scenario vastgesteld")
    SNAPSHOT_BUILT = "snapshot.built", _("dashboard gebouwd")


class BeheerOnly(models.QuerySet):
    """Webhooks are the beheerder's, in the admin; nobody sees them elsewhere."""

    def visible_to(self, user):
        return self if user.is_authenticated and user.has_role(Role.BEHEERDER) else self.none()

    def editable_by(self, user):
        return self.visible_to(user)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    url = models.URLField(
        _("adres"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    events = models.JSONField(_("gebeurtenissen"), default=list)
    secret = models.CharField(
        _("geheim"),
        max_length=100,
        default=new_secret,
        help_text=_("De ontvanger controleert er de handtekening mee (X-PMO-Signature)."),
    )
    active = models.BooleanField(_("actief"), default=True)
    # Set at the first failure after a success; a day of failures pauses the subscription.
    failing_since = models.DateTimeField(_("faalt sinds"), null=True, blank=True)
    paused_at = models.DateTimeField(_("gepauzeerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = BeheerOnly.as_manager()

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return self.active and event in self.events


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("wacht")
        DELIVERED = "delivered", _("afgeleverd")
        FAILED = "failed", _("opgegeven")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The receiver's key to recognise a delivery it already had (a retry, a redelivery).
    delivery_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event = models.CharField(_("gebeurtenis"), max_length=40, choices=Event.choices)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    response_code = models.PositiveSmallIntegerField(_("antwoordcode"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True, db_index=True)

    objects = BeheerOnly.as_manager()

    class Meta:
        verbose_name = _("webhookaflevering")
        verbose_name_plural = _("webhookafleveringen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.subscription}"
