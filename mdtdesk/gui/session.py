"""Opening a database in the app, and opening it again after work that needs it alone.

The opening sequence, each step refusing in plain words: the file and folder must be writable;
no other mdtdesk may have it open (the writer lock, held until the app closes); an encrypted file
needs its passphrase and a new one gets a passphrase chosen; a damaged file gets the
damaged-file screen, which offers the newest good backup; then the user says who they are, and
the main window opens. A restore, an encryption or a passphrase change needs the file with no
connection open: ``alone`` closes the window, does the work and opens the window again, with the
same lock, key and user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mdtdesk.core import encryption, writer_lock
from mdtdesk.core.db import connect
from mdtdesk.core.errors import DatabaseError, MdtError
from mdtdesk.core.file_access import write_problem
from mdtdesk.gui import prompts
from mdtdesk.gui.settings import Settings

log = logging.getLogger(__name__)

CANNOT_OPEN = "Cannot open the database"


class Session:
    """The database the app has open: its lock, who is using it, and its main window."""

    def __init__(self, path: Path, create: bool, settings: Settings | None = None):
        self.path = Path(path)
        self.create = create
        self.settings = settings or Settings()
        self.actor: str | None = None
        self.window = None
        self.idle_lock = None
        self._lock: writer_lock.WriterLock | None = None

    # -- opening ------------------------------------------------------------------------------

    def open(self) -> bool:
        """Run the opening sequence and show the main window; False when it cannot open (the
        reason was shown) or the user chose to stop."""
        if not self.path.exists() and not self.create:
            prompts.current.error(
                None,
                CANNOT_OPEN,
                f"There is no database at {self.path}. Check the path, or make a demo database "
                f"with: mdtdesk demo --db {self.path}",
            )
            return False
        problem = write_problem(self.path)
        if problem:
            prompts.current.error(None, CANNOT_OPEN, problem)
            return False
        try:
            self._lock = self._lock or writer_lock.acquire(self.path)
        except MdtError as error:
            prompts.current.error(None, CANNOT_OPEN, str(error))
            return False
        conn = self._connection()
        if conn is None:
            self.close()
            return False
        if self.actor is None:
            self.actor = self._who_are_you(conn)
            if self.actor is None:
                conn.close()
                self.close()
                return False
        self._show(conn)
        return True

    def _connection(self):
        """A connection to the database, after its passphrase and its check; None to stop."""
        key = None
        while True:
            if not self.path.exists():
                key = self._new_passphrase()
                if key is None:
                    return None
            elif not encryption.is_unlocked(self.path):
                outcome = self._unlock()
                if outcome is None:
                    return None
                if outcome is not True:  # the passphrase is right but the file is damaged
                    if self._offer_restore(outcome):
                        continue
                    return None
            damage = _damage(self.path) if self.path.exists() else None
            if damage is not None:
                if self._offer_restore(damage):
                    continue
                return None
            try:
                return connect(self.path, create=self.create, key=key)
            except MdtError as error:
                prompts.current.error(None, CANNOT_OPEN, str(error))
                return None

    def _new_passphrase(self):
        from mdtdesk.gui.passphrase_dialog import NewPassphraseDialog

        dialog = NewPassphraseDialog(self.path)
        return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _unlock(self):
        """True once unlocked; None when the user stopped; the damage when the passphrase was
        right but the file does not read."""
        from mdtdesk.gui.passphrase_dialog import UnlockDialog

        dialog = UnlockDialog(self.path)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.damage or True

    def _offer_restore(self, problem: str) -> bool:
        from mdtdesk.gui.damaged_file import offer_restore

        return offer_restore(self.path, problem)

    def _who_are_you(self, conn) -> str | None:
        from mdtdesk.gui.who_are_you import WhoAreYouDialog

        dialog = WhoAreYouDialog(conn, self.settings)
        return dialog.actor() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _show(self, conn) -> None:
        from mdtdesk.gui.app import show_on_screen
        from mdtdesk.gui.main_window import MainWindow

        self.window = MainWindow(conn, self.path, self.actor, self.settings)
        self.window.session = self
        if self.idle_lock is None:  # one per process: it watches every window of the app
            from mdtdesk.gui.idle_lock import IdleLock

            self.idle_lock = IdleLock(self.path, self.settings, user=lambda: self.actor)
        # Ctrl+L locks from chair mode and dialogs too, not only from the main window.
        self.window.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.window.lock_action.triggered.connect(self.idle_lock.lock_now)
        show_on_screen(self.window)

    # -- work on the file alone ---------------------------------------------------------------

    def alone(self, work: Callable[[], str], title: str) -> bool:
        """Close the window (which may refuse: unsaved work), run ``work`` on the file with no
        connection open, say what it returned, and open the window again. A failure of
        ``work`` is said plainly and the window opens on the file as it was."""
        window = self.window
        if window is None or not window.close():
            return False
        window.release_database()
        self.window = None
        done = True
        try:
            said = work()
        except MdtError as error:
            prompts.current.error(None, title, str(error))
            done = False
        except Exception:
            log.exception("%s failed", title)
            prompts.current.error(
                None,
                title,
                "mdtdesk met an unexpected problem and stopped. The database opens again as it "
                "was left; the details are in the log file.",
            )
            done = False
        else:
            if said:
                prompts.current.info(None, title, said)
        if not self.open():
            return False
        return done

    def close(self) -> None:
        """Let go of the writer lock and stop watching for idleness (when the app ends)."""
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _damage(path: Path) -> str | None:
    """What is wrong with the file at ``path``, checked quickly and without writing to it."""
    from mdtdesk.core.open_check import damage

    try:
        return damage(path)
    except DatabaseError as error:
        return str(error)
