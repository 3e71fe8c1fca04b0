"""What the API keeps: personal tokens and the deletions a syncing client must learn of."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees their own tokens; the beheerder's view of all is the admin."""
        return self.filter(user=user) if user.is_authenticated else self.none()

    def editable_by(self, user):
        return self.visible_to(user)

    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A personal API token: only its SHA-256 digest is stored; the token itself is shown
    once, when it is made. It acts as its user, with their rights, narrowed by its scope."""

    class Scope(models.TextChoices):
        READ = "read", _("alleen lezen")
        WRITE = "write", _("lezen en schrijven")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("naam"), max_length=100)
    scope = models.CharField(_("bereik"), max_length=10, choices=Scope.choices)
    # The first characters of the token, to find its row and to show which one it is.
    prefix = models.CharField(_("begin"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None or not self.user.is_active:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class Deletion(models.Model):
    """An API resource's row that was deleted: a syncing client asks for these since its
    last sync, as it asks for the changed rows. Only the keys are kept, no content."""

    # No index of its own: every row of a busy resource matches it, and with stale
    # statistics after a mass deletion PostgreSQL chose it over `deleted_at` (52 ms
    # instead of 0.1 ms for a sync, docs/PERFORMANCE.md).
    resource = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    external_id = models.CharField(max_length=100, blank=True, default="")
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["deleted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.resource} {self.object_id}"


class IdempotentRequest(models.Model):
    """A POST sent with an `Idempotency-Key`, and the answer it got: a repeat within
    `WINDOW` gets that answer again instead of doing the work twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=300)
    # SHA-256 of the path and the parsed body: the same key with another body is refused.
    digest = models.CharField(max_length=64)
    # Empty while the first request is still being answered.
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    # The answer as JSON text: PostgreSQL's jsonb refuses a \u0000, which a refusal that
    # echoes the caller's own field names may hold (schemathesis sent one).
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_request_per_key")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status or '…'})"
