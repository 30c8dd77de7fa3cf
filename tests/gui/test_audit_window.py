"""The audit window, driven from the keyboard: each filter narrows what the user reads."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from mdtdesk.core import actions, agenda
from mdtdesk.core.db import connect
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.gui import audit_window
from mdtdesk.gui.app import application
from mdtdesk.gui.audit_window import NEW_COLUMN, AuditWindow
from tests.gui.conftest import choose, type_text
from tests.helpers import build_team, nhs, plan_meeting

GP = "Dr Aisha Patel (GP)"
NURSE = "Siân Evans (District nurse)"
LONG_NOTE = "She manages the stairs with a rail. " * 30 + "\nHer daughter visits on Sundays."


@pytest.fixture
def london(monkeypatch):
    """Local time is UK time, summer time included, whatever the machine says."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def register(db, today, london):
    """Two meetings, three people, changes by the GP, the nurse and the chair; one change made
    at 11:30pm UTC on 1 July (12:30am on 2 July in London)."""
    hood, members, cases = build_team(db, today, people=3)
    monday = plan_meeting(db, hood, dt.date(2026, 11, 16))
    later = plan_meeting(db, hood, dt.date(2026, 11, 30), venue="Reddish Hub")
    item = agenda.add_item(db, "chair", monday, cases[0], "review")
    agenda.add_item(db, "chair", later, cases[1], "review")
    agenda.save_discussion(db, GP, item, {"notes": LONG_NOTE})
    action = actions.add_action(
        db, GP, item, "Book falls clinic", members["District nurse"], dt.date(2026, 12, 1)
    )
    with mock.patch("mdtdesk.core.audit.now", return_value="2026-07-01T23:30:00+00:00"):
        actions.carry_on(db, NURSE, action, dt.date(2026, 12, 24))
    return {"monday": monday, "later": later, "cases": cases, "action": action}


@pytest.fixture
def open_window(qtbot, db_path):
    application()
    conns = []

    def opening() -> AuditWindow:
        conn = connect(db_path, create=False)
        conns.append(conn)
        window = AuditWindow(conn)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        return window

    yield opening
    for conn in conns:
        conn.close()


def on_screen(window) -> list[dict[str, str]]:
    """Each row as the user reads it, by heading."""
    model = window.table.model()
    if window.stack.currentWidget() is not window.table:
        return []
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [
        {h: model.index(r, c).data() for c, h in enumerate(headings)}
        for r in range(model.rowCount())
    ]


def test_it_opens_on_every_change_newest_first_in_plain_words(register, open_window):
    window = open_window()
    rows = on_screen(window)
    assert window.count.text() == f"{len(rows)} changes shown"
    assert len(rows) > 10
    due = next(r for r in rows if r["What"] == "Action: Due")
    assert due["Who"] == NURSE
    assert (due["Old value"], due["New value"]) == ("1 Dec 2026", "24 Dec 2026")
    assert due["When"] == "2 Jul 2026 12:30am"
    assert due["About"] == f"ASHWORTH, Mona · {format_nhs_number(nhs(0))}"
    # The change made on 2 July, though written last, is the oldest.
    assert rows[-1] == due
    assert window.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


def test_a_long_value_shows_on_one_line_with_the_whole_text_in_its_tooltip(register, open_window):
    window = open_window()
    model = window.table.model()
    row = next(
        r for r, shown in enumerate(on_screen(window)) if shown["What"] == "Discussion: Created"
    )
    index = model.index(row, NEW_COLUMN)
    shown = index.data()
    assert "\n" not in shown and shown.startswith("Discussion notes: She manages the stairs")
    assert window.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert window.table.columnWidth(NEW_COLUMN) < window.table.fontMetrics().horizontalAdvance(
        shown
    )
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Her daughter visits on Sundays." in tooltip and tooltip.count("a rail") == 30


def test_choosing_who_made_the_change_narrows_the_list(qtbot, register, open_window):
    window = open_window()
    everything = len(on_screen(window))
    choose(qtbot, window.person, NURSE)
    assert {r["Who"] for r in on_screen(window)} == {NURSE}
    assert window.count.text() == "1 change shown"
    choose(qtbot, window.person, GP)
    assert {r["What"] for r in on_screen(window)} == {"Discussion: Created", "Action: Created"}
    choose(qtbot, window.person, "Everyone")
    assert len(on_screen(window)) == everything


def test_a_case_is_chosen_by_typing_and_picking_a_suggestion(qtbot, register, open_window):
    window = open_window()
    window.case.setFocus()
    type_text(window.case, "ashworth")
    popup = window.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    label = f"ASHWORTH1, Mona · {format_nhs_number(nhs(1))}"
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert offered == [f"ASHWORTH{n or ''}, Mona · {format_nhs_number(nhs(n))}" for n in range(3)]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.case.text() == label
    rows = on_screen(window)
    assert {r["About"] for r in rows} == {label}
    assert {r["What"] for r in rows} >= {
        "Person: Created",
        "Case: Created",
        "Meeting item: Created",
    }
    # Deleting the choice shows every case again.
    qtbot.keyClick(window.case, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.case, Qt.Key.Key_Backspace)
    assert len({r["About"] for r in on_screen(window)}) > 1


