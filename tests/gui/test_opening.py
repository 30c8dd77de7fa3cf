"""Opening mdtdesk as the chair meets it: the passphrase, who you are, the badge on an
unencrypted file, another mdtdesk holding the database, and encrypting from the window."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from mdtdesk.core import encryption
from mdtdesk.core.db import connect, key_opens
from mdtdesk.gui.app import application, create_main_window
from mdtdesk.gui.passphrase_dialog import NewPassphraseDialog, UnlockDialog
from mdtdesk.gui.session import Session
from tests.gui.conftest import type_text
from tests.gui.modal import when_modal

SECRET = "correct horse battery"


@pytest.fixture(autouse=True)
def _forget_keys():
    yield
    encryption.forget_all()


@pytest.fixture
def encrypted_db(tmp_path, sample_db):
    """The sample register, encrypted, with no key left unlocked."""
    from mdtdesk.core.passphrase import encrypt_database

    encrypt_database(sample_db, SECRET)
    encryption.forget_all()
    return sample_db


def _enter(qtbot, widget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_wrong_passphrase_says_so_and_the_right_one_unlocks(qtbot, encrypted_db):
    application()
    dialog = UnlockDialog(encrypted_db)
    qtbot.addWidget(dialog)
    dialog.show()
    _enter(qtbot, dialog.passphrase, "correct horse batteri")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text().startswith("Wrong passphrase")
    assert dialog.passphrase.text() == ""  # cleared for another go
    assert not encryption.is_unlocked(encrypted_db)
    _enter(qtbot, dialog.passphrase, SECRET)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert encryption.is_unlocked(encrypted_db)


def test_a_new_passphrase_must_be_long_and_typed_the_same_twice(qtbot, tmp_path):
    application()
    path = tmp_path / "new.db"
    dialog = NewPassphraseDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.passphrase, "short")
    _enter(qtbot, dialog.repeated, "short")
    assert "at least 10 characters" in dialog.message.text()
    for field in (dialog.passphrase, dialog.repeated):
        field.clear()
    type_text(dialog.passphrase, SECRET)
    _enter(qtbot, dialog.repeated, SECRET + "!")
    assert "not the same" in dialog.message.text()
    assert not encryption.key_file_path(path).exists()
    dialog.repeated.clear()
    _enter(qtbot, dialog.repeated, SECRET)
    assert dialog.result() == QDialog.DialogCode.Accepted
    conn = connect(path, key=dialog.key)  # the database is made under the chosen key
    conn.close()
    assert encryption.is_encrypted(path)


def test_opening_an_encrypted_database_asks_the_passphrase_then_who_you_are(
    qtbot, encrypted_db, settings, fake_prompts, monkeypatch
):
    application()
    seen = []

    def unlock(dialog):
        seen.append(dialog.windowTitle())
        _enter(qtbot, dialog.passphrase, SECRET)
        when_modal(qtbot, who)

    def who(dialog):
        seen.append(dialog.windowTitle())
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_modal(qtbot, unlock)
    session = Session(encrypted_db, create=False, settings=settings)
    try:
        assert session.open(), fake_prompts.shown
        window = session.window
        qtbot.addWidget(window)
        assert seen == ["Unlock the database", "Who are you?"]
        assert window.cases.model.rowCount() == 3
        # No members in the sample: changes are recorded under the login name, as it said.
        assert window.actor == session.actor and window.actor
        assert window.findChild(QLabel, "not_encrypted") is None
        # File › Lock now (Ctrl+L) hides everything behind the lock screen at once.
        qtbot.keyClick(window.cases.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert session.idle_lock.is_locked
        assert session.idle_lock.screens()
    finally:
        session.close()


def test_an_unencrypted_database_wears_a_badge(qtbot, sample_db, settings):
    window = create_main_window(sample_db, settings)
    qtbot.addWidget(window)
    window.show()
    badge = window.findChild(QLabel, "not_encrypted")
    assert badge is not None and badge.isVisible()
    assert badge.text() == "Not encrypted"
    window.close()


def test_a_database_open_in_another_mdtdesk_is_refused_naming_the_computer(
    qtbot, sample_db, fake_prompts, tmp_path
):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from mdtdesk.core import writer_lock
                lock = writer_lock.acquire({str(sample_db)!r})
                print("held", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = sample_db.read_bytes()
        application()
        session = Session(sample_db, create=False)
        assert not session.open()
        kind, title, text = fake_prompts.shown[-1]
        assert kind == "error" and "open in mdtdesk on" in text or "already open" in text
        assert "since" in text and "Nothing was changed" in text
        assert session.window is None
        assert sample_db.read_bytes() == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_encrypting_from_the_window_reopens_it_encrypted_with_nothing_lost(
    qtbot, sample_db, settings, fake_prompts, monkeypatch
):
    from mdtdesk.core.passphrase import encrypt_database

    application()
    when_modal(qtbot, lambda dialog: qtbot.keyClick(dialog.search, Qt.Key.Key_Return))
    session = Session(sample_db, create=False, settings=settings)
    try:
        assert session.open()
        first = session.window
        assert first.findChild(QLabel, "not_encrypted") is not None
        first.open_audit()  # reads through the window's connection, which is about to close
        audit = first.audit_window
        assert audit.isVisible()

        def work():
            encrypt_database(sample_db, SECRET)
            return "Encrypted."

        assert session.alone(work, "Encrypt")
        second = session.window
        qtbot.addWidget(second)
        assert second is not first and not first.isVisible()
        assert not audit.isVisible()  # gone with its connection, not left to read a closed one
        assert second.findChild(QLabel, "not_encrypted") is None
        assert second.cases.model.rowCount() == 3
        assert ("info", "Encrypt", "Encrypted.") in fake_prompts.shown
        assert encryption.is_encrypted(sample_db)
        second.close()
    finally:
        session.close()


def test_the_first_start_makes_an_encrypted_database_under_the_chosen_passphrase(
    qtbot, tmp_path, settings, fake_prompts
):
    application()
    path = tmp_path / "mdtdesk.db"

    def choose(dialog):
        type_text(dialog.passphrase, SECRET)
        _enter(qtbot, dialog.repeated, SECRET)
        when_modal(qtbot, lambda who: qtbot.keyClick(who, Qt.Key.Key_Return))

    when_modal(qtbot, choose)
    session = Session(path, create=True, settings=settings)
    try:
        assert session.open(), fake_prompts.shown
        qtbot.addWidget(session.window)
        assert encryption.is_encrypted(path)
        assert session.window.findChild(QLabel, "not_encrypted") is None
        session.window.close()
    finally:
        session.close()
    encryption.forget_all()
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(path, "not the passphrase", key_opens(path))
    encryption.unlock(path, SECRET, key_opens(path))
    assert connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_starting_on_a_cut_short_file_offers_the_backup_and_opens_it(
    qtbot, sample_db, settings, fake_prompts
):
    from mdtdesk.core import backups, open_check

    application()
    folder = backups.backup_folder(sample_db)
    folder.mkdir()
    backups.make_backup(sample_db, folder / backups.backup_name(sample_db))
    data = sample_db.read_bytes()
    sample_db.write_bytes(data[: len(data) // 2])
    seen = []

    def damaged(dialog):
        seen.append((dialog.windowTitle(), dialog.what.text()))
        qtbot.waitUntil(lambda: dialog.restore_button.isVisible(), timeout=10000)
        when_modal(qtbot, lambda who: qtbot.keyClick(who.search, Qt.Key.Key_Return), "Who are you?")
        qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Return)

    when_modal(qtbot, damaged)
    session = Session(sample_db, create=False, settings=settings)
    try:
        assert session.open(), fake_prompts.shown
        qtbot.addWidget(session.window)
        assert seen and seen[0][1] == open_check.CUT_SHORT
        assert session.window.cases.model.rowCount() == 3
        kept = [p for p in sample_db.parent.iterdir() if "before-restore" in p.name]
        assert len(kept) == 1 and kept[0].read_bytes() == data[: len(data) // 2]
        session.window.close()
    finally:
        session.close()
