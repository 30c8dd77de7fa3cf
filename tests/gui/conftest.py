"""GUI fixtures: a main window on a small register, with prompts that never block."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from mdtdesk.core.db import open_database
from mdtdesk.core.register import save_case_record
from mdtdesk.gui import prompts
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from mdtdesk.gui.settings import Settings
from tests.helpers import record


def type_text(widget, text: str) -> None:
    """Type ``text`` key by key, accents included (QTest.keyClicks handles ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


class FakePrompts(prompts.Prompts):
    """Records every message; answers questions and file choices as the test says."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []
        self.confirm_answer = True
        self.file_to_open: Path | None = None
        self.text_answer: str | None = None
        self.choice_answer: str | None = None
        self.folder_to_choose: Path | None = None
        # What the print dialog does: None cancels; else called with the printer to set it up
        # as a user would (e.g. print to a PDF file, pages 2-3), then printing goes ahead.
        self.print_choice = None

    def error(self, parent, title, text):
        self.shown.append(("error", title, text))

    def info(self, parent, title, text):
        self.shown.append(("info", title, text))

    def confirm(self, parent, title, text, yes):
        self.shown.append(("confirm", title, text))
        return self.confirm_answer

    def open_file(self, parent, caption, folder, filter):
        return self.file_to_open

    def ask_text(self, parent, title, label):
        self.shown.append(("ask", title, label))
        return self.text_answer

    def ask_choice(self, parent, title, label, choices):
        self.shown.append(("choice", title, label))
        return self.choice_answer

    def choose_folder(self, parent, caption, folder):
        return self.folder_to_choose

    def print_setup(self, parent, printer, page_count):
        self.shown.append(("print", printer.docName(), str(page_count)))
        if self.print_choice is None:
            return False
        self.print_choice(printer)
        return True


@pytest.fixture
def fake_prompts(monkeypatch):
    fake = FakePrompts()
    monkeypatch.setattr(prompts, "current", fake)
    return fake


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


SAMPLE = [
    ("Mona", "Ashworth", "SK3 9AB", "COPD; heart failure"),
    ("Łukasz", "Wójcik", "SK4 2QT", "Type 2 diabetes"),
    ("Siân", "Llewellyn", "SK7 1PL", "Dementia"),
]


@pytest.fixture
def sample_db(db_path, today):
    db = open_database(db_path)
    db["neighbourhoods"].insert({"name": "Stockport West"})
    for n, (given, family, postcode, conditions) in enumerate(SAMPLE):
        rec = record(
            n, given_name=given, family_name=family, postcode=postcode, conditions=conditions
        )
        save_case_record(db, "chair", rec, today)
    db.close()
    return db_path


@pytest.fixture
def window(qtbot, sample_db, settings, fake_prompts):
    application()
    db = open_database(sample_db)
    win = MainWindow(db, sample_db, "chair", settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.case_form is not None:
        win.case_form.done(0)
    win.close()
    db.close()


def choose(qtbot, combo, text: str) -> None:
    """Step a closed combo to ``text`` with the arrow keys, as a keyboard user would."""
    combo.setFocus()
    wanted = combo.findText(text)
    assert wanted >= 0, f"{text!r} is not offered"
    key = Qt.Key.Key_Down if wanted > combo.currentIndex() else Qt.Key.Key_Up
    # By text: choosing can change the list (e.g. "Not recorded" leaves it once recorded).
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text


def stored(path, sql: str, params=()) -> list[tuple]:
    """What was committed, read through a connection of its own."""
    check = open_database(path)
    try:
        return check.execute(sql, params).fetchall()
    finally:
        check.close()


def open_panel(qtbot, db_path, panel_class, meeting_id: int, size: tuple[int, int]):
    """A chair-mode panel on its own, showing the meeting's first item, as the window would
    show it. Returns (panel, read connection, agenda rows, what ``saved`` said)."""
    from mdtdesk.core import agenda
    from mdtdesk.core.db import connect, wrap

    application()
    conn = connect(db_path, create=False)
    writer = wrap(conn)
    panel = panel_class(conn, lambda: writer, "Dr Patel")
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    rows = agenda.items(conn, meeting_id)
    panel.show_item(meeting_id, rows[0], None, False)
    said: list[str] = []
    panel.saved.connect(said.append)
    return panel, conn, rows, said
