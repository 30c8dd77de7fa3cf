"""A full disk in chair mode: the chair is told there is no room, the words stay on screen and
nothing is called saved; once space is freed, the autosave retry saves them.

The disk is made "full" for the autosave writer's own connection only: ``PRAGMA
max_page_count`` set to the database's size in pages, so any save that needs a new page fails
with SQLite's "database or disk is full", as it would on a full disk. The writer thread opens
its connection through ``mdtdesk.core.db.open_database`` (imported when the thread starts),
which is where the limit is put on. Freeing space is then what a chair would do: a table of
ballast, made beforehand, is dropped from another connection, leaving free pages inside the
file for the writer to use without growing it.
"""

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda
from mdtdesk.core import db as db_module
from mdtdesk.core.db import open_database
from mdtdesk.gui import autosave
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from tests.gui.conftest import stored, type_text
from tests.helpers import build_team, plan_meeting

ALT = Qt.KeyboardModifier.AltModifier
TODAY = dt.date.today()  # chair mode works on real dates
SENTENCE = (
    "Daughter visits daily but is struggling; two falls at night since the last review; "
    "wants to stay in the flat."
)
LINES = 45  # about 5,000 characters: more than a page holds, so saving it needs new pages
NOTE = "\n".join([SENTENCE] * LINES)


@pytest.fixture
def full_disk(monkeypatch):
    """Every connection the autosave writer opens can use only the pages the file has now.
    Returns the page limits put on (one per connection opened)."""
    limits: list[int] = []
    real = db_module.open_database

    def opened(*args, **kwargs):
        database = real(*args, **kwargs)
        if threading.current_thread().name == "autosave":
            pages = database.execute("PRAGMA page_count").fetchone()[0]
            database.execute(f"PRAGMA max_page_count = {pages}")
            limits.append(pages)
        return database

    monkeypatch.setattr(db_module, "open_database", opened)
    # Retry well within a test's patience; the window takes the interval when it opens.
    monkeypatch.setattr(autosave, "RETRY_MS", 300)
    return limits


@pytest.fixture
def chair(qtbot, db_path, settings, fake_prompts, full_disk):
    application()
    db = open_database(db_path)
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    for case in cases[:2]:
        agenda.add_item(db, "chair", meeting, case, "review")
    # Ballast to free later, and no free pages now: a save can only grow the file.
    db.execute("CREATE TABLE ballast (b BLOB)")
    db.execute("INSERT INTO ballast VALUES (zeroblob(400000))")
    db.execute("VACUUM")
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    chair = window.run_meeting(meeting)
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)
    yield chair
    if window.chair_window is not None:
        window.chair_window.close()
    window.close()
    db.close()


def test_a_full_disk_keeps_the_words_on_screen_says_so_and_saves_them_once_there_is_room(
    chair, qtbot, db_path, full_disk
):
    item = chair.rows[0]["id"]
    states: list[str] = []
    failures: list[str] = []
    chair.autosaver.state.connect(states.append)
    chair.autosaver.failed.connect(failures.append)
    notes = chair.discussion.fields["notes"]

    qtbot.keyClick(chair.focusWidget() or chair, Qt.Key.Key_2, ALT)
    assert chair.focusWidget() is notes
    for line in range(LINES):
        if line:
            qtbot.keyClick(notes, Qt.Key.Key_Return)
        type_text(notes, SENTENCE)

    # The save fails for want of room, is said plainly, and keeps being retried.
    qtbot.waitUntil(lambda: len(failures) >= 2, timeout=10_000)
    qtbot.waitUntil(lambda: chair.save_state.text().startswith("Not saved"), timeout=5000)
    assert full_disk, "the autosave writer's connection was never limited"
    assert stored(db_path, "PRAGMA freelist_count") == [(0,)]  # so it really was full
    assert chair.save_state.text() == (
        "Not saved: There is no room left to save to mdt.db. Free some disk space and try "
        "again. Your text is still here; retrying."
    )
    assert chair.save_state.property("role") == "error"
    assert all("no room left" in message for message in failures)
    # The words are on screen and held for the retry; nothing was called saved or committed.
    assert notes.toPlainText() == NOTE
    assert chair.autosaver.unsaved[item].values["notes"] == NOTE
    assert "saved" not in states
    assert stored(db_path, "SELECT notes FROM discussions WHERE agenda_item_id = ?", [item]) in (
        [],
        [(None,)],
    )

    # Space is freed (as the chair would, deleting files elsewhere): the next retry saves.
    freeing = open_database(db_path)
    freeing.execute("DROP TABLE ballast")
    freeing.close()
    qtbot.waitUntil(lambda: chair.save_state.text().startswith("Saved at"), timeout=10_000)
    assert states[-1] == "saved" and not chair.autosaver.unsaved
    assert stored(db_path, "SELECT notes FROM discussions WHERE agenda_item_id = ?", [item]) == [
        (NOTE,)
    ]
    assert notes.toPlainText() == NOTE
