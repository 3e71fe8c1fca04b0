"""Asking for and making a board pack: one pack per snapshot, format and language, made
once by the task after commit; a request while it is made joins it, a request after a
failure sends it again; the states, the bytes and their SHA-256 are in the database,
and a failure leaves its error in Dutch and no bytes."""

import datetime as dt
import hashlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError

from pmo.actors import Actor, Channel
from pmo.models import AuditEntry
from reporting import pack as renderer
from reporting.models import BoardPack
from reporting.services import packs
from reporting.tasks import build_pack
from tests.support.factories import ScopeFactory, SnapshotFactory, SnapshotRowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(department):
    scope = ScopeFactory(kind="onderdeel", org_unit=department, name="Wegen")
    snapshot = SnapshotFactory(scope=scope)
    SnapshotRowFactory.create_batch(3, snapshot=snapshot)
    return snapshot


def ask(snapshot, user, fmt="pdf", language="nl"):
    return packs.pack_request(
        snapshot=snapshot, format=fmt, language=language, actor=Actor.screen(user)
    )


def test_a_first_request_makes_the_pack_after_commit(
    snapshot, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as sent:
        pack = ask(snapshot, board_member)
    assert pack.status == BoardPack.Status.PENDING and pack.job_requested_at is not None
    assert len(sent) == 1
    assert BoardPack.objects.get(pk=pack.pk).content == b""  # nothing before the job ran
    sent[0]()  # the commit: the task runs (in-process in tests)
    pack.refresh_from_db()
    content = bytes(pack.content)
    assert pack.status == BoardPack.Status.DONE and content.startswith(b"%PDF-")
    assert pack.sha256 == hashlib.sha256(content).hexdigest()
    assert pack.built_at is not None and pack.error == ""
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(BoardPack), object_id=pack.pk
    )
    assert entry.action == AuditEntry.Action.CREATE
    assert (entry.actor, entry.source) == (board_member, Channel.UI)


def test_a_pack_that_is_done_comes_back_as_the_same_file(
    snapshot, board_member, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(snapshot, board_member)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as sent:
        again = ask(snapshot, analyst)
    assert again.pk == first.pk and sent == []
    again.refresh_from_db()
    assert (again.sha256, bytes(again.content)) == (first.sha256, bytes(first.content))


def test_a_request_while_the_pack_is_made_joins_it(
    snapshot, board_member, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as sent:
        first = ask(snapshot, board_member)
        second = ask(snapshot, analyst)
    assert second.pk == first.pk and len(sent) == 1
    assert BoardPack.objects.count() == 1


def test_each_format_and_language_is_its_own_pack(
    snapshot, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = {
            (f, lang): ask(snapshot, board_member, f, lang)
            for f in ("pdf", "xlsx")
            for lang in ("nl", "en")
        }
    assert len({pack.pk for pack in made.values()}) == 4
    workbook = BoardPack.objects.get(pk=made["xlsx", "nl"].pk)
    assert bytes(workbook.content)[:2] == b"PK"  # a zip: the .xlsx


def test_bad_input_is_refused_and_changes_nothing(snapshot, board_member):
    with pytest.raises(ValidationError) as refused:
        packs.pack_request(
            snapshot=snapshot, format="docx", language="fr", actor=Actor.screen(board_member)
        )
    assert set(refused.value.message_dict) == {"format", "language"}
    assert BoardPack.objects.count() == 0


def test_who_cannot_see_the_snapshot_cannot_ask_for_its_pack(snapshot, outsider, no_role_user):
    for user in (outsider, no_role_user):
        with pytest.raises(PermissionDenied):
            ask(snapshot, user)
    assert BoardPack.objects.count() == 0


def test_the_projectleider_of_the_department_may_ask(
    snapshot, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack = ask(snapshot, owner)
    assert BoardPack.objects.get(pk=pack.pk).status == BoardPack.Status.DONE


def test_the_pack_is_running_while_it_is_made(snapshot, board_member, monkeypatch):
    pack = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    seen = []
    real = renderer.render

    def watched(*args, **kwargs):
        seen.append(BoardPack.objects.get(pk=pack.pk).status)
        return real(*args, **kwargs)

    monkeypatch.setattr(renderer, "render", watched)
    done = packs.pack_build(pack_id=pack.pk)
    assert seen == [BoardPack.Status.RUNNING] and done.status == BoardPack.Status.DONE


def test_a_done_pack_is_left_alone(snapshot, monkeypatch):
    pack = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    packs.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    made = (pack.sha256, pack.built_at)

    def never(*args, **kwargs):
        raise AssertionError("a done pack is not made again")

    monkeypatch.setattr(renderer, "render", never)
    again = packs.pack_build(pack_id=pack.pk)
    again.refresh_from_db()
    assert (again.status, again.sha256, again.built_at) == (BoardPack.Status.DONE, *made)


def test_a_failure_is_kept_in_dutch_with_no_bytes_and_raised(snapshot, monkeypatch):
    pack = BoardPack.objects.create(
        snapshot=snapshot, format="xlsx", language="en", content=b"half", sha256="x"
    )

    def broken(*args, **kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(renderer, "render", broken)
    with pytest.raises(RuntimeError):
        packs.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.FAILED
    assert pack.error == "Het pakket kon niet worden gemaakt: RuntimeError: schijf vol"
    assert (bytes(pack.content), pack.sha256, pack.built_at) == (b"", "", None)


def test_a_request_after_a_failure_sends_the_job_again(
    snapshot, board_member, django_capture_on_commit_callbacks
):
    failed = BoardPack.objects.create(
        snapshot=snapshot, format="pdf", language="nl", status="failed", error="kapot"
    )
    with django_capture_on_commit_callbacks(execute=True) as sent:
        pack = ask(snapshot, board_member)
    assert pack.pk == failed.pk and len(sent) == 1
    pack.refresh_from_db()
    assert (pack.status, pack.error) == (BoardPack.Status.DONE, "")


def test_a_dropped_connection_leaves_the_pack_waiting_for_the_retry(snapshot, monkeypatch):
    pack = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")

    def dropped(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(renderer, "render", dropped)
    with pytest.raises(OperationalError):
        packs.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.RUNNING and pack.error == ""


def test_the_task_makes_the_pack(snapshot):
    pack = BoardPack.objects.create(snapshot=snapshot, format="xlsx", language="nl")
    result = build_pack.delay(pack_id=pack.pk).get()
    pack.refresh_from_db()
    assert result == {"pack_id": pack.pk, "status": "done", "sha256": pack.sha256}


def test_the_same_snapshot_makes_the_same_pack_again(snapshot, monkeypatch):
    """Made twice (a pack lost and asked for again), the file is the same."""
    first = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    packs.pack_build(pack_id=first.pk)
    first.refresh_from_db()
    digest = first.sha256
    first.delete()
    second = BoardPack.objects.create(snapshot=snapshot, format="pdf", language="nl")
    packs.pack_build(pack_id=second.pk)
    second.refresh_from_db()
    assert second.sha256 == digest
    assert second.built_at >= first.built_at - dt.timedelta(seconds=1)
