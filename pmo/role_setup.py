"""Keep the role groups and their admin permissions in place after every migrate."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

from .roles import Role

# Django model permissions only govern the admin site; pages and API use the querysets.
ADMIN_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    Role.PMO_ANALIST: [
        (app, f"{action}_{model}")
        for app, model in [
            ("portfolio", "orgunit"),
            ("portfolio", "portfolio"),
            ("portfolio", "programme"),
            ("portfolio", "project"),
            ("portfolio", "milestone"),
            ("portfolio", "projectbudget"),
            ("portfolio", "team"),
            ("portfolio", "statusreport"),
            ("portfolio", "projecttolerance"),
            ("portfolio", "phaserequirement"),
            ("portfolio", "projectdocument"),
            ("portfolio", "gatedecision"),
            ("portfolio", "boardmeeting"),
            ("portfolio", "agendaitem"),
            ("portfolio", "reportreminder"),
        ]
        for action in ("view", "add", "change")
    ]
    + [("reporting", "view_snapshot")],
    Role.BEHEERDER: [("pmo", f"{action}_user") for action in ("view", "add", "change")]
    + [("auth", "view_group"), ("pmo", "view_auditentry"), ("reporting", "view_snapshot")]
    + [("django_celery_beat", f"{action}_periodictask") for action in ("view", "add", "change")],
    Role.PORTFOLIORAAD: [],
    Role.PROJECTLEIDER: [],
}


def ensure_roles(app_config=None, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    """Runs after each app's migrate. This receiver was connected before auth's, so for the
    app just migrated its permissions may not exist yet: create them first (idempotent),
    or the last app's (django_celery_beat) would never reach the roles."""
    if app_config is not None:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = ADMIN_PERMISSIONS[role]
        if not wanted:
            continue
        permissions = [
            permission
            for permission in Permission.objects.filter(
                codename__in=[codename for _app, codename in wanted]
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.add(*permissions)
