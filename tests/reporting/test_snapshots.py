import datetime as dt
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.projects.models import Phase
from reporting import services
from reporting.models import Snapshot
from tests.support.broker import UNREACHABLE_URL, broker
from tests.support.factories import (
    OrgUnitFactory,
    PortfolioFactory,
    ProjectBudgetFactory,
    ProjectFactory,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db
PERIOD = dt.date(2026, 11, 1)


@pytest.fixture
def two_domains():
    social = OrgUnitFactory(kind="domein", name="Sociaal Domein")
    space = OrgUnitFactory(kind="domein", name="Ruimte")
    youth = OrgUnitFactory(parent=social, name="Jeugd")
    portfolio = PortfolioFactory()
    a = ProjectFactory(org_unit=youth, phase=Phase.INITIATION, portfolio=portfolio)
    ProjectFactory(org_unit=youth, phase=Phase.REALISATION, portfolio=portfolio)
    b = ProjectFactory(org_unit=space, phase=Phase.REALISATION, portfolio=portfolio)
    ProjectBudgetFactory(project=a, year=2026, amount=Decimal("1500000"))
    ProjectBudgetFactory(project=a, year=2027, amount=Decimal("500000"))
    ProjectBudgetFactory(project=b, year=2026, amount=Decimal("250000"))
    return portfolio


def test_snapshot_counts_by_domain_phase_and_budget(two_domains):
    snapshot = services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    assert snapshot.status == Snapshot.Status.DONE
    assert snapshot.project_count == 3
    figures = snapshot.figures
    assert figures["domains"] == ["Ruimte", "Sociaal Domein"]
    assert figures["phase_counts"] == {
        "Sociaal Domein": {"initiatief": 1, "realisatie": 1},
        "Ruimte": {"realisatie": 1},
    }
    assert figures["budget"] == {
        "Sociaal Domein": {"2026": 1500000.0, "2027": 500000.0},
        "Ruimte": {"2026": 250000.0},
    }
    assert figures["years"] == [2026, 2027]


def test_rebuilding_a_snapshot_replaces_it(two_domains):
    services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    ProjectFactory(portfolio=two_domains)
    again = services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    assert Snapshot.objects.count() == 1
    assert again.project_count == 4


def test_a_failing_build_leaves_a_visible_failed_state(two_domains, monkeypatch):
    def explode(portfolio):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services, "compute_figures", explode)
    with pytest.raises(RuntimeError):
        services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    snapshot = Snapshot.objects.get()
    assert snapshot.status == Snapshot.Status.FAILED
    assert "database weg" in snapshot.error


def test_charts_are_valid_plotly_figures(two_domains):
    snapshot = services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    charts = services.chart_specs(snapshot)
    assert len(charts) == 3  # no milestones around now: no timeline
    for chart in charts:
        go.Figure(chart)  # raises on any property Plotly does not know
    by_phase = charts[0]
    realisation = next(t for t in by_phase["data"] if t["name"] == "Realisatie")
    assert realisation["x"] == [1, 1]  # Ruimte, Sociaal Domein
    status = charts[1]
    unknown = next(t for t in status["data"] if t["name"] == "geen rapportage")
    assert unknown["x"] == [1, 2]  # nobody reported yet
    budget = charts[2]
    social = next(t for t in budget["data"] if t["name"] == "Sociaal Domein")
    assert social["y"] == [1.5, 0.5]  # € mln in 2026, 2027


def test_dashboard_reads_snapshots_only(client, board_member, two_domains):
    services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    client.force_login(board_member)
    client.get(reverse("reporting:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    assert "Projecten per domein en fase" in response.text
    assert not any("portfolio_project" in q["sql"] for q in queries.captured_queries)


def test_the_dashboard_is_out_of_a_projectleiders_sight(client, request, two_domains):
    """Snapshots aggregate the whole portfolio: 404 for whoever may not see all of it."""
    services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    assert answers(client, request, reverse("reporting:dashboard")) == expect(
        404, board_member=200, analyst=200, administrator=200
    )


def test_snapshot_has_status_and_milestones_around_now(two_domains):
    import datetime as dt

    from django.utils import timezone

    from tests.support.factories import MilestoneFactory, StatusReportFactory

    project = two_domains.projects.order_by("code").first()
    StatusReportFactory(project=project, rag_overall="rood")
    today = timezone.localdate()
    MilestoneFactory(
        project=project,
        name="Gunning",
        baseline_date=today,
        forecast_date=today + dt.timedelta(days=20),
    )
    MilestoneFactory(
        project=project,
        name="Ver weg",
        baseline_date=today,
        forecast_date=today + dt.timedelta(days=400),
    )
    snapshot = services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    assert snapshot.figures["status"]["Sociaal Domein"] == {"rood": 1, "onbekend": 1}
    assert [m["label"] for m in snapshot.figures["milestones"]] == [f"{project.code} · Gunning"]
    charts = services.chart_specs(snapshot)
    assert len(charts) == 4
    for chart in charts:
        go.Figure(chart)


def test_a_rebuild_keeps_the_last_figures_on_the_dashboard(
    client, board_member, two_domains, monkeypatch, django_capture_on_commit_callbacks
):
    """The board reads the last built figures until the new ones are done: while the
    rebuild waits for the queue, runs, or has failed."""
    services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    ProjectFactory(portfolio=two_domains)
    client.force_login(board_member)

    def dashboard() -> str:
        response = client.get(reverse("reporting:dashboard"))
        assert response.status_code == 200
        assert "Er is nog geen dashboard gebouwd" not in response.text
        assert "Projecten per domein en fase" in response.text
        return response.text

    with broker(UNREACHABLE_URL), django_capture_on_commit_callbacks(execute=True):
        services.snapshot_request(portfolio_id=two_domains.pk, period=PERIOD)
    snapshot = Snapshot.objects.get()
    assert (snapshot.status, snapshot.job_sent) == (Snapshot.Status.PENDING, False)
    assert "3 projecten" in dashboard() and "wacht op de takenwachtrij" in dashboard()

    Snapshot.objects.update(status=Snapshot.Status.RUNNING, job_sent=True)
    assert "Een nieuwe versie wordt gebouwd" in dashboard()

    def explode(portfolio):
        raise RuntimeError("database weg")

    monkeypatch.setattr(services, "compute_figures", explode)
    with pytest.raises(RuntimeError):
        services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    assert "3 projecten" in dashboard() and "Bijwerken is mislukt" in dashboard()

    monkeypatch.undo()
    services.snapshot_build(portfolio_id=two_domains.pk, period=PERIOD)
    page = dashboard()
    assert "4 projecten" in page and "vorige" not in page
