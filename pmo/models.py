from functools import cached_property

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .actors import Channel
from .roles import EDIT_ALL_ROLES, READ_ALL_ROLES, Role


class User(AbstractUser):
    """A person using the application; roles are groups named after `Role`."""

    org_unit = models.ForeignKey(
        "portfolio.OrgUnit",
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Een projectleider ziet de projecten van dit onderdeel en eronder."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role in self.roles

    @property
    def reads_everything(self) -> bool:
        return self.is_superuser or bool(self.roles & READ_ALL_ROLES)

    @property
    def edits_everything(self) -> bool:
        return self.is_superuser or bool(self.roles & EDIT_ALL_ROLES)


class AuditEntry(models.Model):
    """One recorded change: who, when, through which channel, and what changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        LOCKOUT = "lockout", _("inloggen geblokkeerd")
        UNLOCK = "unlock", _("ontgrendeld")

    # The channel the change came through (scherm, API, import, taak, beheer).
    Source = Channel

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    # No index of its own: the (content_type, object_id, at) index below starts with it.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    # Version of the object after this change; lets a stale edit name what changed since.
    version = models.PositiveIntegerField(null=True, blank=True)
    # {field name: [old, new]} with values as displayed text.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class LoginLockout(AccessAttempt):
    """Failed logins counted by django-axes, per user name and address; a row at the
    limit is a lock-out. The beheerder sees them and unlocks by removing them."""

    class Meta:
        proxy = True
        verbose_name = _("inlogblokkade")
        verbose_name_plural = _("inlogblokkades")


# The API's own rows live beside its code; the app's models module names them.
from .api.models import ApiToken, Deletion, IdempotentRequest  # noqa: E402
from .imports.models import ImportJob, ImportMapping  # noqa: E402
from .webhooks.models import WebhookDelivery, WebhookSubscription  # noqa: E402

__all__ = ["ApiToken", "AuditEntry", "Deletion", "IdempotentRequest", "LoginLockout", "User"]
__all__ += ["WebhookDelivery", "WebhookSubscription", "ImportJob", "ImportMapping"]
