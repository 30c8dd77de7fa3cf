"""Run slow core work on the thread pool and hand the result back on the main thread.

The work function must open its own database connection: SQLite connections stay on the thread
that made them. A progress dialog appears only when the work takes longer than half a second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


class Task(QObject):
    """One piece of background work. ``finished`` carries the result, ``failed`` the exception."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, label: str, work: Callable[[], Any]):
        super().__init__(parent)
        self._label = label
        self._work = work
        self._dialog: QProgressDialog | None = None
        self.running = False
        self.finished.connect(self._end)
        self.failed.connect(self._end)

    def start(self) -> Task:
        """Queue the work; returns self so callers can connect and keep a reference."""
        self.running = True
        QThreadPool.globalInstance().start(_Runner(self))
        QTimer.singleShot(PROGRESS_DELAY_MS, self._show_progress)
        return self

    def _show_progress(self) -> None:
        if not self.running:
            return
        dialog = QProgressDialog(self._label, "", 0, 0, self.parent())
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setWindowTitle("Please wait")
        dialog.setMinimumDuration(0)
        dialog.show()
        self._dialog = dialog

    def _end(self, _payload: object) -> None:
        self.running = False
        if self._dialog is not None:
            self._dialog.close()
            self._dialog = None


class _Runner(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self._task = task

    def run(self) -> None:
        try:
            result = self._task._work()
        except Exception as exc:  # handed to the main thread, which explains it to the user
            if not isinstance(exc, MdtError):
                log.exception("background work failed")
            self._tell(self._task.failed, exc)
        else:
            self._tell(self._task.finished, result)

    def _tell(self, signal, payload) -> None:
        try:
            signal.emit(payload)
        except RuntimeError:
            # The window that asked was closed and deleted meanwhile: no one is left to tell,
            # and the work itself (a backup, say) is done and whole.
            log.info("background work finished after its window closed")


def run_in_background(
    parent: QWidget,
    label: str,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> Task:
    """Run ``work()`` off the UI thread; call ``on_done(result)`` or ``on_error(exc)`` after."""
    task = Task(parent, label, work)
    task.finished.connect(on_done)
    task.failed.connect(on_error)
    return task.start()
