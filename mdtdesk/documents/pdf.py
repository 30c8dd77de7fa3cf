"""Render a Document (documents/model.py) to PDF with reportlab's canvas (pdfgen).

The shipped Liberation Sans is registered and embedded: reportlab's built-in Helvetica has no
glyphs beyond Latin-1, so "Łukasz" or "Nguyễn" would print as boxes (DESIGN.md section 5). Every
page carries the protective marking at the top and bottom, the title in the running header and
"Page X of Y" in the footer.

The pages are laid out by this module and the pdf_* modules below, not by reportlab's platypus.
Issue 4's budget gives an export of the minutes of a 40-case meeting a quarter of the time
LibreOffice takes to convert them, and platypus spent most of that budget on its own machinery:
importing it (a tenth of a second, one regular expression of its alone a third of that), parsing
every paragraph's markup, wrapping each table cell two or three times, all in pure Python. These
modules lay out the few things a Document holds by platypus's rules, ported for them (the line
breaking of a Paragraph with its 5% space shrinkage and long-word splitting, a Frame's space
before and after, CondPageBreak, Table rows with a repeated header row split between rows or,
when one row will not fit a page, within it), and draw each piece with the same canvas and
text-object calls, so the pages are the pages platypus drew: compared text run by text run and
pixel by pixel on the test documents and the minutes of the demo meetings when the change was
made.

This module turns the blocks of a Document into the pieces laid out and writes the file; the
pieces and the pages are the other pdf_* modules':

- pdf_fonts: the faces, registered and measured;
- pdf_style: colours, margins and the paragraph styles of each print size;
- pdf_text: a paragraph's text cleaned and cut into words;
- pdf_paragraphs: paragraphs: lines broken, split at the foot of a page, drawn;
- pdf_tables: tables: rows measured, split under a repeated header, drawn;
- pdf_frame: the frame that places the pieces down each page;
- pdf_canvas: the canvas that numbers the pages, prints the marking and title around them and
  bookmarks the outline;
- pdf_ink: the drawing operators, written as reportlab writes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4

from mdtdesk.documents.model import Bullets, Document, Heading, PageBreak, Paragraph, Table
from mdtdesk.documents.pdf_canvas import Chrome, NumberedCanvas
from mdtdesk.documents.pdf_fonts import FAMILY, forget_widths, register_fonts
from mdtdesk.documents.pdf_frame import NewPage, Pages, Space
from mdtdesk.documents.pdf_ink import forget_figures
from mdtdesk.documents.pdf_paragraphs import Para
from mdtdesk.documents.pdf_style import Style, styles_for
from mdtdesk.documents.pdf_tables import CellTable
from mdtdesk.documents.pdf_text import text_frags
from mdtdesk.documents.typography import Sizes

# Streams zlib-compressed only, not also ASCII85-encoded: in pure Python the encoding took a
# tenth of a second of a 40-case minutes, and every PDF reader takes binary streams. mdtdesk is
# the only user of reportlab in its process.
rl_config.useA85 = 0


def _table(block: Table, styles: dict[str, Style], width: float) -> CellTable | None:
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return None

    def cells(values: tuple[str, ...], style: Style) -> list[list[Para]]:
        padded = list(values) + [""] * (columns - len(values))
        return [[Para(style, frags=text_frags(value, style))] for value in padded]

    rows = [cells(block.header, styles["header_cell"])]
    rows.extend(cells(row, styles["cell"]) for row in block.rows)
    weights = block.widths if block.widths and len(block.widths) == columns else None
    weights = weights if weights and all(w > 0 for w in weights) else (1.0,) * columns
    return CellTable(rows, [width * w / sum(weights) for w in weights])


def _story(document: Document, styles: dict[str, Style], width: float) -> list:
    title = styles["title"]
    story: list = [Para(title, frags=text_frags(document.title, title))]
    body = styles["body"]
    table_start = styles["caption"].line + styles["cell"].line * 8
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            style = styles[f"h{level}"]
            # A heading alone at the foot of a page reads as a mistake; keep-with-next would
            # instead move a long paragraph whole to the next page, leaving a gap. So: start
            # a new page only when the heading and three lines of text would not fit, or, when
            # a table follows, the heading and the table's own start (see below).
            following = document.blocks[index + 1] if index + 1 < len(document.blocks) else None
            after = table_start if isinstance(following, Table) else body.line * 3
            story.append(Space(style.space_before + style.line * 2 + after, True))
            heading = Para(style, frags=text_frags(block.text, style))
            if block.outline:
                heading.outline = (" ".join(block.text.split()), level)
            story.append(heading)
        elif isinstance(block, Paragraph):
            style = styles.get(block.style, body)
            story.append(Para(style, frags=text_frags(block.text, style, block.label)))
        elif isinstance(block, Bullets):
            bullet = styles["bullet"]
            story.extend(Para(bullet, "\u2022", text_frags(item, bullet)) for item in block.items)
            story.append(Space(body.space_after))
        elif isinstance(block, Table):
            # As for headings: the caption, the header row and a few rows start together.
            caption = styles["caption"]
            story.append(Space(table_start, True))
            if block.caption:
                story.append(Para(caption, frags=text_frags(block.caption, caption)))
            table = _table(block, styles, width)
            if table is not None:
                story.append(table)
                story.append(Space(body.size * 0.8))
        elif isinstance(block, PageBreak):
            story.append(NewPage())
    return story


def render_pdf(document: Document, path: Path | BinaryIO) -> None:
    """Write ``document`` to ``path`` as an A4 PDF: fonts embedded, marking, title and
    "Page X of Y" on every page, title/author/subject set, outline headings bookmarked.

    Writes ``path`` directly (callers wrap it in files.write_atomically), or into a binary
    file object such as ``io.BytesIO``: a print preview never puts a person's plan on disk.
    """
    register_fonts()
    sizes = Sizes.of(document, cell=9.5)
    chrome = Chrome(document.title, document.marking, sizes.chrome)
    canvas = NumberedCanvas(
        chrome,
        str(path) if isinstance(path, (str, Path)) else path,
        pagesize=A4,
        # The canvas's opening font would otherwise be Helvetica, named on every page.
        initialFontName=FAMILY,
        lang=document.language,
    )
    canvas.setAuthor(document.author)
    canvas.setTitle(document.title)
    canvas.setSubject(document.subject)
    canvas.setCreator("mdtdesk")
    canvas.setProducer("mdtdesk (reportlab)")
    canvas.setKeywords([])
    canvas.setViewerPreference("DisplayDocTitle", "true")
    pages = Pages(canvas, chrome)
    try:
        pages.lay_out(_story(document, styles_for(sizes), pages.width))
        canvas.save()
    finally:
        forget_widths()
        forget_figures()
