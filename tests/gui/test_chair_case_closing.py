"""Chair mode after a closing that decided the case's open actions (hazard H-12): the matters
arising and the item's actions say what became of each one at once, without moving items, and
what the chair was typing stays and is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.dates import format_table_date
from mdtdesk.core.db import open_database
from mdtdesk.gui.app import application
from mdtdesk.gui.close_case_dialog import TITLE
from mdtdesk.gui.main_window import MainWindow
from mdtdesk.gui.matters_arising_view import NOT_REVIEWED
from tests.gui.conftest import choose, stored, type_text
from tests.gui.modal import when_modal
from tests.helpers import build_team, plan_meeting

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = dt.date.today()  # chair mode works on real dates: due presets, the meeting clock
TYPED = "Moving to her daughter's in Leeds; the GP there takes over"
MORE = ". Letter goes Friday"


def _key(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the window's keyboard focus is."""
    qtbot.keyClick(widget.focusWidget() or widget, key, modifier)


@pytest.fixture
def chair(qtbot, db_path, settings, fake_prompts):
    """Chair mode on a meeting today whose first item is case 0, which has an open action from
    a meeting a fortnight ago (a matter arising) and one raised at this item."""
    application()
    db = open_database(db_path)
    hood, members, cases = build_team(db, TODAY)
    earlier = plan_meeting(db, hood, TODAY - dt.timedelta(days=14))
    first = agenda.add_item(db, "chair", earlier, cases[0], "new_referral")
    arising = actions.add_action(
        db, "chair", first, "Medicines review", members["Pharmacist"], TODAY - dt.timedelta(1)
    )
    agenda.set_item_status(db, "chair", first, "discussed")
    meetings.close_meeting(db, "chair", earlier)
    meeting = plan_meeting(db, hood, TODAY)
    item = agenda.add_item(db, "chair", meeting, cases[0], "review")
    agenda.add_item(db, "chair", meeting, cases[1], "review")
    new = actions.add_action(
        db, "chair", item, "Send the handover letter", members["GP"], TODAY + dt.timedelta(7)
    )
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    chair = window.run_meeting(meeting)
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)
    yield chair, item, arising, new
    if window.chair_window is not None:
        window.chair_window.close()
    window.close()
    db.close()


def _done_then_handed_over(qtbot):
    """In the dialog, by keys: the first action (soonest due) done, the second not done,
    handed over to another team; then Enter closes the case."""

    def act(dialog):
        _key(qtbot, dialog, Qt.Key.Key_Left)  # 1: done
        _key(qtbot, dialog, Qt.Key.Key_Tab)
        _key(qtbot, dialog, Qt.Key.Key_Right)  # 2: not done
        _key(qtbot, dialog, Qt.Key.Key_Tab)
        choose(qtbot, dialog.choices[1].why, "Handed over to another team")
        _key(qtbot, dialog, Qt.Key.Key_Return)

    return act


def test_after_a_closing_decides_the_actions_chair_mode_shows_the_answers_at_once(
    chair, qtbot, db_path
):
    chair, item, arising, new = chair
    assert chair.current == 0
    assert chair.matters.list.item(0).text().endswith(NOT_REVIEWED)
    assert [line.split("\n")[1] for line in chair.actions.shown_actions()] == [
        f"Dr Aisha Patel (GP, Stockport Council) · due {format_table_date(TODAY + dt.timedelta(7))}"
    ]
    # Typing not yet saved when the chair turns to the outcome.
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    notes = chair.discussion.fields["notes"]
    type_text(notes, TYPED)
    assert chair.save_state.text() == "Typing…"
    _key(qtbot, chair, Qt.Key.Key_2, CTRL)  # Actions and outcome
    seen = when_modal(qtbot, _done_then_handed_over(qtbot), TITLE)
    qtbot.keyClick(chair.outcome.close_reason, Qt.Key.Key_Down)  # Goals met
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    assert stored(db_path, "SELECT id, status, not_done_reason FROM actions ORDER BY id") == [
        (arising, "done", None),
        (new, "cancelled", "handed_over"),
    ]

    # Without moving to another item: the matters arising say what the closing made of the
    # earlier action, and the item's own action says it was not done.
    assert chair.current == 0
    assert chair.matters.list.item(0).text().split("\n")[-1] == "Done"
    assert [line.split("\n")[1].split(" · ")[-1] for line in chair.actions.shown_actions()] == [
        "not done"
    ]
    # The discussion was left as it was: every character typed is there, and saved with the
    # characters typed after the closing.
    assert notes.toPlainText() == TYPED
    notes.setFocus()
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    type_text(notes, MORE)
    chair.autosaver.flush()
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=5000)
    assert stored(db_path, "SELECT notes FROM discussions WHERE agenda_item_id = ?", [item]) == [
        (TYPED + MORE,)
    ]
