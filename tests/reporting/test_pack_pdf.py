"""The board pack's PDF: A4 landscape, the organisation, period, build date and
"pagina X van Y" on every page, vector charts, tables that break with their header
repeated, the pack's language, and the same bytes for the same snapshot whenever and
wherever it is rendered."""

import base64
import datetime as dt
import hashlib
import re
import zlib

import pytest
import time_machine

from reporting import pack
from reporting.pack import charts, layout
from tests.support.factories import (
    OrgUnitFactory,
    PortfolioFactory,
    ScopeFactory,
    SnapshotFactory,
    SnapshotRowFactory,
)

pytestmark = pytest.mark.django_db
BUILT = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def snapshot(department):
    scope = ScopeFactory(kind="onderdeel", org_unit=department, name="Wegen")
    snapshot = SnapshotFactory(scope=scope, built_at=BUILT)
    SnapshotRowFactory(
        snapshot=snapshot,
        code="P-00003",
        name="Stationsplein",
        rag_overall="rood",
        rag_time="rood",
        previous={"rag_overall": "oranje", "rag_time": "rood"},
    )
    SnapshotRowFactory(snapshot=snapshot, code="P-00007", name="Kademuren", rag_cost="oranje")
    return snapshot


def _streams(data: bytes) -> list[bytes]:
    out = []
    for head, body in re.findall(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", data, re.S):
        raw = body.strip()
        if b"ASCII85Decode" in head:
            raw = base64.a85decode(raw.removesuffix(b"~>"))
        if b"FlateDecode" in head:
            raw = zlib.decompress(raw)
        out.append(raw)
    return out


def _text(stream: bytes) -> str:
    """The strings a content stream shows, a line per text object, decoded as the PDF's
    WinAnsi text."""
    lines = []
    for block in re.findall(rb"BT(.*?)ET", stream, re.S):
        parts = []
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", block, re.S):
            literal = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m[1], 8)]), literal)
            literal = re.sub(rb"\\(.)", rb"\1", literal)
            parts.append(literal.decode("cp1252"))
        if parts:
            lines.append("".join(parts))
    return "\n".join(lines)


def pages(data: bytes) -> list[str]:
    """Each page's text, in page order (each page says which it is)."""
    texts = [_text(s) for s in _streams(data)]
    numbered = {}
    for text in texts:
        found = re.search(r"(?:pagina|page) (\d+) (?:van|of) (\d+)", text)
        if found:
            numbered[int(found[1])] = text
    return [numbered[n] for n in sorted(numbered)]


def test_every_page_names_the_organisation_period_build_and_its_number(snapshot, settings):
    settings.PMO_ORGANISATION_NAME = "Gemeente Lindenhoven"
    data = pack.render(snapshot, fmt="pdf", language="nl")
    assert data.startswith(b"%PDF-")
    texts = pages(data)
    total = len(re.findall(rb"/Type /Page\b", data))
    assert len(texts) == total > 5
    for number, text in enumerate(texts, start=1):
        assert f"pagina {number} van {total}" in text
        assert "Gemeente Lindenhoven · Wegen" in text
        assert "Periode november 2026 · gebouwd op 1 december 2026 07:00" in text


def test_the_page_is_a4_landscape_and_the_charts_are_vector_drawings(snapshot):
    data = pack.render(snapshot, fmt="pdf", language="nl")
    boxes = set(re.findall(rb"/MediaBox \[ ([\d. ]+) \]", data))
    assert boxes == {b"0 0 841.8898 595.2756"}
    assert b"/Subtype /Image" not in data  # no raster anywhere
    first = pages(data)[0]
    assert "Kerncijfers" in first and "€ 12,5 mln" in first  # the budget tile
    content = b"".join(_streams(data))
    assert content.count(b" re") > 100  # bars, tiles and cells drawn as rectangles


def test_the_same_snapshot_gives_the_same_bytes_at_any_time(snapshot):
    first = pack.render(snapshot, fmt="pdf", language="nl")
    with time_machine.travel(dt.datetime(2031, 5, 17, 23, 59, tzinfo=dt.UTC)):
        later = pack.render(snapshot, fmt="pdf", language="nl")
    assert hashlib.sha256(later).hexdigest() == hashlib.sha256(first).hexdigest()
    # The PDF's own dates are the snapshot's build, not the rendering's.
    assert set(re.findall(rb"/CreationDate \(D:(\d+)", first)) == {b"20261201060000"}


