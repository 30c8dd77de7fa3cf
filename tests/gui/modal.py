"""Acting on a modal dialog in a GUI test, as the person at the keyboard would."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def when_modal(qtbot, act, title: str | None = None) -> list:
    """Act on the next modal dialog (titled ``title``, if given) once it is up. Returns a list
    that holds the dialog once acted on. A dialog a failed step leaves open is cancelled, so a
    failure never hangs the suite.

    Call it before the step that opens the dialog: a modal dialog's own event loop blocks the
    test until the dialog closes, so the test acts on it from a timer."""
    seen: list = []

    def attempt():
        dialog = QApplication.activeModalWidget()
        if dialog is None or (title is not None and dialog.windowTitle() != title):
            QTimer.singleShot(20, attempt)
            return
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, attempt)
    return seen
