"""The admin gives each role exactly the rights the table in docs/ROLLEN.md states, and
the beheerder manages users without being able to raise anyone, themself included."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from pmo.models import User
from pmo.roles import Role
from tests.support.factories import user_with_role

pytestmark = pytest.mark.django_db
ROLLEN = Path(__file__).resolve().parents[2] / "docs" / "ROLLEN.md"
COLUMNS = [Role.PORTFOLIORAAD, Role.PMO_ANALIST, Role.PROJECTLEIDER, Role.BEHEERDER]
# (view, add, change, delete); unlocking a login lock-out removes its row.
MEANING = {
    "wijzigt": (True, True, True, False),
    "ziet": (True, False, False, False),
    "ontgrendelt": (True, False, False, True),
    "–": (False,) * 4,
}


def documented() -> dict[str, dict[str, tuple]]:
    """{onderdeel: {role: (view, add, change, delete)}} from the Beheer table in ROLLEN.md."""
    section = ROLLEN.read_text().split("## Beheer (admin)", 1)[1]
    rows = re.findall(
        r"^\| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$", section, re.M
    )
    table = {}
    for name, *cells in rows:
        if name in ("onderdeel", "---"):
            continue
        table[name] = {
            role: MEANING[cell.strip()] for role, cell in zip(COLUMNS, cells, strict=True)
        }
    return table


def test_every_roles_admin_rights_are_the_documented_ones():
    """Every model in the admin has a row, and every role gets exactly that row."""
    table = documented()
    users = {role: user_with_role(role, is_staff=True) for role in COLUMNS}
    factory = RequestFactory()
    wrong = {}
    with translation.override("nl"):
        for model, model_admin in admin.site._registry.items():
            name = str(model._meta.verbose_name_plural)
            assert name in table, f"{name} is in the admin but not in docs/ROLLEN.md"
            for role, user in users.items():
                request = factory.get("/admin/")
                request.user = User.objects.get(pk=user.pk)  # fresh permission cache
                actual = (
                    model_admin.has_view_permission(request),
                    model_admin.has_add_permission(request),
                    model_admin.has_change_permission(request),
                    model_admin.has_delete_permission(request),
                )
                if actual != table[name][role]:
                    wrong[(name, str(role))] = {"admin": actual, "docs": table[name][role]}
    assert not wrong, wrong


@pytest.fixture
def beheerder(client):
    user = user_with_role(Role.BEHEERDER, is_staff=True)
    client.force_login(user)
    return user


def test_the_beheerder_cannot_make_anyone_superuser_or_staff(client, beheerder):
    url = reverse("admin:pmo_user_change", args=[beheerder.pk])
    page = client.get(url).text
    for field in ("is_superuser", "is_staff", "user_permissions", "password"):
        assert f'name="{field}"' not in page, field
    roles = {str(g.pk): g.name for g in beheerder.groups.model.objects.all()}
    analyst_group = next(pk for pk, name in roles.items() if name == Role.PMO_ANALIST)
    data = {
        "username": beheerder.username,
        "first_name": "B",
        "last_name": "H",
        "email": "b@example.org",
        "is_active": "on",
        "groups": [analyst_group],
        "org_unit": "",
        "is_superuser": "on",
        "is_staff": "on",
        "user_permissions": [str(Permission.objects.get(codename="change_gatedecision").pk)],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser
    assert not beheerder.user_permissions.exists()
    assert beheerder.is_staff  # from the PMO-analist role, not from the posted flag


def test_roles_are_the_only_groups_offered_and_staff_follows_the_role(client, beheerder):
    from django.contrib.auth.models import Group

    Group.objects.create(name="superhelden")
    add = client.get(reverse("admin:pmo_user_add")).text
    assert "superhelden" not in add and 'name="password1"' not in add
    leader = Group.objects.get(name=Role.PROJECTLEIDER)
    response = client.post(
        reverse("admin:pmo_user_add"),
        {
            "username": "nieuw",
            "email": "nieuw@example.org",
            "is_active": "on",
            "groups": [leader.pk],
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert not user.has_usable_password() and not user.is_staff
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"] and "/wachtwoord/" in message.body


def test_no_other_users_password_and_no_change_to_a_superuser(client, beheerder, admin_user):
    other = user_with_role(Role.PROJECTLEIDER, email="pl@example.org")
    assert (
        client.get(reverse("admin:auth_user_password_change", args=[other.pk])).status_code == 403
    )
    superuser_page = reverse("admin:pmo_user_change", args=[admin_user.pk])
    assert client.post(superuser_page, {"username": "overgenomen"}).status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.username != "overgenomen"
    response = client.post(
        reverse("admin:pmo_user_changelist"),
        {"action": "send_password_link", "_selected_action": [other.pk]},
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["pl@example.org"]
