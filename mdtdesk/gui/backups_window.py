"""The Backups window: this database's backups, newest first; back up now; restore one.

The window never restores by itself: the app has the database open, and a restore refuses a
file that is open. After the user confirms, it emits ``restoreRequested(path)`` and closes; the
owner closes its own connections, calls ``restore_message`` (or ``restore_and_report``) and
opens the database again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import backups, restore
from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.errors import MdtError
from mdtdesk.gui import prompts
from mdtdesk.gui.styling import set_style_property
from mdtdesk.gui.tables import RowsModel, row_table, with_empty_state
from mdtdesk.gui.tasks import Task

RESTORE_TITLE = "Restore a backup"
COLUMNS = ["Made", "How long ago", "Size"]
AGO_COLUMN, SIZE_COLUMN = 1, 2


# -- words for a backup: shared with the damaged-file screen ----------------------------------


def made_at(backup: backups.Backup) -> str:
    """When ``backup`` was made, in local time: ``on 24 November 2026 at 2:30pm``."""
    local = backup.time.astimezone()
    return f"on {format_date(local.date())} at {format_time(local)}"


def how_long_ago(backup: backups.Backup, now: dt.datetime | None = None) -> str:
    """``just now``, ``5 minutes ago``, ``3 hours ago``, ``2 days ago``, ``6 weeks ago``."""
    now = now or dt.datetime.now(dt.UTC)
    seconds = (now - backup.time).total_seconds()
    if seconds < -60:
        return "in the future: check the clock"
    for unit, size, up_to in (
        ("minute", 60, 60),
        ("hour", 3600, 24),
        ("day", 86400, 14),
        ("week", 7 * 86400, None),
    ):
        count = int(seconds // size)
        if up_to is None or count < up_to:
            if count < 1:
                return "just now"
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    raise AssertionError("unreachable")


def size_text(size: int) -> str:
    """A file size as people read it: ``215 MB``, ``340 KB``."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size} bytes"


def describe(backup: backups.Backup) -> str:
    """``on 24 November 2026 at 2:30pm (3 hours ago), 215 MB``."""
    return f"{made_at(backup)} ({how_long_ago(backup)}), {size_text(backup.size)}"


# -- restoring ----------------------------------------------------------------------------------


def run_waiting(parent: QWidget | None, label: str, work: Callable[[], Any]) -> Any:
    """Run ``work`` on the thread pool and wait for it, the window still painting (a "Please
    wait" box appears after half a second); return its result or raise its exception."""
    task = Task(parent, label, work)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    task.finished.connect(lambda result: (outcome.setdefault("result", result), loop.quit()))
    task.failed.connect(lambda error: (outcome.setdefault("error", error), loop.quit()))
    task.start()
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def restore_message(
    db_path: Path, backup_path: Path, parent: QWidget | None = None, *, damaged: bool = False
) -> str:
    """Put the backup at ``backup_path`` in place of the database at ``db_path`` (see
    ``restore.restore``) and return what happened in plain words. Raises MdtError in plain
    words when it cannot; nothing is changed then. No connection to the database may be open.
    """
    return _restore(db_path, backup_path, parent, damaged)[1]


def restore_and_report(db_path: Path, backup_path: Path, parent: QWidget | None) -> Path | None:
    """``restore_message``, then the outcome said in a message box: where the replaced file is
    kept, or why nothing was restored. Returns where the replaced file is kept (None when
    nothing was there to keep, or the restore failed)."""
    try:
        aside, said = _restore(db_path, backup_path, parent, damaged=False)
    except MdtError as error:
        prompts.current.error(parent, RESTORE_TITLE, str(error))
        return None
    prompts.current.info(parent, RESTORE_TITLE, said)
    return aside


def _restore(
    db_path: Path, backup_path: Path, parent: QWidget | None, damaged: bool
) -> tuple[Path | None, str]:
    db_path, backup_path = Path(db_path), Path(backup_path)
    which = _which(backup_path)
    aside = run_waiting(
        parent,
        "Checking the backup and putting it in place…",
        lambda: restore.restore(db_path, backup_path, damaged=damaged),
    )
    said = f"The backup {which} is now the database."
    if aside is not None:
        said += (
            f" The file it replaced is kept, unchanged, as {aside.name} in {aside.parent}. "
            "Nothing was deleted."
        )
    return aside, said


def _which(backup_path: Path) -> str:
    """A backup as the user knows it: by when it was made, or by its file's name."""
    try:
        found = backups.list_backups(backup_path.parent)
    except MdtError:
        found = []
    for backup in found:
        if backup.path == backup_path:
            return f"made {made_at(backup)}"
    return backup_path.name


# -- the window ---------------------------------------------------------------------------------


