"""Batenkaarten: who sees and draws them, arrows refused when backwards or closing a cycle
(nothing saved), stale forms refused, the diagram and its table, the export, and a fixed
number of queries whatever the map's size."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import BenefitMap, MapLink, MapNode
from benefits.services import maps as services
from pmo.actors import Actor
from pmo.versioning import StaleError
from tests.support.factories import (
    BenefitFactory,
    BenefitMapFactory,
    MapNodeFactory,
    ObjectiveFactory,
    ProgrammeFactory,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db
Kind = MapNode.Kind


@pytest.fixture
def programme(owner, project):
    """The owner manages the programme the project is in."""
    programme = ProgrammeFactory(manager=owner, portfolio=project.portfolio)
    project.programme = programme
    project.save()
    return programme


@pytest.fixture
def benefit_map(programme, project):
    benefit_map = BenefitMapFactory(programme=programme, portfolio=programme.portfolio)
    MapNodeFactory(map=benefit_map, kind=Kind.ENABLER, label="", project=project)
    return benefit_map


def screen(user):
    return Actor.screen(user)


def node(benefit_map, kind, label):
    return MapNode.objects.create(map=benefit_map, kind=kind, label=label)


def test_who_sees_and_who_draws_a_map(client, request, benefit_map):
    """The programme manager (owner) draws it; a colleague who sees the project on it
    reads it; an outsider does not know it exists. Board and analyst read, the analyst
    draws too."""
    detail = reverse("benefits:map_detail", args=[benefit_map.pk])
    seen = answers(client, request, detail)
    assert seen == expect(200, outsider=404, no_role_user=404)
    edit = answers(client, request, reverse("benefits:map_edit", args=[benefit_map.pk]))
    assert edit == expect(403, owner=200, analyst=200, outsider=404, no_role_user=404)
    listed = answers(client, request, reverse("benefits:map_list"))
    assert set(listed.values()) == {200}


def test_a_colleague_cannot_add_a_box(colleague, benefit_map):
    """A colleague sees the map but may not draw on it."""
    with pytest.raises(PermissionDenied):
        services.node_add(
            actor=screen(colleague), benefit_map=benefit_map, kind=Kind.OUTCOME, label="x"
        )
    assert benefit_map.nodes.count() == 1


def test_an_outsider_does_not_see_the_map(outsider, benefit_map):
    """An outsider sees no project on it and is not its programme's manager."""
    assert not BenefitMap.objects.visible_to(outsider).exists()


def test_a_programme_manager_draws_only_their_own_programmes_map(owner, analyst, programme):
    other = ProgrammeFactory(portfolio=programme.portfolio)
    with pytest.raises(ValidationError) as refused:
        services.map_create(
            actor=screen(owner), name="Kaart", portfolio=other.portfolio, programme=other
        )
    assert "programme" in refused.value.message_dict
    made = services.map_create(
        actor=screen(owner), name="Kaart", portfolio=programme.portfolio, programme=programme
    )
    assert made.created_by == owner
    portfolio_map = services.map_create(
        actor=screen(analyst), name="Portfolio", portfolio=programme.portfolio
    )
    assert portfolio_map.programme is None


def test_a_backward_arrow_and_one_from_an_objective_are_refused(owner, benefit_map):
    outcome, benefit = (
        node(benefit_map, Kind.OUTCOME, "Snellere afhandeling"),
        node(benefit_map, Kind.END, "Tevreden inwoners"),
    )
    goal = node(benefit_map, Kind.OBJECTIVE, "Dienstverlening")
    for source, target in ((benefit, outcome), (goal, benefit)):
        with pytest.raises(ValidationError) as refused:
            services.link_add(actor=screen(owner), source=source, target=target)
        assert "target" in refused.value.message_dict
    assert not MapLink.objects.exists()


def test_an_arrow_that_would_close_a_cycle_is_refused_naming_the_chain(owner, benefit_map):
    a, b, c = (node(benefit_map, Kind.INTERMEDIATE, name) for name in ("A", "B", "C"))
    services.link_add(actor=screen(owner), source=a, target=b)
    services.link_add(actor=screen(owner), source=b, target=c)
    with pytest.raises(ValidationError) as refused:
        services.link_add(actor=screen(owner), source=c, target=a)
    assert "A leidt al tot C" in refused.value.message_dict["target"][0]
    with pytest.raises(ValidationError):
        services.link_add(actor=screen(owner), source=a, target=b)  # twice
    assert MapLink.objects.count() == 2


def test_a_benefit_box_takes_its_disbenefit_from_its_profile(owner, benefit_map, project):
    profile = BenefitFactory(portfolio=project.portfolio, kind="negatieve-baat", owner=owner)
    box = services.node_add(
        actor=screen(owner), benefit_map=benefit_map, kind=Kind.END, benefit=profile
    )
    assert box.disbenefit and box.title == profile.name
    with pytest.raises(ValidationError) as refused:
        services.node_add(
            actor=screen(owner), benefit_map=benefit_map, kind=Kind.OUTCOME, benefit=profile
        )
    assert "benefit" in refused.value.message_dict


def test_a_box_needs_a_label_or_what_it_stands_for(owner, benefit_map):
    with pytest.raises(ValidationError) as refused:
        services.node_add(actor=screen(owner), benefit_map=benefit_map, kind=Kind.OUTCOME, label="")
    assert "label" in refused.value.message_dict


