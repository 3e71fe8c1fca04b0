"""What the settings guarantee (docs/SECURITY.md): DEBUG off unless asked, production
never with DEBUG, private pages not cached, idle sessions ending, static files without
DEBUG."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def settings_in(env: dict) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly these variables."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ENV", "SECRET_KEY")}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'pmo.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_AGE, s.SESSION_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )


def test_debug_is_off_unless_asked_for():
    assert settings_in({}).stdout.split() == ["False", "28800", "False"]
    assert settings_in({"DEBUG": "1"}).stdout.split()[0] == "True"


def test_production_refuses_debug_and_a_missing_secret_key():
    both = settings_in({"DJANGO_ENV": "production", "DEBUG": "1", "SECRET_KEY": "x" * 50})
    assert both.returncode != 0 and "DEBUG" in both.stderr
    no_key = settings_in({"DJANGO_ENV": "production"})
    assert no_key.returncode != 0 and "SECRET_KEY" in no_key.stderr
    ok = settings_in(
        {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "SESSION_IDLE_HOURS": "1"}
    )
    assert ok.stdout.split() == ["False", "3600", "True"]


@pytest.mark.django_db
def test_sessions_end_after_idle_time_and_activity_renews_them(client, owner):
    """Eight idle hours end the session; a request every few minutes keeps it."""
    import time_machine
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(owner)
    url = reverse("projects:project_list")
    start = timezone.now()
    with time_machine.travel(start + timezone.timedelta(hours=7)):
        assert client.get(url).status_code == 200  # renewed: 7 h after login
    with time_machine.travel(start + timezone.timedelta(hours=14)):
        assert client.get(url).status_code == 200  # 7 h after the renewal: still in
    with time_machine.travel(start + timezone.timedelta(hours=23)):
        assert client.get(url).status_code == 302  # 9 h idle: signed out


@pytest.mark.django_db
def test_signed_in_pages_are_private_and_static_files_are_served_without_debug(client, owner):
    client.force_login(owner)
    page = client.get(reverse("projects:project_list"))
    assert page.headers["Cache-Control"] == "private, no-store"
    assert not settings.DEBUG
    static = client.get("/static/css/pmo.css")
    assert static.status_code == 200 and b".pmo-" in b"".join(static.streaming_content)
