"""Hazard H-12 on screen: closing a case with open actions, in chair mode's outcome panel or in the
case form, first asks what became of each action, and saves the answers with the closing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from mdtdesk.core import actions, agenda, audit, meetings
from mdtdesk.core.case_closing import OpenAction
from mdtdesk.core.db import open_database
from mdtdesk.gui.app import application
from mdtdesk.gui.case_form import CaseForm
from mdtdesk.gui.close_case_dialog import TITLE, CloseCaseDialog
from mdtdesk.gui.outcome_panel import KEPT_OPEN, OutcomePanel
from tests.gui.conftest import choose, open_panel, stored
from tests.gui.modal import when_modal
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)
DAY = dt.date(2026, 11, 30)  # the meeting
CHAIR = "Dr Patel"  # open_panel's actor
LONG = (
    "Refer to the community falls prevention service for a strength and balance programme at "
    "home, arrange an occupational therapy assessment of the bathroom and stairs, and ask the "
    "pharmacist to review the sedating medicines that may be adding to her falls risk, before "
    "the next review in four weeks."
)


def _key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the window's keyboard focus is (as the window would receive it
    once active, which an offscreen modal dialog may not yet be)."""
    qtbot.keyClick(window.focusWidget(), key, modifier)


@pytest.fixture
def case_with_action(db, db_path):
    """Case 0 heard at an earlier (closed) meeting that gave Siân Evans an open action, and on
    the agenda of the meeting on DAY."""
    hood, members, cases = build_team(db, TODAY)
    earlier = plan_meeting(db, hood, TODAY - dt.timedelta(days=14))
    first = agenda.add_item(db, "chair", earlier, cases[0], "new_referral")
    action = actions.add_action(
        db, "chair", first, "Home visit", members["District nurse"], TODAY + dt.timedelta(days=3)
    )
    agenda.set_item_status(db, "chair", first, "discussed")
    meetings.close_meeting(db, "chair", earlier)
    meeting = plan_meeting(db, hood, DAY)
    agenda.add_item(db, "chair", meeting, cases[0], "review")
    return db, meeting, cases[0], action


def _decide_not_done_no_longer_needed(qtbot, said: list):
    """In the dialog: Not done, then why, by keys; note what the Close button said on the way."""

    def act(dialog):
        said.append(dialog.close_button.isEnabled())
        _key(qtbot, dialog, Qt.Key.Key_Right)  # Not done
        said.append(dialog.close_button.isEnabled())  # a reason is still missing
        _key(qtbot, dialog, Qt.Key.Key_Tab)
        choose(qtbot, dialog.choices[0].why, "No longer needed")
        said.append(dialog.close_button.isEnabled())
        said.append(dialog.progress.text())
        _key(qtbot, dialog, Qt.Key.Key_Return)

    return act


def test_closing_in_chair_mode_asks_what_became_of_the_open_action_and_saves_both(
    qtbot, case_with_action, db_path, fake_prompts
):
    db, meeting, case_id, action = case_with_action
    panel, conn, _, said = open_panel(qtbot, db_path, OutcomePanel, meeting, (900, 300))
    decided: list = []
    panel.actions_decided.connect(lambda: decided.append(True))
    try:
        noticed: list = []
        seen = when_modal(qtbot, _decide_not_done_no_longer_needed(qtbot, noticed), TITLE)
        qtbot.keyClick(panel.close_reason, Qt.Key.Key_Down)  # Goals met
        assert seen and seen[0].result() == QDialog.DialogCode.Accepted
        assert noticed[:3] == [False, False, True]
        assert noticed[3].startswith("Every action has a decision")
        # The dialog stood for the confirmation: nothing else was asked.
        assert fake_prompts.shown == []
        assert stored(
            db_path, "SELECT status, closed_reason, closed_on FROM cases WHERE id = ?", [case_id]
        ) == [("closed", "goals_met", DAY.isoformat())]
        assert stored(
            db_path, "SELECT status, not_done_reason FROM actions WHERE id = ?", [action]
        ) == [("cancelled", "no_longer_needed")]
        assert stored(
            db_path,
            "SELECT outcome, not_done_reason FROM action_reviews WHERE action_id = ? "
            "AND meeting_id = ?",
            [action, meeting],
        ) == [("not_done", "no_longer_needed")]
        assert audit.history(db, "actions", action)[-1]["actor"] == CHAIR
        assert panel.close_case.isChecked()
        assert panel.result.text() == "Saved: case closed (Goals met). 1 action not done"
        assert said == ["Case closed"] and decided == [True]  # for panels showing the actions
    finally:
        conn.close()


