"""Webhooks against a real HTTP receiver on 127.0.0.1: signed, delivered after commit,
retried with back-off, logged, paused after a day of failures, delivered again on
request."""

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from pmo.actors import Actor
from pmo.webhooks.delivery import MAX_ATTEMPTS, backoff, delivery_attempt, redeliver
from pmo.webhooks.models import Event, WebhookDelivery, WebhookSubscription
from pmo.webhooks.tasks import deliver_due
from portfolio.status import services as report_services
from tests.support.factories import StatusReportFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on a free port that answers each POST with the next planned code."""

    def __init__(self):
        self.received, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.received.append((headers, body))
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def subscription(receiver):
    return WebhookSubscription.objects.create(
        name="Ontvanger", url=receiver.url, events=[e.value for e in Event]
    )


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """What a receiver does: recompute the signature over timestamp and body."""
    parts = dict(part.split("=", 1) for part in headers["x-pmo-signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(parts["v1"], expected.hexdigest())


def submit_red_report(owner, project):
    explained = {"time": {"cause": "Vergunning", "effect": "Later", "measure": "Overleg"}}
    report = StatusReportFactory(
        project=project,
        period=dt.date(2026, 11, 1),
        state="concept",
        rag_time="rood",
        explanations=explained,
    )
    return report_services.report_submit(
        actor=Actor.api(owner), report=report, expected_version=report.version
    )


def test_a_submitted_red_report_is_delivered_signed_after_commit(
    receiver, subscription, owner, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_red_report(owner, project)
        assert receiver.received == []  # nothing leaves before the commit
    events = [headers["x-pmo-event"] for headers, _body in receiver.received]
    assert events[:2] == [Event.REPORT_SUBMITTED, Event.TURNED_RED]
    headers, body = receiver.received[0]
    assert verify(subscription.secret, headers, body)
    assert not verify("another secret", headers, body)
    payload = json.loads(body)
    assert payload["data"]["report"] == report.pk
    assert json.loads(receiver.received[1][1])["data"]["dimensions"] == ["time"]
    delivery = WebhookDelivery.objects.get(event=Event.REPORT_SUBMITTED)
    assert (delivery.state, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)
    assert headers["x-pmo-delivery"] == str(delivery.delivery_id)


def test_a_rolled_back_write_sends_nothing(receiver, subscription, owner, project):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        submit_red_report(owner, project)
        raise RuntimeError
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_a_failure_is_retried_with_back_off_then_delivered(receiver, subscription):
    from pmo.webhooks.events import emit

    receiver.answers = [500, 503]
    (delivery,) = emit(Event.SNAPSHOT_BUILT, {"snapshot": 1})
    delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.response_code, delivery.attempts) == ("pending", 500, 1)
    assert deliver_due() == 0  # not due before its back-off
    start = timezone.now()
    with time_machine.travel(start + backoff(1) + dt.timedelta(seconds=1)):
        assert deliver_due() == 1
    delivery.refresh_from_db()
    assert (delivery.response_code, delivery.attempts) == (503, 2)
    assert backoff(2) == 2 * backoff(1)
    with time_machine.travel(start + backoff(1) + backoff(2) + dt.timedelta(seconds=2)):
        deliver_due()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.response_code, delivery.attempts) == ("delivered", 200, 3)
    assert len(receiver.received) == 3
    subscription.refresh_from_db()
    assert subscription.failing_since is None


def test_a_subscriber_failing_for_a_day_is_paused_with_a_notice(receiver, subscription, settings):
    from pmo.webhooks.events import emit

    settings.ADMINS = [("Beheer", "beheer@lindenhoven.nl")]
    receiver.answers = [500] * 50
    (delivery,) = emit(Event.GATE_DECIDED, {"gate": 1})
    start = timezone.now()
    delivery_attempt(delivery_id=delivery.pk)
    with time_machine.travel(start + dt.timedelta(hours=25)):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        delivery_attempt(delivery_id=delivery.pk)
    subscription.refresh_from_db()
    assert not subscription.active and subscription.paused_at is not None
    assert "gepauzeerd" in mail.outbox[-1].subject
    assert emit(Event.GATE_DECIDED, {"gate": 2}) == []  # a paused one gets no new events


def test_a_delivery_is_given_up_after_its_attempts(receiver, subscription):
    from pmo.webhooks.events import emit

    receiver.answers = [500] * (MAX_ATTEMPTS + 1)
    (delivery,) = emit(Event.SNAPSHOT_BUILT, {"snapshot": 1})
    for _ in range(MAX_ATTEMPTS):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", MAX_ATTEMPTS)


def test_an_unreachable_receiver_is_logged_not_raised(subscription):
    from pmo.webhooks.events import emit

    WebhookSubscription.objects.filter(pk=subscription.pk).update(url="http://127.0.0.1:1/x")
    (delivery,) = emit(Event.SNAPSHOT_BUILT, {"snapshot": 1})
    delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.response_code is None
    assert delivery.last_error


def test_the_beheerder_redelivers_from_the_log(
    receiver, subscription, client, django_capture_on_commit_callbacks
):
    from pmo.roles import Role
    from pmo.webhooks.events import emit
    from tests.support.factories import user_with_role

    receiver.answers = [500] * MAX_ATTEMPTS
    (delivery,) = emit(Event.SNAPSHOT_BUILT, {"snapshot": 1})
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state="failed", attempts=MAX_ATTEMPTS)
    receiver.answers = []
    client.force_login(user_with_role(Role.BEHEERDER, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/pmo/webhookdelivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("delivered", 1)
    assert redeliver(deliveries=WebhookDelivery.objects.none()) == 0
