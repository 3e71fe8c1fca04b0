"""The PMO's "nu bouwen" and the build's progress: only the PMO asks for a build (403
for the board, 404 for who cannot see the scope); a request while one waits joins it;
the status polls itself every 2 s until it links to the new version or shows its error;
without JavaScript the status page refreshes itself."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pmo.actors import Actor
from reporting.models import Scope, Snapshot, SnapshotBuild
from reporting.services.scopes import scope_create
from reporting.views.builds import controls_context
from tests.support import query_counts
from tests.support.factories import ProjectFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def scope(analyst, department):
    """The dashboard of the owner's department, with a project to build from."""
    ProjectFactory(org_unit=department)
    return scope_create(actor=Actor.screen(analyst), kind=Scope.Kind.ORG_UNIT, org_unit=department)


def build_url(scope) -> str:
    return reverse("reporting:build_request", args=[scope.pk])


def status_url(build) -> str:
    return reverse("reporting:build_status", args=[build.pk])


def test_only_the_pmo_builds_and_who_cannot_see_the_scope_gets_404(client, request, scope):
    """The board and the beheerder see every dashboard but do not build (403); the
    projectleiders of the department see it (403), the outsider does not (404)."""
    posted = {"periode": "2026-11"}
    assert answers(client, request, build_url(scope), method="post", data=posted) == expect(
        403, analyst=302, outsider=404, no_role_user=404
    )
    assert SnapshotBuild.objects.get().requested_by == request.getfixturevalue("analyst")


def test_an_unknown_scope_is_404(client, analyst):
    client.force_login(analyst)
    unknown = reverse("reporting:build_request", args=[10**6])
    assert client.post(unknown, {"periode": "2026-11"}).status_code == 404
    assert client.get(reverse("reporting:build_status", args=[10**6])).status_code == 404


def test_a_request_answers_the_polling_status_and_a_second_one_joins_it(client, analyst, scope):
    client.force_login(analyst)
    first = client.post(build_url(scope), {"periode": "2026-11"}, headers=HTMX)
    assert first.status_code == 200
    build = SnapshotBuild.objects.get()
    assert (build.scope_id, build.period, build.status) == (scope.pk, NOV, "pending")
    fragment = first.content.decode()
    assert "<html" not in fragment
    assert f'hx-get="{status_url(build)}"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert '<progress max="100" value="0"' in fragment and "november 2026" in fragment
    second = client.post(build_url(scope), {"periode": "2026-11"}, headers=HTMX)
    assert SnapshotBuild.objects.get().pk == build.pk  # the same build, not a second
    assert f'hx-get="{status_url(build)}"' in second.content.decode()


def test_without_javascript_the_request_goes_to_a_status_page_that_refreshes(
    client, analyst, scope
):
    client.force_login(analyst)
    response = client.post(build_url(scope), {"periode": "2026-11"})
    build = SnapshotBuild.objects.get()
    assert response.status_code == 302 and response.url == status_url(build)
    page = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "<html" in page
    assert "Momentopname bouwen: Wegen" in page


def test_the_status_shows_the_step_and_its_percentage_while_running(client, owner, scope):
    build = SnapshotBuild.objects.create(
        scope=scope, period=NOV, status="running", progress=45, step="Risico's lezen"
    )
    client.force_login(owner)  # who sees the scope sees its builds
    fragment = client.get(status_url(build), headers=HTMX).content.decode()
    assert '<progress max="100" value="45"' in fragment and "45 %" in fragment
    assert "Risico&#x27;s lezen" in fragment and "wordt gebouwd" in fragment
    assert 'hx-trigger="every 2s"' in fragment


def test_a_finished_build_links_to_its_new_version_and_stops_polling(client, analyst, scope):
    snapshot = Snapshot.objects.create(scope=scope, period=NOV, version=2, built_at=timezone.now())
    build = SnapshotBuild.objects.create(
        scope=scope, period=NOV, status="done", progress=100, snapshot=snapshot
    )
    client.force_login(analyst)
    fragment = client.get(status_url(build), headers=HTMX).content.decode()
    dashboard = reverse("reporting:scope_dashboard", args=[scope.pk])
    assert f'href="{dashboard}?periode=2026-11"' in fragment
    assert "Versie 2 van november 2026 is klaar." in fragment
    assert "hx-trigger" not in fragment
    assert 'http-equiv="refresh"' not in client.get(status_url(build)).content.decode()


def test_a_failed_build_shows_its_error_and_stops_polling(client, analyst, scope):
    build = SnapshotBuild.objects.create(
        scope=scope, period=NOV, status="failed", error="ZeroDivisionError: division by zero"
    )
    client.force_login(analyst)
    fragment = client.get(status_url(build), headers=HTMX).content.decode()
    assert "ZeroDivisionError: division by zero" in fragment and "mislukt" in fragment
    assert "de vorige versie blijft zichtbaar" in fragment and "hx-trigger" not in fragment


@pytest.mark.parametrize(
    ("periode", "message"),
    [
        ("2027-01", "Periode januari 2027 ligt in de toekomst."),
        ("2019-01", "Er zijn geen gegevens van vóór januari 2026."),
        ("november", "Schrijf de periode als jjjj-mm, bijvoorbeeld 2026-11."),
        ("", "Schrijf de periode als jjjj-mm"),
    ],
)
def test_a_period_in_the_future_before_any_data_or_garbled_is_refused(
    client, analyst, scope, periode, message
):
    client.force_login(analyst)
    for headers in (HTMX, {}):
        response = client.post(build_url(scope), {"periode": periode}, headers=headers)
        assert response.status_code == 422
        assert message in response.content.decode()
    assert not SnapshotBuild.objects.exists()


def test_the_status_follows_the_scope_out_of_sight(client, request, scope):
    build = SnapshotBuild.objects.create(scope=scope, period=NOV)
    assert answers(client, request, status_url(build)) == expect(
        200, outsider=404, no_role_user=404
    )


def test_the_status_reads_a_fixed_number_of_queries(client, analyst, owner, scope, department):
    build = SnapshotBuild.objects.create(scope=scope, period=NOV, status="running")
    counts = []
    for size in (2, 40):
        ProjectFactory.create_batch(size, org_unit=department)
        for user in (analyst, owner):
            client.force_login(user)
            counts.append(query_counts.count(client, status_url(build), **HTMX))
    assert counts[:2] == counts[2:]


def test_the_controls_offer_nu_bouwen_to_the_pmo_and_show_a_waiting_build_to_all(
    analyst, board_member, scope
):
    def controls(user):
        http = RequestFactory().get("/")
        http.user = user
        context = {"scope": scope, "period": NOV, **controls_context(user, scope, NOV)}
        return render_to_string("reporting/_build_controls.html", context, request=http)

    assert controls(board_member).strip() == ""  # nothing to do, nothing waiting
    offered = controls(analyst)
    assert f'hx-post="{build_url(scope)}"' in offered and 'value="2026-11"' in offered
    assert "Nu bouwen" in offered and "hx-trigger" not in offered
    build = SnapshotBuild.objects.create(scope=scope, period=NOV, status="running", progress=30)
    watching = controls(board_member)
    assert "Nu bouwen" not in watching and f'hx-get="{status_url(build)}"' in watching
    SnapshotBuild.objects.filter(pk=build.pk).update(status="done")
    assert controls(board_member).strip() == ""  # done: the dashboard shows the version
