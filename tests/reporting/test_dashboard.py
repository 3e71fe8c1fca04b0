"""The board's dashboard page: key figures with change and trend, the period selector and
its bad input, every section from the snapshot, the drill-down (page and htmx fragment)
and a query count that does not grow with the number of rows."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from pmo.periods import shift
from reporting import selectors
from reporting.models import Snapshot, SnapshotRow
from reporting.rules import aggregate
from tests.support import query_counts
from tests.support.factories import (
    ScopeFactory,
    SnapshotFactory,
    SnapshotRowFactory,
    organisation_scope,
    sample_tiles,
)

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)


def build(scope, rows: list[dict] | int = 3, *, period=NOVEMBER, **snapshot) -> Snapshot:
    """A snapshot whose aggregates are those of its rows, as the build makes them."""
    snap = SnapshotFactory(scope=scope, period=period, **snapshot)
    specs = [{}] * rows if isinstance(rows, int) else rows
    SnapshotRow.objects.bulk_create(
        [SnapshotRowFactory.build(snapshot=snap, **spec) for spec in specs]
    )
    return refigure(snap)


def refigure(snap: Snapshot) -> Snapshot:
    """The snapshot's domain and programme aggregates anew from its rows."""
    values = list(SnapshotRow.objects.filter(snapshot=snap).values())
    figures = {
        **snap.figures,
        **aggregate.groups(values, no_programme="Zonder programma"),
        "rag_by_dimension": aggregate.rag_by_dimension(values),
    }
    Snapshot.objects.filter(pk=snap.pk).update(figures=figures, project_count=len(values))
    snap.refresh_from_db()
    return snap


@pytest.fixture
def scope(db):
    return organisation_scope()


