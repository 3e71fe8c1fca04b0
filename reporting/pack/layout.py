"""The board pack's page layout for ReportLab: the A4 landscape frame, text styles,
and the pack's tables as flowables (a colour as its name on a tint with an arrow, numbers
right-aligned, long tables that break across pages with their header repeated)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Paragraph, Table, TableStyle

from . import charts
from . import content as c

PAGE = landscape(A4)
MARGIN = 12 * mm
HEADER, FOOTER = 11 * mm, 9 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - HEADER - FOOTER
BASE = ParagraphStyle("pack", fontName=charts.FONT, fontSize=8.5, leading=11, textColor=charts.INK)
STYLES = {
    "title": ParagraphStyle("title", BASE, fontName=charts.BOLD, fontSize=22, leading=27),
    "subtitle": ParagraphStyle("subtitle", BASE, fontSize=12, leading=16, spaceAfter=4),
    "h1": ParagraphStyle(
        "h1", BASE, fontName=charts.BOLD, fontSize=14, leading=18, spaceBefore=12, spaceAfter=6
    ),
    "h2": ParagraphStyle(
        "h2", BASE, fontName=charts.BOLD, fontSize=10.5, leading=14, spaceBefore=8, spaceAfter=4
    ),
    "body": BASE,
    "note": ParagraphStyle("note", BASE, textColor=charts.MUTED, spaceAfter=4),
    "cell": ParagraphStyle("cell", BASE, fontSize=7, leading=8.5),
    "head": ParagraphStyle("head", BASE, fontName=charts.BOLD, fontSize=7, leading=8.5),
    "head_right": ParagraphStyle(
        "head_right", BASE, fontName=charts.BOLD, fontSize=7, leading=8.5, alignment=TA_RIGHT
    ),
}
# Column widths in points by kind; "wide" columns share what is left.
MIN_WIDE = 120
WIDTHS = {"": 84, "integer": 46, "number": 56, "money": 70, "percent": 50, "date": 58, "rag": 46}
NUMERIC = {"integer", "number", "money", "percent"}
HEAD_FILL = colors.HexColor("#e4e8ee")
ZEBRA = colors.HexColor("#f7f8fa")


def paragraph(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def heading(text: str, level: int = 1) -> Paragraph:
    flowable = paragraph(text, f"h{level}")
    flowable.keepWithNext = True
    flowable.outline_level = level - 1  # the document's bookmarks (afterFlowable)
    return flowable


def fitted(drawing, width: float = FRAME_WIDTH, height: float = FRAME_HEIGHT - 40):
    """The drawing scaled down, never up, to fit in width × height."""
    factor = min(1.0, width / drawing.width, height / drawing.height)
    if factor < 1.0:
        drawing.scale(factor, factor)
        drawing.width, drawing.height = drawing.width * factor, drawing.height * factor
    return drawing


class RagCell(Flowable):
    """A colour in a table cell: its name on a tint of the colour, and an arrow when it
    moved since last period (up: better, down: worse), so it never speaks by colour alone."""

    def __init__(self, rag: c.Rag):
        super().__init__()
        self.rag = rag

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, 10

    def draw(self):
        canvas, rag = self.canv, self.rag
        fill = charts.colour(rag.colour)
        canvas.setFillColor(colors.linearlyInterpolatedColor(colors.white, fill, 0, 1, 0.45))
        canvas.roundRect(0, 0, self.width - (8 if rag.trend else 0), 10, 2, stroke=0, fill=1)
        canvas.setFillColor(charts.INK)
        canvas.setFont(charts.FONT, 6.5)
        room = self.width - (8 if rag.trend else 0) - 4
        text = charts.fit(rag.label or c.colour_label(rag.colour), room, 6.5)
        canvas.drawString(2.5, 2.8, text)
        if rag.trend:
            x, tip = self.width - 6, (9.5 if rag.trend > 0 else 0.5)
            base = 3 if rag.trend > 0 else 7
            path = canvas.beginPath()
            path.moveTo(x, base)
            path.lineTo(x + 6, base)
            path.lineTo(x + 3, tip)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)


def cell(value, kind: str):
    if kind == "rag":
        return RagCell(value) if value is not None else ""
    if kind == "wide" and value:
        return Paragraph(escape(str(value)), STYLES["cell"])
    return c.text(value, "" if kind == "wide" else kind)


def column_widths(kinds: list[str], width: float) -> list[float]:
    """Widths by kind; the "wide" columns share the rest, and when that leaves them too
    little the fixed ones give way. A table without a wide column stretches a little."""
    wide = kinds.count("wide")
    fixed = sum(WIDTHS[kind] for kind in kinds if kind != "wide")
    room = width - MIN_WIDE * wide
    factor = min(1.0, room / fixed) if fixed else 1.0
    if not wide:
        factor = min(width / fixed, 1.6)
    share = (width - fixed * factor) / wide if wide else 0
    return [share if kind == "wide" else WIDTHS[kind] * factor for kind in kinds]


def table(source: c.Table, width: float = FRAME_WIDTH, *, long: bool = True) -> list:
    """A table of the pack as flowables: its note, then the table (or only the note)."""
    out = [paragraph(source.note, "note")] if source.note else []
    if not source.rows:
        return out
    shown = [(index, column) for index, column in enumerate(source.columns) if column.pdf]
    widths = column_widths([column.kind for _i, column in shown], width)
    header = [
        Paragraph(escape(column.label), STYLES["head_right" if column.kind in NUMERIC else "head"])
        for _i, column in shown
    ]
    data = [header]
    for row in source.rows:
        data.append([cell(row[index], column.kind) for index, column in shown])
    style = [
        ("FONT", (0, 1), (-1, -1), charts.FONT, 7),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, charts.MUTED),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, charts.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for number, (_i, column) in enumerate(shown):
        if column.kind in NUMERIC:
            style.append(("ALIGN", (number, 1), (number, -1), "RIGHT"))
    kind = LongTable if long else Table
    out.append(kind(data, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT"))
    return out


def side_by_side(left: list, right: list, split: float = 0.5) -> Table:
    """Two columns of flowables (a chart and its table); neither may be taller than a page."""
    widths = [FRAME_WIDTH * split - 6, FRAME_WIDTH * (1 - split) - 6]
    frame = Table([[left, right]], colWidths=widths, hAlign="LEFT")
    frame.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 12),
            ]
        )
    )
    return frame
