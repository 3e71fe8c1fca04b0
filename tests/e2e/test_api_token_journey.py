"""A projectleider makes an API token for Power BI, copies it once, and the API answers
with it — their own projects only — until they revoke it."""

import json
import urllib.error
import urllib.request

import pytest

from .test_every_page_type import axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def api_get(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_make_use_and_revoke_a_token(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    from portfolio.projects.models import Project

    log_in(page, live_server, "projectleider")
    page.get_by_role("link", name="API-tokens").click()
    page.get_by_label("Naam").fill("Power BI")
    page.get_by_label("alleen lezen").check()
    page.get_by_role("button", name="Token maken").click()
    secret = page.get_by_label("Uw token").input_value()
    assert secret.startswith("pmo_")
    expect(page.get_by_role("status")).to_contain_text("niet opnieuw getoond")
    assert not axe_problems(page)
    page.screenshot(path=artifacts / "api-token-made.png", full_page=True)

    status, body = api_get(f"{live_server.url}/api/v1/projects?page_size=1000", secret)
    assert status == 200
    own = set(
        Project.objects.filter(org_unit__members__username="projectleider").values_list(
            "pk", flat=True
        )
    )
    seen = {row["id"] for row in body["results"]}
    assert seen and seen <= own | set(
        Project.objects.filter(manager__username="projectleider").values_list("pk", flat=True)
    )
    assert len(seen) < Project.objects.count()

    page.reload()  # the token is not shown again
    assert secret not in page.content()
    page.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_role("status")).to_contain_text("ingetrokken")
    page.screenshot(path=artifacts / "api-token-revoked.png", full_page=True)
    status, body = api_get(f"{live_server.url}/api/v1/projects", secret)
    assert status == 401 and body["status"] == 401