def test_changing_a_box_with_a_stale_map_version_is_refused(owner, analyst, benefit_map):
    box = node(benefit_map, Kind.OUTCOME, "Oud")
    version = benefit_map.version
    services.node_add(
        actor=screen(analyst), benefit_map=benefit_map, kind=Kind.OUTCOME, label="Nieuw"
    )
    with pytest.raises(StaleError):
        services.node_update(
            actor=screen(owner), node=box, expected_version=version, label="Anders"
        )
    box.refresh_from_db()
    assert box.label == "Oud"


def test_a_kind_change_that_breaks_its_arrows_is_refused(owner, benefit_map):
    a, b = node(benefit_map, Kind.OUTCOME, "A"), node(benefit_map, Kind.END, "B")
    services.link_add(actor=screen(owner), source=a, target=b)
    benefit_map.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.node_update(
            actor=screen(owner), node=b, expected_version=benefit_map.version, kind=Kind.CHANGE
        )
    assert "kind" in refused.value.message_dict


def test_the_page_draws_the_map_flags_its_gaps_and_offers_the_forms(client, owner, benefit_map):
    goal = ObjectiveFactory(name="Bereikbare stad")
    services.node_add(
        actor=screen(owner), benefit_map=benefit_map, kind=Kind.OBJECTIVE, objective=goal
    )
    lonely = node(benefit_map, Kind.END, "Minder files")
    client.force_login(owner)
    page = client.get(reverse("benefits:map_detail", args=[benefit_map.pk])).content.decode()
    assert page.count('class="pmo-map__node') == 3
    assert f'href="#element-{lonely.pk}"' in page  # a box without an object opens its row
    assert f"#doel-{goal.pk}" in page  # an objective opens its place in the afwegingskader
    assert "bereikt geen doelstelling" in page and "los element" in page
    assert 'action="/baten/kaarten/' in page and "Verband toevoegen" in page


def test_a_refused_arrow_on_the_page_is_a_field_error_and_nothing_is_saved(
    client, owner, benefit_map
):
    a, b = node(benefit_map, Kind.END, "A"), node(benefit_map, Kind.OUTCOME, "B")
    client.force_login(owner)
    response = client.post(
        reverse("benefits:link_add", args=[benefit_map.pk]), {"source": a.pk, "target": b.pk}
    )
    assert response.status_code == 422
    assert "niet terug" in response.content.decode()
    assert not MapLink.objects.exists()


def test_removing_a_box_removes_its_arrows(client, owner, benefit_map):
    a, b = node(benefit_map, Kind.OUTCOME, "A"), node(benefit_map, Kind.END, "B")
    services.link_add(actor=screen(owner), source=a, target=b)
    benefit_map.refresh_from_db()
    client.force_login(owner)
    url = reverse("benefits:node_edit", args=[benefit_map.pk, a.pk])
    response = client.post(url, {"remove": "1", "version": benefit_map.version})
    assert response.status_code == 302
    assert not MapNode.objects.filter(pk=a.pk).exists() and not MapLink.objects.exists()


def test_the_map_exports_as_its_table(client, owner, benefit_map):
    a, b = (
        node(benefit_map, Kind.OUTCOME, "Snellere afhandeling"),
        node(benefit_map, Kind.END, "Tevreden inwoners"),
    )
    services.link_add(actor=screen(owner), source=a, target=b)
    client.force_login(owner)
    response = client.get(reverse("benefits:map_detail", args=[benefit_map.pk]), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Stap", "Element", "Negatieve baat")
    outcome = next(row for row in rows if row[1] == "Snellere afhandeling")
    assert outcome[3] == "Tevreden inwoners"


def _grow(benefit_map, count):
    kinds = list(Kind.values)
    made = MapNode.objects.bulk_create(
        [MapNode(map=benefit_map, kind=kinds[n % 6], label=f"Element {n}") for n in range(count)]
    )
    MapLink.objects.bulk_create(
        [
            MapLink(map=benefit_map, source=made[n], target=made[n + 1])
            for n in range(count - 1)
            if n % 6 != 5
        ]
    )


def test_the_map_page_reads_a_fixed_number_of_queries(client, owner, benefit_map):
    client.force_login(owner)
    url = reverse("benefits:map_detail", args=[benefit_map.pk])
    counts = []
    for size in (10, 300):
        _grow(benefit_map, size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_api_refuses_a_cycle_and_a_colleagues_box(api_client, owner, colleague, benefit_map):
    """The programme manager draws through the API as on the page; a colleague who sees
    the map is refused (403); an arrow closing a cycle is a field error (400)."""
    a, b = node(benefit_map, Kind.INTERMEDIATE, "A"), node(benefit_map, Kind.INTERMEDIATE, "B")
    body = {"map": benefit_map.pk, "kind": "uitkomst", "label": "Via de API"}
    api_client.force_login(colleague)
    assert (
        api_client.post("/api/v1/map-nodes", body, content_type="application/json").status_code
        == 403
    )
    api_client.force_login(owner)
    made = api_client.post("/api/v1/map-nodes", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["kind"] == "uitkomst"
    arrow = {"source": a.pk, "target": b.pk}
    assert (
        api_client.post("/api/v1/map-links", arrow, content_type="application/json").status_code
        == 201
    )
    back = api_client.post(
        "/api/v1/map-links", {"source": b.pk, "target": a.pk}, content_type="application/json"
    )
    assert back.status_code == 400
    assert back.json()["errors"][0]["pointer"] == "#/target"
    assert MapLink.objects.count() == 1
