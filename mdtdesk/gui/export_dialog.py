"""The export dialog: minutes, the agenda or a care plan, as PDF and/or DOCX, saved in a folder.

The app names the files from the document, the meeting's date and neighbourhood, never from a
person ("MDT minutes 2026-11-24 Stockport West (redacted).pdf", "Care plan 2026-11-24.pdf"):
a file name travels in e-mails and folder listings where patient details must not. Exporting runs
off the UI thread through ``documents.export.export``, which writes each file safely and records
the export in the audit.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import lookups, meetings
from mdtdesk.core.dates import format_date
from mdtdesk.core.db import open_database
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.documents.export import FORMATS, ExportRequest
from mdtdesk.gui import prompts
from mdtdesk.gui.settings import Settings
from mdtdesk.gui.tasks import Task, run_in_background

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something unexpected went wrong, so nothing was written. The details are in the log file."
)
# Characters Windows, macOS or Linux refuse in a file name.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def document_stem(
    db: sqlite.Connection, request: ExportRequest, today: dt.date | None = None
) -> str:
    """The file name, without its ending, the app gives a document. It holds no patient details:
    "MDT minutes 2026-11-24 Stockport West (redacted)", "MDT agenda 2026-11-24 Stockport West",
    "Care plan 2026-11-24 (large print)" (a care plan is dated the day it is made)."""
    if request.kind == "careplan":
        day = today or dt.date.today()
        return f"Care plan {day.isoformat()}" + (" (large print)" if request.large_print else "")
    meeting = meetings.load_meeting(db, request.meeting_id)
    hood = dict(lookups.neighbourhoods(db)).get(meeting.neighbourhood_id, "")
    what = "minutes" if request.kind == "minutes" else "agenda"
    parts = [f"MDT {what}", meeting.starts_at.date().isoformat()]
    hood = " ".join(_NOT_IN_NAMES.sub(" ", hood).split()).strip(" .")
    if hood:
        parts.append(hood)
    stem = " ".join(parts)
    if request.kind == "minutes" and request.redacted:
        stem += " (redacted)"
    return stem


def describe(request: ExportRequest) -> str:
    """The document in words for messages: "Minutes (redacted)", "Agenda", "Care plan"."""
    if request.kind == "minutes":
        return "Minutes (redacted)" if request.redacted else "Minutes (full)"
    if request.kind == "agenda":
        return "Agenda"
    return "Care plan (large print)" if request.large_print else "Care plan"


def meeting_label(db: sqlite.Connection, meeting_id: int) -> str:
    """A meeting as the dialog names it: "Stockport West MDT, 24 November 2026"."""
    meeting = meetings.load_meeting(db, meeting_id)
    hood = dict(lookups.neighbourhoods(db)).get(meeting.neighbourhood_id, "")
    when = format_date(meeting.starts_at.date())
    return f"{hood} MDT, {when}" if hood else f"MDT, {when}"


@dataclass
class Outcome:
    """What a background export did: the files written, and the error that stopped the rest."""

    written: list[Path] = field(default_factory=list)
    error: Exception | None = None


def explain(exc: Exception) -> str:
    """An export's failure in plain words; never a traceback (that goes to the log)."""
    if isinstance(exc, MdtError):
        return str(exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or "the file could not be written"
        return (
            f"The file could not be saved ({reason.rstrip('.').lower()}). Check that the folder "
            "exists and that you can save files in it, then try again. Nothing was replaced."
        )
    return UNEXPECTED


def run_exports(db_path: Path, actor: str, requests: list[ExportRequest]) -> Outcome:
    """Export each request in turn on a connection of this thread's own. Stops at the first
    failure; files already written stay (each was written whole and audited)."""
    from mdtdesk.documents.export import export

    outcome = Outcome()
    db = open_database(db_path, create=False)
    try:
        for request in requests:
            try:
                outcome.written.append(export(db, actor, request))
            except Exception as exc:
                if not outcome.written:
                    raise
                if not isinstance(exc, MdtError):
                    log.exception("export failed after %d files", len(outcome.written))
                outcome.error = exc
                break
    finally:
        db.close()
    return outcome


class ExportDialog(QDialog):
    """Choose a document of a meeting (minutes or agenda) or of a person (care plan), its
    formats, full or redacted, large print, and the folder; then export off the UI thread.

    ``exported`` carries what was written and where, for the window's status line.
    """

    exported = Signal(str)

    def __init__(
        self,
        conn: sqlite.Connection,
        db_path: Path,
        actor: str,
        settings: Settings,
        meeting_id: int | None = None,
        person: tuple[str, str] | None = None,
        parent: QWidget | None = None,
    ):
        """``person`` is (NHS number, name as shown on screen) for a care plan."""
        super().__init__(parent)
        self._conn, self._db_path, self._actor = conn, Path(db_path), actor
        self._settings = settings
        self.meeting_id = meeting_id
        self.person = person
        self.task: Task | None = None
        self.setWindowTitle("Export")
        # The app styles a focused check box; a focused radio button needs the same ring.
        self.setStyleSheet("QRadioButton:focus { background: #ffeb3b; }")

        heading = QLabel("Export a document")
        heading.setObjectName("heading")

        self.minutes = QRadioButton("&Minutes")
        self.agenda = QRadioButton("A&genda")
        self.care_plan = QRadioButton("&Care plan")
        self.kinds = QButtonGroup(self)
        for button in (self.minutes, self.agenda, self.care_plan):
            self.kinds.addButton(button)
        meeting_text = meeting_label(conn, meeting_id) if meeting_id is not None else ""
        for button, about in (
            (self.minutes, meeting_text),
            (self.agenda, meeting_text),
            (self.care_plan, person[1] if person else ""),
        ):
            button.setVisible(bool(about))
            if about:  # "&" in a name would underline the next letter: doubled, it shows
                button.setText(f"{button.text()}: {about.replace('&', '&&')}")
        # Opened for a person (from the case list), the care plan is what is wanted.
        (self.care_plan if person else self.minutes).setChecked(True)

        self.full = QRadioButton("&Full, for the team")
        self.redacted = QRadioButton(
            "&Redacted, for wider circulation: initials and the last three digits of the NHS "
            "number only"
        )
        self.full.setChecked(True)
        self.large_print = QCheckBox("&Large print (16 point type)")
        self.pdf = QCheckBox("&PDF")
        self.docx = QCheckBox("&Word (DOCX)")
        self.pdf.setChecked(True)

        self.folder = QLineEdit(settings.export_folder)
        self.folder.setAccessibleName("Folder to save in")
        folder_label = QLabel("&Save in")
        folder_label.setBuddy(self.folder)
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setToolTip("Choose the folder to save the files in")
        self.choose_button.clicked.connect(self.choose_folder)

        self.files = QLabel()
        self.files.setObjectName("hint")
        self.files.setWordWrap(True)
        self.files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "error")
        self.problem.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.preview_button = self.buttons.addButton(
            "Pre&view", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.setToolTip("Show the PDF's pages before saving or to print them")
        self.close_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.export)
        self.preview_button.clicked.connect(self.preview)
        self.close_button.clicked.connect(self.reject)
        # Enter exports from anywhere in the dialog; no other button takes the default.
        for button in (self.choose_button, self.preview_button, self.close_button):
            button.setAutoDefault(False)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        row = 0
        for title, widgets in (
            ("Document", [self.minutes, self.agenda, self.care_plan]),
            ("Version", [self.full, self.redacted, self.large_print]),
            ("Formats", [self.pdf, self.docx]),
        ):
            label = QLabel(title)
            label.setObjectName("field_heading")
            if title == "Version":
                self.version_label = label
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            column = QVBoxLayout()
            column.setSpacing(4)
            for widget in widgets:
                column.addWidget(widget)
            grid.addLayout(column, row, 1)
            row += 1
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(self.choose_button)
        grid.addWidget(folder_label, row, 0)
        grid.addLayout(where, row, 1)
        grid.addWidget(self.files, row + 1, 1)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        for widget in (self.minutes, self.agenda, self.care_plan, self.full, self.redacted):
            widget.toggled.connect(self._update)
        for box in (self.large_print, self.pdf, self.docx):
            box.toggled.connect(self._update)
        self.folder.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(620)
        self.kinds.checkedButton().setFocus()

    # -- the choice -------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """The document chosen: "minutes", "agenda" or "careplan"."""
        if self.care_plan.isChecked():
            return "careplan"
        return "agenda" if self.agenda.isChecked() else "minutes"

    def formats(self) -> list[str]:
        """The formats ticked, PDF first."""
        return [f for f, box in (("pdf", self.pdf), ("docx", self.docx)) if box.isChecked()]

    def request(self, format: str = "pdf", folder: Path | None = None) -> ExportRequest:
        """The export of the chosen document in ``format``, to the app's file name in
        ``folder`` (default: the folder chosen)."""
        kind = self.kind
        request = ExportRequest(
            kind=kind,
            format=format,
            target=Path(f"document.{format}"),
            meeting_id=self.meeting_id if kind != "careplan" else None,
            nhs_number=self.person[0] if kind == "careplan" and self.person else None,
            redacted=kind == "minutes" and self.redacted.isChecked(),
            large_print=kind == "careplan" and self.large_print.isChecked(),
        )
        folder = folder if folder is not None else Path(self.folder.text().strip())
        stem = document_stem(self._conn, request)
        return replace(request, target=folder / f"{stem}.{format}")

    def requests(self) -> list[ExportRequest]:
        """One export per format ticked."""
        return [self.request(format) for format in self.formats()]

    def _update(self) -> None:
        # Only the choices that apply are shown (a disabled choice reads like a live one).
        kind = self.kind
        self.full.setVisible(kind == "minutes")
        self.redacted.setVisible(kind == "minutes")
        self.large_print.setVisible(kind == "careplan")
        self.version_label.setVisible(kind != "agenda")
        formats = self.formats()
        busy = self.busy
        self.export_button.setEnabled(bool(formats) and not busy)
        self.preview_button.setEnabled(not busy)
        if not formats:
            self.files.setText("Tick PDF, Word (DOCX) or both.")
            return
        names = [self.request(f, Path()).target.name for f in formats]
        self.files.setText("Saved as: " + " and ".join(names))

    # -- doing it ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while an export is running."""
        return self.task is not None and self.task.running

    def choose_folder(self) -> None:
        """Ask for the folder to save in."""
        folder = prompts.current.choose_folder(
            self, "Choose where to save the files", self.folder.text().strip()
        )
        if folder is not None:
            self.folder.setText(str(folder))

    def _folder_problem(self, folder: str) -> str | None:
        if not folder:
            return "Choose the folder to save the files in."
        path = Path(folder)
        if not path.exists():
            return f"The folder {folder} does not exist. Choose another folder."
        if not path.is_dir():
            return f"{folder} is a file, not a folder. Choose a folder to save in."
        if not os.access(path, os.W_OK | os.X_OK):
            return f"You cannot save files in {folder}. Choose another folder."
        return None

    def export(self) -> None:
        """Check the choice, ask before replacing files, then export off the UI thread."""
        if self.busy or not self.formats():
            return
        folder = self.folder.text().strip()
        problem = self._folder_problem(folder)
        if problem is not None:
            prompts.current.error(self, "Not exported", problem)
            self.folder.setFocus()
            return
        requests = self.requests()
        existing = [r.target.name for r in requests if r.target.exists()]
        if existing:
            many = len(existing) > 1
            these, them = ("These files are", "them") if many else ("This file is", "it")
            names = "\n".join(existing)
            if not prompts.current.confirm(
                self,
                "Replace files?",
                f"{these} already in {folder}:\n{names}\n\nReplace {them}?",
                "Replace",
            ):
                self._say("Nothing was exported.")
                return
        self._say("")
        db_path, actor = self._db_path, self._actor
        self.task = run_in_background(
            self,
            "Exporting…",
            lambda: run_exports(db_path, actor, requests),
            lambda outcome: self._done(requests, outcome),
            self._failed,
        )
        self._update()

    def _done(self, requests: list[ExportRequest], outcome: Outcome) -> None:
        self._update()
        folder = str(requests[0].target.parent)
        self._settings.export_folder = folder
        written = [p.suffix.lstrip(".").upper() for p in outcome.written]
        what = describe(requests[0])
        if outcome.error is not None:
            missing = [FORMATS[r.format] for r in requests[len(outcome.written) :]]
            prompts.current.error(
                self,
                "Not all exported",
                f"{what} saved as {' and '.join(written)} in {folder}, but not as "
                f"{' or '.join(missing)}. {explain(outcome.error)}",
            )
            self._say(f"Saved as {' and '.join(written)} only.")
            return
        self.exported.emit(f"{what} saved as {' and '.join(written)} in {folder}")
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._update()
        message = explain(exc)
        self._say(message)
        prompts.current.error(self, "Not exported", message)

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def preview(self) -> None:
        """Show the chosen document's PDF pages in a preview window, ready to print."""
        from mdtdesk.gui.pdf_preview import preview_document

        title = describe(self.request())
        if self.kind == "careplan" and self.person:
            title += f": {self.person[1]}"
        elif self.meeting_id is not None:
            title += f": {meeting_label(self._conn, self.meeting_id)}"
        preview_document(self, self._db_path, self._actor, self.request(), title)

    def reject(self) -> None:
        # Closing while exporting would lose the answer: wait for it.
        if self.busy:
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)
