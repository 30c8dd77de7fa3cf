"""Run by tests/gui/test_chair_crash.py in a subprocess: open chair mode on a meeting, type into
the discussion notes key by key, say "typed" on stdout, then keep running until killed."""

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from mdtdesk.core.db import connect, wrap
from mdtdesk.gui.app import application
from mdtdesk.gui.chair_window import ChairWindow


def main(db_path: str, meeting_id: str, text: str) -> None:
    app = application()
    conn = connect(Path(db_path), create=False)
    db = wrap(conn)
    window = ChairWindow(conn, lambda: db, "chair", Path(db_path), int(meeting_id))
    window.resize(1366, 768)
    window.show()

    def type_notes() -> None:
        notes = window.discussion.fields["notes"]
        notes.setFocus()
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(notes, event)
        print("typed", flush=True)

    QTimer.singleShot(200, type_notes)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])