def test_a_case_is_found_by_nhs_number_and_enter_takes_the_first_suggestion(
    qtbot, register, open_window
):
    window = open_window()
    window.case.setFocus()
    type_text(window.case, format_nhs_number(nhs(2)))
    qtbot.keyClick(window.case, Qt.Key.Key_Return)
    assert {r["About"] for r in on_screen(window)} == {
        f"ASHWORTH2, Mona · {format_nhs_number(nhs(2))}"
    }
    window.case.selectAll()
    type_text(window.case, "Nobody")
    qtbot.keyClick(window.case, Qt.Key.Key_Return)
    assert window.problem.isVisible()
    assert window.problem.text() == "No one on the register matches “Nobody”."


def test_choosing_a_meeting_shows_its_records_only(qtbot, register, open_window):
    window = open_window()
    choose(qtbot, window.meeting, "30 Nov 2026 2pm · Stockport West")
    assert {(r["What"], r["About"]) for r in on_screen(window)} == {
        ("Meeting: Created", "30 Nov 2026 2pm · Stockport West"),
        ("Meeting item: Created", f"ASHWORTH1, Mona · {format_nhs_number(nhs(1))}"),
    }
    choose(qtbot, window.meeting, "16 Nov 2026 2pm · Stockport West")
    assert "Action: Created" in {r["What"] for r in on_screen(window)}
    assert "ASHWORTH1" not in " ".join(r["About"] for r in on_screen(window))


def test_dates_are_local_days_inclusive_and_read_as_typed(qtbot, register, open_window):
    window = open_window()
    window.from_date.setFocus()
    type_text(window.from_date, "2/7/2026")
    qtbot.keyClick(window.from_date, Qt.Key.Key_Tab)
    assert window.from_date.text() == "02/07/2026"  # shown as it was read
    assert window.to_date.hasFocus()
    type_text(window.to_date, "2 July 2026")
    qtbot.keyClick(window.to_date, Qt.Key.Key_Tab)
    assert [r["What"] for r in on_screen(window)] == ["Action: Due"]
    window.to_date.selectAll()
    window.to_date.setFocus()
    type_text(window.to_date, "01/07/2026")
    qtbot.keyClick(window.to_date, Qt.Key.Key_Tab)
    assert on_screen(window) == []
    assert "The From date is after the To date" in window.empty.text()


def test_a_date_that_is_not_a_date_is_named_and_changes_nothing(qtbot, register, open_window):
    window = open_window()
    before = on_screen(window)
    window.from_date.setFocus()
    type_text(window.from_date, "32/13/2026")
    assert not window.problem.isVisible()  # not while it is being typed
    qtbot.keyClick(window.from_date, Qt.Key.Key_Tab)
    assert window.problem.isVisible()
    assert window.problem.text() == "From: '32/13/2026' is not a real date."
    assert window.from_date.property("invalid") is True
    assert on_screen(window) == before
    window.from_date.setFocus()
    window.from_date.selectAll()
    qtbot.keyClick(window.from_date, Qt.Key.Key_Backspace)
    assert not window.problem.isVisible() and window.from_date.property("invalid") is False


def test_when_nothing_matches_it_says_so_and_clear_filters_shows_everything(
    qtbot, register, open_window
):
    window = open_window()
    everything = len(on_screen(window))
    choose(qtbot, window.person, NURSE)
    choose(qtbot, window.meeting, "30 Nov 2026 2pm · Stockport West")
    assert window.stack.currentWidget() is window.empty
    assert window.empty.text() == (
        "No changes match these filters.\nTo see more, choose “Everyone” or choose “All "
        "meetings”; Clear filters (Alt+R) shows every change."
    )
    assert window.count.text() == "0 changes shown"
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Clea&r filters
    qtbot.waitUntil(lambda: len(on_screen(window)) == everything)  # after the click's animation
    assert window.person.currentText() == "Everyone" and window.meeting.currentText() == (
        "All meetings"
    )


def test_a_new_database_says_nothing_has_changed_yet(db, open_window):
    window = open_window()
    assert window.stack.currentWidget() is window.empty
    assert window.empty.text().startswith("Nothing has been changed yet.")
    assert window.count.text() == "0 changes shown"


def test_it_says_when_more_changes_match_than_are_shown(monkeypatch, register, open_window):
    monkeypatch.setattr(audit_window, "SHOWN", 3)
    window = open_window()
    assert len(on_screen(window)) == 3
    assert window.count.text() == (
        "The newest 3 changes are shown: narrow the filters to see older ones"
    )


def test_enter_in_a_date_box_does_not_clear_the_filters(qtbot, register, open_window):
    window = open_window()
    choose(qtbot, window.person, GP)
    window.from_date.setFocus()
    type_text(window.from_date, "1/1/2026")
    qtbot.keyClick(window.from_date, Qt.Key.Key_Return)
    assert window.person.currentText() == GP and window.isVisible()
    assert window.from_date.text() == "01/01/2026"
