"""The board pack as a print-ready PDF: A4 landscape, the organisation, the period and
the build date on every page, "pagina X van Y", charts as vector drawings and tables
that break across pages with their header repeated (layout.py), in the order of
sections.py.

ReportLab in invariant mode with the PDF's date set to the snapshot's build: the same
snapshot gives the same bytes, whenever and wherever it is rendered.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

from django.utils.translation import gettext as _
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import charts
from . import content as c
from .layout import FOOTER, FRAME_HEIGHT, FRAME_WIDTH, HEADER, MARGIN, PAGE
from .sections import story


class PackCanvas(Canvas):
    """Holds its pages back until the end, so each can say "pagina X van Y"."""

    def __init__(self, *args, footer, pdf_date: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self._footer = footer
        # The document's creation date is the snapshot's build, not the rendering's.
        self.setDateFormatter(lambda *_parts: pdf_date)

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        pages = self._held
        for number, state in enumerate(pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, len(pages))
            super().showPage()
        super().save()


class PackDocument(BaseDocTemplate):
    def __init__(self, buffer, pack: c.Pack):
        self.pack = pack
        super().__init__(
            buffer,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER,
            bottomMargin=MARGIN + FOOTER,
            title=f"{pack.title} {pack.scope} {pack.period_label}",
            author=pack.organisation,
            subject=pack.scope,
            creator="PMO Portfolio",
            invariant=1,
            lang=pack.language,
        )
        frame = Frame(MARGIN, MARGIN + FOOTER, FRAME_WIDTH, FRAME_HEIGHT, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.header)])

    def header(self, canvas, _doc) -> None:
        pack, top = self.pack, PAGE[1] - MARGIN
        canvas.saveState()
        canvas.setFillColor(charts.INK)
        canvas.setFont(charts.BOLD, 9)
        left = " · ".join(part for part in (pack.organisation, pack.scope) if part)
        canvas.drawString(MARGIN, top - 9, charts.fit(left, FRAME_WIDTH * 0.55, 9, charts.BOLD))
        canvas.setFont(charts.FONT, 8)
        canvas.setFillColor(charts.MUTED)
        right = _("Periode %(period)s · gebouwd op %(built)s") % {
            "period": pack.period_label,
            "built": pack.built_label,
        }
        canvas.drawRightString(PAGE[0] - MARGIN, top - 9, right)
        canvas.setStrokeColor(charts.RULE)
        canvas.line(MARGIN, top - HEADER + 6, PAGE[0] - MARGIN, top - HEADER + 6)
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"section-{self.seq.nextf('section')}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def footer(pack: c.Pack, canvas, number: int, total: int) -> None:
    canvas.saveState()
    canvas.setFont(charts.FONT, 7.5)
    canvas.setFillColor(charts.MUTED)
    left = _("%(title)s · versie %(version)s") % {"title": pack.title, "version": pack.version}
    canvas.drawString(MARGIN, MARGIN, left)
    page = _("pagina %(number)s van %(total)s") % {"number": number, "total": total}
    canvas.drawRightString(PAGE[0] - MARGIN, MARGIN, page)
    canvas.restoreState()


def render(pack: c.Pack) -> bytes:
    buffer = io.BytesIO()
    built = pack.built_at.astimezone(dt.UTC)
    document = PackDocument(buffer, pack)
    maker = partial(
        PackCanvas,
        footer=partial(footer, pack),
        pdf_date=f"D:{built:%Y%m%d%H%M%S}+00'00'",
    )
    document.build(story(pack), canvasmaker=maker)
    return buffer.getvalue()
