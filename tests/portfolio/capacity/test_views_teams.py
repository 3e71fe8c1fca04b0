"""The team pages: the list (everyone signed in, with its export) and one team's capacity
with the PMO's forms for its default and its exceptions; stale forms 409 and bad input
422 with the input kept, htmx swapping the capacity in place."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pmo.actors import Actor
from portfolio.capacity.models import Team, TeamMonth
from portfolio.capacity.services.teams import team_month_set
from tests.support import query_counts
from tests.support.factories import TeamFactory, TeamMonthFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

DEC, JAN = dt.date(2026, 12, 1), dt.date(2027, 1, 1)  # the suite's clock: December 2026
HTMX = {"HX-Request": "true"}


@pytest.fixture
def team(department):
    return TeamFactory(code="ICT", name="Informatievoorziening", org_unit=department)


def detail(team):
    return reverse("capacity:team_detail", args=[team.code])


def test_everyone_signed_in_reads_the_teams_and_only_the_pmo_changes_them(client, request, team):
    """The owner, the colleague and the outsider read the teams like every role (a
    projectleider plans demand on them); only the PMO-analist changes their capacity."""
    assert answers(client, request, reverse("capacity:team_list")) == expect(200)
    assert answers(client, request, detail(team)) == expect(200)
    posted = {"onderdeel": "maand", "maand-version": "1", "maand-month": "2027-07",
              "maand-availability_pct": "50"}  # fmt: skip
    assert answers(client, request, detail(team), method="post", data=posted) == expect(
        403, analyst=302
    )
    assert TeamMonth.objects.get().availability_pct == 50


def test_signed_out_visitors_are_sent_to_sign_in(client, team):
    assert client.get(reverse("capacity:team_list")).status_code == 302
    assert client.get(detail(team)).status_code == 302


def test_the_list_shows_the_next_twelve_months_with_exceptions_applied(client, owner, team):
    TeamMonthFactory(team=team, month=JAN, availability_pct=50)
    client.force_login(owner)
    page = client.get(reverse("capacity:team_list")).content.decode()
    assert "Informatievoorziening" in page and detail(team) in page
    assert "Dec 2026" in page and "Nov 2027" in page and "Dec 2027" not in page
    # 2.5 fte x 156 h x 80 % = 312 h; January at 50 %: 195 h.
    assert ">312<" in page and ">195<" in page


def test_the_list_exports_as_excel_and_csv(client, owner, team):
    TeamMonthFactory(team=team, month=JAN, availability_pct=50)
    client.force_login(owner)
    response = client.get(reverse("capacity:team_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Team", "Organisatieonderdeel")
    assert rows[0][7:9] == ("2026-12", "2027-01")
    assert rows[1][0] == "ICT" and rows[1][6] == pytest.approx(312) and rows[1][8] == 195
    text = client.get(reverse("capacity:team_list"), {"export": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][:2] == ["ICT", "Informatievoorziening"] and len(lines[1]) == 19


def test_the_detail_shows_18_months_with_hours_fte_and_marked_exceptions(client, owner, team):
    TeamMonthFactory(team=team, month=JAN, availability_pct=50, note="Kerstvakantie")
    client.force_login(owner)
    response = client.get(detail(team))
    page = response.content.decode()
    assert "december 2026" in page and "mei 2028" in page and "juni 2028" not in page
    assert "Kerstvakantie" in page and "afwijkend" in page
    assert "1,25" in page  # 195 h / 156 h per fte
    assert 'name="maand-month"' not in page  # a reader gets no forms


def test_the_pmo_changes_the_default_and_a_stale_form_is_409_keeping_the_input(
    client, analyst, team
):
    client.force_login(analyst)
    saved = client.post(
        detail(team),
        {"onderdeel": "standaard", "version": "1", "name": "ICT-team", "fte": "3,5",
         "hours_per_fte": "156", "availability_pct": "75"},
    )  # fmt: skip
    assert saved.status_code == 302
    team.refresh_from_db()
    assert (team.name, team.fte, team.version) == ("ICT-team", Decimal("3.50"), 2)
    stale = client.post(
        detail(team),
        {"onderdeel": "standaard", "version": "1", "name": "Mijn naam", "fte": "4",
         "hours_per_fte": "156", "availability_pct": "75"},
    )  # fmt: skip
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "intussen gewijzigd door" in page and str(analyst) in page and "naam" in page
    assert 'value="Mijn naam"' in page and 'name="version" value="2"' in page
    team.refresh_from_db()
    assert team.name == "ICT-team"


def test_bad_input_is_422_with_the_error_at_its_field(client, analyst, team):
    client.force_login(analyst)
    refused = client.post(
        detail(team),
        {"onderdeel": "maand", "maand-version": "1", "maand-month": "juli",
         "maand-availability_pct": "50"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "jjjj-mm" in refused.content.decode()
    neither = client.post(
        detail(team), {"onderdeel": "maand", "maand-version": "1", "maand-month": "2027-07"}
    )
    assert neither.status_code == 422
    assert "afwijkend percentage inzetbaar" in neither.content.decode()
    too_much = client.post(
        detail(team),
        {"onderdeel": "standaard", "version": "1", "name": "ICT", "fte": "2",
         "hours_per_fte": "156", "availability_pct": "150"},
    )  # fmt: skip
    assert too_much.status_code == 422
    assert not TeamMonth.objects.exists() and Team.objects.get().version == 1


def test_with_htmx_a_month_is_set_and_cleared_in_place(client, analyst, team):
    client.force_login(analyst)
    posted = {"onderdeel": "maand", "maand-version": "1", "maand-month": "2026-12",
              "maand-availability_pct": "40", "maand-note": "Vacature"}  # fmt: skip
    swapped = client.post(detail(team), posted, headers=HTMX)
    assert swapped.status_code == 200
    fragment = swapped.content.decode()
    assert fragment.lstrip().startswith('<section id="team-capacity"') and "<html" not in fragment
    assert "Vacature" in fragment and "De afwijkende maand is opgeslagen." in fragment
    # The same month posted against the old version: 409, the fragment with the reason.
    stale = client.post(detail(team), {**posted, "maand-note": "Later"}, headers=HTMX)
    assert stale.status_code == 409 and "2026-12 inzetbaar" in stale.content.decode()
    assert 'value="Later"' in stale.content.decode()
    cleared = client.post(
        detail(team),
        {"onderdeel": "wissen", "wissen-version": "2", "wissen-month": "2026-12"},
        headers=HTMX,
    )
    assert cleared.status_code == 200 and not TeamMonth.objects.exists()
    stale_clear = client.post(
        detail(team), {"onderdeel": "wissen", "wissen-version": "2", "wissen-month": "2026-12"}
    )
    assert stale_clear.status_code == 409 and "intussen gewijzigd" in stale_clear.content.decode()


def test_a_month_link_fills_the_form_with_that_months_exception(client, analyst, team):
    team_month_set(
        actor=Actor.screen(analyst), team=team, expected_version=1,
        month=dt.date(2029, 7, 1), fte=Decimal("1.5"), note="Ver weg",
    )  # fmt: skip
    client.force_login(analyst)
    page = client.get(detail(team), {"maand": "2029-07"}).content.decode()
    assert 'value="2029-07"' in page and 'value="Ver weg"' in page and 'value="1,50"' in page


def test_the_team_pages_read_a_fixed_number_of_queries(client, analyst, department):
    client.force_login(analyst)
    team = TeamFactory(org_unit=department)
    counts = []
    for size in (2, 40):
        for other in TeamFactory.create_batch(size):
            TeamMonthFactory(team=other, month=JAN)
        TeamMonthFactory(team=team, month=add(size))
        counts.append(
            (
                query_counts.count(client, reverse("capacity:team_list")),
                query_counts.count(client, detail(team)),
            )
        )
    assert counts[0] == counts[1]


def add(size: int) -> dt.date:
    return dt.date(2027, 2 + size % 10, 1)
