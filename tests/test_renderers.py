"""The PDF and DOCX renderers: read back with pypdf and python-docx (and LibreOffice), they say
everything the Document says, with the marking and "Page X of Y" on every page."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import time
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from mdtdesk.documents.model import (
    Bullets,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from mdtdesk.documents.pdf import render_pdf
from mdtdesk.documents.word import render_docx
from mdtdesk.resources import resources_dir

NAMES = ("Łukasz Wójcik", "Siân ap Ŵyn", "Nguyễn Thị", "Seán Ó Briain")
TRICKY = "O'Brien & Sons <x>"
MARKING = "OFFICIAL-SENSITIVE: PERSONAL"
TITLE = "Neighbourhood MDT, 24 November 2026"


def sample(large_print: bool = False, cases: int = 40, rows: int = 250) -> Document:
    """A minutes-like document: attendance, ``cases`` items, then a ``rows``-row action table."""
    document = Document(
        title=TITLE,
        subject="Minutes of the neighbourhood MDT meeting",
        author="Dr Siân ap Ŵyn",
        large_print=large_print,
    )
    people = (*NAMES, TRICKY)
    document.add(
        Heading("Attendance"),
        Table(("Name", "Role"), tuple((name, "GP") for name in people), (3, 1), "Present"),
        Paragraph("The meeting was quorate.", style="note"),
    )
    for number in range(1, cases + 1):
        name = people[number % len(people)]
        document.add(
            Heading(f"{number}. {name}"),
            Paragraph(f"Does {name} need a care package?", label="Question"),
            Heading("Discussion", level=2, outline=False),
            Paragraph("Discussed at length with the family. " * 8 + "\nA second typed line."),
            Paragraph("Refer to the frailty team & review.", label="Decision", style="emphasis"),
            Bullets((f"Tell {name} by phone", "Book a review")),
        )
        if number % 10 == 0:
            document.add(Heading(f"Follow-up for case {number}", level=2))
    document.add(
        PageBreak(),
        Heading("Actions by organisation"),
        Table(
            ("Owner", "Action", "Due"),
            tuple(
                (people[i % 5], f"Action {i}: ring {people[(i + 1) % 5]} about the plan", "1 Dec")
                for i in range(rows)
            ),
            widths=(2, 5, 1),
        ),
    )
    return document


def normal(text: str) -> str:
    return " ".join(text.split())


def expected_lines(document: Document) -> list[str]:
    # A table row is a line "a | b | c" in Document.text(); on the page its cells sit side by side.
    return [normal(line.replace(" | ", " ")) for line in document.text().splitlines() if line]


def assert_in_order(lines: list[str], text: str) -> None:
    position = 0
    for line in lines:
        found = text.find(line, position)
        assert found >= 0, f"missing (or out of order): {line!r}"
        position = found + len(line)


# --- reading a PDF back ---------------------------------------------------------------------


def pdf_pages(path: Path) -> list[dict]:
    """Per page: body text, header/footer text, and the size of every piece of text."""
    pages = []
    for page in PdfReader(path).pages:
        body, chrome, sizes = [], [], []

        def visit(text, cm, tm, _font, size, body=body, chrome=chrome, sizes=sizes):
            if not text.strip():
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            # The header sits above 770 pt, the footer below 50 pt: the text frame is between.
            (body if 50 < y < 770 else chrome).append(text)
            sizes.append(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]))

        page.extract_text(visitor_text=visit)
        pages.append({"body": normal(" ".join(body)), "chrome": normal(" ".join(chrome))})
        pages[-1]["sizes"] = sizes
    return pages


def outline_titles(entries, depth=0) -> list[tuple[int, str]]:
    titles = []
    for entry in entries:
        if isinstance(entry, list):
            titles.extend(outline_titles(entry, depth + 1))
        else:
            titles.append((depth, entry.title))
    return titles


# --- reading a DOCX back --------------------------------------------------------------------


def docx_text(path: Path) -> str:
    """The body's paragraphs and table rows, in order."""
    document = docx.Document(str(path))
    parts = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    parts.append("".join(t.text or "" for t in cell.iter(qn("w:t"))))
    return normal(" ".join(parts))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rendered")
    document = sample()
    timings = {}
    for kind, render in (("pdf", render_pdf), ("docx", render_docx)):
        started = time.perf_counter()
        render(document, folder / f"minutes.{kind}")
        timings[kind] = time.perf_counter() - started
    return document, folder / "minutes.pdf", folder / "minutes.docx", timings


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_every_page_carries_the_marking_the_title_and_page_x_of_y(rendered):
    _document, pdf, _docx, _timings = rendered
    pages = pdf_pages(pdf)
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert page["chrome"].count(MARKING) == 2, number  # top and bottom
        assert TITLE in page["chrome"]
        assert f"Page {number} of {len(pages)}" in page["chrome"]


def test_pdf_says_everything_the_document_says_accents_and_all(rendered):
    document, pdf, _docx, _timings = rendered
    body = " ".join(page["body"] for page in pdf_pages(pdf))
    assert_in_order(expected_lines(document), body)
    for name in (*NAMES, TRICKY):
        assert name in body
    assert "&amp;" not in body and "&lt;" not in body


