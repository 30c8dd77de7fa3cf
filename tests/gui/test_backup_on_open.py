"""The automatic backup: after the window opens and after a meeting closes, reported in the
status line, and never in the way when it fails."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda, backups
from mdtdesk.core.db import open_database
from mdtdesk.core.driver import sqlite
from mdtdesk.gui import main_window
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from tests.helpers import build_team, plan_meeting


@pytest.fixture
def open_window(qtbot, settings, fake_prompts, monkeypatch):
    """Opens a window on a path, with the backup's start-up delay cut short."""
    monkeypatch.setattr(main_window, "BACKUP_DELAY_MS", 0)
    opened = []

    def open_on(path):
        application()
        db = open_database(path)
        window = MainWindow(db, path, "chair", settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, db))
        return window

    yield open_on
    for window, db in opened:
        qtbot.waitUntil(lambda w=window: not any(t.running for t in w._backups), timeout=10000)
        window.close()
        db.close()


def _made(path):
    return backups.list_backups(backups.backup_folder(path), path.stem)


def test_opening_the_window_backs_up_once_a_day(open_window, sample_db, qtbot, fake_prompts):
    window = open_window(sample_db)
    qtbot.waitUntil(lambda: len(_made(sample_db)) == 1, timeout=10000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backed up at"))
    assert fake_prompts.shown == []

    again = open_window(sample_db)  # a fresh backup is there: none is due
    qtbot.wait(300)
    assert not any(t.running for t in again._backups)
    assert len(_made(sample_db)) == 1


def test_a_failed_backup_is_said_in_the_status_line_and_blocks_nothing(
    open_window, sample_db, qtbot, fake_prompts
):
    backups.backup_folder(sample_db).write_text("a file where the folder should be")
    window = open_window(sample_db)
    qtbot.waitUntil(
        lambda: "automatic backup did not work" in window.statusBar().currentMessage(),
        timeout=10000,
    )
    message = window.statusBar().currentMessage()
    assert "the backups folder" in message
    assert message.endswith("Your work is saved as usual.")
    assert fake_prompts.shown == []  # no dialog in the way
    assert window.isEnabled()


def test_closing_a_meeting_backs_up_even_when_one_is_fresh(
    open_window, db_path, today, qtbot, fake_prompts
):
    db = open_database(db_path)
    hood, _members, cases = build_team(db, today)
    meeting_id = plan_meeting(db, hood, today + dt.timedelta(days=7))
    item = agenda.add_item(db, "chair", meeting_id, cases[0], "review")
    agenda.set_item_status(db, "chair", item, "discussed")
    db.close()
    window = open_window(db_path)
    qtbot.waitUntil(lambda: len(_made(db_path)) == 1, timeout=10000)
    first = _made(db_path)[0].path

    window.navigation.setCurrentRow(2)
    page = window.meetings
    page.reload(select=meeting_id)
    # Backups are named to the second: the one after closing must not share the first's name.
    qtbot.wait(1100)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: _made(db_path)[0].path != first, timeout=10000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Backed up at"))
    newest = _made(db_path)[0].path
    check = sqlite.connect(newest)
    assert check.execute("SELECT status FROM meetings").fetchall() == [("closed",)]
    check.close()


def test_closing_a_meeting_in_chair_mode_backs_up(open_window, db_path, today, qtbot, fake_prompts):
    db = open_database(db_path)
    hood, _members, cases = build_team(db, today)
    meeting_id = plan_meeting(db, hood, today + dt.timedelta(days=7))
    agenda.add_item(db, "chair", meeting_id, cases[0], "review")
    db.close()
    window = open_window(db_path)
    qtbot.waitUntil(lambda: len(_made(db_path)) == 1, timeout=10000)
    first = _made(db_path)[0].path
    window.navigation.setCurrentRow(2)
    chair = window.run_meeting(meeting_id)
    qtbot.wait(1100)  # backups are named to the second
    chair.defer_item()
    qtbot.mouseClick(chair.close_button, Qt.MouseButton.LeftButton)
    assert chair.closed
    qtbot.waitUntil(lambda: _made(db_path)[0].path != first, timeout=10000)
    check = sqlite.connect(_made(db_path)[0].path)
    assert check.execute("SELECT status FROM meetings").fetchall() == [("closed",)]
    check.close()


def test_a_copy_failing_its_check_is_said_in_a_dialog_as_possible_damage(
    open_window, sample_db, qtbot, fake_prompts, monkeypatch
):
    # The copy of a damaged database fails its full check: more than a status line.
    monkeypatch.setattr(backups, "_check_copy", lambda path, quick=False: "row 7 missing")
    window = open_window(sample_db)
    qtbot.waitUntil(lambda: bool(fake_prompts.shown), timeout=10000)
    kind, title, text = fake_prompts.shown[0]
    assert (kind, title) == ("error", "The database may be damaged")
    assert "Tell your IT support" in text and "mdtdesk check" in text
    assert "automatic backup did not work" in window.statusBar().currentMessage()
    assert backups.list_backups(backups.backup_folder(sample_db)) == []
