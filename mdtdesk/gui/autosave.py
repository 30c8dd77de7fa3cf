"""Autosave of what is typed in a meeting: committed off the UI thread, "Saved" only after commit.

A keystroke only restarts a timer. When typing pauses (or the chair moves to another item) the
text is handed to one writer thread with its own database connection, which commits it with
``agenda.save_discussion``; the window hears back through a queued signal. So no keystroke
handler ever waits on the disk, and text is committed well within a second of the last key.

Until the writer confirms a commit, the values stay here: reading an item back shows them, a
failed save is retried, and the window refuses to close while anything is unsaved.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

# Half a second after the last key: a pause in typing, and commit lands well inside 1 s.
DELAY_MS = 500
RETRY_MS = 5_000
UNEXPECTED = "Something unexpected went wrong. The details are in the log file."


@dataclass
class _Pending:
    values: dict[str, str | None]
    reason: str | None
    generation: int


class Autosaver(QObject):
    """Saves one item's discussion at a time, debounced, on a writer thread.

    ``read`` returns the values on screen now (called when the pause ends, not per keystroke).
    ``state`` carries "unsaved", "saving", "saved" or "failed"; ``failed`` carries the message.
    """

    state = Signal(str)
    failed = Signal(str)
    _done = Signal(int, int, str)  # item id, generation, error ("" when committed)

    def __init__(
        self,
        db_path: Path,
        actor: str,
        read: Callable[[], tuple[int, dict[str, str | None], str | None] | None],
        parent: QObject | None = None,
        delay_ms: int = DELAY_MS,
    ):
        super().__init__(parent)
        self._read = read
        self._generation = 0
        self._failed_while_waiting = False
        self._dirty = False
        self.unsaved: dict[int, _Pending] = {}
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._resend)
        self._done.connect(self._finished)
        self._jobs: queue.Queue = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(
            target=_write_loop,
            args=(Path(db_path), actor, self._jobs, self._done, self._idle),
            name="autosave",
            daemon=True,
        )
        self._thread.start()

    # -- the UI thread ----------------------------------------------------------------------

    def typed(self) -> None:
        """A keystroke: wait for a pause. Deliberately does nothing else."""
        self._dirty = True
        self._timer.start()
        self.state.emit("unsaved")

    def flush(self) -> None:
        """Hand what is on screen to the writer now (a pause, an item change, closing), when
        anything was typed since the last hand-over: moving past an item is not a change."""
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        current = self._read()
        if current is None:
            return
        item_id, values, reason = current
        self._generation += 1
        self.unsaved[item_id] = _Pending(dict(values), reason, self._generation)
        self._send(item_id)

    def wait(self, timeout: float = 10.0) -> bool:
        """Flush, then block until the writer has committed everything or failed; True when
        nothing is left unsaved. For closing the window: the one moment to wait on the disk."""
        self.flush()
        self._failed_while_waiting = False
        deadline = time.monotonic() + timeout
        while self.unsaved and not self._failed_while_waiting and time.monotonic() < deadline:
            self._idle.wait(0.02)
            # Deliver only the writer's reports, not the user's clicks.
            QCoreApplication.sendPostedEvents(self)
        return not self.unsaved

    def stop(self) -> None:
        """End the writer thread (after ``wait``)."""
        self._timer.stop()
        self._retry.stop()
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _send(self, item_id: int) -> None:
        pending = self.unsaved[item_id]
        self._idle.clear()
        self._jobs.put((item_id, pending.values, pending.reason, pending.generation))
        self.state.emit("saving")

    def _resend(self) -> None:
        for item_id in list(self.unsaved):
            self._send(item_id)

    def _finished(self, item_id: int, generation: int, error: str) -> None:
        pending = self.unsaved.get(item_id)
        if error:
            self._failed_while_waiting = True
            self.state.emit("failed")
            self.failed.emit(error)
            self._retry.start()
            return
        if pending is not None and pending.generation <= generation:
            del self.unsaved[item_id]
        if not self.unsaved:
            self.state.emit("saved")


def _write_loop(
    db_path: Path, actor: str, jobs: queue.Queue, done: Signal, idle: threading.Event
) -> None:
    from mdtdesk.core import agenda
    from mdtdesk.core.db import explain_error, open_database

    db = None
    while True:
        job = jobs.get()
        if job is None:
            break
        item_id, values, reason, generation = job
        try:
            if db is None:
                db = open_database(db_path, create=False)
            agenda.save_discussion(db, actor, item_id, values, reason)
        except MdtError as exc:
            done.emit(item_id, generation, str(exc))
        except sqlite.Error as exc:  # reported to the chair; the text stays on screen
            log.exception("autosave failed")
            done.emit(item_id, generation, str(explain_error(exc, db_path.name)))
        except Exception:
            log.exception("autosave failed")
            done.emit(item_id, generation, UNEXPECTED)
        else:
            done.emit(item_id, generation, "")
        if jobs.empty():
            idle.set()
    if db is not None:
        db.close()
