"""The board pack's pages: whoever sees the dashboard asks for its pack (the board hands
it out), follows it being made (an htmx fragment polling every 2 s) and downloads it;
who cannot see the scope gets 404; bad input a clear message."""

import pytest
from django.urls import reverse

from reporting.models import BoardPack
from reporting.services import packs
from tests.support import query_counts
from tests.support.factories import ScopeFactory, SnapshotFactory, SnapshotRowFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SEEN_BY_THE_DEPARTMENT = expect(200, outsider=404, no_role_user=404)


@pytest.fixture
def snapshot(department):
    scope = ScopeFactory(kind="onderdeel", org_unit=department, name="Wegen")
    snapshot = SnapshotFactory(scope=scope)
    SnapshotRowFactory.create_batch(3, snapshot=snapshot)
    return snapshot


@pytest.fixture
def done(snapshot):
    pack = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    packs.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def request_url(snapshot) -> str:
    return reverse("reporting:pack_request", args=[snapshot.scope_id])


def test_whoever_sees_the_dashboard_may_ask_for_its_pack(client, request, snapshot):
    data = {"format": "pdf", "periode": "2026-11"}
    table = answers(client, request, request_url(snapshot), method="post", data=data)
    assert table == expect(302, outsider=404, no_role_user=404)
    assert BoardPack.objects.count() == 1  # everyone got the same pack


def test_the_request_is_sent_to_the_packs_status(client, board_member, snapshot):
    client.force_login(board_member)
    response = client.post(request_url(snapshot), {"format": "xlsx", "periode": "2026-11"})
    pack = BoardPack.objects.get()
    assert response.url == reverse("reporting:pack_status", args=[pack.pk])
    assert (pack.snapshot, pack.format, pack.language) == (snapshot, "xlsx", "nl")


def test_the_fragment_polls_while_the_pack_is_made(client, board_member, snapshot):
    client.force_login(board_member)
    response = client.post(
        request_url(snapshot), {"format": "pdf", "periode": "2026-11"}, headers=HTMX
    )
    page = response.content.decode()
    pack = BoardPack.objects.get()
    assert response.status_code == 200 and "<html" not in page
    assert f'hx-get="{reverse("reporting:pack_status", args=[pack.pk])}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "Portfolioraadpakket van november 2026 (PDF): in de wachtrij" in page


def test_a_pack_that_is_done_offers_its_download(client, board_member, done):
    client.force_login(board_member)
    page = client.get(reverse("reporting:pack_status", args=[done.pk]), headers=HTMX)
    text = page.content.decode()
    assert "hx-trigger" not in text  # done: no more polling
    assert reverse("reporting:pack_download", args=[done.pk]) in text
    assert 'download="portfolioraad-2026-11-wegen.pdf"' in text
    assert "Het portfolioraadpakket van november 2026 (versie 1) is klaar." in text


def test_asking_again_for_a_pack_that_is_done_shows_its_download_at_once(
    client, board_member, done
):
    client.force_login(board_member)
    response = client.post(
        request_url(done.snapshot), {"format": "pdf", "periode": "2026-11"}, headers=HTMX
    )
    assert reverse("reporting:pack_download", args=[done.pk]) in response.content.decode()
    assert BoardPack.objects.count() == 1


def test_the_download_is_the_file_with_its_name_and_type(client, board_member, done):
    client.force_login(board_member)
    response = client.get(reverse("reporting:pack_download", args=[done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="portfolioraad-2026-11-wegen.pdf"'
    )
    assert response.content == bytes(done.content) and response["ETag"] == f'"{done.sha256}"'


def test_the_status_and_the_download_follow_the_dashboard(client, request, done):
    status = reverse("reporting:pack_status", args=[done.pk])
    download = reverse("reporting:pack_download", args=[done.pk])
    assert answers(client, request, status) == SEEN_BY_THE_DEPARTMENT
    assert answers(client, request, download) == SEEN_BY_THE_DEPARTMENT


def test_a_pack_not_made_yet_has_nothing_to_download(client, board_member, snapshot):
    pack = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    client.force_login(board_member)
    assert client.get(reverse("reporting:pack_download", args=[pack.pk])).status_code == 404
    assert client.get(reverse("reporting:pack_status", args=[pack.pk])).status_code == 200


def test_a_failed_pack_shows_its_error_and_may_be_asked_again(client, board_member, snapshot):
    pack = BoardPack.objects.create(
        snapshot=snapshot, format="pdf", language="nl", status="failed", error="Schijf vol."
    )
    client.force_login(board_member)
    text = client.get(reverse("reporting:pack_status", args=[pack.pk]), headers=HTMX).content
    text = text.decode()
    assert "Schijf vol." in text and 'role="alert"' in text
    assert f'action="{request_url(snapshot)}"' in text and 'value="pdf"' in text


def test_bad_input_gets_a_clear_message(client, board_member, snapshot):
    client.force_login(board_member)
    url = request_url(snapshot)
    wrong_format = client.post(url, {"format": "docx", "periode": "2026-11"}, headers=HTMX)
    assert wrong_format.status_code == 422
    assert "Kies PDF of Excel." in wrong_format.content.decode()
    assert client.post(url, {"format": "docx"}).status_code == 422  # the page, without htmx
    wrong_period = client.post(url, {"format": "pdf", "periode": "november"}, headers=HTMX)
    assert wrong_period.status_code == 422
    assert "bijvoorbeeld 2026-11" in wrong_period.content.decode()
    assert client.post(url, {"format": "pdf", "periode": "2026-10"}).status_code == 404
    unknown = reverse("reporting:pack_request", args=[snapshot.scope_id + 999])
    assert client.post(unknown, {"format": "pdf"}).status_code == 404
    assert BoardPack.objects.count() == 0


def test_without_a_period_the_newest_current_snapshot_is_packed(client, board_member, snapshot):
    import datetime as dt

    old = SnapshotFactory(scope=snapshot.scope, period=dt.date(2026, 10, 1))
    SnapshotFactory(scope=snapshot.scope, period=dt.date(2026, 11, 1), version=2, is_current=False)
    client.force_login(board_member)
    client.post(request_url(snapshot), {"format": "pdf"})
    assert BoardPack.objects.get().snapshot == snapshot  # not October's, not a replaced version
    client.post(request_url(snapshot), {"format": "pdf", "periode": "2026-10"})
    assert BoardPack.objects.filter(snapshot=old).exists()


def test_the_pack_is_in_the_pages_language(client, board_member, snapshot):
    client.force_login(board_member)
    client.cookies["django_language"] = "en"
    client.post(request_url(snapshot), {"format": "pdf"})
    assert BoardPack.objects.get().language == "en"


def test_the_status_keeps_its_query_count_whatever_the_snapshots_size(
    client, board_member, snapshot
):
    pack = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    url = reverse("reporting:pack_status", args=[pack.pk])
    client.force_login(board_member)
    few = query_counts.count(client, url), query_counts.count(client, url, **HTMX)
    SnapshotRowFactory.create_batch(200, snapshot=snapshot)
    assert (query_counts.count(client, url), query_counts.count(client, url, **HTMX)) == few
    assert few[0] == query_counts.load()["pack-status"]["queries"]


def test_the_dashboard_offers_the_pack_of_the_period_shown(client, board_member, snapshot):
    client.force_login(board_member)
    page = client.get(reverse("reporting:scope_dashboard", args=[snapshot.scope_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f'hx-post="{request_url(snapshot)}"' in text
    assert 'name="periode" value="2026-11"' in text
    assert 'name="format" value="pdf"' in text and 'name="format" value="xlsx"' in text
