"""The damaged-file screen: it finds the newest good backup, restores it and keeps the damaged
file aside exactly as it was; with no good backup it says what to do."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from mdtdesk.core import backups, open_check, restore
from mdtdesk.core.db import connect
from mdtdesk.core.driver import sqlite
from mdtdesk.gui.app import application
from mdtdesk.gui.damaged_file import DamagedFileDialog, offer_restore

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _backup_at(db_path: Path, age: dt.timedelta) -> Path:
    folder = backups.backup_folder(db_path)
    folder.mkdir(exist_ok=True)
    return backups.make_backup(db_path, folder / backups.backup_name(db_path, NOW - age))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _people(path: Path) -> int:
    conn = sqlite.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


def _add_neighbourhood(path: Path) -> None:
    conn = connect(path)
    conn.execute("INSERT INTO neighbourhoods (name) VALUES ('Bramhall')")
    conn.close()


@pytest.fixture
def show(qtbot, fake_prompts):
    def showing(db_path: Path) -> DamagedFileDialog:
        application()
        problem = open_check.damage(db_path)
        assert problem is not None
        dialog = DamagedFileDialog(db_path, problem)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.search.running, timeout=10000)
        return dialog

    return showing


def test_it_restores_the_newest_good_backup_and_keeps_the_damaged_file(
    show, sample_db, qtbot, fake_prompts, monkeypatch
):
    older = _backup_at(sample_db, dt.timedelta(days=2))
    _add_neighbourhood(sample_db)
    newest_good = _backup_at(sample_db, dt.timedelta(hours=3))
    newest_bad = _backup_at(sample_db, dt.timedelta(hours=1))
    newest_bad.write_bytes(random.Random(4).randbytes(newest_bad.stat().st_size))
    _truncate(sample_db)
    damaged = _state(sample_db)

    def must_not_open(_path):
        raise AssertionError("the damaged file was opened")

    # A restore of a whole file opens it first to fold its WAL in; a damaged one is not opened.
    monkeypatch.setattr(restore, "_checkpoint_or_refuse", must_not_open)
    dialog = show(sample_db)

    assert dialog.backup.path == newest_good  # the damaged newer one passed over
    said = dialog.found.text()
    assert said.startswith("The newest good backup was made on ") and "(3 hours ago)" in said
    assert "KB" in said
    assert dialog.restore_button.isVisible() and dialog.restore_button.isDefault()
    assert dialog.what.text() == open_check.CUT_SHORT
    assert "written nothing to it and will not delete it" in dialog.kept.text()
    qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10000)

    kind, title, text = fake_prompts.shown[-1]
    assert (kind, title) == ("info", "Backup restored")
    aside = [p for p in sample_db.parent.iterdir() if "before-restore" in p.name]
    assert len(aside) == 1 and aside[0].name in text
    assert _state(aside[0]) == damaged  # not a byte, not even its time, changed
    assert open_check.damage(sample_db) is None
    assert _people(sample_db) == 3
    assert older.exists() and newest_good.exists() and newest_bad.exists()


def test_with_no_good_backup_it_says_what_to_do_and_quitting_changes_nothing(
    show, sample_db, qtbot, fake_prompts
):
    bad = _backup_at(sample_db, dt.timedelta(hours=1))
    bad.write_bytes(b"")
    _truncate(sample_db)
    before = _state(sample_db)

    dialog = show(sample_db)

    said = dialog.found.text()
    assert said.startswith("There is no good backup of this database")
    assert "tell your IT support" in said and "Do not delete or move the damaged file" in said
    assert not dialog.restore_button.isVisible()
    assert dialog.choose_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert _state(sample_db) == before
    assert fake_prompts.shown == []


def test_another_backup_can_be_chosen(show, sample_db, tmp_path, qtbot, fake_prompts):
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    copy = backups.make_backup(sample_db, elsewhere / "copy.db")
    sample_db.write_bytes(random.Random(5).randbytes(sample_db.stat().st_size))
    damaged = _state(sample_db)
    dialog = show(sample_db)
    assert dialog.backup is None

    fake_prompts.file_to_open = copy
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=10000)
    assert fake_prompts.shown[-1][:2] == ("info", "Backup restored")
    assert "copy.db is now the database" in fake_prompts.shown[-1][2]
    aside = next(p for p in sample_db.parent.iterdir() if "before-restore" in p.name)
    assert _state(aside) == damaged
    assert _people(sample_db) == 3


def test_a_backup_that_fails_at_restore_leaves_everything_as_it_was(
    show, sample_db, tmp_path, qtbot, fake_prompts
):
    _backup_at(sample_db, dt.timedelta(hours=1))
    _truncate(sample_db)
    damaged = _state(sample_db)
    dialog = show(sample_db)
    not_a_backup = tmp_path / "notes.db"
    not_a_backup.write_text("my notes")
    fake_prompts.file_to_open = not_a_backup
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_prompts.shown) == 1, timeout=10000)
    kind, title, text = fake_prompts.shown[-1]
    assert (kind, title) == ("error", "Nothing was restored")
    assert text.endswith("The damaged file is as it was.")
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert _state(sample_db) == damaged
    assert not [p for p in sample_db.parent.iterdir() if "before-restore" in p.name]


def test_offer_restore_is_true_once_restored(qtbot, sample_db, fake_prompts):
    application()
    _backup_at(sample_db, dt.timedelta(hours=1))
    _truncate(sample_db)

    def restore_when_found():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DamagedFileDialog) or dialog.backup is None:
            QTimer.singleShot(20, restore_when_found)
            return
        dialog.restore_button.click()

    QTimer.singleShot(0, restore_when_found)
    assert offer_restore(sample_db, open_check.CUT_SHORT) is True
    assert open_check.damage(sample_db) is None
