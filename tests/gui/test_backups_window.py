"""The Backups window: the list newest first, Back up now, Restore… asked and handed over, and
restore_and_report on a closed database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mdtdesk.core import backups
from mdtdesk.core.db import connect
from mdtdesk.core.driver import sqlite
from mdtdesk.gui.app import application
from mdtdesk.gui.backups_window import (
    BackupsWindow,
    how_long_ago,
    restore_and_report,
    size_text,
)

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
AGES = [dt.timedelta(days=3), dt.timedelta(hours=5), dt.timedelta(minutes=20)]


def _backup_at(db_path, when):
    folder = backups.backup_folder(db_path)
    folder.mkdir(exist_ok=True)
    return backups.make_backup(db_path, folder / backups.backup_name(db_path, when))


@pytest.fixture
def three_backups(sample_db):
    # Made from the time the test runs, not the time the module was loaded: in a long run the
    # window's "20 minutes ago" would otherwise read "21 minutes ago".
    global NOW
    NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return [_backup_at(sample_db, NOW - age) for age in AGES]


@pytest.fixture
def open_window(qtbot, fake_prompts):
    def open_on(db_path):
        application()
        window = BackupsWindow(db_path)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()  # shortcuts reach only the active window
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        return window

    return open_on


def _shown(window) -> list[list[str]]:
    model = window.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_backups_are_listed_newest_first_in_words(open_window, sample_db, three_backups):
    window = open_window(sample_db)
    rows = _shown(window)
    assert [row[1] for row in rows] == ["20 minutes ago", "5 hours ago", "3 days ago"]
    newest_local = (NOW - AGES[2]).astimezone()
    assert rows[0][0].startswith(f"{newest_local.day} ")  # a local date in words
    assert rows[0][0].endswith(("am", "pm"))
    assert all(row[2].endswith("KB") for row in rows)
    assert window.stack.currentWidget() is window.table
    assert window.chosen().path == three_backups[-1]  # the newest, chosen
    assert window.restore_button.isEnabled()


def test_no_backups_says_so_and_offers_to_make_one(open_window, sample_db):
    window = open_window(sample_db)
    assert window.stack.currentWidget() is window.empty
    assert "no backups of this database yet" in window.empty.text()
    assert "Back up now" in window.empty.text()
    assert not window.restore_button.isEnabled()
    assert window.back_up_button.isEnabled()


def test_back_up_now_makes_a_checked_backup_and_lists_it(
    open_window, sample_db, qtbot, fake_prompts
):
    window = open_window(sample_db)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Back up &now
    qtbot.waitUntil(lambda: window.task is not None)  # after the click's animation
    assert not window.back_up_button.isEnabled()  # one at a time
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    assert window.status.text().startswith("Backed up at")
    made = backups.list_backups(backups.backup_folder(sample_db), "mdt")
    assert [b.path for b in made] == [window.chosen().path]
    assert window.back_up_button.isEnabled()
    assert fake_prompts.shown == []


def test_a_failed_backup_is_said_in_the_window(open_window, sample_db, qtbot):
    backups.backup_folder(sample_db).write_text("a file where the folder should be")
    window = open_window(sample_db)
    window.back_up_now()
    qtbot.waitUntil(lambda: window.status.text().startswith("No backup was made"), timeout=10000)
    assert "backups folder" in window.status.text()
    assert window.status.property("role") == "error"
    assert window.back_up_button.isEnabled()


def test_restore_asks_first_then_hands_the_backup_over(
    open_window, sample_db, three_backups, qtbot, fake_prompts
):
    window = open_window(sample_db)
    window.table.selectRow(1)
    fake_prompts.confirm_answer = False
    with qtbot.assertNotEmitted(window.restoreRequested):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Restore…
        qtbot.waitUntil(lambda: len(fake_prompts.shown) == 1)  # after the click's animation
    kind, _title, text = fake_prompts.shown[-1]
    assert kind == "confirm"
    assert "(5 hours ago)" in text
    assert "not deleted" in text and "mdt-before-restore-" in text
    assert window.isVisible()

    fake_prompts.confirm_answer = True
    window.table.setFocus()
    with qtbot.waitSignal(window.restoreRequested) as emitted:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)  # Enter on the row asks too
    assert emitted.args == [three_backups[1]]
    assert not window.isVisible()
    assert _people(sample_db) == 3  # the window itself restores nothing


def _people(path) -> int:
    conn = sqlite.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


def test_restore_and_report_keeps_the_current_file_and_says_where(qtbot, sample_db, fake_prompts):
    application()
    backup = _backup_at(sample_db, NOW - dt.timedelta(hours=1))
    conn = connect(sample_db)
    conn.execute("INSERT INTO neighbourhoods (name) VALUES ('Bramhall')")  # made after it
    conn.close()

    aside = restore_and_report(sample_db, backup, None)

    assert aside is not None
    assert _neighbourhoods(aside) == ["Stockport West", "Bramhall"]  # kept, with the change
    assert _neighbourhoods(sample_db) == ["Stockport West"]
    kind, _title, text = fake_prompts.shown[-1]
    assert kind == "info" and aside.name in text and "Nothing was deleted" in text


def _neighbourhoods(path) -> list[str]:
    conn = sqlite.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM neighbourhoods ORDER BY id")]
    finally:
        conn.close()


def test_restore_and_report_while_the_database_is_open_changes_nothing(
    qtbot, sample_db, fake_prompts
):
    application()
    backup = _backup_at(sample_db, NOW - dt.timedelta(hours=1))
    conn = connect(sample_db)
    try:
        files = sorted(p.name for p in sample_db.parent.iterdir())
        assert restore_and_report(sample_db, backup, None) is None
        kind, _title, text = fake_prompts.shown[-1]
        assert kind == "error" and "nothing was changed" in text
        assert sorted(p.name for p in sample_db.parent.iterdir()) == files
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("age", "said"),
    [
        (dt.timedelta(seconds=20), "just now"),
        (dt.timedelta(minutes=1), "1 minute ago"),
        (dt.timedelta(hours=23, minutes=59), "23 hours ago"),
        (dt.timedelta(days=1), "1 day ago"),
        (dt.timedelta(days=13), "13 days ago"),
        (dt.timedelta(days=15), "2 weeks ago"),
        (-dt.timedelta(hours=2), "in the future: check the clock"),
    ],
)
def test_how_long_ago_reads_as_people_say_it(tmp_path, age, said):
    backup = backups.Backup(NOW - age, 1, tmp_path / "x.db", "x")
    assert how_long_ago(backup, NOW) == said


def test_sizes_read_as_people_say_them():
    assert [size_text(n) for n in (900, 340_000, 4_500_000, 295_088_128, 2_100_000_000)] == [
        "900 bytes",
        "340 KB",
        "4.5 MB",
        "295 MB",
        "2.1 GB",
    ]


def test_restore_from_the_window_with_the_database_closed_and_opened_again(
    qtbot, sample_db, settings, fake_prompts
):
    # The wiring the main window uses: the Backups window hands the backup over, the session
    # closes the window and its connections, restore_message restores and says what happened,
    # and the window opens again on the restored file.
    from PySide6.QtCore import QTimer

    from mdtdesk.gui.backups_window import restore_message
    from mdtdesk.gui.session import Session

    application()
    backup = _backup_at(sample_db, NOW - dt.timedelta(hours=2))
    conn = connect(sample_db)
    conn.execute("INSERT INTO neighbourhoods (name) VALUES ('Bramhall')")  # after the backup
    conn.close()

    def who_are_you():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, who_are_you)
            return
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, who_are_you)
    session = Session(sample_db, create=False, settings=settings)
    try:
        assert session.open(), fake_prompts.shown
        first = session.window
        qtbot.addWidget(first)
        backups_window = BackupsWindow(sample_db, first)
        backups_window.show()
        fake_prompts.confirm_answer = True
        handed = []
        backups_window.restoreRequested.connect(
            lambda path: handed.append(
                (path, session.alone(lambda: restore_message(sample_db, path), "Restore"))
            )
        )
        backups_window.table.selectRow(0)
        backups_window.ask_restore()

        assert handed == [(backup, True)], fake_prompts.shown
        kind, title, text = fake_prompts.shown[-1]
        assert (kind, title) == ("info", "Restore")
        assert text.startswith("The backup made on ") and "Nothing was deleted" in text
        assert session.window is not first and session.window is not None
        qtbot.addWidget(session.window)
        assert _neighbourhoods(sample_db) == ["Stockport West"]
        aside = next(p for p in sample_db.parent.iterdir() if "before-restore" in p.name)
        assert _neighbourhoods(aside) == ["Stockport West", "Bramhall"]
        session.window.close()
    finally:
        session.close()
