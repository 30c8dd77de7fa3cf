"""The PDF renderer lays its pages out itself (documents/pdf.py ports platypus's rules for the
few things a Document holds). Its line breaking is held here to reportlab's own Paragraph on the
text that is hardest to break: long words in narrow columns, labels, typed line breaks, escaped
characters, no-break spaces, accents; and so is where a paragraph splits at the foot of a page."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph as ReportlabParagraph

from mdtdesk.documents.model import Document
from mdtdesk.documents.pdf_fonts import BOLD, FAMILY, register_fonts
from mdtdesk.documents.pdf_paragraphs import Para
from mdtdesk.documents.pdf_style import Sizes, Style, styles_for
from mdtdesk.documents.pdf_text import XML_UNSAFE, text_frags

TEXTS = [
    "Discussed at length with the family; the GP will review the blood pressure tablets.",
    "Dr Eileen Fotheringham-Cholmondeley, GP",
    "Supercalifragilisticexpialidocious" * 3,
    "x" * 400,
    "Two falls since the last meeting.\nDaughter visits daily.\n\nWould like a named contact.",
    "\nStarts with a line break and ends with one\n",
    "\n",
    "",
    "   \t  ",
    "O'Brien & Sons <x> &amp; a&b<c>d",
    "Keep\xa0these\xa0words\xa0together please, and these\xa0two",
    "Nguyễn Thị and Łukasz Wójcik met Siân ap Ŵyn and Seán Ó Briain.",
    "Tabs\tand   several    spaces\r\nand a carriage return",
    "word " * 60,
]
LABELS = [None, "Decision", "Who tells the person", "Note\nwith a break"]
WIDTHS = [30.0, 88.7, 121.4, 300.0, 457.8898]


def _styles():
    register_fonts()
    # As the platypus renderer did, so that <b> finds the bold face.
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD)
    return styles_for(Sizes.of(Document(title="t", subject="s", author="a")))


def _reportlab(style: Style, text: str, label: str | None, bullet: str | None):
    markup = escape(XML_UNSAFE.sub("", text)).replace("\n", "<br/>")
    if label:
        markup = f"<b>{escape(XML_UNSAFE.sub('', label)).replace(chr(10), '<br/>')}:</b> {markup}"
    reportlab_style = ParagraphStyle(
        "s",
        fontName=BOLD if style.bold else FAMILY,
        fontSize=style.size,
        leading=style.line,
        leftIndent=style.left_indent,
        bulletIndent=style.bullet_indent,
        bulletFontName=FAMILY,
        bulletFontSize=style.size,
    )
    return ReportlabParagraph(markup, reportlab_style, bulletText=bullet)


def _reportlab_lines(paragraph) -> list[tuple[str, float]]:
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [(" ".join(words), extra) for extra, words in lines]
    return [
        ("".join(getattr(f, "text", "") for f in line.words), line.extraSpace) for line in lines
    ]


def _our_lines(paragraph: Para) -> list[tuple[str, float]]:
    if paragraph.simple:
        return [(" ".join(line.words), line.extra) for line in paragraph.lines]
    return [("".join(run.text for run in line.words), line.extra) for line in paragraph.lines]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("style_name", ["body", "cell", "header_cell", "bullet", "h1"])
def test_lines_break_where_reportlab_breaks_them(style_name, label, width):
    style = _styles()[style_name]
    bullet = "\u2022" if style_name == "bullet" else None
    for text in TEXTS:
        theirs = _reportlab(style, text, label, bullet)
        theirs.wrap(width, 1e6)
        ours = Para(style, bullet, text_frags(text, style, label))
        height = ours.wrap(width)
        assert height == pytest.approx(theirs.height), text
        expected, got = _reportlab_lines(theirs), _our_lines(ours)
        assert [line for line, _ in got] == [line for line, _ in expected], text
        for (_, ours_left), (_, theirs_left) in zip(got, expected, strict=True):
            assert math.isclose(ours_left, theirs_left, abs_tol=1e-6), text


SPLIT_TEXTS = [
    TEXTS[4] + " " + TEXTS[-1],
    TEXTS[2] + " " + TEXTS[1] + " " + TEXTS[3],
    TEXTS[10] * 4,
]


@pytest.mark.parametrize("text", SPLIT_TEXTS)
@pytest.mark.parametrize("width", [88.7, 200.0])
@pytest.mark.parametrize("label", [None, "Decision"])
@pytest.mark.parametrize("room", [5.0, 20.0, 30.0, 45.0, 100.0])
def test_a_paragraph_splits_at_the_foot_of_a_page_where_reportlab_splits_it(
    text, width, label, room
):
    style = _styles()["cell"]
    theirs = _reportlab(style, text, label, None)
    theirs.wrap(width, 1e6)
    ours = Para(style, None, text_frags(text, style, label))
    ours.wrap(width)
    their_parts, our_parts = theirs.split(width, room), ours.split(room)
    assert len(our_parts) == len(their_parts)
    for mine, reference in zip(our_parts, their_parts, strict=True):
        reference.wrap(width, 1e6)
        mine.wrap(width)
        assert [line for line, _ in _our_lines(mine)] == [
            line for line, _ in _reportlab_lines(reference)
        ]
        # and again, as a table does when the rest of a row runs onto a third page
        again_theirs, again_ours = reference.split(width, room), mine.split(room)
        assert len(again_ours) == len(again_theirs)
        for part, reference_part in zip(again_ours, again_theirs, strict=True):
            reference_part.wrap(width, 1e6)
            part.wrap(width)
            assert [line for line, _ in _our_lines(part)] == [
                line for line, _ in _reportlab_lines(reference_part)
            ]
