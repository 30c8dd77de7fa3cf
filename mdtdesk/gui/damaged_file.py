"""The damaged-file screen: shown in place of the main window when the database is damaged.

It says what happened in plain words, that the damaged file is kept (never deleted, nothing
written to it), and offers the newest backup that passes its check: restore it, choose another
backup, or quit. Restoring keeps the damaged file aside as it was found, with its ``-wal``,
``-shm`` and key file (``restore.restore(..., damaged=True)``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import backups, encryption
from mdtdesk.core.errors import MdtError
from mdtdesk.gui import prompts
from mdtdesk.gui.backups_window import QuietTask, describe, restore_message
from mdtdesk.gui.styling import set_style_property
from mdtdesk.gui.tasks import Task

TITLE = "The database is damaged"
BACKUP_FILTER = "mdtdesk backups (*.db);;All files (*)"


def offer_restore(db_path: Path, problem: str, parent: QWidget | None = None) -> bool:
    """Show the damaged-file screen for the database at ``db_path`` and ``problem`` (what
    ``open_check.damage`` said). True when a backup was restored and the app can go on to
    open the database; False when the user quit."""
    dialog = DamagedFileDialog(db_path, problem, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class DamagedFileDialog(QDialog):
    """What happened, that the file is kept, and the newest good backup to restore."""

    def __init__(self, db_path: Path, problem: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.folder = backups.backup_folder(self.db_path)
        self.backup: backups.Backup | None = None  # the newest good backup, once found
        self.search: Task | None = None
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(640)

        heading = QLabel(TITLE)
        heading.setObjectName("heading")
        self.what = QLabel(problem)
        self.what.setWordWrap(True)
        self.what.setAccessibleName("What happened")
        set_style_property(self.what, "role", "error")
        self.kept = QLabel(
            f"The file is {self.db_path}. mdtdesk has written nothing to it and will not "
            "delete it: restoring a backup renames it and keeps it in the same folder, exactly "
            "as it is, for your IT support to look at."
        )
        self.kept.setWordWrap(True)
        self.kept.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.found = QLabel("Looking for the newest good backup…")
        self.found.setObjectName("backup_found")
        self.found.setWordWrap(True)
        self.found.setAccessibleName("Newest good backup")
        self.found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QFrame()
        box.setObjectName("backup_box")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(16, 12, 16, 12)
        box_layout.addWidget(self.found)

        self.restore_button = QPushButton("&Restore this backup")
        self.restore_button.setProperty("primary", True)
        self.restore_button.hide()
        self.unlock_button = QPushButton("&Unlock the backups…")
        self.unlock_button.setToolTip("Type the passphrase so that the backups can be checked")
        self.unlock_button.hide()
        self.choose_button = QPushButton("&Choose another backup…")
        self.choose_button.setToolTip("Choose a backup file, from this computer or a drive")
        self.quit_button = QPushButton("&Quit")
        for button in (self.restore_button, self.unlock_button, self.choose_button):
            button.setAutoDefault(False)
        self.quit_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.unlock_button)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.quit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.what)
        layout.addWidget(self.kept)
        layout.addWidget(box)
        layout.addStretch(1)
        layout.addLayout(row)

        self.restore_button.clicked.connect(self.restore_newest)
        self.unlock_button.clicked.connect(self.unlock_backups)
        self.choose_button.clicked.connect(self.choose_backup)
        self.quit_button.clicked.connect(self.reject)
        self.find_newest()

    # -- the newest good backup ---------------------------------------------------------------

    def find_newest(self) -> Task:
        """Look for the newest good backup in the background (each is checked, newest first)."""
        db_path = self.db_path
        self.restore_button.hide()
        self.unlock_button.hide()
        self.found.setText("Looking for the newest good backup…")
        self.search = QuietTask(self, "Looking for a backup…", lambda: _newest(db_path))
        self.search.finished.connect(self._show_newest)
        self.search.failed.connect(lambda _error: self._show_newest((None, False)))
        return self.search.start()

    def _show_newest(self, outcome: tuple[backups.Backup | None, bool]) -> None:
        self.backup, locked = outcome
        self._say(outcome)
        # The words just changed length: once the layout has taken them in, grow the dialog so
        # that none is cut off.
        QTimer.singleShot(0, self._fit_height)

    def _fit_height(self) -> None:
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _say(self, outcome: tuple[backups.Backup | None, bool]) -> None:
        locked = outcome[1]
        if self.backup is not None:
            self.found.setText(
                f"The newest good backup was made {describe(self.backup)}. Anything recorded "
                "after it was made is not in it."
            )
            self.restore_button.show()
            self.restore_button.setDefault(True)
            self.restore_button.setFocus()
            return
        if locked:
            self.found.setText(
                "The backups of this database are encrypted. Unlock them with the database's "
                "passphrase, so mdtdesk can check them and offer the newest good one."
            )
            self.unlock_button.show()
            self.unlock_button.setDefault(True)
            self.unlock_button.setFocus()
            return
        self.found.setText(
            f"There is no good backup of this database in {self.folder}.\n\n"
            "What to do: tell your IT support. Do not delete or move the damaged file; they "
            "may be able to recover it. If you have a copy of a backup elsewhere (a USB stick "
            "or a network drive), choose it with Choose another backup."
        )
        self.choose_button.setFocus()

    def unlock_backups(self) -> None:
        """Ask for the passphrase of the encrypted backups, then look again."""
        from mdtdesk.gui.passphrase_dialog import UnlockDialog

        locked = _locked(self.db_path)
        if not locked:
            self.find_newest()
            return
        dialog = UnlockDialog(locked[0].path, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.find_newest()

    # -- restoring ----------------------------------------------------------------------------

    def restore_newest(self) -> None:
        """Put the newest good backup in place; the damaged file is kept aside as it is."""
        if self.backup is not None:
            self._restore(self.backup.path)

    def choose_backup(self) -> None:
        """Choose a backup file (from the backups folder or anywhere) and restore it."""
        start = self.folder if self.folder.is_dir() else self.db_path.parent
        chosen = prompts.current.open_file(self, "Choose a backup", str(start), BACKUP_FILTER)
        if chosen is None:
            return
        if encryption.is_encrypted(chosen) and not encryption.is_unlocked(chosen):
            from mdtdesk.gui.passphrase_dialog import UnlockDialog

            if UnlockDialog(chosen, self).exec() != QDialog.DialogCode.Accepted:
                return
        self._restore(chosen)

    def _restore(self, backup_path: Path) -> None:
        try:
            said = restore_message(self.db_path, backup_path, self, damaged=True)
        except MdtError as error:
            prompts.current.error(
                self, "Nothing was restored", f"{error}\n\nThe damaged file is as it was."
            )
            return
        prompts.current.info(self, "Backup restored", said)
        self.accept()


def _newest(db_path: Path) -> tuple[backups.Backup | None, bool]:
    """The newest good backup, and whether encrypted backups were passed over, locked."""
    good = backups.newest_good(db_path)
    if good is not None:
        return good, False
    return None, bool(_locked(db_path))


def _locked(db_path: Path) -> list[backups.Backup]:
    try:
        found = backups.list_backups(backups.backup_folder(db_path), Path(db_path).stem)
    except MdtError:
        return []
    return [b for b in found if not encryption.is_unlocked(b.path)]