def test_pdf_properties_and_one_bookmark_per_outline_heading(rendered):
    document, pdf, _docx, _timings = rendered
    reader = PdfReader(pdf)
    meta = reader.metadata
    assert (meta.title, meta.author, meta.subject) == (
        document.title,
        document.author,
        document.subject,
    )
    assert meta.creator == "mdtdesk"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    wanted = [
        (b.level - 1, b.text) for b in document.blocks if isinstance(b, Heading) and b.outline
    ]
    assert outline_titles(reader.outline) == wanted
    # Each bookmark opens the page its heading is on.
    pages = pdf_pages(pdf)
    flat = []
    stack = list(reversed(reader.outline))
    while stack:
        entry = stack.pop()
        if isinstance(entry, list):
            stack.extend(reversed(entry))
        else:
            flat.append(entry)
    for entry in flat:
        assert entry.title in pages[reader.get_destination_page_number(entry)]["body"]


def test_pdf_embeds_its_truetype_fonts_and_never_uses_helvetica(rendered):
    _document, pdf, _docx, _timings = rendered
    fonts = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert "LiberationSans" in name and "Helvetica" not in name
        assert font["/Subtype"] == "/TrueType"
        assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded


def test_pdf_large_print_keeps_every_piece_of_text_at_16_pt_or_more(tmp_path):
    render_pdf(sample(large_print=True, cases=4, rows=20), tmp_path / "large.pdf")
    sizes = [size for page in pdf_pages(tmp_path / "large.pdf") for size in page["sizes"]]
    assert min(sizes) >= 16
    assert max(sizes) > 20  # headings stand out


def test_pdf_long_text_flows_across_pages_and_markup_prints_literally(tmp_path):
    long = " ".join(f"word{i}" for i in range(900))  # over 5,000 characters
    document = Document(title="Long", subject="s", author="a")
    document.add(
        Paragraph(long),
        Table(("Note",), ((long,),)),  # one cell longer than a page
        Paragraph("<b>not bold</b> &amp; <font name=x>", label="Typed <as> is"),
        Paragraph("Controls\x00 \x0bdropped\x1f", style="unknown style"),
        Heading("Straight to level three", level=3),
        Heading("Then level one", level=1),
    )
    render_pdf(document, tmp_path / "long.pdf")
    pages = pdf_pages(tmp_path / "long.pdf")
    assert len(pages) >= 3
    body = " ".join(page["body"] for page in pages)
    assert body.count(f"{long[:40]}") == 2 and body.count("word899") == 2
    assert "Typed <as> is: <b>not bold</b> &amp; <font name=x>" in body
    assert "Controls dropped" in body


def test_pdf_of_an_empty_document_is_one_page(tmp_path):
    render_pdf(Document(title="Nothing yet", subject="s", author="a"), tmp_path / "e.pdf")
    (page,) = pdf_pages(tmp_path / "e.pdf")
    assert "Page 1 of 1" in page["chrome"] and page["body"] == "Nothing yet"


# --- DOCX -----------------------------------------------------------------------------------


def test_docx_says_everything_the_document_says(rendered):
    document, _pdf, path, _timings = rendered
    text = docx_text(path)
    assert_in_order(expected_lines(document), text)
    for name in (*NAMES, TRICKY):
        assert name in text


def test_docx_headings_use_word_heading_styles(rendered):
    document, _pdf, path, _timings = rendered
    paragraphs = docx.Document(str(path)).paragraphs
    headings = [(p.style.name, p.text, p._p.pPr) for p in paragraphs if "Heading" in p.style.name]
    wanted = [b for b in document.blocks if isinstance(b, Heading)]
    assert [(name, text) for name, text, _ in headings] == [
        (f"Heading {b.level}", b.text) for b in wanted
    ]
    for (_name, _text, p_pr), block in zip(headings, wanted, strict=True):
        level = p_pr.find(qn("w:outlineLvl"))
        # Outline headings take the style's level; the others are kept out of the nav pane.
        assert (level is None) == block.outline
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == TITLE
    bullets = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == [f"Tell {NAMES[1]} by phone", "Book a review"]
    question = next(p for p in paragraphs if p.text.startswith("Question:"))
    assert question.runs[0].bold and question.runs[0].text == "Question: "
    # The page break starts the next heading on a new page, with no empty line above it.
    actions = next(p for p in paragraphs if p.text == "Actions by organisation")
    assert actions.paragraph_format.page_break_before


def test_docx_tables_repeat_their_header_row(rendered):
    _document, _pdf, path, _timings = rendered
    tables = docx.Document(str(path)).tables
    assert [len(t.rows) for t in tables] == [6, 251]
    for table in tables:
        flags = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                 for row in table.rows]  # fmt: skip
        assert flags == [True] + [False] * (len(table.rows) - 1)


