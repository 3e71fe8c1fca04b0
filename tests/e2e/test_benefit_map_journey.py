"""The batenkaart in the browser: the programme manager draws on it and is refused an
arrow that would close a cycle, a box opens its profile; and a map of 500 boxes renders
in under a second (the issue's figure, printed for docs/PERFORMANCE.md)."""

import pytest

from benefits.models import BenefitMap, MapLink, MapNode

from .test_every_page_type import axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
RENDERED = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {load: nav.loadEventEnd, server: nav.responseStart - nav.requestStart,
          boxes: document.querySelectorAll('#benefit-map [data-node]').length};
}"""


def test_the_programme_manager_draws_and_is_refused_a_cycle(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    benefit_map = BenefitMap.objects.get(external_id="KAART-DIGITAAL")
    log_in(page, live_server, benefit_map.programme.manager.username)
    page.goto(live_server.url + benefit_map.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(benefit_map.name)
    assert axe_problems(page) == []

    page.get_by_text("Element toevoegen").click()
    page.locator("#id_kind").select_option(label="tussenliggende baat")
    page.locator("#id_label").fill("Minder herhaalde aanvragen")
    page.get_by_role("button", name="Toevoegen").first.click()
    expect(page.get_by_text("Het element staat op de kaart.")).to_be_visible()

    # "Minder herhaalde aanvragen" → "Meer aanvragen digitaal afgehandeld", then back.
    new = MapNode.objects.get(map=benefit_map, label="Minder herhaalde aanvragen")
    digital = MapNode.objects.get(map=benefit_map, benefit__external_id="BAAT-DIGITAAL-1")
    for source, target in ((new, digital), (digital, new)):
        page.get_by_text("Verband toevoegen").click()
        page.locator("#id_source").select_option(str(source.pk))
        page.locator("#id_target").select_option(str(target.pk))
        page.get_by_role("button", name="Toevoegen").last.click()
    expect(page.get_by_text("zou een kringloop maken")).to_be_visible()
    page.screenshot(path=artifacts / "benefit-map-cycle-refused.png", full_page=True)
    assert MapLink.objects.filter(source=digital, target=new).count() == 0
    assert MapLink.objects.filter(source=new, target=digital).count() == 1

    page.goto(live_server.url + benefit_map.get_absolute_url())
    page.locator(f'#benefit-map [data-node="{digital.pk}"]').hover()
    expect(page.locator("#benefit-map")).to_have_class("pmo-map is-focused")
    page.locator("#benefit-map").screenshot(path=artifacts / "benefit-map-chain.png")
    page.locator(f'#benefit-map [data-node="{digital.pk}"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(digital.benefit.name)


def test_a_map_of_500_boxes_renders_in_under_a_second(demo, page, live_server, artifacts):
    benefit_map = BenefitMap.objects.get(external_id="KAART-DIGITAAL")
    kinds = list(MapNode.Kind.values)
    made = MapNode.objects.bulk_create(
        [
            MapNode(map=benefit_map, kind=kinds[n % 6], label=f"Element {n} van de grote kaart")
            for n in range(500 - benefit_map.nodes.count())
        ]
    )
    # Chains through the stages, and a second arrow from every other box.
    stage = {kind: index for index, kind in enumerate(kinds)}
    pairs = [(made[n], made[n + 1]) for n in range(len(made) - 1)]
    pairs += [(made[n], made[n + 2]) for n in range(0, len(made) - 2, 2)]
    MapLink.objects.bulk_create(
        [
            MapLink(map=benefit_map, source=a, target=b)
            for a, b in pairs
            if stage[a.kind] < stage[b.kind]
        ]
    )
    assert benefit_map.nodes.count() == 500
    log_in(page, live_server, "analist")
    timings = []
    for _ in range(3):
        page.goto(live_server.url + benefit_map.get_absolute_url())
        timings.append(page.evaluate(RENDERED))
    assert {t["boxes"] for t in timings} == {500}
    load = sorted(t["load"] for t in timings)[1]
    server = sorted(t["server"] for t in timings)[1]
    figures = (
        f"map_500_render_ms={load:.0f} server_ms={server:.0f} links={benefit_map.links.count()}"
    )
    print(f"benefits map rendered: {figures}")
    (artifacts / "benefit-map-500.txt").write_text(figures + "\n")
    page.locator("#benefit-map").screenshot(path=artifacts / "benefit-map-500.png")
    assert load < 1000, figures