def test_cancelling_in_chair_mode_changes_nothing_and_shows_the_outcome_as_saved(
    qtbot, case_with_action, db_path, fake_prompts
):
    db, meeting, case_id, action = case_with_action
    item = agenda.items(db, meeting)[0]["id"]
    agenda.set_outcome(db, "chair", item, next_review_on=DAY + dt.timedelta(weeks=4))
    panel, conn, _, said = open_panel(qtbot, db_path, OutcomePanel, meeting, (900, 300))
    try:
        before = stored(db_path, "SELECT count(*) FROM audit")
        seen = when_modal(qtbot, lambda dialog: _key(qtbot, dialog, Qt.Key.Key_Escape), TITLE)
        qtbot.keyClick(panel.close_reason, Qt.Key.Key_Down)  # Goals met
        assert seen and seen[0].result() == QDialog.DialogCode.Rejected
        assert stored(db_path, "SELECT count(*) FROM audit") == before
        assert stored(
            db_path, "SELECT status, next_review_on FROM cases WHERE id = ?", [case_id]
        ) == [("active", "2026-12-28")]
        assert stored(db_path, "SELECT status FROM actions WHERE id = ?", [action]) == [("open",)]
        # The panel shows what the database holds: the review, not a closing.
        assert panel.review.isChecked() and not panel.close_case.isChecked()
        assert panel.close_reason.currentData() is None
        assert panel.review_date.text() == "28/12/2026"
        assert panel.result.text() == KEPT_OPEN and said == []
    finally:
        conn.close()


def test_cancelling_with_no_outcome_yet_leaves_none_chosen(
    qtbot, case_with_action, db_path, fake_prompts
):
    _, meeting, case_id, _ = case_with_action
    panel, conn, _, _ = open_panel(qtbot, db_path, OutcomePanel, meeting, (900, 300))
    try:
        when_modal(qtbot, lambda dialog: dialog.cancel_button.click(), TITLE)
        qtbot.keyClick(panel.close_reason, Qt.Key.Key_Down)
        assert not panel.review.isChecked() and not panel.close_case.isChecked()
        assert stored(db_path, "SELECT status FROM cases WHERE id = ?", [case_id]) == [("active",)]
    finally:
        conn.close()


