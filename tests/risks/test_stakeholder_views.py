"""Pages of the stakeholder register: the trio and every role, bad input answered with
field errors and nothing saved, the derived strategy, the grid's cells filtering the
register, the export with its filters, actions added and marked done, a stale edit
refused, and a fixed number of queries whatever the register's size."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from risks.models import Stakeholder, StakeholderAction
from tests.support import query_counts
from tests.support.factories import (
    ProgrammeFactory,
    StakeholderActionFactory,
    StakeholderFactory,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

POSTED = {
    "name": "Wethouder Verkeer",
    "organisation": "College van B&W",
    "role": "Portefeuillehouder",
    "power": "5",
    "interest": "4",
    "attitude": "positief",
    "strategy": "",
    "notes": "",
}


def detail_url(stakeholder):
    return reverse("risks:stakeholder_detail", args=[stakeholder.pk])


def test_who_sees_and_who_changes_a_projects_stakeholder(client, request, project):
    """Seen with the project; changed by its projectleider and the PMO-analist."""
    stakeholder = StakeholderFactory(project=project)
    assert answers(client, request, detail_url(stakeholder)) == expect(
        200, outsider=404, no_role_user=404
    )
    edit = reverse("risks:stakeholder_edit", args=[stakeholder.pk])
    assert answers(client, request, edit) == expect(
        403, owner=200, analyst=200, outsider=404, no_role_user=404
    )
    assert set(answers(client, request, reverse("risks:stakeholder_list")).values()) == {200}
    create = reverse("risks:stakeholder_create")
    assert answers(client, request, create) == expect(403, owner=200, analyst=200)


def test_the_register_shows_each_user_only_what_they_see(client, outsider, owner, project):
    StakeholderFactory(project=project, name="Bewonerscommissie Ringweg")
    client.force_login(outsider)
    assert (
        "Bewonerscommissie Ringweg"
        not in client.get(reverse("risks:stakeholder_list")).content.decode()
    )
    client.force_login(owner)
    assert (
        "Bewonerscommissie Ringweg"
        in client.get(reverse("risks:stakeholder_list")).content.decode()
    )


def test_the_projectleider_records_one_the_strategy_follows_and_bad_power_is_refused(
    client, owner, project
):
    client.force_login(owner)
    url = reverse("risks:stakeholder_create")
    refused = client.post(url, {**POSTED, "project": project.pk, "power": "6"})
    assert refused.status_code == 422
    assert "utrecht-form-field--invalid" in refused.content.decode()
    assert not Stakeholder.objects.exists()
    made = client.post(url, {**POSTED, "project": project.pk})
    assert made.status_code == 302
    stakeholder = Stakeholder.objects.get()
    assert made["Location"] == detail_url(stakeholder)
    assert (stakeholder.project, stakeholder.strategy) == (project, "nauw-betrekken")


def test_a_chosen_strategy_is_kept_and_shown_as_a_choice(client, owner, project):
    client.force_login(owner)
    made = client.post(
        reverse("risks:stakeholder_create"),
        {**POSTED, "project": project.pk, "strategy": "informeren"},
    )
    stakeholder = Stakeholder.objects.get()
    assert made.status_code == 302 and stakeholder.strategy == "informeren"
    page = client.get(detail_url(stakeholder)).content.decode()
    assert "Eigen keuze" in page and "nauw betrekken" in page


def test_the_edit_form_leaves_a_derived_strategy_empty_so_it_follows(client, owner, project):
    stakeholder = StakeholderFactory(project=project, power=2, interest=4, strategy="informeren")
    client.force_login(owner)
    edit = reverse("risks:stakeholder_edit", args=[stakeholder.pk])
    form = client.get(edit).context["form"]
    assert form["strategy"].value() == ""
    posted = {**POSTED, "power": "4", "interest": "4", "version": "1"}
    assert client.post(edit, posted).status_code == 302
    stakeholder.refresh_from_db()
    assert (stakeholder.strategy, stakeholder.version) == ("nauw-betrekken", 2)


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client, owner, analyst, project):
    stakeholder = StakeholderFactory(project=project)
    edit = reverse("risks:stakeholder_edit", args=[stakeholder.pk])
    client.force_login(analyst)
    assert client.post(edit, {**POSTED, "version": "1", "notes": "Eerst"}).status_code == 302
    client.force_login(owner)
    refused = client.post(edit, {**POSTED, "version": "1", "notes": "Later"})
    assert refused.status_code == 409
    assert "Uw wijzigingen zijn niet opgeslagen" in refused.content.decode()
    stakeholder.refresh_from_db()
    assert (stakeholder.notes, stakeholder.version) == ("Eerst", 2)
    # The form now carries the version the user has seen: a deliberate second save goes.
    assert client.post(edit, {**POSTED, "version": "2", "notes": "Later"}).status_code == 302


def test_a_colleague_may_not_post_the_form(client, colleague, project):
    stakeholder = StakeholderFactory(project=project)
    client.force_login(colleague)
    edit = reverse("risks:stakeholder_edit", args=[stakeholder.pk])
    assert client.post(edit, {**POSTED, "version": "1"}).status_code == 403
    refused = client.post(reverse("risks:stakeholder_create"), {**POSTED, "project": project.pk})
    assert refused.status_code == 403  # no project or programme of theirs to record one on
    assert not Stakeholder.objects.exclude(pk=stakeholder.pk).exists()


def test_a_programme_manager_records_one_on_the_programme(client, owner, project):
    programme = ProgrammeFactory(portfolio=project.portfolio, manager=owner)
    client.force_login(owner)
    made = client.post(reverse("risks:stakeholder_create"), {**POSTED, "programme": programme.pk})
    assert made.status_code == 302
    assert Stakeholder.objects.get().level == "programma"


def test_a_cell_of_the_grid_filters_the_register(client, analyst, project):
    StakeholderFactory(project=project, name="In het vak", power=4, interest=2)
    StakeholderFactory(project=project, name="Ernaast", power=4, interest=3)
    client.force_login(analyst)
    register = reverse("risks:stakeholder_list")
    page = client.get(register, {"raster": "4-2"}).content.decode()
    assert "In het vak" in page and "Ernaast" not in page
    whole = client.get(register).content.decode()
    assert 'href="?raster=4-2#results"' in whole and 'hx-get="?raster=4-3"' in whole
    assert 'href="?raster=1-1#results"' not in whole  # an empty cell is no link
    # In place: htmx gets only the results.
    fragment = client.get(register, {"raster": "4-2"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="results"') and "In het vak" in body
    quadrant = client.get(register, {"raster": "tevreden-houden"}).content.decode()
    assert "In het vak" in quadrant and "Ernaast" not in quadrant
    assert "0 belanghebbenden gevonden" in client.get(register, {"raster": "9-9"}).content.decode()


def test_the_grid_and_its_table_count_the_quadrants(client, analyst, project):
    StakeholderFactory.create_batch(2, project=project, power=5, interest=5)
    StakeholderFactory(project=project, power=1, interest=1)
    client.force_login(analyst)
    response = client.get(reverse("risks:stakeholder_list"))
    quadrants = {label: count for _q, label, count in response.context["quadrants"]}
    assert quadrants[str(Stakeholder.Strategy.MANAGE.label)] == 2
    assert quadrants[str(Stakeholder.Strategy.MONITOR.label)] == 1
    assert response.context["grid"].total == 3


def test_the_register_exports_with_its_filters(client, analyst, project):
    stakeholder = StakeholderFactory(project=project, name="Waterschap", attitude="kritisch")
    StakeholderActionFactory(stakeholder=stakeholder)
    StakeholderFactory(project=project, name="Provincie", attitude="positief")
    client.force_login(analyst)
    register = reverse("risks:stakeholder_list")
    response = client.get(register, {"attitude": "kritisch", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert [row[0] for row in rows[1:]] == ["Waterschap"]
    assert rows[1][header.index("Houding")] == "kritisch"
    assert rows[1][header.index("Open acties")] == 1
    assert rows[1][header.index("Kwadrant")].startswith("informeren")
    text = client.get(register, {"raster": "2-4", "q": "Provincie", "export": "csv"})
    lines = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["Provincie"]


def test_an_action_is_added_refused_when_bad_and_marked_done(client, owner, colleague, project):
    stakeholder = StakeholderFactory(project=project)
    add = reverse("risks:stakeholder_action_add", args=[stakeholder.pk])
    client.force_login(owner)
    refused = client.post(add, {"description": "Brief", "due_on": ""})
    assert refused.status_code == 422 and not StakeholderAction.objects.exists()
    made = client.post(add, {"description": "Brief aan de omwonenden", "due_on": "2026-12-20"})
    assert made.status_code == 302
    action = StakeholderAction.objects.get()
    done = reverse("risks:stakeholder_action_done", args=[stakeholder.pk, action.pk])
    client.force_login(colleague)
    assert client.post(done, {"version": "1"}).status_code == 403
    client.force_login(owner)
    assert client.post(done, {"version": "1"}).status_code == 302
    action.refresh_from_db()
    assert action.done_on is not None and action.version == 2
    assert client.post(done, {"version": "1"}).status_code == 409  # stale
    page = client.get(detail_url(stakeholder)).content.decode()
    assert "Brief aan de omwonenden" in page and "gedaan op" in page
    assert "Communicatieactie" in page and "Historie" in page


def test_the_detail_shows_the_history_of_the_stakeholder_and_its_actions(client, owner, project):
    client.force_login(owner)
    client.post(reverse("risks:stakeholder_create"), {**POSTED, "project": project.pk})
    stakeholder = Stakeholder.objects.get()
    client.post(
        reverse("risks:stakeholder_action_add", args=[stakeholder.pk]),
        {"description": "Bestuurlijk overleg", "due_on": "2026-12-20"},
    )
    entries = client.get(detail_url(stakeholder)).context["entries"]
    assert [entry.part for entry in entries] == ["Bestuurlijk overleg", ""]


def test_the_pages_read_a_fixed_number_of_queries(client, analyst, project):
    client.force_login(analyst)
    first = StakeholderFactory(project=project, power=4, interest=2)
    StakeholderActionFactory(stakeholder=first)
    urls = [
        reverse("risks:stakeholder_list"),
        reverse("risks:stakeholder_list") + "?raster=4-2&sort=-power",
        detail_url(first),
        reverse("risks:stakeholder_edit", args=[first.pk]),
    ]
    few = [query_counts.count(client, url) for url in urls]
    for stakeholder in StakeholderFactory.create_batch(29, project=project, power=4, interest=2):
        StakeholderActionFactory.create_batch(2, stakeholder=stakeholder)
    StakeholderActionFactory.create_batch(5, stakeholder=first)
    many = [query_counts.count(client, url) for url in urls]
    assert few == many
