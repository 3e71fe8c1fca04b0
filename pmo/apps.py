from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PmoConfig(AppConfig):
    name = "pmo"
    verbose_name = _("Gebruikers en audit")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import lockouts
        from .role_setup import ensure_roles
        from .web.middleware import renewed_at_login

        user_logged_in.connect(renewed_at_login, dispatch_uid="pmo.renewed_at_login")
        lockouts.connect()

        # Every app's post_migrate: permissions of later apps exist only after theirs ran.
        post_migrate.connect(ensure_roles, dispatch_uid="pmo.ensure_roles")
