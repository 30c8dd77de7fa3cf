"""Autosave: committed off the UI thread after a pause, "saved" only after the commit, and
nothing typed is lost when a save fails."""

import datetime as dt
import time

import pytest

from mdtdesk.core import agenda, meetings
from mdtdesk.core.db import open_database
from mdtdesk.core.driver import sqlite
from mdtdesk.gui.app import application
from mdtdesk.gui.autosave import Autosaver
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def item(db_path):
    db = open_database(db_path)
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    item_id = agenda.add_item(db, "chair", meeting, cases[0], "review")
    db.close()
    return meeting, item_id


def _notes(db_path, item_id):
    conn = sqlite.connect(db_path)
    try:
        row = conn.execute(
            "SELECT notes FROM discussions WHERE agenda_item_id = ?", [item_id]
        ).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


@pytest.fixture
def saver(qtbot, db_path, item):
    application()
    screen = {"notes": ""}
    states = []
    autosaver = Autosaver(db_path, "chair", lambda: (item[1], dict(screen), None), delay_ms=100)
    autosaver.state.connect(states.append)
    yield autosaver, screen, states
    autosaver.stop()


def test_typing_is_committed_after_a_pause_and_only_then_called_saved(qtbot, db_path, item, saver):
    autosaver, screen, states = saver
    screen["notes"] = "Daughter visits daily"
    autosaver.typed()
    assert states[-1] == "unsaved" and _notes(db_path, item[1]) is None
    assert autosaver.unsaved == {}  # nothing handed over before the pause
    qtbot.waitUntil(lambda: states and states[-1] == "saved", timeout=3000)
    assert _notes(db_path, item[1]) == "Daughter visits daily"
    assert "saving" in states and autosaver.unsaved == {}


def test_keystrokes_never_wait_on_a_locked_database(qtbot, db_path, item, saver):
    autosaver, screen, states = saver
    blocker = sqlite.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        for n in range(200):
            screen["notes"] = "x" * n
            autosaver.typed()
        autosaver.flush()  # even handing over the text does not wait for the lock
        took = time.perf_counter() - started
        # The database stays locked for seconds; the keystrokes were not held up by it.
        assert took < 1.0
        assert autosaver.unsaved[item[1]].values == {"notes": "x" * 199}
        assert states[-1] == "saving"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: states[-1] == "saved", timeout=10_000)
    assert _notes(db_path, item[1]) == "x" * 199


def test_a_failed_save_keeps_the_text_and_says_why(qtbot, db_path, item, saver):
    autosaver, screen, states = saver
    meeting, item_id = item
    db = open_database(db_path)
    agenda.set_item_status(db, "chair", item_id, "discussed")
    meetings.close_meeting(db, "chair", meeting)  # now locked: a save without a reason fails
    db.close()
    messages = []
    autosaver.failed.connect(messages.append)
    screen["notes"] = "Typed after the meeting closed"
    autosaver.typed()
    autosaver.flush()
    qtbot.waitUntil(lambda: bool(messages), timeout=3000)
    assert "closed" in messages[0] and "reason" in messages[0]
    assert states[-1] == "failed"
    assert autosaver.unsaved[item_id].values == {"notes": "Typed after the meeting closed"}
    assert not autosaver.wait(timeout=3)  # closing is refused while text is unsaved
    assert _notes(db_path, item_id) is None


def test_moving_on_without_typing_writes_nothing(qtbot, db_path, item, saver):
    autosaver, screen, states = saver
    autosaver.flush()  # an item change with nothing typed
    assert autosaver.unsaved == {} and states == []
    assert autosaver.wait(timeout=1)
