"""One export, the same from the window and the command line: build the document, render it to
a file safely (the previous file stays whole until the new one is complete), and record in the
audit what was exported, when, by whom, full or redacted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mdtdesk.core import nhs_number
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from mdtdesk.documents.model import Document

KINDS = {"minutes": "Minutes", "agenda": "Agenda", "careplan": "Care plan"}
FORMATS = {"pdf": "PDF", "docx": "Word (DOCX)"}


@dataclass(frozen=True)
class ExportRequest:
    """What to export and where. Minutes and agendas name a meeting; a care plan a person."""

    kind: str
    format: str
    target: Path
    meeting_id: int | None = None
    nhs_number: str | None = None
    redacted: bool = False
    large_print: bool = False

    def describe(self) -> str:
        """The export in words, as the audit keeps it ("Minutes, redacted, as PDF")."""
        what = [KINDS[self.kind]]
        if self.kind == "minutes":
            what.append("redacted" if self.redacted else "full")
        if self.kind == "careplan" and self.large_print:
            what.append("large print")
        return f"{', '.join(what)}, as {FORMATS[self.format]}"


def check_request(request: ExportRequest) -> ExportRequest:
    """The request with its NHS number tidied; refused, with a message per problem, when it
    cannot be carried out."""
    problems = {}
    if request.kind not in KINDS:
        problems["kind"] = "Choose minutes, an agenda or a care plan."
    if request.format not in FORMATS:
        problems["format"] = "Choose PDF or DOCX."
    elif request.target.suffix.lower() != f".{request.format}":
        problems["target"] = (
            f"The file name should end in .{request.format} for a {FORMATS[request.format]} file."
        )
    if request.kind in ("minutes", "agenda") and request.meeting_id is None:
        problems["meeting_id"] = "Choose the meeting."
    if request.kind == "careplan":
        try:
            request = replace(request, nhs_number=nhs_number.parse(request.nhs_number or ""))
        except ValueError as exc:
            problems["nhs_number"] = str(exc)
    if problems:
        raise ValidationError(problems)
    return request


def build(db: Database | sqlite.Connection, request: ExportRequest) -> Document:
    """The document the request asks for, as plain data. The builders only read, so a plain
    connection does."""
    request = check_request(request)
    if request.kind == "minutes":
        from mdtdesk.documents.minutes import build_minutes

        return build_minutes(db, request.meeting_id, redacted=request.redacted)
    if request.kind == "agenda":
        from mdtdesk.documents.agenda_sheet import build_agenda

        return build_agenda(db, request.meeting_id)
    from mdtdesk.documents.care_plan import build_care_plan

    return build_care_plan(db, request.nhs_number, large_print=request.large_print)


def export(db: Database | sqlite.Connection, actor: str, request: ExportRequest) -> Path:
    """Build, render and write the document, then audit the export; return the file written.

    Nothing is audited when writing fails, and a failed write leaves no file behind and the
    previous file (if any) untouched. ``db`` may be a plain connection (``core.db.connect``):
    nothing here needs sqlite-utils, and ``mdtdesk export`` is faster without importing it.
    """
    request = check_request(request)
    document = build(db, request)
    from mdtdesk.documents.files import write_atomically

    if request.format == "pdf":
        from mdtdesk.documents.pdf import render_pdf as render
    else:
        from mdtdesk.documents.word import render_docx as render
    write_atomically(request.target, lambda path: render(document, path))
    _audit(db, actor, request)
    return request.target


def _audit(db: Database | sqlite.Connection, actor: str, request: ExportRequest) -> None:
    from mdtdesk.core.exports import person_id, record_export

    if request.kind == "careplan":
        found = person_id(db, request.nhs_number)
        if found is None:
            raise NotFound("No one with that NHS number is on the register.")
        record_export(db, actor, "people", found, request.describe())
    else:
        record_export(db, actor, "meetings", request.meeting_id, request.describe())