def test_docx_properties_language_font_and_page_furniture(rendered):
    document, _pdf, path, _timings = rendered
    result = docx.Document(str(path))
    properties = result.core_properties
    assert (properties.title, properties.author, properties.subject) == (
        document.title,
        document.author,
        document.subject,
    )
    assert properties.language == "en-GB"
    assert "python-docx" not in (properties.comments or "")
    defaults = result.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "en-GB"
    normal_style = result.styles["Normal"]
    assert normal_style.font.name == "Arial" and normal_style.font.size.pt == 11
    section = result.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    header = " ".join(p.text for p in section.header.paragraphs)
    footer = section.footer.paragraphs[0]
    assert MARKING in header and TITLE in header and MARKING in footer.text
    fields = [normal(t.text) for t in footer._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"] and "Page 1 of 1" in footer.text
    assert not section.different_first_page_header_footer


def test_docx_large_print_keeps_text_at_16_pt_or_more(tmp_path):
    render_docx(sample(large_print=True, cases=3, rows=5), tmp_path / "large.docx")
    result = docx.Document(str(tmp_path / "large.docx"))
    used = {p.style.name for p in result.paragraphs}
    used |= {p.style.name for t in result.tables for c in t.rows[0].cells for p in c.paragraphs}
    used |= {"Header", "Footer", "Normal"}
    for name in used:
        style = result.styles[name]
        while style.font.size is None:
            style = style.base_style
        assert style.font.size.pt >= 16, name
    assert result.styles["Heading 1"].font.size.pt > 16


def test_docx_accepts_control_characters_and_odd_tables(tmp_path):
    document = Document(title="Odd\x00", subject="s\x0b", author="a")
    document.add(
        Paragraph("Bell\x07 and\ttab"),
        PageBreak(),
        Table(("A", "B"), (("only one",), ("x", "y", "extra")), widths=(1,)),
        Table((), ()),
        Heading("Level 7", level=7),
        PageBreak(),
    )
    render_docx(document, tmp_path / "odd.docx")
    assert "Bell and" in docx_text(tmp_path / "odd.docx")
    body = docx.Document(str(tmp_path / "odd.docx")).element.body
    breaks = [e for e in body.iter(qn("w:br")) if e.get(qn("w:type")) == "page"]
    assert len(breaks) == 2  # before the table (no caption to carry it), and at the end
    # Title, paragraph, the break, the table.
    assert body[3].tag == qn("w:tbl") and body[2].find(".//" + qn("w:br")) is not None


def test_renders_of_a_40_case_meeting_take_seconds_not_minutes(rendered):
    # Only to catch a quadratic table fill (table.cell(r, c): 250 rows took 14 s).
    _document, _pdf, _docx, timings = rendered
    print(f"40 cases + 250-row table: PDF {timings['pdf']:.2f} s, DOCX {timings['docx']:.2f} s")
    assert timings["docx"] < 10 and timings["pdf"] < 10


# --- LibreOffice ----------------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_converts_the_docx_and_every_page_keeps_marking_and_numbers(rendered, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing on CI: .ci/run installs it")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    document, _pdf, path, _timings = rendered
    # LibreOffice finds fonts through fontconfig. Without Arial or Liberation Sans installed it
    # draws ễ from a fallback font, which pypdf reads back out of order; here it gets the shipped
    # Liberation Sans, which fontconfig's standard aliases put in place of the DOCX's Arial.
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{escape(str(resources_dir() / 'fonts'))}</dir>"
        f"<cachedir>{escape(str(tmp_path / 'font-cache'))}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    command = [
        soffice,
        # A private profile: a first start (or a desktop LibreOffice left open) cannot block it.
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(path),
    ]
    environment = os.environ | {"FONTCONFIG_FILE": str(fonts_conf)}
    subprocess.run(command, check=True, capture_output=True, timeout=110, env=environment)
    reader = PdfReader(tmp_path / "minutes.pdf")
    pages = [normal(page.extract_text()) for page in reader.pages]
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert MARKING in page and f"Page {number} of {len(pages)}" in page
    text = " ".join(pages)
    for name in (*NAMES, TRICKY):
        assert name in text
    assert reader.metadata.title == document.title


def test_a_heading_never_ends_a_page_apart_from_the_table_it_introduces(tmp_path):
    from mdtdesk.documents.model import Document, Heading, Paragraph, Table
    from mdtdesk.documents.pdf import render_pdf

    rows = tuple(
        (f"Person {n}", "Introduce to a befriending volunteer", "14 October") for n in range(6)
    )
    for filler in range(20, 56):
        document = Document("Minutes", "Minutes", "mdtdesk")
        document.add(*(Paragraph(f"Line {n} of the discussion.") for n in range(filler)))
        document.add(
            Heading("Neighbourhood Pharmacy Team", 2), Table(("Person", "Action", "Due"), rows)
        )
        path = tmp_path / f"{filler}.pdf"
        render_pdf(document, path)
        pages = [page.extract_text() for page in PdfReader(path).pages]
        heading_page = next(
            i for i, text in enumerate(pages) if "Neighbourhood Pharmacy Team" in text
        )
        assert "Person 0" in pages[heading_page], f"with {filler} lines before it"
