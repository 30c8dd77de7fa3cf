"""Render a Document (documents/model.py) to DOCX with python-docx.

Named word.py, not docx.py: a module called docx here would shadow the python-docx package.

Word's own Heading 1-3 styles carry the headings, so the navigation pane shows the outline; the
marking and "Page X of Y" (PAGE and NUMPAGES fields) sit in the header and footer of every page;
table header rows repeat on every page.

The styles, the header and footer and the file's properties are set through python-docx; the
body is written as WordprocessingML text and parsed once (``_Body``). Built element by element
through python-docx, the body of a 40-case minutes took most of a second: every run, cell and
property went through a generic element factory that parses a snippet of XML per element and a
schema-order search per child, and a table's style was found by scanning every style. The XML
written is the XML python-docx writes, element for element (tests/test_renderers.py reads it
back; the commit that made the change compared the files byte for byte).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.shared import Emu, Mm, Pt, RGBColor
from lxml import etree

from mdtdesk.documents.model import Bullets, Document, Heading, PageBreak, Paragraph, Table
from mdtdesk.documents.typography import Sizes

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
# What python-docx's run.text turns into elements of their own: a tab, and a line break.
_RUN_SPECIALS = re.compile("([\t\r\n])")
_RUN_ELEMENTS = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}
# python-docx's own element classes (so the body can still be worked on through python-docx),
# without its parser's remove_blank_text, which could drop a text of spaces only.
_BODY_PARSER = etree.XMLParser(resolve_entities=False)
_BODY_PARSER.set_element_class_lookup(element_class_lookup)
_TABLE_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)
_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


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


def _set_up_styles(doc, sizes: Sizes, language: str) -> dict:
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
    names["table_grid"] = "Table Grid"
    return {key: styles[name].style_id for key, name in names.items()}


def _add_text(paragraph, text: str, bold: bool | None = None, color: str | None = None):
    """Add ``text`` as runs, each typed line break a real line break (w:br): in the header and
    footer (the body's runs are written by ``_runs``, to the same XML)."""
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_content(text: str) -> str:
    """What python-docx's ``run.text = text`` writes: each tab a w:tab, each line break a w:br,
    the text between in w:t, kept as typed (xml:space) when it starts or ends with a space."""
    parts = []
    for piece in _RUN_SPECIALS.split(text):
        if piece in _RUN_ELEMENTS:
            parts.append(_RUN_ELEMENTS[piece])
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return "".join(parts)


def _runs(text: str, bold: bool = False, color: str | None = None) -> str:
    """``text`` as runs, each typed line break a real line break (w:br), as _add_text adds."""
    properties = ("<w:b/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "")
    properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return "".join(
        f"<w:r>{properties}{'<w:br/>' if index else ''}{_run_content(line)}</w:r>"
        for index, line in enumerate(_clean(text).split("\n"))
    )


@dataclass
class _Body:
    """The body's elements as WordprocessingML text, in order, then parsed once into the
    document before its closing section properties. A page break waits for the next element:
    a paragraph gets "page break before" (a paragraph holding only a page break, Word's
    Ctrl+Enter, would leave its empty line at the top of the new page); a table gets that
    paragraph, having no such property."""

    styles: dict
    parts: list[str] = field(default_factory=list)
    page_break: bool = False

    def paragraph(self, runs: str, style: str | None = None, keep_next: bool = False,
                  out_of_outline: bool = False) -> None:  # fmt: skip
        """A paragraph of ``runs`` in a style (by id), its properties in schema order."""
        properties = f'<w:pStyle w:val="{style}"/>' if style else ""
        if keep_next:
            properties += "<w:keepNext/>"
        if self.page_break:
            properties += "<w:pageBreakBefore/>"
            self.page_break = False
        if out_of_outline:
            # Body-text outline level: looks like a heading, stays out of the navigation pane.
            properties += '<w:outlineLvl w:val="9"/>'
        properties = f"<w:pPr>{properties}</w:pPr>" if properties else ""
        self.parts.append(f"<w:p>{properties}{runs}</w:p>")

    def table(self, block: Table) -> None:
        """A table filling the text width in relative column widths, its header row shaded and
        repeated on every page; then an empty paragraph, or Word runs two tables into one."""
        columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
        if columns == 0:
            return
        if block.caption:
            self.paragraph(_runs(block.caption, bold=True), keep_next=True)
        weights = block.widths if block.widths and len(block.widths) == columns else None
        weights = weights if weights and all(w > 0 for w in weights) else (1.0,) * columns
        text_width = PAGE_WIDTH - 2 * MARGIN
        twips = [Emu(int(text_width * w / sum(weights))).twips for w in weights]
        if self.page_break:
            self.parts.append(_PAGE_BREAK)
            self.page_break = False
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        self.parts.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["table_grid"]}"/>'
            '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/>'
            f'<w:tblBorders>{_TABLE_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f"{_TABLE_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        )
        self._row(block.header, twips, header=True)
        for values in block.rows:
            self._row(values, twips, header=False)
        self.parts.append("</w:tbl><w:p/>")

    def _row(self, values: tuple[str, ...], twips: list[int], header: bool) -> None:
        padded = list(values) + [""] * (len(twips) - len(values))
        style = self.styles["table"]
        # The header row repeats at the top of each page the table runs onto.
        cells = ["<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>"]
        for width, value in zip(twips, padded, strict=True):
            shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{NHS_BLUE}"/>' if header else ""
            runs = _runs(value, bold=True, color="FFFFFF") if header else _runs(value)
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shading}</w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p></w:tc>'
            )
        cells.append("</w:tr>")
        self.parts.append("".join(cells))

    def block(self, block) -> None:
        """Add one block of the document model."""
        styles = self.styles
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            runs = _runs(" ".join(block.text.split("\n")))
            self.paragraph(runs, styles[f"h{level}"], out_of_outline=not block.outline)
        elif isinstance(block, Paragraph):
            runs = _runs(f"{block.label}: ", bold=True) if block.label else ""
            runs += _runs(block.text, bold=block.style == "emphasis")
            self.paragraph(runs, styles["note"] if block.style == "note" else None)
        elif isinstance(block, Bullets):
            for item in block.items:
                self.paragraph(_runs(item), styles["bullet"])
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, PageBreak):
            self.page_break = True

    def write_into(self, doc) -> None:
        """Parse the elements and put them in ``doc``'s body, before its section properties;
        a page break left waiting at the end is a page-break paragraph."""
        if self.page_break:
            self.parts.append(_PAGE_BREAK)
            self.page_break = False
        body = doc.element.body
        wrapper = etree.fromstring(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>",
                                   _BODY_PARSER)  # fmt: skip
        end = len(body) - 1 if len(body) and body[-1].tag == qn("w:sectPr") else len(body)
        body[end:end] = list(wrapper)


def render_docx(document: Document, path: Path) -> None:
    """Write ``document`` to ``path`` as an A4 DOCX: Heading 1-3 styles, Arial 11 pt body (16 pt
    or more in large print), title/author/subject/language set, en-GB as the default language,
    marking and "Page X of Y" on every page, table header rows repeated.

    Writes ``path`` directly; callers wrap it in files.write_atomically.
    """
    sizes = Sizes.of(document)
    doc = docx.Document()
    styles = _set_up_styles(doc, sizes, document.language)
    _core_properties(doc, document)
    _page_and_chrome(doc, document)
    body = _Body(styles)
    # The template's body starts with nothing but a section; the title is the first paragraph.
    body.paragraph(_runs(" ".join(document.title.split())), styles["title"])
    for block in document.blocks:
        body.block(block)
    body.write_into(doc)
    doc.save(str(path))