@pytest.fixture
def form(qtbot, case_with_action, db_path, fake_prompts):
    """The case form on case 0, showing its Case tab, as the chair would open it."""
    _, _, case_id, action = case_with_action
    application()
    writer = open_database(db_path)
    form = CaseForm(writer, CHAIR, case_id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.ui.tabs.setCurrentIndex(2)
    yield form, case_id, action
    form.done(0)
    writer.close()


def test_closing_in_the_case_form_asks_what_became_of_the_open_action_and_saves_both(
    qtbot, form, db_path
):
    form, case_id, action = form
    choose(qtbot, form.ui.status, "Closed")
    choose(qtbot, form.ui.closed_reason, "Moved away")
    noticed: list = []
    seen = when_modal(qtbot, _decide_not_done_no_longer_needed(qtbot, noticed), TITLE)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert seen and noticed[:3] == [False, False, True]
    assert not form.isVisible()  # saved and closed
    assert stored(db_path, "SELECT status, closed_reason FROM cases WHERE id = ?", [case_id]) == [
        ("closed", "moved_away")
    ]
    assert stored(
        db_path, "SELECT status, not_done_reason FROM actions WHERE id = ?", [action]
    ) == [("cancelled", "no_longer_needed")]
    assert stored(
        db_path,
        "SELECT actor FROM audit WHERE entity = 'actions' AND entity_id = ? AND field = 'status'",
        [action],
    ) == [(CHAIR,)]


def test_cancelling_in_the_case_form_keeps_the_case_open_and_the_form_with_the_typing(
    qtbot, form, db_path
):
    form, case_id, action = form
    form.ui.phone.setText("0161 496 0123")
    choose(qtbot, form.ui.status, "Closed")
    choose(qtbot, form.ui.closed_reason, "Died")
    before = stored(db_path, "SELECT count(*) FROM audit")
    when_modal(qtbot, lambda dialog: _key(qtbot, dialog, Qt.Key.Key_Escape), TITLE)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()
    assert stored(db_path, "SELECT count(*) FROM audit") == before
    assert stored(db_path, "SELECT status FROM cases WHERE id = ?", [case_id]) == [("active",)]
    assert stored(db_path, "SELECT status FROM actions WHERE id = ?", [action]) == [("open",)]
    # The form shows the case as it is saved, says why, and keeps the rest of the typing.
    assert form.ui.status.currentData() == "active"
    assert not form.ui.closed_reason.isEnabled()
    assert form.ui.form_problem.isVisible()
    assert form.ui.form_problem.text().startswith("The case was not closed")
    assert form.ui.phone.text() == "0161 496 0123"
    assert form.ui.status is form.focusWidget()


def _several() -> list[OpenAction]:
    return [
        OpenAction(
            1,
            LONG,
            "Siân Évans-Łukaszewicz",
            "District nurse",
            "Stockport NHS Foundation Trust",
            TODAY - dt.timedelta(days=3),
            "high",
        ),
        OpenAction(2, "Home visit", "Dr Aisha Patel", "GP", None, TODAY, "normal"),
        OpenAction(3, "Benefits check", None, None, None, None, "low"),
    ]


def test_close_waits_for_every_decision_and_the_keyboard_reaches_every_answer(qtbot):
    application()
    dialog = CloseCaseDialog(_several(), "Łukasz Wójcik", "Moved away", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.resize(720, 600)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # mnemonics (Alt+C) reach an active window only
    first, second, third = dialog.choices
    assert dialog.windowTitle() == TITLE
    assert first.done is dialog.focusWidget() and not dialog.close_button.isEnabled()
    assert dialog.progress.text().startswith("0 of 3 decided")
    # Every word of a long description is shown, wrapped; owner and due date are in words.
    text = first.findChild(type(dialog.progress), "close_action_text")
    assert text.text() == LONG and text.wordWrap()
    assert text.height() >= text.heightForWidth(text.width())
    assert text.width() <= dialog.scroll.viewport().width()
    details = [label.text() for label in first.findChildren(type(text)) if label is not text]
    assert (
        "Siân Évans-Łukaszewicz, District nurse, Stockport NHS Foundation Trust · due "
        "20 November 2026, overdue" in details
    )
    assert "No owner · no due date" in [label.text() for label in third.findChildren(type(text))]

    _key(qtbot, dialog, Qt.Key.Key_Right)  # 1: not done
    assert first.not_done.isChecked() and first.not_done is dialog.focusWidget()
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert first.why is dialog.focusWidget()
    choose(qtbot, first.why, "Handed over to another team")
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert second.done is dialog.focusWidget()
    _key(qtbot, dialog, Qt.Key.Key_Left)  # 2: done
    assert dialog.progress.text().startswith("2 of 3 decided")
    _key(qtbot, dialog, Qt.Key.Key_Return)  # not yet: Close is still disabled
    assert dialog.isVisible() and not dialog.close_button.isEnabled()
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert third.done is dialog.focusWidget()
    _key(qtbot, dialog, Qt.Key.Key_Space)  # 3: done
    assert dialog.close_button.isEnabled()
    # Changing one's mind back to "not done" without a reason takes Close away again.
    _key(qtbot, dialog, Qt.Key.Key_Down)
    assert third.not_done.isChecked() and not dialog.close_button.isEnabled()
    _key(qtbot, dialog, Qt.Key.Key_Up)
    assert [d.outcome for d in dialog.decisions()] == ["not_done", "done", "done"]
    assert dialog.decisions()[0].not_done_reason == "handed_over"
    _key(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.close_button is dialog.focusWidget()
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Close the case
    # A mnemonic clicks after the button's short press animation.
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    for choice in dialog.choices:
        for widget in (choice.done, choice.not_done, choice.why):
            assert widget.accessibleName().startswith("Action ")


def test_the_dialog_fits_a_laptop_screen_and_scrolls_rather_than_clips(qtbot):
    application()
    # One action: all of it in view, with no needless scroll bar.
    letter = OpenAction(
        4, "Send the handover letter to the new GP practice", "Joe Wright", "Care coordinator",
        "Stockport Council", DAY, "normal",
    )  # fmt: skip
    one = CloseCaseDialog([letter], "Mona Ashworth", "Moved away", today=TODAY)
    qtbot.addWidget(one)
    one.show()
    qtbot.waitExposed(one)
    assert one.scroll.verticalScrollBar().maximum() == 0
    assert one.choices[0].height() <= one.scroll.viewport().height()
    many = _several() * 4
    dialog = CloseCaseDialog(many, "Mona Ashworth", "Moved into long-term care", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()
    assert dialog.close_button.isVisible() and dialog.cancel_button.isVisible()
    assert dialog.scroll.verticalScrollBar().maximum() > 0  # the list scrolls
    last = dialog.choices[-1]
    last.done.setFocus(Qt.FocusReason.TabFocusReason)
    dialog.scroll.ensureWidgetVisible(last.done)
    qtbot.wait(10)
    spot = last.done.mapTo(dialog.scroll.viewport(), last.done.rect().center())
    assert dialog.scroll.viewport().rect().contains(spot)
