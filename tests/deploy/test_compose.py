"""Deployment files: docker-compose.yml against the Compose Specification schema, the
Dockerfile and .env.example, and Django's deploy checks with a production environment.

No Docker engine is needed: the compose file is read as YAML (anchors and merge keys
resolved, as compose does) and validated with the vendored compose-spec JSON schema.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
SCHEMA_FILE = HERE / "compose-spec.json"

SERVICES = ["postgres", "redis", "migrate", "web", "worker", "beat"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]
# ${VAR}, ${VAR:-default}, ${VAR:?error}; "$${" is an escaped literal "${".
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    # compose-spec declares draft-07 as "https://json-schema.org/draft-07/schema", a URI
    # jsonschema does not map to a draft by itself: pick draft-07 explicitly.
    assert "draft-07" in schema["$schema"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # ["KEY=value", ...]
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def depends_on(service: dict) -> dict[str, dict]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):  # short form: condition service_started
        deps = {name: {"condition": "service_started"} for name in deps}
    return deps


# --- The Compose Specification schema ----------------------------------------------


def test_compose_file_is_valid_against_compose_spec(compose, validator):
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    messages = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]
    assert not messages, "docker-compose.yml breaks the Compose Specification:\n" + "\n".join(
        messages
    )


def test_schema_rejects_a_misspelt_key(compose, validator):
    # The validator is live: a typo in a service key is caught, not ignored.
    broken = json.loads(json.dumps(compose))
    broken["services"]["web"]["healthchek"] = broken["services"]["web"].pop("healthcheck")
    assert not validator.is_valid(broken)


# --- Services, healthchecks, start order -------------------------------------------


def test_all_services_are_defined(compose):
    assert set(SERVICES) <= set(compose["services"])


def test_every_long_running_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        if service.get("restart") == "no":  # one-shot, like migrate
            continue
        check = service.get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"


def test_migrate_is_one_shot_after_postgres(compose):
    migrate = compose["services"]["migrate"]
    assert migrate["restart"] == "no"
    assert "healthcheck" not in migrate
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert depends_on(migrate)["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_services_start_after_a_successful_migrate(compose, name):
    deps = depends_on(compose["services"][name])
    assert deps["migrate"]["condition"] == "service_completed_successfully"
    assert deps["redis"]["condition"] == "service_healthy"


def test_dependencies_name_defined_services(compose):
    for name, service in compose["services"].items():
        for dep in depends_on(service):
            assert dep in compose["services"], f"{name} depends on undefined {dep}"


def test_commands(compose):
    services = compose["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "pmo.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "pmo", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "pmo", "beat"]
    assert "$$HOSTNAME" in " ".join(services["worker"]["healthcheck"]["test"])


def test_web_healthcheck_hits_the_login_page_on_an_allowed_host(compose):
    web = compose["services"]["web"]
    assert "http://localhost:8000/inloggen/" in " ".join(web["healthcheck"]["test"])
    hosts = [h.strip() for h in environment(web)["ALLOWED_HOSTS"].split(",")]
    assert "localhost" in hosts


@pytest.mark.django_db
def test_login_page_answers_200(client):
    assert client.get("/inloggen/").status_code == 200


# --- Environment and secrets ---------------------------------------------------------


def test_app_services_share_the_production_environment(compose):
    for name in APP_SERVICES:
        env = environment(compose["services"][name])
        assert env["DJANGO_ENV"] == "production", name
        assert env["DATABASE_URL"].startswith("postgres://pmo:"), name
        assert env["DATABASE_URL"].endswith("@postgres:5432/pmo"), name
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0", name
        assert env["REDIS_URL"] == "redis://redis:6379/1", name
        assert env["SECURE_SSL_REDIRECT"] == "0", name
        assert env["BEHIND_PROXY"] == "1", name


def test_no_hard_coded_secrets(compose):
    required = re.compile(r"\$\{(?P<var>[A-Z_]+):\?[^}]+\}")
    for name, service in compose["services"].items():
        env = environment(service)
        for key in ("SECRET_KEY", "POSTGRES_PASSWORD"):
            if key in env:
                match = required.fullmatch(str(env[key]))
                assert match and match["var"] == key, f"{name}: {key} is hard-coded"
        if "DATABASE_URL" in env:
            password = env["DATABASE_URL"].split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
            assert required.fullmatch(password) or password == "${POSTGRES_PASSWORD}", name
    assert "env_file" not in json.dumps(compose)


def test_dockerfile_keeps_secret_key_out_of_the_image():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(ENV|ARG)\b[^\n]*SECRET_KEY", text, re.MULTILINE | re.IGNORECASE)
    # The dummy key lives only on the collectstatic RUN line.
    run_lines = [chunk for chunk in re.split(r"\n(?=\S)", text) if "SECRET_KEY=" in chunk]
    assert len(run_lines) == 1
    assert run_lines[0].startswith("RUN ") and "collectstatic" in run_lines[0]


def test_dockerfile_basics():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\s*$", text, re.MULTILINE)
    users = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^EXPOSE 8000\s*$", text, re.MULTILINE)
    cmd = re.search(r"^CMD (.+)$", text, re.MULTILINE)
    assert cmd and json.loads(cmd[1]) == [
        "gunicorn",
        "pmo.wsgi:application",
        "--bind",
        "0.0.0.0:8000",
        "--workers",
        "3",
    ]


def test_env_example_lists_every_interpolated_variable():
    used = {m[1] for m in INTERPOLATION.finditer(COMPOSE_FILE.read_text(encoding="utf-8"))}
    listed = {
        line.split("=", 1)[0].strip()
        for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"} <= used
    assert used <= listed, f".env.example misses {sorted(used - listed)}"


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".venv/", ".git/", "db.sqlite3"):
        assert entry in ignored


# --- Django's own production checks --------------------------------------------------


def production_env(**overrides: str) -> dict[str, str]:
    """os.environ without any variable pmo/settings.py reads, plus the given ones."""
    settings_source = (ROOT / "pmo" / "settings.py").read_text(encoding="utf-8")
    read = set(
        re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z0-9_]+)"', settings_source)
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in read and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "pmo.settings"
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_passes_in_production(tmp_path):
    env = production_env(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50)[:50],
        ALLOWED_HOSTS="pmo.example.nl",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),  # no DATABASE_URL: SQLite
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = production_env(
        DJANGO_ENV="production",
        ALLOWED_HOSTS="pmo.example.nl",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
