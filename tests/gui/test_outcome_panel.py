"""Chair mode's outcome: review again on a date, or close the case with a reason, saved at once."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda, audit, meetings
from mdtdesk.gui.outcome_panel import NO_OUTCOME, OutcomePanel, add_months
from tests.gui.conftest import open_panel
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)
DAY = dt.date(2026, 11, 30)  # the meeting
ENTER = Qt.Key.Key_Return


@pytest.fixture
def chair(qtbot, db, db_path, fake_prompts):
    """The panel on a case's item of a meeting; also an 'any other business' item."""
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, DAY)
    agenda.add_item(db, "chair", meeting, cases[0], "review")
    agenda.add_item(db, "chair", meeting, None, "any_other_business", title="Room booking")
    panel, conn, rows, said = open_panel(qtbot, db_path, OutcomePanel, meeting, (900, 300))
    yield panel, db, meeting, rows, cases[0], said
    conn.close()


def _case(db, case_id):
    return db["cases"].get(case_id)


def _retype(qtbot, field, text):
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, ENTER)


def test_without_an_outcome_nothing_is_chosen_and_a_date_is_suggested(chair):
    panel, *_ = chair
    assert not panel.review.isChecked() and not panel.close_case.isChecked()
    assert panel.hint.text() == NO_OUTCOME and panel.hint.isVisible()
    assert panel.review_date.text() == "25/01/2027"  # eight weeks on from the meeting
    assert panel.close_reason.currentData() is None


def test_a_typed_review_date_is_saved_on_the_case(chair, qtbot):
    panel, db, meeting, _, case_id, said = chair
    _retype(qtbot, panel.review_date, "21/12/2026")
    assert _case(db, case_id)["next_review_on"] == "2026-12-21"
    assert agenda.items(db, meeting)[0]["next_review_on"] == "2026-12-21"
    assert panel.review.isChecked() and panel.hint.isHidden()
    assert panel.result.text() == "Saved: review on 21 December 2026"
    assert said == ["Review date saved"]


def test_quick_buttons_count_from_the_meeting(chair, qtbot):
    panel, db, _, _, case_id, said = chair
    qtbot.mouseClick(panel.in_4_weeks, Qt.MouseButton.LeftButton)
    assert _case(db, case_id)["next_review_on"] == "2026-12-28"
    qtbot.mouseClick(panel.in_3_months, Qt.MouseButton.LeftButton)
    assert _case(db, case_id)["next_review_on"] == "2027-02-28"
    assert panel.review_date.text() == "28/02/2027" and len(said) == 2
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_choosing_review_saves_the_suggested_date(chair, qtbot):
    panel, db, _, _, case_id, _ = chair
    qtbot.mouseClick(panel.review, Qt.MouseButton.LeftButton)
    assert _case(db, case_id)["next_review_on"] == "2027-01-25"
    assert panel.review_date.hasFocus()


def test_closing_asks_first_and_records_the_reason(chair, qtbot, fake_prompts):
    panel, db, _, _, case_id, said = chair
    qtbot.keyClick(panel.close_reason, Qt.Key.Key_Down)  # Goals met
    [(kind, title, text)] = fake_prompts.shown
    assert (kind, title) == ("confirm", "Close the case")
    assert text.startswith("Close Mona Ashworth's case (Goals met)?")
    case = _case(db, case_id)
    assert (case["status"], case["closed_reason"], case["closed_on"]) == (
        "closed",
        "goals_met",
        DAY.isoformat(),
    )
    assert panel.close_case.isChecked() and not panel.review.isChecked()
    assert panel.result.text() == "Saved: case closed (Goals met)" and said == ["Case closed"]

    # Another reason for a case this item closed is not asked again; a review reopens it.
    qtbot.keyClick(panel.close_reason, Qt.Key.Key_Down)
    assert _case(db, case_id)["closed_reason"] == "moved_away" and len(fake_prompts.shown) == 1
    _retype(qtbot, panel.review_date, "4/1/2027")
    case = _case(db, case_id)
    assert (case["status"], case["next_review_on"]) == ("active", "2027-01-04")


def test_close_without_a_reason_asks_for_one(chair, qtbot, fake_prompts):
    panel, db, _, _, case_id, said = chair
    qtbot.mouseClick(panel.close_case, Qt.MouseButton.LeftButton)
    assert panel.problem.text() == "Choose why the case is closing." and panel.problem.isVisible()
    assert fake_prompts.shown == [] and said == []
    assert _case(db, case_id)["status"] != "closed"
    panel.close_reason.hidePopup()


def test_declining_to_close_changes_nothing(chair, qtbot, fake_prompts):
    panel, db, _, _, case_id, said = chair
    before = _case(db, case_id)
    fake_prompts.confirm_answer = False
    qtbot.keyClick(panel.close_reason, Qt.Key.Key_Down)
    assert len(fake_prompts.shown) == 1
    assert _case(db, case_id) == before and said == []
    assert not panel.close_case.isChecked() and not panel.review.isChecked()
    assert panel.close_reason.currentData() is None


def test_a_date_before_the_meeting_shows_the_cores_message(chair, qtbot):
    panel, db, _, _, case_id, said = chair
    before = _case(db, case_id)
    _retype(qtbot, panel.review_date, "1/11/2026")
    assert panel.problem.text() == "The next review must be after the meeting."
    assert panel.review_date.property("invalid") is True
    assert panel.review_date.text() == "1/11/2026"  # kept, to be corrected
    assert not panel.review.isChecked() and _case(db, case_id) == before and said == []
    _retype(qtbot, panel.review_date, "not a date")
    assert "is not a date" in panel.problem.text() and _case(db, case_id) == before
    _retype(qtbot, panel.review_date, "14/12/2026")
    assert panel.problem.isHidden() and panel.review_date.property("invalid") is False


def test_any_other_business_has_no_outcome(chair):
    panel, _, meeting, rows, *_ = chair
    panel.show_item(meeting, rows[1], None, False)
    assert not panel.review.isEnabled() and not panel.close_reason.isEnabled()
    assert "no outcome" in panel.hint.text()
    panel.show_item(meeting, None, None, False)
    assert not panel.review_date.isEnabled()


def test_a_closed_meeting_is_read_only_and_amended_with_a_reason(chair, qtbot):
    panel, db, meeting, rows, case_id, said = chair
    for row in rows:
        agenda.set_item_status(db, "chair", row["id"], "discussed")
    meetings.close_meeting(db, "chair", meeting)
    panel.show_item(meeting, rows[0], None, True)
    assert not panel.review.isEnabled() and not panel.review_date.isEnabled()

    panel.show_item(meeting, rows[0], "Wrong date typed in the meeting", False)
    _retype(qtbot, panel.review_date, "7/12/2026")
    assert _case(db, case_id)["next_review_on"] == "2026-12-07" and said == ["Review date saved"]
    change = audit.history(db, "cases", case_id)[-1]
    assert (change["field"], change["reason"]) == (
        "next_review_on",
        "Wrong date typed in the meeting",
    )


def test_a_case_closed_elsewhere_cannot_be_changed_here(chair, db):
    panel, _, meeting, rows, case_id, _ = chair
    hood = db["meetings"].get(meeting)["neighbourhood_id"]
    later = plan_meeting(db, hood, DAY + dt.timedelta(weeks=2))
    item = agenda.add_item(db, "chair", later, case_id, "review")
    agenda.set_outcome(db, "chair", item, close_reason="died")
    panel.show_item(meeting, rows[0], None, False)
    assert "closed elsewhere (Died)" in panel.hint.text()
    assert not panel.review.isEnabled() and not panel.close_reason.isEnabled()
