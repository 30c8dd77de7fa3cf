"""Passphrase dialogs: unlock an encrypted database, choose one for a new database, change it.

Each check runs Argon2id (about a fifth of a second), so the dialogs show a wait cursor while it
runs. A passphrase is never kept by the dialog after it closes, and never logged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import encryption
from mdtdesk.core.db import key_opens
from mdtdesk.core.errors import DatabaseError, MdtError
from mdtdesk.gui.styling import set_style_property


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class _PassphraseDialog(QDialog):
    """The shared frame: a heading, a hint, the fields, a message line and two buttons."""

    def __init__(self, title: str, hint: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        heading = QLabel(title)
        heading.setObjectName("heading")
        self.hint = QLabel(hint)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.form = QFormLayout()
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        set_style_property(self.message, "role", "error")
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _try(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.attempt()
        except MdtError as error:
            self.say(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def attempt(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError

    def say(self, text: str) -> None:
        """Show a problem under the fields."""
        self.message.setText(text)


class UnlockDialog(_PassphraseDialog):
    """Ask for the passphrase of an encrypted database and unlock it. Accepted once the key
    opens the file; a wrong passphrase is said plainly and the field cleared for another go."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(
            "Unlock the database",
            f"{Path(db_path).name} is encrypted. Type its passphrase to open it.",
            "&Unlock",
            parent,
        )
        self.db_path = Path(db_path)
        self.damage: str | None = None
        self.passphrase = _secret_field("Passphrase")
        self.form.addRow("&Passphrase", self.passphrase)
        self.passphrase.setFocus()

    def attempt(self) -> None:
        try:
            encryption.unlock(self.db_path, self.passphrase.text(), key_opens(self.db_path))
        except encryption.WrongPassphrase:
            self.passphrase.clear()
            self.passphrase.setFocus()
            raise
        except DatabaseError as error:
            # The right passphrase on a damaged file: the dialog is done, the damaged-file
            # screen takes over.
            self.damage = str(error)


class NewPassphraseDialog(_PassphraseDialog):
    """Choose the passphrase of a new database (typed twice). ``key`` is its key once
    accepted: the key file is written, the database itself not yet."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(
            "Choose a passphrase",
            "mdtdesk encrypts your database, so a lost laptop does not give away the people in "
            f"it. Choose a passphrase of at least {encryption.MIN_PASSPHRASE_LENGTH} characters; "
            "three random words work well. Without it nothing can be opened, so keep it where "
            "your team keeps its passwords.",
            "&Create database",
            parent,
        )
        self.db_path = Path(db_path)
        self.key: encryption.Key | None = None
        self.passphrase = _secret_field("Passphrase")
        self.repeated = _secret_field("Passphrase again")
        self.form.addRow("&Passphrase", self.passphrase)
        self.form.addRow("The same &again", self.repeated)
        self.passphrase.setFocus()

    def attempt(self) -> None:
        encryption.check_new_passphrase(self.passphrase.text(), self.repeated.text())
        self.key = encryption.new_key(self.db_path, self.passphrase.text())


class ChangePassphraseDialog(_PassphraseDialog):
    """Change the passphrase (or, for an unencrypted database, set one: encrypt it). The change
    itself is the caller's (``change``), run once the database is closed."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        encrypted = encryption.is_encrypted(db_path)
        super().__init__(
            "Change passphrase" if encrypted else "Encrypt this database",
            (
                "Backups made before the change keep the old passphrase."
                if encrypted
                else "The database and its backups will be encrypted. Without the passphrase "
                "nothing can be opened, so keep it where your team keeps its passwords."
            ),
            "&Change" if encrypted else "&Encrypt",
            parent,
        )
        self.db_path = Path(db_path)
        self.encrypted = encrypted
        self.current = _secret_field("Current passphrase")
        self.passphrase = _secret_field("New passphrase")
        self.repeated = _secret_field("New passphrase again")
        if encrypted:
            self.form.addRow("&Current passphrase", self.current)
        self.form.addRow("&New passphrase", self.passphrase)
        self.form.addRow("The same &again", self.repeated)
        (self.current if encrypted else self.passphrase).setFocus()

    def attempt(self) -> None:
        if self.encrypted and not encryption.passphrase_matches(self.db_path, self.current.text()):
            self.current.clear()
            raise encryption.WrongPassphrase("The current passphrase is wrong. Type it again.")
        encryption.check_new_passphrase(self.passphrase.text(), self.repeated.text())

    def secrets(self) -> tuple[str, str]:
        """The current and the new passphrase, for the change once the database is closed.
        Taken once: the fields are emptied, so the dialog holds no passphrase after."""
        taken = self.current.text(), self.passphrase.text()
        for field in (self.current, self.passphrase, self.repeated):
            field.clear()
        return taken
