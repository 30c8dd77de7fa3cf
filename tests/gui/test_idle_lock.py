"""The idle lock: after a spell without input every window hides behind a lock screen, nothing
typed is lost, nothing typed while locked lands behind it, and only the passphrase unlocks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QMessageBox, QPushButton

from mdtdesk.core import agenda, encryption
from mdtdesk.core import db as core_db
from mdtdesk.core.db import open_database
from mdtdesk.core.register import save_case_record
from mdtdesk.gui import idle_lock
from mdtdesk.gui.app import application
from mdtdesk.gui.idle_lock import IdleLock, LockScreen
from mdtdesk.gui.main_window import MainWindow
from mdtdesk.gui.settings import Settings
from tests.gui.conftest import SAMPLE, stored, type_text
from tests.helpers import build_team, plan_meeting, record

PASSPHRASE = "correct horse battery"
USER = "Dr Amara Okafor (GP)"
NHS_BLUE = QColor("#005eb8")
HOUR = 3_600_000  # a timeout that never runs out during a test: the lock comes from lock_now


@pytest.fixture(autouse=True)
def no_backup(monkeypatch):
    # The automatic backup starts two seconds after a window opens; closed while it runs, the
    # window takes the task's signals with it. These tests are not about backups.
    from mdtdesk.gui import main_window

    monkeypatch.setattr(main_window, "BACKUP_DELAY_MS", HOUR)


@pytest.fixture
def make_lock(qtbot, settings):
    locks: list[IdleLock] = []

    def make(db_path, timeout_ms: int = HOUR) -> IdleLock:
        lock = IdleLock(db_path, settings, user=USER, timeout_ms=timeout_ms)
        locks.append(lock)
        return lock

    yield make
    for lock in locks:
        lock.stop()


@pytest.fixture
def secret_window(qtbot, tmp_path, settings, fake_prompts, today):
    """A main window on an encrypted copy of the sample register."""
    application()
    path = tmp_path / "secret.db"
    key = encryption.new_key(path, PASSPHRASE)
    conn = core_db.connect(path, key=key)
    db = core_db.wrap(conn)
    db["neighbourhoods"].insert({"name": "Stockport West"})
    for n, (given, family, postcode, conditions) in enumerate(SAMPLE):
        rec = record(
            n, given_name=given, family_name=family, postcode=postcode, conditions=conditions
        )
        save_case_record(db, "chair", rec, today)
    window = MainWindow(db, path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    conn.close()
    encryption.forget_all()


def _screen(window) -> LockScreen | None:
    screens = [c for c in window.children() if isinstance(c, LockScreen) and c.isVisible()]
    return screens[0] if screens else None


def _covered_everywhere(window) -> bool:
    """Whether every point of ``window`` (a grid 40 pixels apart) shows the lock screen."""
    for x in range(2, window.width(), 40):
        for y in range(2, window.height(), 40):
            child = window.childAt(x, y)
            if child is None or idle_lock._lock_screen_of(child) is None:
                return False
    return True


def _in_lock(widget) -> bool:
    return widget is not None and idle_lock._lock_screen_of(widget) is not None


def _unlock_button(qtbot, window) -> None:
    qtbot.mouseClick(_screen(window).button, Qt.MouseButton.LeftButton)


def test_after_the_idle_time_the_main_window_shows_only_the_lock_screen(window, qtbot, make_lock):
    table = window.cases.table
    table.selectRow(0)
    chosen = window.cases.selected_case()
    assert not _covered_everywhere(window)  # the check can fail: the register shows
    lock = make_lock(window.db_path, timeout_ms=300)
    locked = []
    lock.locked.connect(lambda: locked.append(True))
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert locked == [True]

    screen = _screen(window)
    assert _covered_everywhere(window)
    # Covered, not closed: the register is still there underneath, as it was.
    assert window.cases.table.isVisible() and window.cases.table.model().rowCount() == 3
    assert window.windowTitle() == "mdtdesk: locked"
    # What the screen says: the database and who was using it; no one's record.
    said = " ".join(label.text() for label in screen.findChildren(QLabel))
    assert "mdtdesk is locked" in said and "Database: mdt.db" in said
    assert f"while {USER} was using it" in said
    for given, family, postcode, _ in SAMPLE:
        assert given not in said and family not in said and postcode not in said
    # What is painted: outside the lock panel, NHS blue and nothing else.
    image = window.grab().toImage()
    panel = screen.findChild(QFrame, "lock_panel")
    around = panel.geometry().translated(panel.parentWidget().mapTo(window, QPoint(0, 0)))
    points = [
        QPoint(x, y)
        for x in range(4, window.width(), 23)
        for y in range(4, window.height(), 23)
        if not around.adjusted(-4, -4, 4, 4).contains(QPoint(x, y))
    ]
    assert len(points) > 500
    scale = image.devicePixelRatio()
    colours = {image.pixelColor(int(p.x() * scale), int(p.y() * scale)).name() for p in points}
    assert colours == {NHS_BLUE.name()}
    # Clicks meant for the register behind go nowhere (a double click would open the case).
    row = table.visualRect(table.model().index(2, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert window.cases.selected_case() == chosen and window.case_form is None


def test_input_keeps_it_unlocked_and_the_lock_comes_once_it_stops(window, qtbot, make_lock):
    lock = make_lock(window.db_path, timeout_ms=700)
    search = window.cases.search
    for letter in "ashworth":  # 1.2 seconds of typing, well past the idle time
        type_text(search, letter)
        qtbot.wait(150)
        assert not lock.is_locked
    assert search.text() == "ashworth"
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)


def test_keys_typed_while_locked_do_not_reach_the_window_behind(window, qtbot, make_lock):
    search = window.cases.search
    search.setFocus()
    type_text(search, "Mona")
    lock = make_lock(window.db_path)
    lock.lock_now()
    assert lock.is_locked and _in_lock(QApplication.focusWidget())

    type_text(search, "xyz")  # straight at the field behind
    qtbot.keyClicks(QApplication.focusWidget(), "abc")  # wherever the focus is
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New case
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Members
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape):
        qtbot.keyClick(QApplication.focusWidget(), key)
        assert _in_lock(QApplication.focusWidget()), key  # Tab stays on the lock screen
    assert search.text() == "Mona"
    assert window.case_form is None
    assert window.pages.currentWidget() is window.cases
    assert lock.is_locked

    _unlock_button(qtbot, window)
    assert not lock.is_locked and _screen(window) is None
    assert window.windowTitle() == "mdtdesk: mdt.db"
    assert QApplication.focusWidget() is search  # back where the chair was typing
    type_text(search, " A")
    assert search.text() == "Mona A"


def test_an_unencrypted_database_offers_an_unlock_button_and_says_why(window, qtbot, make_lock):
    lock = make_lock(window.db_path)
    unlocked = []
    lock.unlocked.connect(lambda: unlocked.append(True))
    lock.lock_now()
    screen = _screen(window)
    assert screen.field is None and not screen.findChildren(QLineEdit)
    assert screen.button.isVisible() and screen.button.text() == "&Unlock"
    said = " ".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())
    assert "not encrypted, so anyone at this computer can unlock it" in said
    assert screen.button.hasFocus()
    qtbot.keyClick(screen.button, Qt.Key.Key_Return)
    assert not lock.is_locked and unlocked == [True]
    lock.lock_now()
    qtbot.keyClick(_screen(window).button, Qt.Key.Key_Space)
    assert not lock.is_locked and unlocked == [True, True]


def test_a_wrong_passphrase_keeps_it_locked_and_the_right_one_unlocks(
    secret_window, qtbot, make_lock
):
    window = secret_window
    lock = make_lock(window.db_path)
    lock.lock_now()
    screen = _screen(window)
    assert screen.field is not None and screen.field.hasFocus()
    qtbot.keyClick(screen.field, Qt.Key.Key_Tab)
    assert screen.button.hasFocus()
    qtbot.keyClick(screen.button, Qt.Key.Key_Tab)
    assert screen.field.hasFocus()
    said = " ".join(label.text() for label in screen.findChildren(QLabel) if label.isVisible())
    assert "Database: secret.db" in said and "not encrypted" not in said

    qtbot.keyClicks(screen.field, "correct horse batery")
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.text().startswith("Wrong passphrase"), timeout=5000)
    assert lock.is_locked and _covered_everywhere(window)
    assert screen.message.isVisible() and screen.message.property("role") == "error"
    assert screen.field.text() == "" and screen.field.isEnabled()

    qtbot.waitUntil(screen.field.hasFocus)
    qtbot.keyClicks(screen.field, PASSPHRASE)
    qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=5000)
    assert _screen(window) is None and not _covered_everywhere(window)


def test_repeated_wrong_passphrases_wait_longer_each_time(
    secret_window, qtbot, make_lock, monkeypatch
):
    monkeypatch.setattr(idle_lock, "WAIT_STEP_MS", 400)
    lock = make_lock(secret_window.db_path)
    lock.lock_now()
    screen = _screen(secret_window)
    for attempt in range(1, idle_lock.FREE_TRIES + 1):
        screen.field.setText(f"wrong guess number {attempt}")
        screen.button.click()
        qtbot.waitUntil(lambda a=attempt: lock.failures == a, timeout=5000)
    assert screen.message.text() == "Wrong passphrase. Wait 1 second, then try again."
    assert not screen.field.isEnabled() and not screen.button.isEnabled()
    screen.field.setText(PASSPHRASE)  # refused while waiting, however right
    screen.tried.emit(PASSPHRASE)
    qtbot.wait(300)
    assert lock.is_locked
    qtbot.waitUntil(screen.field.isEnabled, timeout=3000)
    assert screen.message.text().startswith("Wrong passphrase. Check it")
    screen.field.setText(PASSPHRASE)
    screen.button.click()
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=5000)
    assert lock.failures == 0


def test_an_open_case_form_keeps_its_unsaved_typing(window, qtbot, make_lock):
    window.cases.table.selectRow(0)
    window.edit_case(window.cases.selected_case())
    form = window.case_form
    qtbot.waitExposed(form)
    given = form.ui.given_name
    given.setFocus()
    given.selectAll()
    type_text(given, "Ramona")
    assert form.has_changes()
    lock = make_lock(window.db_path)
    lock.lock_now()

    # The form is covered (it is in front, so its lock screen takes the input) and so is
    # the window behind it, which says where to unlock.
    assert form.isVisible() and _covered_everywhere(form) and _covered_everywhere(window)
    assert form.windowTitle() == "mdtdesk: locked"
    assert _screen(form).inputs.isVisible()
    assert not _screen(window).inputs.isVisible() and _screen(window).blocked_note.isVisible()
    type_text(given, "xyz")
    assert given.text() == "Ramona"

    qtbot.keyClick(_screen(form).button, Qt.Key.Key_Space)
    assert not lock.is_locked
    assert form.isVisible() and window.case_form is form
    assert given.text() == "Ramona" and form.has_changes()
    assert form.windowTitle() == "Edit case"
    assert not _covered_everywhere(form) and not _covered_everywhere(window)


def test_a_message_box_open_when_it_locks_is_covered_grown_and_left_to_be_answered(
    window, qtbot, make_lock
):
    lock = make_lock(window.db_path)
    box = QMessageBox(QMessageBox.Icon.Question, "Close the meeting", "Close it?", parent=window)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    seen = {}

    def while_open():
        try:
            seen["size"] = box.size()
            lock.lock_now()
            qtbot.wait(100)
            seen["covered"] = _covered_everywhere(box)
            seen["grown"] = box.width() > seen["size"].width() and box.height() >= 200
            seen["front"] = _screen(box).inputs.isVisible()
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # not "No"
            seen["open"] = box.isVisible()
            qtbot.keyClick(_screen(box).button, Qt.Key.Key_Space)
            seen["unlocked"] = not lock.is_locked
            qtbot.wait(50)
            seen["size_after"] = box.size()
        finally:  # whatever went wrong, the box closes: a test must never hang in exec()
            box.done(QMessageBox.StandardButton.Yes)

    QTimer.singleShot(50, while_open)
    answer = box.exec()
    assert answer == QMessageBox.StandardButton.Yes  # the lock did not answer it
    assert seen["covered"] and seen["grown"] and seen["front"] and seen["open"]
    assert seen["unlocked"] and seen["size_after"] == seen["size"]


def test_a_window_shown_while_locked_is_covered_too(window, qtbot, make_lock):
    lock = make_lock(window.db_path)
    lock.lock_now()
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Not saved", "Mona Ashworth: not saved", parent=window
    )
    box.show()
    qtbot.waitUntil(lambda: box.width() >= 300)
    assert _covered_everywhere(box)
    box.close()
    _unlock_button(qtbot, window)
    assert not lock.is_locked


TODAY = dt.date.today()  # chair mode works on real dates


@pytest.fixture
def chair(qtbot, db_path, settings, fake_prompts):
    application()
    db = open_database(db_path)
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    for case in cases[:2]:
        agenda.add_item(db, "chair", meeting, case, "review")
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


def test_chair_mode_keeps_its_note_autosave_carries_on_and_the_shared_screen_pauses(
    chair, qtbot, db_path, make_lock
):
    chair.toggle_shared_screen()
    shared = chair.shared_screen
    qtbot.waitExposed(shared)
    notes = chair.discussion.fields["notes"]
    notes.setFocus()
    type_text(notes, "Two falls at night; daughter struggling")
    lock = make_lock(db_path)
    lock.lock_now()  # before the autosave's pause has ended

    assert _covered_everywhere(chair) and _covered_everywhere(shared)
    assert _in_lock(QApplication.focusWidget())
    paused = _screen(shared)
    assert [label.text() for label in paused.findChildren(QLabel)] == ["Paused"]
    assert not paused.findChildren(QLineEdit) and not paused.findChildren(QPushButton)
    # Autosave is not stopped: the note is committed while the lock is up.
    item = chair.rows[0]["id"]
    sql = "SELECT notes FROM discussions WHERE agenda_item_id = ?"
    qtbot.waitUntil(
        lambda: stored(db_path, sql, [item]) == [("Two falls at night; daughter struggling",)],
        timeout=5000,
    )
    assert lock.is_locked
    qtbot.keyClick(chair, Qt.Key.Key_Escape)  # chair mode's "leave" key does nothing
    type_text(notes, " and more")
    assert chair.isVisible() and shared.isVisible()

    _unlock_button(qtbot, chair)
    assert not lock.is_locked
    assert notes.toPlainText() == "Two falls at night; daughter struggling"
    assert _screen(shared) is None and not _covered_everywhere(chair)


def test_the_idle_time_comes_from_the_settings(tmp_path, qtbot):
    application()
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.idle_lock_minutes == 10
    settings.idle_lock_minutes = 0
    assert settings.idle_lock_minutes == 1  # never off, never at once
    settings.idle_lock_minutes = 15
    lock = IdleLock(tmp_path / "mdt.db", settings)
    try:
        assert lock._timeout == 15 * 60 and not lock.is_locked
    finally:
        lock.stop()
