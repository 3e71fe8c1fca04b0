"""Parallel saves of the same report: one wins, the others get 409 with the reason, on
SQLite and on PostgreSQL alike (where a lock that finds no row locks nothing)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from portfolio.status.models import StatusReport
from tests.portfolio.status.test_views import create_url, report_data
from tests.support.factories import ProjectBudgetFactory, StatusReportFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 20


def in_parallel(owner, request) -> list:
    """Send `request(client)` from PARALLEL threads at once, each with its own client and
    database connection; return the responses."""
    barrier = threading.Barrier(PARALLEL)
    responses = [None] * PARALLEL
    clients = []
    for _ in range(PARALLEL):
        clients.append(Client(raise_request_exception=False))
        clients[-1].force_login(owner)

    def one(n):
        barrier.wait()
        try:
            responses[n] = request(clients[n])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            responses[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [r for r in responses if not hasattr(r, "status_code")]
    assert not failures, failures
    return responses


@pytest.fixture
def budgeted(project):
    ProjectBudgetFactory(project=project, year=2026, amount=100000)
    return project


def test_parallel_creates_of_one_report_make_one_and_refuse_the_rest(budgeted, owner):
    responses = in_parallel(
        owner, lambda client: client.post(create_url(budgeted), report_data(indienen="1"))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302] + [409] * (PARALLEL - 1), statuses
    assert StatusReport.objects.filter(project=budgeted).count() == 1
    refused = next(r for r in responses if r.status_code == 409)
    assert "Er is al een rapportage" in refused.text


def test_parallel_amendments_make_one_revision_and_refuse_the_rest(budgeted, owner):
    submitted = StatusReportFactory(project=budgeted, period=dt.date(2026, 10, 1))
    url = reverse("status:report_amend", args=[budgeted.code, submitted.pk])
    responses = in_parallel(owner, lambda client: client.post(url))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302] + [409] * (PARALLEL - 1), statuses
    assert StatusReport.objects.filter(supersedes=submitted).count() == 1
    refused = next(r for r in responses if r.status_code == 409)
    assert "herziening van deze rapportage in bewerking" in refused.text
    assert "Herziening afmaken" in refused.text
