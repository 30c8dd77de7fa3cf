"""Render a Document (documents/model.py) to PDF with reportlab's platypus.

The shipped Liberation Sans is registered and embedded: reportlab's built-in Helvetica has no
glyphs beyond Latin-1, so "Łukasz" or "Nguyễn" would print as boxes (DESIGN.md section 5). Every
page carries the protective marking at the top and bottom, the title in the running header and
"Page X of Y" in the footer.

Speed (issue 4's budget: the minutes of a 40-case meeting in a quarter of the time LibreOffice
takes to convert them): reportlab's C accelerators are not installed, so its pure-Python text
measuring, number formatting and stream encoding dominate. Hence the paragraphs are given their
fragments straight from the text instead of through reportlab's HTML parser, a paragraph keeps
its line breaks when a table or a frame wraps it again at the same width, the fonts remember the
width of each word they have measured, and streams are written without ASCII85 encoding. The
pages are exactly those reportlab draws without these shortcuts.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from mdtdesk.core.errors import MdtError
from mdtdesk.documents.model import Bullets, Document, Heading, PageBreak, Paragraph, Table
from mdtdesk.resources import font_files

FAMILY = "LiberationSans"
# Only the faces the documents use are loaded (each TTF takes milliseconds to read); the family's
# italic names stay mapped, so italic markup, were it ever written, fails loudly in the tests.
_FACES = {
    FAMILY: "LiberationSans-Regular",
    f"{FAMILY}-Bold": "LiberationSans-Bold",
}
NHS_BLUE = colors.HexColor("#005eb8")
TEXT = colors.HexColor("#212b32")
SECONDARY = colors.HexColor("#4c6272")
RULE = colors.HexColor("#aeb7bd")
STRIPE = colors.HexColor("#f0f4f5")
MARGIN = 20 * mm
# platypus insets text 6 pt inside its frame; header, footer and tables line up with the text.
FRAME_PADDING = 6
INSET = MARGIN + FRAME_PADDING

# Characters that XML (and so reportlab's paragraph markup) cannot hold; pasted text can carry them.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The only markup _markup and _paragraph write, and the three escapes: what reportlab's parser
# would see as tags and entities, each of which it turns into a separate piece of text.
_TOKENS = re.compile("(<b>|</b>|<br/>|&amp;|&lt;|&gt;)")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
# Streams zlib-compressed only, not also ASCII85-encoded: in pure Python the encoding took a
# tenth of a second of a 40-case minutes, and every PDF reader takes binary streams. mdtdesk is
# the only user of reportlab in its process.
rl_config.useA85 = 0
_fonts_lock = threading.Lock()
_fonts_ready = False


class _Face(TTFont):
    """A TrueType face that remembers the width of each piece of text it has measured.

    Line breaking measures every word of every paragraph, table cells several times over, and
    without reportlab's C accelerator each measurement sums the widths of the characters in
    Python. The sum is kept (per 1,000 units, as reportlab computes it), so a width is exactly the
    one reportlab would compute. ``forget`` empties the memory after each document: it holds
    words of the minutes."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._units: dict[str, float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (reportlab's name)
        units = self._units.get(text)
        if units is None:
            if not isinstance(text, str):
                text = text.decode(encoding or "utf8")
            widths, default = self.face.charWidths.get, self.face.defaultWidth
            units = self._units[text] = sum(widths(ord(c), default) for c in text)
        return 0.001 * size * units

    def forget(self) -> None:
        """Drop the remembered widths."""
        self._units = {}


def register_fonts() -> str:
    """Register the shipped Liberation Sans faces as one family (once per process, thread-safe:
    exports run off the UI thread) and return the family name for styles."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return FAMILY
        files = {path.stem: path for path in font_files()}
        missing = sorted(set(_FACES.values()) - set(files))
        if missing:
            raise MdtError(
                f"The document fonts are missing from this installation ({', '.join(missing)}). "
                "Reinstall mdtdesk, then export again."
            )
        for name, stem in _FACES.items():
            pdfmetrics.registerFont(_Face(name, str(files[stem])))
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=FAMILY,
            bold=f"{FAMILY}-Bold",
            italic=f"{FAMILY}-Italic",
            boldItalic=f"{FAMILY}-BoldItalic",
        )
        _fonts_ready = True
        return FAMILY


def _markup(text: str) -> str:
    """User text made safe for reportlab's paragraph mini-markup: ``& < >`` print literally,
    characters XML cannot hold are dropped, and line breaks typed in a note are kept."""
    text = _XML_UNSAFE.sub("", text)
    # xml.sax.saxutils.escape, without importing urllib and http with it (20 ms at start-up).
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


class _Paragraph(PdfParagraph):
    """A reportlab Paragraph that keeps its line breaks while it is wrapped again at the width
    it was last wrapped at.

    A table wraps each cell to size its rows and again to draw it, and a frame wraps a paragraph
    again when it moves to the next page; breaking the lines depends on the width alone (the
    available height only matters to ``split``), so the lines are the same each time. A split
    that drops the lines (``del self.blPara``) makes the next wrap break them again."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        if availWidth == self._wrapped_at and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if "blPara" in self.__dict__ else None
        return size


