"""The Actions area on a small demo register: filters, colours in words, bulk done, history."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from mdtdesk.core import actions
from mdtdesk.core.actions import ActionFilter
from mdtdesk.core.db import open_database
from mdtdesk.core.demo import build_demo
from mdtdesk.gui.actions_table_model import (
    DUE_SOON,
    DUE_TODAY,
    OVERDUE,
    STATE_ROLE,
    STATUS_COLUMN,
)
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, patients=60, seed=3)
    return path


@pytest.fixture
def win(qtbot, demo_file, tmp_path, settings, fake_prompts):
    """The main window on a fresh copy of the demo, showing the Actions area."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    application()
    db = open_database(path)
    window = MainWindow(db, path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setCurrentRow(window.pages.indexOf(window.actions_page))
    yield window
    window.close()
    db.close()


def _ids(page) -> list[int]:
    return [page.model.action_id(row) for row in range(page.model.rowCount())]


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _choose_rows(page, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(page.model.index(row, 0), flags)
    selection.setCurrentIndex(
        page.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_the_area_lists_open_actions_soonest_due_first(win):
    page = win.actions_page
    assert win.navigation.currentItem().text() == "Actions"
    expected = actions.list_actions(win.db, ActionFilter(status="open"))
    assert _ids(page) == [a["id"] for a in expected]
    assert page.count.text().startswith(f"{len(expected)} actions")
    first = page.model.index(0, 1).data()
    assert ", " in first and first.split(" · ")[1].count(" ") == 2  # NHS number as 999 123 4567


def test_overdue_only_lists_open_actions_past_their_due_date(win, qtbot):
    page = win.actions_page
    qtbot.keyClick(page, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # O&verdue only
    qtbot.waitUntil(page.overdue.isChecked)  # a mnemonic clicks after a short animation
    today = dt.date.today()
    expected = actions.list_actions(win.db, ActionFilter(status="open", overdue_on=today))
    assert expected and _ids(page) == [a["id"] for a in expected]
    for row in range(page.model.rowCount()):
        assert page.model.index(row, 0).data(STATE_ROLE) == OVERDUE
        assert page.model.index(row, 0).data().endswith("(overdue)")  # in words, not only red
        assert page.model.action(row)["due_on"] < today.isoformat()
    assert f"{len(expected)} overdue" in page.count.text()


def test_due_soon_is_said_in_words_and_coloured(win):
    page = win.actions_page
    soon = [r for r in range(page.model.rowCount()) if page.model.state(r) in (DUE_SOON, DUE_TODAY)]
    assert soon, "the demo has actions due within the week"
    index = page.model.index(soon[0], 0)
    assert "(due" in index.data()
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_owner_organisation_and_neighbourhood_filters(win):
    page = win.actions_page
    _choose(page.status, None)  # all statuses
    everything = _ids(page)
    owner_id = page.model.action(0)["owner_id"]
    _choose(page.owner, owner_id)
    assert _ids(page) == [
        a["id"] for a in actions.list_actions(win.db, ActionFilter(owner_id=owner_id))
    ]
    assert {page.model.action(r)["owner_id"] for r in range(page.model.rowCount())} == {owner_id}
    _choose(page.owner, None)
    assert _ids(page) == everything

    organisation = page.organisation.itemData(1)
    _choose(page.organisation, organisation)
    wanted = actions.list_actions(win.db, ActionFilter(organisation_id=organisation))
    assert _ids(page) == [a["id"] for a in wanted] and len(wanted) < len(everything)
    _choose(page.organisation, None)

    hood = page.neighbourhood.itemData(1)
    _choose(page.neighbourhood, hood)
    names = {page.model.action(r)["neighbourhood"] for r in range(page.model.rowCount())}
    assert names == {page.neighbourhood.itemText(1)}


def test_choosing_several_and_pressing_ctrl_d_marks_them_done(win, qtbot):
    page = win.actions_page
    today = dt.date.today()
    # An overdue action moved to today: done today it counts as done on time.
    moved = page.model.action_id(0)
    actions.carry_on(win.db, "test", moved, due_on=today)
    page.refresh()
    done_before, due_before = actions.completion(win.db, today)
    assert page.completion.detail.text().startswith(f"{done_before} of {due_before} actions")

    rows = [page.model.row_of_action(moved), 3, 5]
    chosen = [page.model.action_id(r) for r in rows]
    _choose_rows(page, rows)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

    statuses = {a["id"]: a["status"] for a in actions.list_actions(win.db)}
    assert [statuses[i] for i in chosen] == ["done"] * 3
    assert not set(chosen) & set(_ids(page))  # the list shows open actions: they have gone
    assert win.statusBar().currentMessage().startswith("Marked 3 actions done at ")
    assert actions.completion(win.db, today) == (done_before + 1, due_before)
    percent = round(100 * (done_before + 1) / due_before)
    assert page.completion.headline.text() == f"Decisions completed on time: {percent}%"
    assert page.completion.detail.text().startswith(f"{done_before + 1} of {due_before} actions")


def test_history_shows_who_changed_what(win, qtbot):
    page = win.actions_page
    _choose(page.status, None)  # done actions stay listed
    action_id = next(page.model.action_id(r) for r in range(5) if page.model.state(r) == OVERDUE)
    _choose_rows(page, [page.model.row_of_action(action_id)])
    assert page.history.action_id == action_id
    assert page.history.entries()[0][2].startswith("Raised")
    page.mark_done_button.click()

    assert page.history.action_id == action_id  # still chosen, now done
    today = dt.date.today()
    changes = [(who, what) for when, who, what in page.history.entries() if who == "chair"]
    assert changes == [
        ("chair", "status: open → done"),
        ("chair", f"completed: none → {today.day} {today:%b} {today.year}"),
    ]
    assert page.history.entries()[-1][0].startswith(f"{today.day} {today:%b} {today.year} ")

    page.reopen_button.click()
    assert "status: done → open" in [entry[2] for entry in page.history.entries()]
    assert win.statusBar().currentMessage().startswith("Reopened 1 action at ")


def test_the_history_is_reached_by_keyboard(win, qtbot):
    page = win.actions_page
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # H&istory
    assert page.history.rows.hasFocus()
    assert page.history.rows.topLevelItemCount() >= 1


def test_nothing_open_chosen_changes_nothing(win, qtbot):
    page = win.actions_page
    _choose(page.status, "done")
    before = actions.completion(win.db)
    _choose_rows(page, [0, 1])
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert actions.completion(win.db) == before
    assert "Choose one or more open actions" in win.statusBar().currentMessage()


def test_a_filter_with_no_results_says_why(win):
    page = win.actions_page
    _choose(page.status, "done")
    page.overdue.setChecked(True)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty
    assert "“Overdue only” lists open actions only" in page.empty.text()
    assert page.count.text().startswith("0 actions")
    _choose(page.status, "open")
    assert page.stack.currentWidget() is page.table


def test_tab_goes_through_the_filters_the_list_the_buttons_and_the_history(win, qtbot):
    page = win.actions_page
    page.owner.setFocus()
    seen = []
    for _ in range(9):
        qtbot.keyClick(win.focusWidget(), Qt.Key.Key_Tab)
        seen.append(win.focusWidget())
    assert seen == [
        page.organisation,
        page.neighbourhood,
        page.status,
        page.overdue,
        page.table,
        page.reopen_button,
        page.mark_not_done_button,
        page.mark_done_button,
        page.history.rows,
    ]
    for widget in (page.owner, page.organisation, page.neighbourhood, page.status, page.table):
        assert widget.accessibleName()


def test_sorting_keeps_the_chosen_actions_chosen(win):
    page = win.actions_page
    _choose_rows(page, [0, 2])
    chosen = page.chosen_actions()
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by person
    assert sorted(page.chosen_actions()) == sorted(chosen)
    names = [page.model.action(r)["family_name"].casefold() for r in range(page.model.rowCount())]
    assert names == sorted(names, reverse=True)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # back to soonest due first
    assert _ids(page) == [a["id"] for a in actions.list_actions(win.db, ActionFilter("open"))]


def test_an_open_action_of_a_closed_case_says_so_and_is_settled_here(win, qtbot, fake_prompts):
    """Hazard H-12: an action left open on a case closed before closing asked about its actions
    (older data) comes back to no meeting; the Actions area says so in words, and settles it."""
    page = win.actions_page
    stranded, other = page.model.action(0), page.model.action(1)
    assert other["case_id"] != stranded["case_id"]
    closed = {"status": "closed", "closed_reason": "moved_away", "closed_on": "2026-11-01"}
    win.db["cases"].update(stranded["case_id"], closed)
    page.refresh()
    row = page.model.row_of_action(stranded["id"])
    status = page.model.index(row, STATUS_COLUMN)
    assert status.data() == "Open: case closed"
    assert "its case is closed" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert status.data(Qt.ItemDataRole.FontRole).bold()
    assert page.model.index(page.model.row_of_action(other["id"]), STATUS_COLUMN).data() == "Open"
    assert "1 open on a closed case" in page.count.text()

    # Marked not done, handed over to the team the person moved to.
    _choose_rows(page, [row])
    fake_prompts.choice_answer = "Handed over to another team"
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Mark &not done…
    qtbot.waitUntil(lambda: fake_prompts.shown != [])
    assert fake_prompts.shown[0][:2] == ("choice", "Mark not done")
    qtbot.waitUntil(lambda: stranded["id"] not in _ids(page))
    assert win.db.execute(
        "SELECT status, not_done_reason FROM actions WHERE id = ?", [stranded["id"]]
    ).fetchone() == ("cancelled", "handed_over")
    assert win.statusBar().currentMessage().startswith("Marked 1 action not done at ")
    assert "on a closed case" not in page.count.text()

    # It cannot be reopened: it would be stranded again.
    _choose(page.status, None)
    _choose_rows(page, [page.model.row_of_action(stranded["id"])])
    page.reopen_button.click()
    assert "closed case cannot be reopened" in win.statusBar().currentMessage()
    assert win.db["actions"].get(stranded["id"])["status"] == "cancelled"