class BackupsModel(RowsModel):
    """The backups of one database, newest first."""

    def __init__(self, parent=None):
        super().__init__(COLUMNS, parent)
        self._rows: list[backups.Backup] = []

    def set_backups(self, found: list[backups.Backup]) -> None:
        """Show ``found`` in place of what was shown."""
        self.beginResetModel()
        self._rows = list(found)
        self.endResetModel()

    def backup(self, row: int) -> backups.Backup:
        """The backup shown on ``row``."""
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        backup = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            local = backup.time.astimezone()
            made = f"{format_date(local.date())}, {format_time(local)}"
            return (made, how_long_ago(backup), size_text(backup.size))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return backup.path.name
        return None


class BackupsWindow(QDialog):
    """This database's backups, newest first, with Back up now and Restore…. Not modal."""

    restoreRequested = Signal(Path)

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.folder = backups.backup_folder(self.db_path)
        self.task: Task | None = None
        self.setWindowTitle("Backups")
        self.model = BackupsModel(self)

        heading = QLabel(f"Backups of {self.db_path.name}")
        heading.setObjectName("heading")
        hint = QLabel(
            "mdtdesk backs this database up each day it is opened and after every meeting is "
            f"closed, and keeps the backups in {self.folder}. Each is checked before it is kept."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = row_table(
            "Backups, newest first", self.model, QAbstractItemView.SelectionMode.SingleSelection
        )
        self.table.setSortingEnabled(False)  # newest first is the only order that makes sense
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(AGO_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        measure = self.table.fontMetrics().horizontalAdvance
        header.resizeSection(0, measure("30 September 2026, 12:30pm") + 48)
        header.resizeSection(SIZE_COLUMN, measure("999 MB") + 64)
        self.stack, self.empty = with_empty_state(self.table)
        self.empty.setText(
            "There are no backups of this database yet.\nmdtdesk makes one each day the database "
            "is opened and after every meeting is closed. Back up now (Alt+N) makes one at once."
        )

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Backup status")

        self.back_up_button = QPushButton("Back up &now")
        self.back_up_button.setProperty("primary", True)
        self.back_up_button.setAutoDefault(False)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setToolTip("Put the chosen backup in place of the database")
        self.restore_button.setAutoDefault(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.back_up_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(760, 520)

        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)
        # Enter on a row (or a double click) asks to restore it; the question says what happens.
        self.table.activated.connect(lambda _index: self.ask_restore())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self, select: Path | None = None) -> None:
        """Read the backups folder again; select ``select`` (default: the newest)."""
        try:
            found = backups.list_backups(self.folder, self.db_path.stem)
        except MdtError as error:
            found = []
            self._say(str(error), error=True)
        self.model.set_backups(found)
        if not found:
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
            rows = [n for n, b in enumerate(found) if b.path == select] or [0]
            self.table.selectRow(rows[0])
            self.table.setFocus()
        self._update_buttons()

    def chosen(self) -> backups.Backup | None:
        """The backup selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        busy = self.task is not None and self.task.running
        self.back_up_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.chosen() is not None)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        set_style_property(self.status, "role", "error" if error else "")

    # -- back up now --------------------------------------------------------------------------

    def back_up_now(self) -> Task:
        """Make a backup now, in the background (the window stays usable), then list it."""
        db_path = self.db_path

        def work() -> Path | None:
            # Its own connection, inside: SQLite connections stay on the thread that made them.
            return backups.backup_if_due(db_path, max_age=dt.timedelta(0))

        self.task = QuietTask(self, "Backing up…", work)
        self.task.finished.connect(self._backed_up)
        self.task.failed.connect(self._backup_failed)
        self._say("Backing up and checking the copy…")
        self.task.start()
        self._update_buttons()
        return self.task

    def _backed_up(self, made: Path | None) -> None:
        self._say(f"Backed up at {format_time(dt.datetime.now())}: the copy passed its check.")
        self.reload(select=made)

    def _backup_failed(self, error: Exception) -> None:
        reason = (
            str(error)
            if isinstance(error, MdtError)
            else "Something unexpected went wrong. The details are in the log file."
        )
        self._say(f"No backup was made. {reason}", error=True)
        self._update_buttons()

    # -- restore ------------------------------------------------------------------------------

    def ask_restore(self) -> None:
        """Ask to put the chosen backup in place of the database; on yes, emit
        ``restoreRequested`` and close (the owner closes the database and restores)."""
        backup = self.chosen()
        if backup is None or not self.restore_button.isEnabled():
            return
        text = (
            f"Put the backup made {made_at(backup)} ({how_long_ago(backup)}) in place of the "
            "database?\n\n"
            "Anything recorded after that time is not in the backup. The current database is "
            "not deleted: it is kept in the same folder, renamed "
            f"{self.db_path.stem}-before-restore-<date and time>{self.db_path.suffix}.\n\n"
            "mdtdesk closes the database to do this, and opens it again after."
        )
        if not prompts.current.confirm(self, RESTORE_TITLE, text, "Restore"):
            return
        # Closed first: after the restore the list is out of date, and the owner closes the
        # database (and its windows) to restore.
        self.close()
        self.restoreRequested.emit(backup.path)


class QuietTask(Task):
    """Work whose progress the window says itself (a status line), with no "Please wait" box."""

    def _show_progress(self) -> None:
        return