def test_another_build_of_the_snapshot_is_another_file(snapshot):
    first = pack.render(snapshot, fmt="pdf", language="nl")
    snapshot.built_at = BUILT + dt.timedelta(hours=1)
    assert pack.render(snapshot, fmt="pdf", language="nl") != first


def test_the_rag_matrix_breaks_across_pages_with_its_header_repeated(department):
    snapshot = SnapshotFactory(scope=ScopeFactory(org_unit=department), built_at=BUILT)
    SnapshotRowFactory.create_batch(120, snapshot=snapshot)
    texts = pages(pack.render(snapshot, fmt="pdf", language="nl"))
    start = next(n for n, text in enumerate(texts) if "Projecten: RAG-matrix" in text)
    matrix = texts[start:]
    codes = [code for text in matrix for code in re.findall(r"^P-\d{5}$", text, re.M)]
    assert len(matrix) >= 3
    for text in matrix:
        assert "Kwaliteit" in text and "Voortgang" in text  # the header, on every page
    # Every project once (the milestones and changes name two of the sample's codes).
    rows = {row.code for row in snapshot.rows.all()}
    assert sorted(code for code in codes if code in rows) == sorted(rows)


def test_the_matrix_says_each_colour_in_words(snapshot):
    text = "\n".join(pages(pack.render(snapshot, fmt="pdf", language="nl")))
    matrix = text[text.index("Projecten: RAG-matrix") :]
    assert "Stationsplein" in matrix and "rood" in matrix and "oranje" in matrix


def test_the_pack_speaks_its_language(snapshot):
    dutch = "\n".join(pages(pack.render(snapshot, fmt="pdf", language="nl")))
    english = "\n".join(pages(pack.render(snapshot, fmt="pdf", language="en")))
    assert "Initiatief" in dutch and "Initiatief" not in english
    assert "Initiation" in english  # the phase, from the English catalogue
    assert "November 2026" in english and "november 2026" in dutch


def test_data_is_text_never_markup(department):
    snapshot = SnapshotFactory(scope=ScopeFactory(org_unit=department), built_at=BUILT)
    SnapshotRowFactory(snapshot=snapshot, name="Plein <b>& co</b>")
    text = "\n".join(pages(pack.render(snapshot, fmt="pdf", language="nl")))
    assert "Plein <b>& co</b>" in text


def test_an_empty_snapshot_still_makes_a_pack(department):
    snapshot = SnapshotFactory(
        scope=ScopeFactory(org_unit=department), built_at=BUILT, figures={}, tiles={}, changes={}
    )
    text = "\n".join(pages(pack.render(snapshot, fmt="pdf", language="nl")))
    assert "Geen projecten in dit dashboard." in text
    assert "Er is geen vorige periode om mee te vergelijken." in text


def test_the_organisation_is_the_one_portfolio_without_a_setting(snapshot, settings):
    settings.PMO_ORGANISATION_NAME = ""
    assert pack.organisation_name() == "Stadsbeheer"  # the one top-level org unit
    OrgUnitFactory(kind="domein", name="Sociaal Domein")
    PortfolioFactory(name="Gemeente Lindenhoven")
    # Two top-level units: the one portfolio names the organisation.
    assert pack.organisation_name() == "Gemeente Lindenhoven"
    assert (
        "Gemeente Lindenhoven · Wegen" in pages(pack.render(snapshot, fmt="pdf", language="nl"))[0]
    )


def test_the_filename_names_the_period_and_scope(snapshot):
    assert pack.filename(snapshot, "pdf") == "portfolioraad-2026-11-wegen.pdf"


def test_columns_fit_the_page_whatever_their_number():
    kinds = ["", "wide", "", *["rag"] * 7, "percent", "money", "money", "integer", "integer"]
    widths = layout.column_widths(kinds, layout.FRAME_WIDTH)
    assert sum(widths) == pytest.approx(layout.FRAME_WIDTH)
    assert widths[1] >= layout.MIN_WIDE


def test_a_long_name_is_shortened_to_fit_a_chart():
    text = charts.fit("Programma Energietransitie en klimaatadaptatie", 60, 8)
    assert text.endswith("…") and len(text) < 30
    assert charts.fit("Kort", 60, 8) == "Kort"
