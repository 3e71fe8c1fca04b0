"""The board pack as an Excel workbook: a sheet per section, typed cells (money, percent,
dates as real dates), the header bold and frozen: the house style of pmo/exports.py.

openpyxl stamps the moment of saving into the workbook's properties and every zip entry;
both are set to the snapshot's build afterwards, so the same snapshot gives the same
bytes whenever it is rendered.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.exports import _write_sheet, safe_text

from . import content as c

CORE = "docProps/core.xml"
# Kinds the house style formats; the pack's own ("wide", "rag") are text there.
TYPED = {"money", "number", "integer", "percent", "date"}


def _value(value):
    if isinstance(value, c.Rag):
        return value.label or c.colour_label(value.colour)
    return value


def _about(pack: c.Pack) -> list[list]:
    """The first sheet: what this pack is, and what each section's note says."""
    rows = [
        [_("Organisatie"), pack.organisation],
        [_("Dashboard"), pack.scope],
        [_("Periode"), pack.period],
        [_("Versie"), pack.version],
        [_("Gebouwd op"), pack.built_at],
    ]
    rows += [[table.title, table.note] for table in pack.tables.values() if table.note]
    return rows


def _tiles(pack: c.Pack) -> tuple[list[str], list[list], list[str]]:
    """Key figures across: one column per figure, this period's value and its change."""
    header = ["", *(tile.label for tile in pack.tiles)]
    kinds = ["", *(tile.kind if tile.kind in TYPED else "" for tile in pack.tiles)]
    values = [_("Deze periode"), *(tile.value for tile in pack.tiles)]
    deltas = [
        _("Verschil met vorige periode"),
        *(tile.delta if isinstance(tile.delta, int | float) else None for tile in pack.tiles),
    ]
    return header, [values, deltas], kinds


def render(pack: c.Pack) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _write_sheet(workbook, _("Pakket"), [_("Gegeven"), _("Waarde")], _about(pack), [])
    header, rows, kinds = _tiles(pack)
    _write_sheet(workbook, _("Kerncijfers"), [safe_text(h) for h in header], rows, kinds)
    for table in pack.tables.values():
        labels = [safe_text(column.label) for column in table.columns]
        kinds = [column.kind if column.kind in TYPED else "" for column in table.columns]
        values = ([_value(v) for v in row] for row in table.rows)
        _write_sheet(workbook, table.sheet_title, labels, values, kinds)
    built = timezone.localtime(pack.built_at).replace(tzinfo=None)
    properties = workbook.properties
    properties.creator = "PMO Portfolio"
    properties.title = f"{pack.title} {pack.scope} {pack.period_label}"
    properties.subject = pack.scope
    properties.language = pack.language
    out = io.BytesIO()
    workbook.save(out)
    # Excel reads the core properties as UTC.
    properties.created = properties.modified = pack.built_at.astimezone(dt.UTC).replace(tzinfo=None)
    return _fixed(out.getvalue(), built, properties)


def _fixed(data: bytes, when: dt.datetime, properties) -> bytes:
    """The zip again, every entry dated `when` and the core properties as given."""
    from openpyxl.xml.functions import tostring

    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]  # zip dates start in 1980
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == CORE:
                content = tostring(properties.to_tree())
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # as on Unix, wherever it runs
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
