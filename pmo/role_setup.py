"""Keep the role groups and their admin permissions in place after every migrate."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

from .roles import Role

# Django model permissions only govern the admin site; pages and API use the querysets.
# They are exactly the table in docs/ROLLEN.md (tests/pmo/test_admin_rights.py compares).
EDIT = ("view", "add", "change")
ANALYST_EDITS = [
    "orgunit",
    "portfolio",
    "programme",
    "project",
    "team",
    "projecttolerance",
    "phaserequirement",
    "boardmeeting",
]
# Written through their pages and services, where their rules hold: looked up here only.
ANALYST_VIEWS = ["milestone", "statusreport", "projectdocument", "gatedecision", "reportreminder"]
# Dashboards are scheduled on their own page (its service keeps beat in step); the admin
# shows them, their snapshots and builds for looking up a failed build's error.
REPORTING_VIEWS = [("reporting", f"view_{m}") for m in ("scope", "snapshot", "snapshotbuild")]
ADMIN_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    Role.PMO_ANALIST: [("portfolio", f"{a}_{m}") for m in ANALYST_EDITS for a in EDIT]
    + [("portfolio", f"view_{m}") for m in ANALYST_VIEWS]
    + REPORTING_VIEWS,
    Role.BEHEERDER: [("pmo", f"{action}_user") for action in EDIT]
    + [("auth", "view_group"), ("pmo", "view_auditentry")]
    + REPORTING_VIEWS
    + [("pmo", "view_loginlockout"), ("pmo", "delete_loginlockout")]
    + [("pmo", f"{action}_webhooksubscription") for action in EDIT]
    + [("pmo", "view_webhookdelivery"), ("pmo", "view_apitoken")]
    + [
        ("django_celery_beat", f"{action}_{model}")
        for model in ("periodictask", "crontabschedule", "intervalschedule")
        for action in EDIT
    ],
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
        permissions = [
            permission
            for permission in Permission.objects.filter(
                codename__in=[codename for _app, codename in wanted]
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        # Set, not add: a right taken out of the table is taken from the role too.
        group.permissions.set(permissions)
