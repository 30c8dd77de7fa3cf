"""The redaction proof on the files themselves: the redacted minutes, rendered as PDF and as
DOCX and read back, hold no identifier of anyone on the agenda; the full minutes hold them all,
so the check is not vacuous."""

from __future__ import annotations

import pytest

from mdtdesk.documents.minutes import build_minutes
from mdtdesk.documents.pdf import render_pdf
from mdtdesk.documents.word import render_docx
from tests.helpers import docx_text, pdf_text
from tests.test_minutes_redaction import identifying_meeting, survivors


@pytest.mark.parametrize(
    ("render", "read", "suffix"),
    [(render_pdf, pdf_text, "pdf"), (render_docx, docx_text, "docx")],
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
