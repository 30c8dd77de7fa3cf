"""The canvas of the PDFs: pages held back until the end so that each says "Page X of Y", the
marking, title and page number printed around each, and the outline's bookmarks."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from mdtdesk.documents.pdf_fonts import BOLD, FAMILY
from mdtdesk.documents.pdf_style import INSET, NHS_BLUE, RULE, SECONDARY, TEXT
from mdtdesk.documents.pdf_text import XML_UNSAFE


@dataclass(frozen=True)
class Chrome:
    """What is printed around every page, and where."""

    title: str
    marking: str
    size: float

    @property
    def header_height(self) -> float:
        return 10 * mm + self.size * 2.6 + 6 * mm

    @property
    def footer_height(self) -> float:
        return 10 * mm + self.size * 1.4 + 6 * mm


class NumberedCanvas(Canvas):
    """A canvas that holds pages back until the end, so that each can say "Page X of Y", and
    adds the outline's bookmarks then: a bookmark made while the pages are held would point at
    the first page, because reportlab numbers a page only when it is written out."""

    def __init__(self, chrome: Chrome, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._held_pages: list[dict] = []
        self._page_bookmarks: list[tuple[str, str, int, float]] = []

    def hold_bookmark(self, title: str, level: int, top: float) -> None:
        """Bookmark the current page at height ``top`` with an outline entry at ``level``."""
        key = f"h{len(self._held_pages)}-{len(self._page_bookmarks)}"
        self._page_bookmarks.append((key, title, level, top))

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            for key, title, level, top in self._page_bookmarks:
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
                self.addOutlineEntry(title, key, level=level, closed=False)
                self.showOutline()
            self._draw_chrome(total)
            super().showPage()
        super().save()

    def _draw_chrome(self, total: int) -> None:
        chrome, (width, height) = self._chrome, self._pagesize
        size = chrome.size
        self.saveState()
        self.setFillColor(TEXT)
        top = height - 10 * mm - size
        self.setFont(BOLD, size)
        self.drawCentredString(width / 2, top, chrome.marking)
        self.setFont(FAMILY, size)
        self.setFillColor(SECONDARY)
        self.drawString(INSET, top - size * 1.3, _fit(chrome.title, size, width - 2 * INSET))
        self.setStrokeColor(NHS_BLUE)
        self.setLineWidth(1)
        rule = top - size * 1.3 - size * 0.5
        self.line(INSET, rule, width - INSET, rule)
        bottom = 10 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(INSET, bottom + size * 1.4, width - INSET, bottom + size * 1.4)
        self.setFillColor(TEXT)
        self.setFont(BOLD, size)
        self.drawString(INSET, bottom, chrome.marking)
        self.setFont(FAMILY, size)
        self.drawRightString(width - INSET, bottom, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def _fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` (a long title in the header)."""
    text = XML_UNSAFE.sub("", " ".join(text.split()))
    if pdfmetrics.stringWidth(text, FAMILY, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FAMILY, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
