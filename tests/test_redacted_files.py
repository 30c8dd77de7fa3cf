"""The redaction proof on the files themselves: the redacted minutes, rendered as PDF and as
DOCX and read back, hold no identifier of anyone on the agenda; the full minutes hold them all,
so the check is not vacuous."""

from __future__ import annotations

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from mdtdesk.documents.minutes import build_minutes
from mdtdesk.documents.pdf import render_pdf
from mdtdesk.documents.word import render_docx
from tests.test_minutes_redaction import identifying_meeting, survivors


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _docx_text(path) -> str:
    document = open_docx(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("render", "read", "suffix"),
    [(render_pdf, _pdf_text, "pdf"), (render_docx, _docx_text, "docx")],
)
def test_no_identifier_survives_in_the_rendered_redacted_minutes(
    db, tmp_path, render, read, suffix
):
    meeting = identifying_meeting(db)
    full, redacted = tmp_path / f"full.{suffix}", tmp_path / f"redacted.{suffix}"
    render(build_minutes(db, meeting), full)
    render(build_minutes(db, meeting, redacted=True), redacted)
    assert len(survivors(read(full))) > 10  # the identifiers are really in the meeting
    assert survivors(read(redacted)) == []
