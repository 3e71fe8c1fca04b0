"""The PMO-analist imports the project list kept in Excel: uploads three projects, finds
the columns proposed, checks (all three good), reads them in and undoes the import as a
whole. A file with a bad row is refused row by row, naming row and column, and nothing
is read in; a workbook with macros (.xlsm) is refused on the form. axe finds no serious
or critical violation on the import pages."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from pmo.imports.models import ImportJob
from portfolio.projects.models import OrgUnit, Project

from .test_every_page_type import SIDEWAYS, axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The headers as a municipality's sheet has them: aliases the importer recognises.
HEADER = ["Projectcode", "Projectnaam", "Afdeling", "Status", "Startdatum", "Einddatum"]
PROPOSED = {
    "code": "Projectcode",
    "name": "Projectnaam",
    "org_unit": "Afdeling",
    "status": "Status",
    "planned_start": "Startdatum",
    "planned_end": "Einddatum",
}
CODES = ["RU-2027-901", "RU-2027-902", "RU-2027-903"]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Projecten"
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def projects(unit: str) -> list[list]:
    return [
        [CODES[0], "Woningbouw Noorderpark", unit, "Voorgesteld", dt.date(2027, 3, 1), None],
        [CODES[1], "Tiny houses Lindeweg", unit, "Voorgesteld", dt.date(2027, 6, 1), None],
        [CODES[2], "Transformatie kantoor Stationsplein", unit, "Voorgesteld", None, None],
    ]


def upload(page, name: str, content: bytes) -> None:
    page.get_by_label("Soort lijst").select_option(label="Projecten")
    page.locator("#id_file").set_input_files({"name": name, "mimeType": XLSX, "buffer": content})
    page.get_by_role("button", name="Uploaden en kolommen koppelen").click()


def test_the_analist_imports_projects_and_undoes_the_import(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    unit = OrgUnit.objects.get(code="RU-WO")
    log_in(page, live_server, "analist")
    page.get_by_role("banner").get_by_role("link", name="Importeren", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Importeren uit Excel en Microsoft Project"
    )
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "import-list.png", full_page=True)

    # Three projects: the columns come proposed from the sheet's own headers.
    rows = projects(unit.code)
    rows[0][5], rows[1][5] = dt.date(2028, 6, 30), dt.date(2028, 12, 31)
    upload(page, "projecten.xlsx", workbook(rows))
    expect(page.get_by_role("heading", name="Kolommen koppelen", level=2)).to_be_visible()
    for key, label in PROPOSED.items():
        expect(page.locator(f"#id_col_{key}")).to_have_value(label)
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "import-mapping.png", full_page=True)

    page.get_by_role("button", name="Controleren", exact=True).click()
    expect(page.get_by_text("Alle 3 regels zijn goed.")).to_be_visible(timeout=20_000)
    assert not Project.objects.filter(code__in=CODES).exists()  # the check wrote nothing
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "import-checked.png", full_page=True)

    page.get_by_role("button", name="Alles inlezen").click()
    expect(page.get_by_role("heading", name="Ingelezen", level=2)).to_be_visible(timeout=20_000)
    imported = Project.objects.filter(code__in=CODES)
    assert sorted(imported.values_list("code", flat=True)) == CODES
    assert set(imported.values_list("org_unit__code", flat=True)) == {unit.code}
    assert Project.objects.get(code=CODES[0]).planned_start == dt.date(2027, 3, 1)
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "import-done.png", full_page=True)

    page.get_by_role("button", name="Import ongedaan maken").click()
    expect(page.get_by_role("status")).to_contain_text("De import is ongedaan gemaakt.")
    assert not Project.objects.filter(code__in=CODES).exists()
    assert ImportJob.objects.get().state == ImportJob.State.UNDONE

    # A bad date in the third row: the report names row and column; nothing is read in.
    page.get_by_role("banner").get_by_role("link", name="Importeren", exact=True).click()
    rows = projects(unit.code)
    rows[2][4] = "ergens in het voorjaar"
    upload(page, "projecten-fout.xlsx", workbook(rows))
    page.get_by_role("button", name="Controleren", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("1 regel is afgekeurd", timeout=20_000)
    refused = page.get_by_role("table", name="Afgekeurde regels")
    expect(refused.locator("tbody tr")).to_have_count(1)
    row = refused.locator("tbody tr td")
    expect(row.nth(0)).to_have_text("4")  # the header is row 1
    expect(row.nth(1)).to_have_text("Geplande start")
    expect(row.nth(2)).not_to_be_empty()
    expect(page.get_by_role("button", name="Alles inlezen")).to_have_count(0)
    assert not Project.objects.filter(code__in=CODES).exists()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "import-refused-rows.png", full_page=True)

    # A workbook with macros is refused on the form itself.
    page.get_by_role("banner").get_by_role("link", name="Importeren", exact=True).click()
    jobs = ImportJob.objects.count()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        upload(page, "projecten.xlsm", workbook(projects(unit.code)))
    assert answer.value.status == 422
    expect(page.get_by_role("alert")).to_contain_text("Het bestand is niet ingelezen.")
    expect(page.locator(".utrecht-form-field--invalid")).to_contain_text(".xlsm")
    assert ImportJob.objects.count() == jobs
    assert not Project.objects.filter(code__in=CODES).exists()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "import-xlsm.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    # Measured on the page the click loads, not on the one it leaves.
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("link", name="Importeren", exact=True).click()
    page.wait_for_load_state("networkidle")
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], layout
    page.screenshot(path=artifacts / "import-list-phone.png", full_page=True)
