"""`mdtdesk export` as a user runs it: each document in each format, written whole or not at all,
refused in plain words, and recorded in the audit."""

from __future__ import annotations

import json

import pytest

from mdtdesk.core.db import open_database
from mdtdesk.core.errors import MdtError
from mdtdesk.core.exports import exports
from tests.helpers import docx_text, nhs, pdf_text
from tests.test_cli import _no_traceback, mdtdesk


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    path = home / "demo.db"
    result = mdtdesk("demo", "--db", path, "--patients", "150", "--seed", "5", tmp_path=home)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def closed_meeting(demo, tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    listed = json.loads(mdtdesk("meetings", "--db", demo, "--json", tmp_path=home).stdout)
    return max((m for m in listed if m["status"] == "closed"), key=lambda m: m["items"])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_minutes_are_written_and_the_export_audited(demo, closed_meeting, tmp_path, fmt):
    out = tmp_path / f"minutes.{fmt}"
    result = mdtdesk(
        "export", "minutes", "--db", demo, "--meeting", closed_meeting["id"], "--format", fmt,
        "--out", out, tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}"
    text = pdf_text(out) if fmt == "pdf" else docx_text(out)
    assert closed_meeting["neighbourhood"] in text
    assert "OFFICIAL-SENSITIVE: PERSONAL" in text  # the DOCX's is in its header and footer
    db = open_database(demo)
    try:
        recorded = exports(db, "meetings", closed_meeting["id"])
    finally:
        db.close()
    assert any(e["what"] == f"Minutes, full, as {'PDF' if fmt == 'pdf' else 'Word (DOCX)'}"
               for e in recorded)  # fmt: skip


def test_an_agenda_and_a_large_print_care_plan(demo, closed_meeting, tmp_path):
    agenda = tmp_path / "agenda.pdf"
    result = mdtdesk(
        "export", "agenda", "--db", demo, "--meeting", closed_meeting["id"], "--format", "pdf",
        "--out", agenda, tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cases = json.loads(mdtdesk("cases", "--db", demo, "--json", tmp_path=tmp_path).stdout)
    number = cases[0]["nhs_number"]
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    plan = tmp_path / "plan.docx"
    result = mdtdesk(
        "export", "careplan", "--db", demo, "--nhs-number", spaced, "--format", "docx",
        "--large-print", "--out", plan, tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert cases[0]["family_name"] in docx_text(plan)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf", "--out", "{tmp}/minutes.docx"], "should end in .pdf"),
        (["--format", "pdf", "--out", "{tmp}/missing/minutes.pdf"], "folder"),
    ],
)
def test_a_refused_export_is_one_plain_line_and_writes_nothing(
    demo, closed_meeting, tmp_path, args, message
):
    args = [a.format(tmp=tmp_path) for a in args]
    result = mdtdesk(
        "export", "minutes", "--db", demo, "--meeting", closed_meeting["id"], *args,
        tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".pdf", ".docx", ".tmp")]


def test_an_unknown_meeting_or_person_is_said_plainly(demo, tmp_path):
    result = mdtdesk(
        "export", "minutes", "--db", demo, "--meeting", "99999", "--format", "pdf",
        "--out", tmp_path / "m.pdf", tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1 and "meeting" in result.stderr.lower()
    _no_traceback(result)
    known = {
        c["nhs_number"]
        for c in json.loads(mdtdesk("cases", "--db", demo, "--json", tmp_path=tmp_path).stdout)
    }
    stranger = next(nhs(n) for n in range(1000) if nhs(n) not in known)
    result = mdtdesk(
        "export", "careplan", "--db", demo, "--nhs-number", stranger, "--format", "pdf",
        "--out", tmp_path / "p.pdf", tmp_path=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    _no_traceback(result)
    assert not list(tmp_path.glob("*.pdf"))


def test_a_failed_export_leaves_the_previous_file_untouched(
    demo, closed_meeting, tmp_path, monkeypatch
):
    from mdtdesk.core.db import connect
    from mdtdesk.documents import export, pdf

    out = tmp_path / "minutes.pdf"
    out.write_bytes(b"the minutes sent last week")

    def fails_half_way(document, path):
        path.write_bytes(b"%PDF-1.4 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "render_pdf", fails_half_way)
    conn = connect(demo, create=False)
    try:
        before = len(exports(conn, "meetings", closed_meeting["id"]))
        request = export.ExportRequest("minutes", "pdf", out, meeting_id=closed_meeting["id"])
        with pytest.raises(MdtError, match="Check that the disk is not full"):
            export.export(conn, "chair", request)
        assert len(exports(conn, "meetings", closed_meeting["id"])) == before  # not audited
    finally:
        conn.close()
    assert out.read_bytes() == b"the minutes sent last week"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["minutes.pdf"]