def url(scope, **query) -> str:
    base = reverse("reporting:scope_dashboard", args=[scope.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def trend_text(html: str, name: str) -> str:
    """The text alternative of one tile's trend line."""
    tile = html.split(f'<h3 class="pmo-tile__name">{name}</h3>', 1)[1]
    tile = tile.split('<li class="pmo-tile ', 1)[0]
    return re.search(r'<p class="pmo-visually-hidden">(.*?)</p>', tile, re.S).group(1)


def test_the_tiles_show_their_change_and_the_trend_of_the_last_twelve_periods(
    client, scope, board_member
):
    for back in range(12, 0, -1):  # thirteen periods: the oldest falls outside the trend
        SnapshotFactory(
            scope=scope,
            period=shift(NOVEMBER, -back, months=1),
            tiles=sample_tiles(projects=30 - back),
        )
    build(scope, 2, tiles=sample_tiles(projects=31, red=3))
    client.force_login(board_member)
    html = client.get(reverse("reporting:dashboard")).text
    assert '<p class="pmo-tile__value">31</p>' in html
    # sample_changes: one project more, one more red (worse), benefits up (better).
    assert "+1 t.o.v. de vorige periode" in html
    assert "pmo-change--worse" in html and "(slechter)" in html
    assert "(beter)" in html
    trend = trend_text(html, "Projecten")
    assert trend.startswith("Verloop over 12 perioden:")
    assert "Dec 2025 19" in trend and "Nov 2026 31" in trend
    assert "Nov 2025" not in trend
    assert html.count('<svg class="pmo-spark"') >= 5
    # The phases of the projects tile, in lifecycle order and in words.
    assert html.index("Initiatief: 3") < html.index("Realisatie: 10")
    assert "Weerstandsvermogen (klasse)" in html and '<p class="pmo-tile__value">C</p>' in html


def test_a_first_snapshot_says_there_is_nothing_to_compare_with(client, scope, board_member):
    build(scope, 1, changes={"previous_id": None, "previous_period": None, "tiles": {}})
    client.force_login(board_member)
    html = client.get(url(scope)).text
    assert html.count("geen vorige periode") == 7
    assert '<svg class="pmo-spark"' not in html  # one period is no line


def test_the_period_selector_lists_the_built_periods_and_opens_one(client, scope, board_member):
    build(scope, 1, period=dt.date(2026, 10, 1), tiles=sample_tiles(projects=7))
    build(scope, 1, tiles=sample_tiles(projects=9))
    SnapshotFactory(scope=scope, period=dt.date(2026, 9, 1), is_current=False, version=1)
    client.force_login(board_member)
    html = client.get(url(scope)).text
    options = re.findall(r'<option value="(\d{4}-\d\d)"', html)
    assert options == ["2026-11", "2026-10"]  # a superseded version is no period
    assert "Periode november 2026" in html
    older = client.get(url(scope, periode="2026-10"))
    assert older.status_code == 200
    assert "Periode oktober 2026" in older.text
    assert '<p class="pmo-tile__value">7</p>' in older.text
    assert '<option value="2026-10" selected>' in older.text


@pytest.mark.parametrize(
    ("periode", "message"),
    [
        ("2027-03", "maart 2027 ligt in de toekomst"),
        ("2025-01", "Voor januari 2025 is geen dashboard gebouwd"),
        ("2026-13", "„2026-13” is geen periode"),
        ("gisteren", "„gisteren” is geen periode"),
    ],
)
def test_a_period_without_a_dashboard_is_a_404_that_says_why(
    client, scope, board_member, periode, message
):
    build(scope, 1)
    client.force_login(board_member)
    response = client.get(url(scope, periode=periode))
    assert response.status_code == 404
    html = response.text
    assert message in html.replace("Maart", "maart")
    assert 'role="alert"' in html
    assert "Naar de nieuwste periode (november 2026)" in html
    assert "pmo-tile" not in html


def test_an_unknown_scope_is_a_404(client, scope, board_member):
    client.force_login(board_member)
    missing = reverse("reporting:scope_dashboard", args=[scope.pk + 1000])
    assert client.get(missing).status_code == 404
    assert client.get(reverse("reporting:dashboard") + "?dashboard=9999").status_code == 404


def test_a_dashboard_not_yet_built_says_when_it_will_be(client, scope, board_member):
    client.force_login(board_member)
    response = client.get(url(scope))
    assert response.status_code == 200
    day = scope.build_day
    assert f"Dit dashboard is nog niet gebouwd. Het wordt elke maand op dag {day} gebouwd" in (
        response.text
    )


def test_the_scope_selector_goes_to_the_chosen_dashboard(client, scope, board_member):
    unit = ScopeFactory()
    client.force_login(board_member)
    response = client.get(reverse("reporting:dashboard") + f"?dashboard={unit.pk}&periode=2026-10")
    assert response.status_code == 302
    assert response["Location"] == url(unit, periode="2026-10")
    html = client.get(reverse("reporting:dashboard")).text
    assert f'<option value="{scope.pk}" selected>' in html  # the organisation's first
    assert f'<option value="{unit.pk}">' in html


def test_every_section_reads_the_snapshot(client, scope, board_member):
    build(scope, 2)
    client.force_login(board_member)
    html = client.get(url(scope)).text
    # Sinds de vorige portfolioraad.
    assert "Vergeleken met de stand bij Portfolioraad oktober van 14 oktober 2026." in html
    assert "P-00003 – Fasebesluit ontwerp: <strong>Go met voorwaarden</strong>" in html
    assert "Scenario Ambitie (14 oktober 2026)" in html
    # Risicokaart: 12 open risks, the cell of probability 2 and impact 3 holds five.
    assert "Risicokaart, netto (12 open risico's)" in html
    assert '5<span class="pmo-visually-hidden"> (midden)</span>' in html
    assert "Bezwaar omwonenden (P-00003): € 240.000" in html
    # Weerstandsvermogen, capacity (the overloaded team named), benefits and ESG.
    assert "Benodigd (90 % zeker)" in html
    assert "Civiele techniek (121,8 %)" in html
    assert "Planet: klimaat en energie: 3" in html
    assert "€ 1.300.000" in html
    # Every chart has its data as JSON and its table.
    ids = re.findall(r'data-figure="([^"]+)"', html)
    assert len(ids) >= 8
    for figure_id in ids:
        assert f'<script id="{figure_id}" type="application/json">' in html
    assert html.count("De cijfers als tabel") >= len(ids)
    assert html.count('tabindex="0" role="region"') >= len(ids)


def test_the_labels_follow_the_pages_language(client, scope, board_member):
    build(scope, 2)
    client.force_login(board_member)
    html = client.get(url(scope), headers={"accept-language": "en"}).text
    assert '<html lang="en"' in html
    assert "Realisation: 10" in html  # the phase key in the snapshot, its English label
    figure = json.loads(
        re.search(
            r'<script id="figure-rag-\d+" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert "green" in [trace["name"] for trace in figure["data"]]


ROWS = [
    {"code": "P-A1", "domain_id": 1, "programme_id": 11, "rag_overall": "rood"},
    {"code": "P-A2", "domain_id": 1, "programme_id": None, "programme": ""},
    {"code": "P-B1", "domain_id": 2, "domain": "Sociaal Domein"}
    | {"programme_id": 12, "programme": "Jeugd in beeld"},
]


def matrix_codes(html: str) -> list[str]:
    return re.findall(
        r'<th class="utrecht-table__header-cell pmo-matrix__project".*?>(P-[\w]+)</a>', html
    )


def test_the_drill_down_goes_from_domains_to_programmes_to_projects(client, scope, board_member):
    build(scope, ROWS)
    client.force_login(board_member)
    top = client.get(url(scope)).text
    assert "Domeinen: kies er een om in te zoomen" in top
    domain = url(scope, domein=1)
    assert f'href="{domain}#drill" hx-get="{domain}"' in top
    assert matrix_codes(top) == ["P-A1", "P-A2", "P-B1"]
    one = client.get(domain).text
    assert "Inzoomen: Stadsbeheer" in one
    assert ">Bereikbare stad</a>" in one and ">Zonder programma</a>" in one
    assert "Jeugd in beeld" not in one
    assert matrix_codes(one) == ["P-A1", "P-A2"]
    programme = client.get(url(scope, domein=1, programma=11)).text
    assert matrix_codes(programme) == ["P-A1"]
    assert '<span aria-current="location">Bereikbare stad</span>' in programme
    without = client.get(url(scope, domein=1, programma=0)).text
    assert matrix_codes(without) == ["P-A2"]
    assert "Inzoomen: Zonder programma" in without


def test_htmx_gets_only_the_drill_section_and_back_gets_the_whole_page(client, scope, board_member):
    build(scope, ROWS)
    client.force_login(board_member)
    fragment = client.get(url(scope, domein=2), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="drill"')
    assert "<html" not in fragment.text and "pmo-tile" not in fragment.text
    assert matrix_codes(fragment.text) == ["P-B1"]
    assert "HX-Request" in fragment["Vary"]
    restore = client.get(
        url(scope, domein=2),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text and matrix_codes(restore.text) == ["P-B1"]
    assert (
        client.get(url(scope, periode="2030-01"), headers={"HX-Request": "true"}).status_code == 404
    )


@pytest.mark.parametrize(
    "query", ["domein=99", "domein=1&programma=12", "programma=11", "domein=x"]
)
def test_a_drill_not_in_the_snapshot_shows_the_whole_dashboard_with_a_notice(
    client, scope, board_member, query
):
    build(scope, ROWS)
    client.force_login(board_member)
    response = client.get(url(scope) + "?" + query)
    assert response.status_code == 200
    assert "Dit onderdeel komt in deze periode niet voor" in response.text
    assert matrix_codes(response.text) == ["P-A1", "P-A2", "P-B1"]


def test_the_rag_matrix_shows_the_change_since_last_period_in_arrows_and_words(
    client, scope, board_member
):
    greens = dict.fromkeys(aggregate.DIMENSIONS, "groen")
    build(
        scope,
        [
            {"code": "P-1", "rag_overall": "groen", "previous": greens | {"rag_overall": "rood"}},
            {"code": "P-2", "rag_time": "rood", "previous": greens | {"rag_time": "oranje"}},
            {"code": "P-3", "rag_cost": "oranje", "previous": {}},
        ],
    )
    client.force_login(board_member)
    html = client.get(url(scope)).text
    assert html.count("beter dan de vorige periode (rood)") == 1
    assert html.count("slechter dan de vorige periode (oranje)") == 1
    assert html.count('<span class="pmo-up" aria-hidden="true">↑</span>') == 1
    assert html.count('<span class="pmo-down" aria-hidden="true">↓</span>') == 1
    assert '<span class="pmo-rag pmo-rag--oranje">oranje</span>' in html


def test_the_rag_matrix_pages_in_place(client, scope, board_member):
    build(scope, [{"code": f"P-{n:03d}"} for n in range(30)])
    client.force_login(board_member)
    first = client.get(url(scope)).text
    assert len(matrix_codes(first)) == 25
    assert "RAG-matrix: 30 projecten · pagina 1 van 2" in first
    second = url(scope, pagina=2)
    assert f'href="{second}#drill" hx-get="{second}"' in first
    assert matrix_codes(client.get(second).text) == [f"P-{n:03d}" for n in range(25, 30)]


def test_the_bubble_chart_takes_the_largest_budgets_with_a_priority_and_progress(scope):
    snap = build(
        scope,
        [
            {"code": "P-1", "budget": 100},
            {"code": "P-2", "budget": 900},
            {"code": "P-3", "budget": 500},
            {"code": "P-4", "budget": 5000, "priority_value": None},
            {"code": "P-5", "budget": 4000, "progress_pct": None},
        ],
    )
    points = selectors.bubble_points(snap, selectors.Drill(), limit=2)
    assert [p["code"] for p in points] == ["P-2", "P-3"]
    assert points[0] == {
        "code": "P-2",
        "name": points[0]["name"],
        "priority": 0.62,
        "progress": 40,
        "budget": 900.0,
        "rag": "groen",
    }


def grow(snapshot: Snapshot, size: int) -> None:
    SnapshotRow.objects.bulk_create(SnapshotRowFactory.build_batch(size, snapshot=snapshot))
    refigure(snapshot)


def test_the_dashboard_keeps_its_query_count_from_10_to_500_rows(
    client, request, scope, analyst, owner
):
    """The page (as the PMO: the build controls too), a drill level, its htmx fragment
    and the export issue the pinned number of queries whatever the number of rows."""
    snap = build(scope, 10)
    for back in range(1, 14):
        SnapshotFactory(scope=scope, period=shift(NOVEMBER, -back, months=1))
    pages = {
        "dashboard": (reverse("reporting:dashboard"), {}),
        "dashboard-scope-drill": (url(scope, domein=1, programma=11, pagina=2), {}),
        "dashboard-drill-htmx": (url(scope, domein=1), {"HX-Request": "true"}),
        "dashboard-export": (
            reverse("reporting:rows_export", args=[scope.pk]) + "?domein=1&format=csv",
            {},
        ),
    }
    client.force_login(analyst)

    def measured() -> dict[str, int]:
        return {
            name: query_counts.count(client, path, **headers)
            for name, (path, headers) in pages.items()
        }

    few = measured()
    grow(snap, 490)
    many = measured()
    assert few == many, {k: (few[k], many[k]) for k in few if few[k] != many[k]}
    pinned = {page: entry["queries"] for page, entry in query_counts.load().items()}
    assert many == {page: pinned.get(page) for page in many}


def test_a_snapshot_of_a_scope_without_projects_renders_its_empty_sections(
    client, scope, board_member
):
    SnapshotFactory(scope=scope, project_count=0, tiles={}, figures={}, changes={})
    client.force_login(board_member)
    response = client.get(url(scope))
    assert response.status_code == 200
    html = response.text
    assert "Geen projecten op dit niveau." in html
    assert "Geen capaciteitsvraag in deze periode." in html
    assert "Voor dit dashboard is geen weerstandsvermogen berekend." in html
    assert "data-figure" not in html
