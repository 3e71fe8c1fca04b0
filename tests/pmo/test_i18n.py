"""Dutch first, English complete: the English catalogue translates every string."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_english_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert len(po.translated_entries()) > 100
    # The committed .mo must be compiled from the committed .po.
    mo = polib.mofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, entry.msgid
        msgstr, plural = compiled[(entry.msgctxt, entry.msgid)]
        if entry.msgid_plural:
            assert {int(k): v for k, v in plural.items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }, entry.msgid
        else:
            assert msgstr == entry.msgstr, entry.msgid


@pytest.mark.django_db
def test_pages_switch_to_english(client, owner, project):
    client.force_login(owner)
    dutch = client.get(reverse("projects:project_list")).text
    assert '<html lang="nl"' in dutch and "1 project gevonden" in dutch
    response = client.post(reverse("set_language"), {"language": "en", "next": "/projecten/"})
    assert response.status_code == 302
    english = client.get(reverse("projects:project_list")).text
    assert '<html lang="en"' in english
    assert "1 project found" in english
    assert "Realisation" in english
    detail = client.get(project.get_absolute_url() + "?tab=mijlpalen").text
    assert "Milestones" in detail and "Mijlpalen" not in detail


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="gettext is not installed (apt-get install gettext)",
)
def test_every_source_string_is_in_the_english_catalogue(tmp_path):
    """makemessages on a copy of the sources adds nothing untranslated or fuzzy."""
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "static",
            "staticfiles",
            "bench",
            "tests",
            "test-artifacts",
            "*.sqlite3",
            "node_modules",
        ),
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "pmo.settings"},
    )
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"add English for: {missing}"
