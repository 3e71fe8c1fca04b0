"""Who makes a change, and through which channel.

Every write names its actor; the audit trail records the person and the channel, so a
change made by the API, an import, a task or the admin is never recorded as a screen edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User


class Channel(models.TextChoices):
    UI = "ui", _("scherm")
    API = "api", _("API")
    IMPORT = "import", _("import")
    TASK = "task", _("taak")
    ADMIN = "admin", _("beheer")
    SEED = "seed", _("demodata")


@dataclass(frozen=True)
class Actor:
    """A person (or nobody, for a scheduled task) acting through one channel."""

    user: User | None
    channel: Channel

    @classmethod
    def screen(cls, user: User | None) -> Actor:
        return cls(user, Channel.UI)

    @classmethod
    def api(cls, user: User | None) -> Actor:
        return cls(user, Channel.API)

    @classmethod
    def importer(cls, user: User | None) -> Actor:
        return cls(user, Channel.IMPORT)

    @classmethod
    def task(cls, user: User | None = None) -> Actor:
        return cls(user, Channel.TASK)

    @classmethod
    def admin(cls, user: User | None) -> Actor:
        return cls(user, Channel.ADMIN)

    @classmethod
    def seed(cls, user: User | None) -> Actor:
        return cls(user, Channel.SEED)

    @property
    def saved_user(self) -> User | None:
        """The user as a foreign key value: None for nobody or an unsaved user."""
        return self.user if self.user is not None and self.user.pk else None
