"""The frame of each page: items placed one below another, split where they do not fit, and
pages started and ended, as platypus's document template does."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4

from mdtdesk.core.errors import MdtError
from mdtdesk.documents.pdf_canvas import Chrome, NumberedCanvas
from mdtdesk.documents.pdf_ink import Ink, draw_at
from mdtdesk.documents.pdf_paragraphs import Para
from mdtdesk.documents.pdf_style import FRAME_PADDING, FUZZ, MARGIN
from mdtdesk.documents.pdf_tables import CellTable


@dataclass
class Space:
    """Spacer, or CondPageBreak (``conditional``): a new page unless ``height`` is left."""

    height: float
    conditional: bool = False
    width: float = 0.0

    def space_before(self) -> float:
        return 0

    def space_after(self) -> float:
        return 0

    def wrap(self, width: float) -> float:
        return 0.0 if self.conditional else self.height

    def draw(self, ink: Ink) -> None:
        pass


class NewPage:
    """PageBreak."""


class Pages:
    """platypus's document template with one frame a page: places each item below the last,
    the larger of the space after the one and before the next between them (none at the top
    of a page), splits what does not fit, starts pages, and bookmarks outline headings."""

    def __init__(self, canvas: NumberedCanvas, chrome: Chrome):
        width, height = A4
        self.canvas = canvas
        self.ink = Ink(canvas)
        self.x = MARGIN + FRAME_PADDING
        self.width = width - 2 * MARGIN - 2 * FRAME_PADDING
        self.top = height - chrome.header_height - FRAME_PADDING
        self.bottom = chrome.footer_height + FRAME_PADDING
        self.page_open = False
        self.outline_level = -1
        self.empty_pages = 0
        self.y, self.at_top, self.space_above, self.placed = self.top, True, 0.0, 0

    def _begin(self) -> None:
        self.y, self.at_top, self.space_above, self.placed = self.top, True, 0.0, 0
        self.page_open = True

    def _end(self) -> None:
        # As platypus: ten pages in a row with nothing on them means something will never fit.
        self.empty_pages = 0 if self.placed else self.empty_pages + 1
        if self.empty_pages >= 10:
            raise MdtError("The document could not be laid out on pages. Report this problem.")
        self.canvas.showPage()
        self.page_open = False

    def _add(self, item) -> bool:
        """Frame.add: place and draw ``item`` if it fits below what is on the page."""
        gap = 0.0
        if not self.at_top:
            gap = max(item.space_before() - self.space_above, 0)
        room = self.y - self.bottom - gap
        if room <= 0:
            return False
        h = item.wrap(self.width) + gap
        y = self.y - h
        if y < self.bottom - FUZZ:
            return False
        x = self.x + 0.5 * (self.width - item.width) if isinstance(item, CellTable) else self.x
        draw_at(self.ink, item, x, y)
        after = item.space_after()
        y -= after
        self.space_above = after
        if y != self.y:
            self.at_top = False
        self.y = y
        return True

    def _split(self, item) -> list:
        gap = 0.0
        if not self.at_top:
            gap = max(item.space_before() - self.space_above, 0)
        room = self.y - self.bottom - gap
        if room <= 0 or isinstance(item, Space):
            return []
        item.wrap(self.width)
        return item.split(room)

    def _placed(self, item) -> None:
        self.placed += 1
        if isinstance(item, Para) and item.outline is not None:
            title, level = item.outline
            # reportlab refuses an entry more than one level below the one before (a level 3
            # straight after a level 1): such a heading is nested one level down instead.
            level = min(level - 1, self.outline_level + 1)
            self.outline_level = level
            self.canvas.hold_bookmark(title, level, self.y + item.height)

    def lay_out(self, story: list) -> None:
        """Place every item of ``story`` on pages, then end the last page."""
        # The items already carried over to a new page, kept alive with their ids (platypus
        # marks the flowable itself): with the ids alone, a new piece given a freed item's id
        # passed for carried over, and a document that fits failed now and then.
        postponed: dict[int, object] = {}
        while story:
            if not self.page_open:
                self._begin()
            item = story.pop(0)
            if isinstance(item, NewPage):
                self._end()
                continue
            room = self.y - self.bottom
            if self._add(item):
                self._placed(item)
                if isinstance(item, Space) and item.conditional and room < item.height:
                    self._end()
                continue
            pieces = self._split(item)
            if pieces:
                if not self._add(pieces[0]):
                    raise MdtError("The document could not be laid out on pages.")
                self._placed(pieces[0])
                story[0:0] = pieces[1:]
                continue
            if id(item) in postponed:
                raise MdtError(
                    "Part of the document is too large for a page and could not be split."
                )
            postponed[id(item)] = item
            story.insert(0, item)
            self._end()
        if self.page_open:
            self._end()
