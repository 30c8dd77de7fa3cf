"""The main window: a header, navigation between the app's areas, and the status line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import encryption
from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.db import open_database, wrap
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.gui import prompts
from mdtdesk.gui.case_list_page import CaseListPage
from mdtdesk.gui.settings import Settings
from mdtdesk.gui.tasks import Task, run_in_background

if TYPE_CHECKING:
    from mdtdesk.gui.actions_page import ActionsPage
    from mdtdesk.gui.meetings_page import MeetingsPage
    from mdtdesk.gui.members_page import MembersPage

log = logging.getLogger(__name__)

WRITER_DELAY_MS = 300
# The automatic backup waits until the window is on screen and settled: it is never urgent.
BACKUP_DELAY_MS = 2000
# A backup of a large register takes seconds; a restore or re-encryption waits that long for it.
RELEASE_WAIT_MS = 60_000
IMPORT_FILTER = "Case lists (*.csv *.txt *.xlsx *.xlsm);;All files (*)"
SHORTCUTS = [
    ("Alt+1, Alt+2, …", "Go to an area, in the order listed on the left"),
    ("Ctrl+F", "Search the case list"),
    ("Esc", "Clear the search"),
    ("Down / Enter", "From the search, move into the list"),
    ("Enter", "Open the selected case"),
    ("Ctrl+N", "New case"),
    ("Ctrl+I", "Import a case list"),
    ("Ctrl+S", "Save the case form"),
    ("Alt+1, Alt+2, Alt+3", "Tabs of the case form"),
    ("Alt+underlined letter", "Go to that field"),
    ("Ctrl+D / Ctrl+Shift+D", "Actions: mark the chosen actions done / reopen them"),
    ("Ctrl+E", "Export minutes, an agenda or a care plan as PDF or DOCX"),
    ("Ctrl+Shift+M", "Preview (and print) the minutes of the chosen meeting"),
    ("Ctrl+P", "Print the care plan of the selected case"),
]


class MainWindow(QMainWindow):
    """Holds the areas that work today: the case register."""

    def __init__(self, db, db_path: Path, actor: str, settings: Settings | None = None):
        """``db`` is a connection from ``core.db.connect`` or a sqlite-utils Database over one."""
        super().__init__()
        self._conn: sqlite.Connection = getattr(db, "conn", db)
        self._db = None if db is self._conn else db
        self.db_path = Path(db_path)
        self.actor = actor
        self.settings = settings or Settings()
        self.case_form = None  # the open CaseForm, if any
        self.import_preview = None  # the open ImportPreview, if any
        self.chair_window = None  # chair mode, while a meeting runs
        self.export_dialog = None  # the open ExportDialog, if any
        self._tasks = []
        self._backups = []  # running automatic backups, kept referenced until they finish
        self.session = None  # the Session that opened this window (None in tests and scripts)
        self.audit_window = None
        self.setWindowTitle(f"mdtdesk: {self.db_path.name}")

        header = QFrame()
        header.setObjectName("header")
        title = QLabel("mdtdesk")
        title.setObjectName("header_title")
        detail = QLabel(f"Neighbourhood MDT  ·  {self.db_path.name}")
        detail.setObjectName("header_detail")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(20, 10, 20, 10)
        header_layout.addWidget(title)
        header_layout.addSpacing(16)
        header_layout.addWidget(detail)
        header_layout.addStretch(1)
        if not encryption.is_encrypted(self.db_path):
            # Said where it is always seen: anyone who has this file can read every record.
            self.not_encrypted = QLabel("Not encrypted")
            self.not_encrypted.setObjectName("not_encrypted")
            self.not_encrypted.setToolTip(
                "Anyone who has this file can read it. Encrypt it with File › Encrypt this "
                "database…"
            )
            header_layout.addWidget(self.not_encrypted)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.setFixedWidth(150)
        self.pages = QStackedWidget()
        self._builders: dict[int, Callable[[], QWidget]] = {}
        self._area_index: dict[str, int] = {}
        self.cases = CaseListPage(self._conn)
        self._add_area("Cases", lambda: self.cases)
        self._add_area("Members", self._build_members)
        self._add_area("Meetings", self._build_meetings)
        self._add_area("Actions", self._build_actions)
        self.navigation.currentRowChanged.connect(self._show_area)
        self.navigation.setCurrentRow(0)

        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.navigation)
        body_layout.addWidget(self.pages, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)

        self.cases.openCase.connect(self.edit_case)
        self.cases.newCase.connect(self.new_case)
        self.cases.importCases.connect(self.import_cases)
        self.cases.printCarePlan.connect(self.print_care_plan)
        self._build_menus()
        self.statusBar().showMessage("Ready")
        QTimer.singleShot(0, self.cases.focus_search)
        # Load the writing side once the case list is on screen, ready for the first save.
        QTimer.singleShot(WRITER_DELAY_MS, lambda: self.db)
        QTimer.singleShot(BACKUP_DELAY_MS, self.back_up)

    @property
    def db(self):
        """The database for changes (sqlite-utils over the window's connection)."""
        if self._db is None:
            self._db = wrap(self._conn)
        return self._db

    def _add_area(self, name: str, build: Callable[[], QWidget]) -> None:
        """Offer an area; its page is built when first opened, so start-up builds one page."""
        self.navigation.addItem(name)
        index = self.pages.addWidget(QWidget())
        self._builders[index] = build
        self._area_index[name] = index
        action = QAction(self, shortcut=QKeySequence(f"Alt+{index + 1}"))
        action.triggered.connect(lambda: self.navigation.setCurrentRow(index))
        self.addAction(action)

    def _page(self, index: int) -> QWidget:
        build = self._builders.pop(index, None)
        if build is not None:
            stand_in = self.pages.widget(index)
            self.pages.insertWidget(index, build())
            self.pages.removeWidget(stand_in)
            stand_in.deleteLater()
        return self.pages.widget(index)

    def _show_area(self, index: int) -> None:
        self._page(index)
        self.pages.setCurrentIndex(index)

    @property
    def members(self) -> MembersPage:
        """The Members page (built on first use)."""
        return self._page(self._area_index["Members"])

    @property
    def meetings(self) -> MeetingsPage:
        """The Meetings page (built on first use)."""
        return self._page(self._area_index["Meetings"])

    @property
    def actions_page(self) -> ActionsPage:
        """The Actions page (built on first use)."""
        return self._page(self._area_index["Actions"])

    # Each area's modules load with its page: start-up imports only what the case list needs.
    def _build_members(self) -> QWidget:
        from mdtdesk.gui.members_page import MembersPage

        page = MembersPage(self._conn, lambda: self.db, self.actor)
        page.saved.connect(lambda _member: self._say_saved())
        return page

    def _build_meetings(self) -> QWidget:
        from mdtdesk.gui.meetings_page import MeetingsPage

        page = MeetingsPage(self._conn, lambda: self.db, self.actor)
        page.newMeeting.connect(self.new_meeting)
        page.runMeeting.connect(self.run_meeting)
        page.exportMeeting.connect(self.export_documents)
        page.saved.connect(self._say_saved)
        page.meetingClosed.connect(self._back_up_after_close)
        return page

    def _build_actions(self) -> QWidget:
        from mdtdesk.gui.actions_page import ActionsPage

        page = ActionsPage(self._conn, lambda: self.db, self.actor)
        page.saved.connect(self._say_saved)
        return page

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction("&Import case list…", QKeySequence("Ctrl+I"), self.import_cases)
        file_menu.addAction("&Export…", QKeySequence("Ctrl+E"), lambda: self.export_documents())
        file_menu.addAction("&Preview minutes", QKeySequence("Ctrl+Shift+M"), self.preview_minutes)
        file_menu.addSeparator()
        file_menu.addAction("&Backups…", QKeySequence("Ctrl+Shift+B"), self.open_backups)
        file_menu.addAction("&Audit: who changed what…", self.open_audit)
        file_menu.addAction(
            "Change &passphrase…"
            if encryption.is_encrypted(self.db_path)
            else "E&ncrypt this database…",
            self.change_passphrase,
        )
        self.lock_action = file_menu.addAction("&Lock now", QKeySequence("Ctrl+L"))
        file_menu.addSeparator()
        file_menu.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        cases_menu = menu.addMenu("&Cases")
        cases_menu.addAction("&New case", QKeySequence.StandardKey.New, self.new_case)
        cases_menu.addAction("&Open selected case", QKeySequence("Ctrl+O"), self._open_selected)
        cases_menu.addAction("&Find", QKeySequence.StandardKey.Find, self._find)
        cases_menu.addAction(
            "&Print care plan…", QKeySequence("Ctrl+P"), lambda: self.print_care_plan()
        )
        help_menu = menu.addMenu("&Help")
        help_menu.addAction("&Keyboard shortcuts", QKeySequence("F1"), self._show_shortcuts)

    # -- cases ------------------------------------------------------------------------------

    def _find(self) -> None:
        self.navigation.setCurrentRow(self.pages.indexOf(self.cases))
        self.cases.focus_search()

    def _open_selected(self) -> None:
        case_id = self.cases.selected_case()
        if case_id is not None:
            self.edit_case(case_id)

    def new_case(self) -> None:
        """Open an empty case form."""
        self._open_form(None)

    def edit_case(self, case_id: int) -> None:
        """Open the case form on one case."""
        self._open_form(case_id)

    def _open_form(self, case_id: int | None) -> None:
        if self.case_form is not None and self.case_form.isVisible():
            self.case_form.raise_()
            self.case_form.activateWindow()
            return
        from mdtdesk.gui.case_form import CaseForm  # loaded when first needed: faster start

        try:
            form = CaseForm(self.db, self.actor, case_id, self)
        except MdtError as exc:
            prompts.current.error(self, "Cannot open the case", str(exc))
            self.cases.refresh()
            return
        form.saved.connect(self._case_saved)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.destroyed.connect(lambda: setattr(self, "case_form", None))
        self.case_form = form
        form.open()
        form.activateWindow()

    def _case_saved(self, case_id: int) -> None:
        self.cases.reload_neighbourhoods(self._conn)
        self.cases.refresh(select_case=case_id)
        self._say_saved()

    def _say_saved(self, what: str = "Saved") -> None:
        self.statusBar().showMessage(f"{what} at {format_time(datetime.now())}")

    # -- meetings ---------------------------------------------------------------------------

    def new_meeting(self) -> None:
        """Open the new-meeting dialog; the list moves to the meeting once it is saved."""
        from mdtdesk.gui.meeting_form import MeetingForm

        form = MeetingForm(self.db, self.actor, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(lambda meeting_id: self.meetings.reload(select=meeting_id))
        form.saved.connect(lambda _: self._say_saved())
        self.meeting_form = form
        form.open()
        form.activateWindow()

    def run_meeting(self, meeting_id: int):
        """Open chair mode on a meeting, maximised; the Meetings area refreshes when it closes."""
        if self.chair_window is not None:
            self.chair_window.raise_()
            self.chair_window.activateWindow()
            return self.chair_window
        from mdtdesk.gui.chair_window import ChairWindow

        try:
            chair = ChairWindow(
                self._conn, lambda: self.db, self.actor, self.db_path, meeting_id, self
            )
        except MdtError as exc:
            prompts.current.error(self, "Cannot open chair mode", str(exc))
            return None
        chair.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chair.saved.connect(self._say_saved)
        chair.meetingClosed.connect(self._back_up_after_close)
        chair.destroyed.connect(self._chair_closed)
        self.chair_window = chair
        # The chair's screen, all of it: set as well as maximised, for when no window manager
        # is there to maximise.
        chair.setGeometry((self.screen() or QGuiApplication.primaryScreen()).availableGeometry())
        chair.showMaximized()
        chair.activateWindow()
        return chair

    def _chair_closed(self) -> None:
        self.chair_window = None
        self.meetings.reload()

    # -- documents: export, preview, print --------------------------------------------------

    def export_documents(self, meeting_id: int | None = None) -> None:
        """Open the export dialog: for the meeting chosen in the Meetings area (or asked for),
        and, from the Cases area, for the selected person's care plan."""
        if self.export_dialog is not None and self.export_dialog.isVisible():
            self.export_dialog.raise_()
            self.export_dialog.activateWindow()
            return
        person = None
        if self.pages.currentWidget() is self.cases and self.cases.selected_case() is not None:
            person = self._person_of(self.cases.selected_case())
        if meeting_id is None:
            meeting_id = self._chosen_meeting("Export", ask=person is None)
        if meeting_id is None and person is None:
            return
        from mdtdesk.gui.export_dialog import ExportDialog

        try:
            dialog = ExportDialog(
                self._conn, self.db_path, self.actor, self.settings, meeting_id, person, self
            )
        except MdtError as exc:
            prompts.current.error(self, "Export", str(exc))
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self.statusBar().showMessage)
        dialog.destroyed.connect(lambda: setattr(self, "export_dialog", None))
        self.export_dialog = dialog
        dialog.open()
        dialog.activateWindow()

    def preview_minutes(self):
        """Preview the minutes of the meeting chosen in the Meetings area (or asked for)."""
        meeting_id = self._chosen_meeting("Preview minutes", ask=True)
        if meeting_id is None:
            return None
        from mdtdesk.documents.export import ExportRequest
        from mdtdesk.gui.export_dialog import meeting_label
        from mdtdesk.gui.pdf_preview import preview_document

        request = ExportRequest("minutes", "pdf", Path("minutes.pdf"), meeting_id=meeting_id)
        try:
            title = f"Minutes: {meeting_label(self._conn, meeting_id)}"
        except MdtError as exc:
            prompts.current.error(self, "Preview minutes", str(exc))
            return None
        return preview_document(self, self.db_path, self.actor, request, title)

    def print_care_plan(self, case_id: int | None = None):
        """Preview the care plan of a case (by default the one selected in the case list),
        ready to print."""
        case_id = case_id if case_id is not None else self.cases.selected_case()
        if case_id is None:
            prompts.current.info(
                self, "Print care plan", "Choose a case in the case list first, then print."
            )
            return None
        person = self._person_of(case_id)
        if person is None:
            return None
        from mdtdesk.gui.pdf_preview import preview_care_plan

        return preview_care_plan(self, self.db_path, self.actor, *person)

    def _person_of(self, case_id: int) -> tuple[str, str] | None:
        """(NHS number, name as shown) of a case's person; None, having said why, if gone."""
        from mdtdesk.core.register import load_case_record

        try:
            person = load_case_record(self.db, case_id).person
        except MdtError as exc:
            prompts.current.error(self, "Cannot find the case", str(exc))
            return None
        return person.nhs_number, f"{person.family_name.upper()}, {person.given_name}"

    def _chosen_meeting(self, title: str, ask: bool) -> int | None:
        """The meeting selected in the Meetings area; else, when ``ask``, one the user picks."""
        index = self._area_index["Meetings"]
        if index not in self._builders and self.meetings.meeting_id is not None:
            return self.meetings.meeting_id
        if not ask:
            return None
        from mdtdesk.core.meetings import list_meetings

        choices: dict[str, int] = {}
        for row in list_meetings(self._conn):
            when = datetime.fromisoformat(row["starts_at"])
            label = f"{row['neighbourhood']} MDT, {format_date(when.date())}, {format_time(when)}"
            choices[label if label not in choices else f"{label} ({row['id']})"] = row["id"]
        if not choices:
            prompts.current.info(self, title, "There are no meetings yet. Plan one in Meetings.")
            return None
        choice = prompts.current.ask_choice(self, title, "Which meeting?", list(choices))
        return choices.get(choice) if choice else None

    # -- import -----------------------------------------------------------------------------

    def import_cases(self) -> None:
        """Ask for a case list file, then show its preview."""
        path = prompts.current.open_file(
            self, "Import a case list", self.settings.import_folder, IMPORT_FILTER
        )
        if path is None:
            return
        self.settings.import_folder = str(path.parent)
        db_path = self.db_path

        def plan():
            from mdtdesk.core.case_import import plan_import

            db = open_database(db_path, create=False)
            try:
                return plan_import(db, path)
            finally:
                db.close()

        self._background("Reading the case list…", plan, self.show_import_preview)

    def show_import_preview(self, plan):
        """Show what the import would change (an ImportPlan); the user decides."""
        from mdtdesk.gui.import_dialog import ImportPreview

        preview = ImportPreview(plan, self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.importRequested.connect(self._apply_import)
        preview.destroyed.connect(lambda: setattr(self, "import_preview", None))
        self.import_preview = preview
        preview.open()
        return preview

    def _apply_import(self, plan) -> None:
        db_path, actor = self.db_path, self.actor
        preview = self.import_preview
        preview.set_busy(True)

        def apply():
            from mdtdesk.core.case_import import apply_import

            db = open_database(db_path, create=False)
            try:
                return apply_import(db, actor, plan)
            finally:
                db.close()

        def done(result) -> None:
            preview.set_busy(False)
            preview.accept()
            self.cases.reload_neighbourhoods(self._conn)
            self.cases.refresh()
            self._say_saved(f"Imported {result.new:,} new and {result.updated:,} updated")

        self._background("Importing the case list…", apply, done, preview)

    def _background(self, label: str, work, on_done, owner: QWidget | None = None) -> None:
        """Run ``work`` off the UI thread; ``owner`` is the window its progress belongs to."""

        def failed(exc: Exception) -> None:
            if owner is not None and hasattr(owner, "set_busy"):
                owner.set_busy(False)
            message = (
                str(exc)
                if isinstance(exc, MdtError)
                else (
                    "Something unexpected went wrong; nothing was changed. The details are in the "
                    "log file."
                )
            )
            prompts.current.error(self, "Import", message)

        task = run_in_background(owner or self, label, work, on_done, failed)
        self._tasks = [t for t in self._tasks if t.running] + [task]

    # -- backups ------------------------------------------------------------------------------

    def back_up(self, max_age=None) -> Task:
        """Back up the database in the background if the newest backup is older than
        ``max_age`` (default 24 hours). The result goes to the status line; a failure never
        stops work, so it is said there rather than in a dialog."""
        db_path = self.db_path

        def work():
            # Its own connection (inside backup_if_due): SQLite connections stay on their thread.
            from mdtdesk.core.backups import MAX_AGE, backup_if_due

            return backup_if_due(db_path, max_age=MAX_AGE if max_age is None else max_age)

        def done(made) -> None:
            if made is not None:
                self.statusBar().showMessage(f"Backed up at {format_time(datetime.now())}")

        def failed(exc: Exception) -> None:
            from mdtdesk.core.backups import CopyDamaged

            if isinstance(exc, CopyDamaged):
                # Not a full disk or a missing folder: a copy that fails its check says the
                # database itself may be damaged, which the quick check at start can miss.
                prompts.current.error(
                    self,
                    "The database may be damaged",
                    "Today's backup copy failed its check, which usually means the database "
                    "file itself is damaged. What you have saved is still there, and your "
                    "earlier backups are kept. Tell your IT support today (they can run: "
                    "mdtdesk check), and do not delete or move any mdtdesk file.",
                )
            reason = str(exc) if isinstance(exc, MdtError) else "the details are in the log file."
            self.statusBar().showMessage(
                f"The automatic backup did not work: {reason} Your work is saved as usual."
            )

        task = _QuietTask(self, "Backing up…", work)
        task.finished.connect(done)
        task.failed.connect(failed)
        self._backups = [t for t in self._backups if t.running] + [task]
        return task.start()

    def _back_up_after_close(self) -> None:
        from datetime import timedelta

        # A closed meeting is always worth a copy, however recent the last one.
        self.back_up(max_age=timedelta(0))

    def open_backups(self) -> None:
        """The Backups window: this database's backups, back up now, restore one."""
        from mdtdesk.gui.backups_window import BackupsWindow

        window = BackupsWindow(self.db_path, self)
        window.restoreRequested.connect(self._restore)
        window.show()
        self.backups_window = window

    def _restore(self, backup_path: Path) -> None:
        from mdtdesk.gui.backups_window import restore_message

        if self.session is None:
            prompts.current.error(self, "Restore", "Restore is available when mdtdesk is started.")
            return
        self.session.alone(lambda: restore_message(self.db_path, backup_path), "Restore")

    def open_audit(self) -> None:
        """The audit window: who changed what, with filters."""
        from mdtdesk.gui.audit_window import AuditWindow

        if self.audit_window is None:
            self.audit_window = AuditWindow(self._conn, self)
        self.audit_window.show()
        self.audit_window.raise_()

    def change_passphrase(self) -> None:
        """Change the passphrase, or encrypt an unencrypted database: done with the database
        closed, then opened again."""
        from mdtdesk.core import passphrase
        from mdtdesk.gui.passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.db_path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        current, new = dialog.secrets()
        dialog.deleteLater()
        if self.session is None:
            prompts.current.error(self, dialog.windowTitle(), "Not available in this window.")
            return
        path = self.db_path
        if dialog.encrypted:

            def work() -> str:
                passphrase.change_passphrase(path, current, new)
                return "The passphrase is changed. Backups made before now keep the old one."
        else:

            def work() -> str:
                done = passphrase.encrypt_database(path, new)
                return (
                    f"The database and {len(done)} backup(s) are encrypted. Keep the passphrase "
                    "safe: without it nothing can be opened."
                )

        self.session.alone(work, dialog.windowTitle())

    def release_database(self) -> None:
        """Close this window's connection, once it is closed, so the file can be replaced: after
        the background work it started (an automatic backup has its own connection) ends."""
        QThreadPool.globalInstance().waitForDone(RELEASE_WAIT_MS)
        # Windows reading through this connection go with it, or they would read a closed one.
        for window in (self.audit_window, getattr(self, "backups_window", None)):
            if window is not None:
                window.close()
                window.deleteLater()
        self.audit_window = self.backups_window = None
        self._conn.close()

    # -- help and closing -------------------------------------------------------------------

    def _show_shortcuts(self) -> None:
        text = "\n".join(f"{keys}: {what}" for keys, what in SHORTCUTS)
        prompts.current.info(self, "Keyboard shortcuts", text)

    def closeEvent(self, event) -> None:
        if self.export_dialog is not None and self.export_dialog.busy:
            prompts.current.info(
                self,
                "Still working",
                "An export is still running. mdtdesk will close when you ask again after it "
                "has finished.",
            )
            event.ignore()
            return
        if any(task.running for task in self._tasks):
            prompts.current.info(
                self,
                "Still working",
                "An import is still running. mdtdesk will close when you ask again after it "
                "has finished.",
            )
            event.ignore()
            return
        if self.chair_window is not None and not self.chair_window.close():
            event.ignore()
            return
        if self.case_form is not None and self.case_form.isVisible():
            self.case_form.reject()
            if self.case_form is not None and self.case_form.isVisible():
                event.ignore()
                return
        self.cases.model.stop_counting()
        self.settings.window_geometry = self.saveGeometry()
        super().closeEvent(event)


class _QuietTask(Task):
    """Background work nobody waits for, such as a backup: no "Please wait" dialog."""

    def _show_progress(self) -> None:
        return