def _paragraph(
    parser: ParaParser,
    text: str,
    style: ParagraphStyle,
    label: str | None = None,
    bullet: str | None = None,
) -> _Paragraph:
    """A paragraph of ``text`` (``label`` in bold before it) with exactly the fragments
    reportlab's HTML parser makes of its markup, made without that parser.

    The markup is written and cleaned as Paragraph would; its only tags are the bold label and
    the line breaks, and its only entities the three escapes, so it is cut at those and handed
    to the parser as a tuple tree (``tt_parse``), which calls the same tag handlers with the same
    pieces of text: a third of the time of a 40-case minutes went on parsing before."""
    markup = _markup(text)
    if label:
        markup = f"<b>{_markup(label)}:</b> {markup}"
    markup = cleanBlockQuotedText(markup)
    root: list = []
    stack = [root]
    for token in _TOKENS.split(markup):
        if not token:
            continue
        if token == "<b>":
            children: list = []
            stack[-1].append(("b", None, children))
            stack.append(children)
        elif token == "</b>":
            stack.pop()
        elif token == "<br/>":
            stack[-1].append(("br", None, None))
        else:
            stack[-1].append(_ENTITIES.get(token, token))
    style, frags, _bullet_frags = parser.tt_parse(("para", None, root), style)
    return _Paragraph(markup, style, bulletText=bullet, frags=frags)


@dataclass(frozen=True)
class _Sizes:
    """Point sizes for one print size. Large print keeps every piece of text at 16 pt or more,
    the page furniture included: a care plan is read by the person, not filed."""

    body: float
    note: float
    cell: float
    chrome: float
    title: float
    headings: tuple[float, float, float]

    @staticmethod
    def of(document: Document) -> _Sizes:
        if document.large_print:
            return _Sizes(16, 16, 16, 16, 30, (24, 20, 18))
        return _Sizes(11, 9, 9.5, 9, 22, (18, 14, 12))


def _styles(sizes: _Sizes) -> dict[str, ParagraphStyle]:
    bold = f"{FAMILY}-Bold"

    def style(name: str, size: float, **extra) -> ParagraphStyle:
        base = {"fontName": FAMILY, "textColor": TEXT, "leading": size * 1.3}
        return ParagraphStyle(name, fontSize=size, **(base | extra))

    styles = {
        "title": style("title", sizes.title, fontName=bold, textColor=NHS_BLUE, spaceAfter=10),
        "body": style("body", sizes.body, spaceAfter=sizes.body * 0.5),
        "note": style("note", sizes.note, textColor=SECONDARY, spaceAfter=sizes.note * 0.5),
        "emphasis": style("emphasis", sizes.body, fontName=bold, spaceAfter=sizes.body * 0.5),
        "bullet": style(
            "bullet",
            sizes.body,
            leftIndent=sizes.body * 1.4,
            bulletIndent=sizes.body * 0.3,
            bulletFontName=FAMILY,
            bulletFontSize=sizes.body,
            spaceAfter=sizes.body * 0.25,
        ),
        "cell": style("cell", sizes.cell, leading=sizes.cell * 1.25),
        "header_cell": style(
            "header_cell",
            sizes.cell,
            fontName=bold,
            textColor=colors.white,
            leading=sizes.cell * 1.25,
        ),
        "caption": style("caption", sizes.body, fontName=bold, spaceBefore=4, spaceAfter=4),
    }
    for level, size in enumerate(sizes.headings, start=1):
        styles[f"h{level}"] = style(
            f"h{level}",
            size,
            fontName=bold,
            textColor=NHS_BLUE,
            leading=size * 1.2,
            spaceBefore=size * (0.9 if level == 1 else 0.6),
            spaceAfter=size * 0.35,
        )
    return styles


@dataclass(frozen=True)
class _Chrome:
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


