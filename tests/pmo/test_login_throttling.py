"""Every login path counts failures per user name and per address, and refuses at the
limit, right password or not; a lock-out is audited and the beheerder can lift it."""

import base64

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from pmo.models import AuditEntry, LoginLockout
from pmo.roles import Role
from tests.support.factories import user_with_role

pytestmark = pytest.mark.django_db
PASSWORD = "juist-wachtwoord-42"
LOGIN_PATHS = ["/inloggen/", "/admin/login/"]


@pytest.fixture
def person():
    user = user_with_role(Role.PMO_ANALIST, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def attempt(client, path, username, password, address="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_the_right_password_is_refused_after_the_limit(path, person, settings):
    """Wrong passwords up to the limit (the last one already gets the lock-out page),
    then the right one: refused (429), on the login page and the admin's login alike."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, path, person.username, "fout").status_code == 200
    assert attempt(client, path, person.username, "fout").status_code == 429
    response = attempt(client, path, person.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Inloggen tijdelijk geblokkeerd" in response.text


def test_a_locked_user_name_is_refused_from_another_address(person, settings):
    """The count per user name holds whichever address the guesses come from."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "/inloggen/", person.username, "fout", address=f"10.0.1.{n}")
    response = attempt(Client(), "/inloggen/", person.username, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429


def test_a_locked_address_is_refused_for_every_user_name(person, settings):
    """Guessing many names from one address locks the address, also for a right login."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "/inloggen/", f"niemand{n}", "fout")
    assert attempt(Client(), "/inloggen/", person.username, PASSWORD).status_code == 429
    # From elsewhere the person still gets in.
    ok = attempt(Client(), "/inloggen/", person.username, PASSWORD, address="10.0.0.2")
    assert ok.status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(person):
    """The page does not tell whether a user name exists."""
    unknown = attempt(Client(), "/inloggen/", "bestaat-niet", "fout", address="10.0.2.1")
    wrong = attempt(Client(), "/inloggen/", person.username, "fout", address="10.0.2.2")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_a_success_below_the_limit_starts_the_count_again(person, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "/inloggen/", person.username, "fout")
    assert attempt(client, "/inloggen/", person.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "/inloggen/", person.username, "fout")
    assert attempt(client, "/inloggen/", person.username, PASSWORD).status_code == 302


def test_each_lock_out_is_audited_once(person, settings):
    """One line when the lock begins, naming user name, address and path; refused
    attempts during the lock add none."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        attempt(client, "/admin/login/", person.username, "fout")
    attempt(client, "/admin/login/", person.username, PASSWORD)
    lines = AuditEntry.objects.filter(action=AuditEntry.Action.LOCKOUT)
    assert lines.count() == 1
    line = lines.get()
    assert line.content_type == ContentType.objects.get_for_model(LoginLockout)
    assert line.source == AuditEntry.Source.ADMIN
    values = {key: new for key, (_old, new) in line.changes.items()}
    assert person.username in values.values()
    assert "10.0.0.1" in values.values()


def test_the_beheerder_unlocks_and_the_person_gets_in(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "/inloggen/", person.username, "fout")
    assert attempt(Client(), "/inloggen/", person.username, PASSWORD).status_code == 429

    beheerder = user_with_role(Role.BEHEERDER, is_staff=True)
    client.force_login(beheerder)
    listing = client.get(reverse("admin:pmo_loginlockout_changelist"))
    assert listing.status_code == 200
    assert person.username in listing.text
    rows = list(LoginLockout.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:pmo_loginlockout_changelist"),
        {"action": "unlock", "_selected_action": rows},
    )
    assert response.status_code == 302
    assert not LoginLockout.objects.exists()
    unlocked = AuditEntry.objects.get(action=AuditEntry.Action.UNLOCK)
    assert unlocked.actor == beheerder

    assert attempt(Client(), "/inloggen/", person.username, PASSWORD).status_code == 302


def test_other_roles_cannot_unlock(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), "/inloggen/", person.username, "fout")
    analyst = user_with_role(Role.PMO_ANALIST, is_staff=True)
    client.force_login(analyst)
    url = reverse("admin:pmo_loginlockout_changelist")
    assert client.get(url).status_code == 403
    rows = list(LoginLockout.objects.values_list("pk", flat=True))
    client.post(url, {"action": "unlock", "_selected_action": rows})
    assert LoginLockout.objects.count() == len(rows)


@pytest.mark.parametrize("password", ["fout", PASSWORD])
def test_the_api_answers_no_http_basic(person, password):
    """No Basic authentication anywhere: a right and a wrong password both get 401, so
    the API is no password oracle outside the login throttling."""
    token = base64.b64encode(f"{person.username}:{password}".encode()).decode()
    response = Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 401
    assert not LoginLockout.objects.exists()


def test_the_api_document_is_public_and_the_data_is_not(client):
    """The OpenAPI document describes the API to anyone (Dutch API Design Rules); what
    it describes answers only a signed-in user or a token."""
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/projects").status_code == 401
