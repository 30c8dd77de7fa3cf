"""Render a Document (documents/model.py) to DOCX with python-docx.

Named word.py, not docx.py: a module called docx here would shadow the python-docx package.

Word's own Heading 1-3 styles carry the headings, so the navigation pane shows the outline; the
marking and "Page X of Y" (PAGE and NUMPAGES fields) sit in the header and footer of every page;
table header rows repeat on every page. Tables are filled row by row through ``row.cells``:
``table.cell(r, c)`` walks the whole table each time (250 rows took 14 s, DESIGN.md section 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from mdtdesk.documents.model import Bullets, Document, Heading, PageBreak, Paragraph, Table

# Arial is on every machine that opens these files in Word; where it is missing (Linux),
# fontconfig puts Liberation Sans in its place, which has the same metrics: the shipped font of
# the PDF. Naming "Liberation Sans" instead would send Word on Windows to a substitute.
FONT = "Arial"
NHS_BLUE = "005EB8"
TEXT = "212B32"
SECONDARY = "4C6272"
RULE = "AEB7BD"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(20)

# Characters that XML cannot hold; python-docx refuses them, and pasted text can carry them.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What may follow w:color inside w:rPr, in schema order.
_AFTER_COLOR = (
    *("w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u"),
    *("w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em"),
    *("w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
)
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True)
class _Sizes:
    """Point sizes for one print size; as in the PDF, large print keeps every piece of text,
    the header and footer included, at 16 pt or more."""

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
        return _Sizes(11, 9, 10, 9, 22, (18, 14, 12))


def _clean(text: str) -> str:
    return _XML_UNSAFE.sub("", text)


def _insert_before(parent, child, *successors: str) -> None:
    """Put ``child`` in ``parent`` where the schema wants it: before the first of ``successors``
    present. Word refuses a file whose elements are out of order."""
    parent.insert_element_before(child, *successors)


def _run_format(r_pr, size: float, color: str) -> None:
    """Set font, size and colour on an rPr, dropping the template's theme fonts and
    theme colours: Word prefers those over the plain values if they are left in place."""
    fonts = r_pr.get_or_add_rFonts()
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    r_pr.sz_val = Pt(size)
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is not None:
        size_cs.set(qn("w:val"), str(round(size * 2)))
    for old in r_pr.findall(qn("w:color")):
        r_pr.remove(old)
    element = OxmlElement("w:color")
    element.set(qn("w:val"), color)
    _insert_before(r_pr, element, *_AFTER_COLOR)


def _paragraph_style(style, size, color=TEXT, bold=None, before=None, after=None) -> None:
    _run_format(style.element.get_or_add_rPr(), size, color)
    style.font.italic = False
    if bold is not None:
        style.font.bold = bold
    if before is not None:
        style.paragraph_format.space_before = Pt(before)
    if after is not None:
        style.paragraph_format.space_after = Pt(after)


def _set_up_styles(doc, sizes: _Sizes, language: str) -> dict:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _run_format(defaults, sizes.body, TEXT)
    lang = defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), language)

    _paragraph_style(styles["Normal"], sizes.body, after=6)
    title = styles["Title"]
    _paragraph_style(title, sizes.title, NHS_BLUE, bold=True, after=12)
    for border in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(border)
    for level, size in enumerate(sizes.headings, start=1):
        style = styles[f"Heading {level}"]
        _paragraph_style(style, size, NHS_BLUE, bold=True, before=18 if level == 1 else 10, after=4)
    for name in ("Header", "Footer"):
        style = styles[name]
        _paragraph_style(style, sizes.chrome, after=0)
        # The template's tab stops are for US Letter and would catch the footer's tab.
        for tabs in style.element.pPr.findall(qn("w:tabs")):
            style.element.pPr.remove(tabs)

    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    _paragraph_style(table_text, sizes.cell, before=1, after=1)
    table_text.paragraph_format.line_spacing = 1.0
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    _paragraph_style(note, sizes.note, SECONDARY)
    # Style ids, set on paragraphs directly: python-docx's ``paragraph.style = ...`` searches
    # every style for the default each time, a third of the time of a 250-row table.
    names = {"table": "Table Text", "note": "Note", "bullet": "List Bullet", "title": "Title"}
    names |= {f"h{level}": f"Heading {level}" for level in (1, 2, 3)}
    return {key: styles[name].style_id for key, name in names.items()}


def _paragraph(container, style_id: str | None = None):
    """A new paragraph at the end of ``container`` (the document or a cell), in a style."""
    paragraph = container.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    return paragraph


def _add_text(paragraph, text: str, bold: bool | None = None, color: str | None = None):
    """Add ``text`` as runs, each typed line break a real line break (w:br)."""
    for index, line in enumerate(_clean(text).split("\n")):
        run = paragraph.add_run(line)
        if index:
            run._r.insert(0, OxmlElement("w:br"))
        if bold is not None:
            run.bold = bold
        if color is not None:
            run.font.color.rgb = RGBColor.from_string(color)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES) with ``shown`` as its last computed value, for readers that
    never compute fields."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _border(paragraph, side: str, color: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    _insert_before(
        paragraph._p.get_or_add_pPr(),
        borders,
        *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap"),
        *("w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi"),
        *("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing"),
        *("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
        *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr"),
        "w:pPrChange",
    )


def _page_and_chrome(doc, document: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    # Room for the header's two lines (three when a large-print title wraps) above the text.
    section.top_margin = Mm(42) if document.large_print else Mm(30)
    section.bottom_margin = Mm(26) if document.large_print else Mm(22)
    section.header_distance = section.footer_distance = Mm(10)
    text_width = PAGE_WIDTH - 2 * MARGIN

    marking, title = section.header.paragraphs[0], section.header.add_paragraph()
    title._p.style = marking.style.style_id  # a new paragraph would be Normal, 11 pt
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(marking, document.marking, bold=True)
    _add_text(title, " ".join(document.title.split()), color=SECONDARY)
    _border(title, "bottom", NHS_BLUE)

    footer = section.footer.paragraphs[0]
    _border(footer, "top", RULE)
    footer.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _add_text(footer, document.marking, bold=True)
    footer.add_run("\tPage ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")


def _core_properties(doc, document: Document) -> None:
    properties = doc.core_properties
    properties.title = _clean(document.title)
    properties.subject = _clean(document.subject)
    properties.author = properties.last_modified_by = _clean(document.author)
    properties.language = document.language
    # The template's own values ("generated by python-docx", 2013) must not travel.
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    properties.revision = 1


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{key}"), value)
    _insert_before(
        cell._tc.get_or_add_tcPr(),
        shading,
        *("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    )


def _table_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", RULE)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    _insert_before(
        tbl_pr, borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _add_table(doc, block: Table, styles: dict) -> None:
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return
    if block.caption:
        caption = doc.add_paragraph()
        caption.paragraph_format.keep_with_next = True
        _add_text(caption, block.caption, bold=True)
    weights = block.widths if block.widths and len(block.widths) == columns else None
    weights = weights if weights and all(w > 0 for w in weights) else (1.0,) * columns
    text_width = PAGE_WIDTH - 2 * MARGIN
    widths = [int(text_width * w / sum(weights)) for w in weights]

    table = doc.add_table(rows=0, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _table_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width

    def add_row(values: tuple[str, ...], header: bool) -> None:
        row = table.add_row()
        if header:
            # Repeat this row at the top of each page the table runs onto.
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        padded = list(values) + [""] * (columns - len(values))
        for cell, width, value in zip(row.cells, widths, padded, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph._p.style = styles["table"]
            if header:
                _shade(cell, NHS_BLUE)
                _add_text(paragraph, value, bold=True, color="FFFFFF")
            else:
                _add_text(paragraph, value)

    add_row(block.header, header=True)
    for values in block.rows:
        add_row(values, header=False)
    doc.add_paragraph()  # Word runs two tables into one unless a paragraph stands between.


def _add_block(doc, block, styles: dict) -> None:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 3)
        heading = _paragraph(doc, styles[f"h{level}"])
        _add_text(heading, " ".join(block.text.split("\n")))
        if not block.outline:
            # Body-text outline level: looks like a heading, stays out of the navigation pane.
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), "9")
            _insert_before(
                heading._p.get_or_add_pPr(),
                outline,
                *("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
            )
    elif isinstance(block, Paragraph):
        paragraph = _paragraph(doc, styles["note"] if block.style == "note" else None)
        if block.label:
            _add_text(paragraph, f"{block.label}: ", bold=True)
        _add_text(paragraph, block.text, bold=True if block.style == "emphasis" else None)
    elif isinstance(block, Bullets):
        for item in block.items:
            _add_text(_paragraph(doc, styles["bullet"]), item)
    elif isinstance(block, Table):
        _add_table(doc, block, styles)


def render_docx(document: Document, path: Path) -> None:
    """Write ``document`` to ``path`` as an A4 DOCX: Heading 1-3 styles, Arial 11 pt body (16 pt
    or more in large print), title/author/subject/language set, en-GB as the default language,
    marking and "Page X of Y" on every page, table header rows repeated.

    Writes ``path`` directly; callers wrap it in files.write_atomically.
    """
    sizes = _Sizes.of(document)
    doc = docx.Document()
    styles = _set_up_styles(doc, sizes, document.language)
    _core_properties(doc, document)
    _page_and_chrome(doc, document)
    # The template's body starts with nothing but a section; the title is the first paragraph.
    _add_text(_paragraph(doc, styles["title"]), " ".join(document.title.split()))
    body, page_break = doc.element.body, False
    for block in document.blocks:
        if isinstance(block, PageBreak):
            page_break = True
            continue
        first = len(body) - 1  # new content goes before the body's closing w:sectPr
        _add_block(doc, block, styles)
        if page_break and first < len(body) - 1:
            _break_before(doc, body[first])
            page_break = False
    if page_break:
        doc.add_page_break()
    doc.save(str(path))


def _break_before(doc, element) -> None:
    """Start ``element`` on a new page. A paragraph holding only a page break (Word's Ctrl+Enter)
    would leave its empty line at the top of the new page; "page break before" does not."""
    if element.tag == qn("w:p"):
        element.get_or_add_pPr().pageBreakBefore_val = True
    else:
        element.addprevious(doc.add_page_break()._p)