class _NumberedCanvas(Canvas):
    """A canvas that holds pages back until the end, so that each can say "Page X of Y", and
    adds the outline's bookmarks then: a bookmark made while the pages are held would point at
    the first page, because reportlab numbers a page only when it is written out."""

    def __init__(self, chrome: _Chrome, *args, **kwargs):
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
        size, bold = chrome.size, f"{FAMILY}-Bold"
        self.saveState()
        self.setFillColor(TEXT)
        top = height - 10 * mm - size
        self.setFont(bold, size)
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
        self.setFont(bold, size)
        self.drawString(INSET, bottom, chrome.marking)
        self.setFont(FAMILY, size)
        self.drawRightString(width - INSET, bottom, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def _fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` (a long title in the header)."""
    text = _XML_UNSAFE.sub("", " ".join(text.split()))
    if pdfmetrics.stringWidth(text, FAMILY, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FAMILY, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Template(SimpleDocTemplate):
    """Turns each outline heading, once placed on a page, into a bookmark nested by level."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outline_level = -1

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab's name)
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        title, level = entry
        # reportlab refuses an entry more than one level below the one before (a level 3
        # straight after a level 1): such a heading is nested one level down instead.
        level = min(level - 1, self._outline_level + 1)
        self._outline_level = level
        top = self.frame._y + flowable.height
        self.canv.hold_bookmark(title, level, top)


def _table(
    block: Table, styles: dict[str, ParagraphStyle], width: float, parser: ParaParser
) -> PdfTable | None:
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return None

    def cells(values: tuple[str, ...], style: ParagraphStyle) -> list[_Paragraph]:
        padded = list(values) + [""] * (columns - len(values))
        return [_paragraph(parser, value, style) for value in padded]

    data = [cells(block.header, styles["header_cell"])]
    data.extend(cells(row, styles["cell"]) for row in block.rows)
    weights = block.widths if block.widths and len(block.widths) == columns else None
    weights = weights if weights and all(w > 0 for w in weights) else (1.0,) * columns
    col_widths = [width * w / sum(weights) for w in weights]
    # splitInRow lets a row with a very long cell continue on the next page instead of failing.
    table = PdfTable(data, colWidths=col_widths, repeatRows=1, splitByRow=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                # Cells are Paragraphs, but reportlab still sets each cell's own font (Helvetica
                # unless told), which would put an unembedded Helvetica in the file.
                ("FONTNAME", (0, 0), (-1, -1), FAMILY),
                ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _flowables(document: Document, styles: dict[str, ParagraphStyle], width: float):
    # One parser for the document (reportlab makes one per paragraph): it resets for each.
    parser = ParaParser()
    yield _paragraph(parser, document.title, styles["title"])
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            style = styles[f"h{level}"]
            # A heading alone at the foot of a page reads as a mistake; keepWithNext would
            # instead move a long paragraph whole to the next page, leaving a gap. So: start
            # a new page only when the heading and three lines of text would not fit.
            yield CondPageBreak(style.spaceBefore + style.leading * 2 + styles["body"].leading * 3)
            heading = _paragraph(parser, block.text, style)
            if block.outline:
                heading.outline_entry = (" ".join(block.text.split()), level)
            yield heading
        elif isinstance(block, Paragraph):
            style = styles.get(block.style, styles["body"])
            yield _paragraph(parser, block.text, style, label=block.label)
        elif isinstance(block, Bullets):
            for item in block.items:
                yield _paragraph(parser, item, styles["bullet"], bullet="\u2022")
            yield Spacer(0, styles["body"].spaceAfter)
        elif isinstance(block, Table):
            # As for headings: the caption, the header row and a few rows start together.
            yield CondPageBreak(styles["caption"].leading + styles["cell"].leading * 8)
            if block.caption:
                yield _paragraph(parser, block.caption, styles["caption"])
            table = _table(block, styles, width, parser)
            if table is not None:
                yield table
                yield Spacer(0, styles["body"].fontSize * 0.8)
        elif isinstance(block, PageBreak):
            yield PdfPageBreak()


def render_pdf(document: Document, path: Path) -> None:
    """Write ``document`` to ``path`` as an A4 PDF: fonts embedded, marking, title and
    "Page X of Y" on every page, title/author/subject set, outline headings bookmarked.

    Writes ``path`` directly; callers wrap it in files.write_atomically.
    """
    register_fonts()
    sizes = _Sizes.of(document)
    chrome = _Chrome(document.title, document.marking, sizes.chrome)
    template = _Template(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=chrome.header_height,
        bottomMargin=chrome.footer_height,
        title=document.title,
        author=document.author,
        subject=document.subject,
        creator="mdtdesk",
        producer="mdtdesk (reportlab)",
        lang=document.language,
        displayDocTitle=True,
        # The canvas's opening font would otherwise be Helvetica, named on every page.
        initialFontName=FAMILY,
    )
    styles = _styles(sizes)
    story: list[Flowable] = list(_flowables(document, styles, template.width - 2 * FRAME_PADDING))
    try:
        template.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(chrome, *a, **k))
    finally:
        for name in _FACES:
            pdfmetrics.getFont(name).forget()
