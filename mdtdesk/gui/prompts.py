"""Every question or message box the app shows goes through here.

Tests replace ``current`` with a fake, so a modal box never hangs a headless run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


class Prompts:
    """The real, modal prompts."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the user something went wrong and what to do."""
        QMessageBox.critical(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the user something worth knowing."""
        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str, yes: str) -> bool:
        """Ask a yes/no question; ``yes`` names the action (e.g. "Discard changes")."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is go

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """Ask for a line of text (a reason); None when the user cancels or gives nothing."""
        text, ok = QInputDialog.getText(parent, title, label)
        return text.strip() if ok and text.strip() else None

    def ask_choice(
        self, parent: QWidget | None, title: str, label: str, choices: list[str]
    ) -> str | None:
        """Ask the user to pick one of ``choices`` (not free text); None when they cancel."""
        choice, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
        return choice if ok and choice else None

    def open_file(
        self, parent: QWidget | None, caption: str, folder: str, filter: str
    ) -> Path | None:
        """Ask for a file to open; None when the user cancels."""
        name, _ = QFileDialog.getOpenFileName(parent, caption, folder, filter)
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget | None, caption: str, folder: str) -> Path | None:
        """Ask for a folder (to save documents in); None when the user cancels."""
        name = QFileDialog.getExistingDirectory(parent, caption, folder)
        return Path(name) if name else None

    def print_setup(self, parent: QWidget | None, printer: QPrinter, page_count: int) -> bool:
        """Show the system's print dialog for ``printer`` (which printer, copies, which of the
        ``page_count`` pages); True when the user chose to print."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print")
        dialog.setMinMax(1, max(page_count, 1))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        return dialog.exec() == QDialog.DialogCode.Accepted


current: Prompts = Prompts()
