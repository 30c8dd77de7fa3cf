"""Chair mode's matters arising: earlier actions reviewed with D, C and X."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.db import connect, wrap
from mdtdesk.gui.app import application
from mdtdesk.gui.matters_arising_view import EMPTY, HINT, LOCKED_HINT, MattersArisingView
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def arising(db, db_path):
    """A closed meeting two weeks ago that raised three actions for case 0 (one overdue by
    today), and today's meeting with case 0, case 1 (no actions) and any other business."""
    hood, members, cases = build_team(db, TODAY)
    first = plan_meeting(db, hood, TODAY - dt.timedelta(days=14))
    item = agenda.add_item(db, "chair", first, cases[0], "new_referral")
    agenda.save_discussion(db, "chair", item, {"decision": "Refer to falls clinic"})
    ids = [
        actions.add_action(db, "chair", item, text, members[role], TODAY + dt.timedelta(days=d))
        for text, role, d in (
            ("Phone daughter about the plan", "GP", -3),
            ("Home visit to check the stairs", "District nurse", 3),
            ("Book a medicines review", "Pharmacist", 5),
        )
    ]
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", first)
    today = plan_meeting(db, hood, TODAY)
    items = {
        "mona": agenda.add_item(db, "chair", today, cases[0], "review"),
        "other": agenda.add_item(db, "chair", today, cases[1], "review"),
        "aob": agenda.add_item(db, "chair", today, None, "any_other_business", title="Winter"),
    }
    conn = connect(db_path, create=False)
    yield conn, today, items, ids
    conn.close()


@pytest.fixture
def view(qtbot, arising, fake_prompts):
    application()
    conn, *_ = arising
    widget = MattersArisingView(conn, lambda: wrap(conn), "chair")
    qtbot.addWidget(widget)
    widget.resize(500, 500)
    widget.show()
    return widget


def _show(view, arising, key="mona", reason=None, read_only=False):
    conn, today, items, _ = arising
    item = next(i for i in agenda.items(conn, today) if i["id"] == items[key])
    view.show_item(today, item, reason, read_only)


def _row(view, n):
    return view.list.item(n).text().split("\n")


def _status(conn, action_id):
    return conn.execute("SELECT status FROM actions WHERE id = ?", [action_id]).fetchone()[0]


def _reviews(conn):
    return conn.execute(
        "SELECT action_id, outcome, not_done_reason FROM action_reviews ORDER BY action_id"
    ).fetchall()


def test_the_list_shows_each_action_and_what_is_due(view, arising):
    _show(view, arising)
    assert view.title.text() == "Matters arising (3)" and view.count() == 3
    assert _row(view, 0) == [
        "Phone daughter about the plan",
        "Dr Aisha Patel (GP, Stockport Council) · due 20 Nov 2026 · overdue",
        "Not yet reviewed",
    ]
    assert _row(view, 1)[1] == "Siân Evans (District nurse, Stockport Council) · due 26 Nov 2026"
    assert view.list.item(0).foreground().color().name() == "#d5281b"
    assert view.hint.text() == HINT == "D done · C carried on · X not done"
    assert not view.list.isHidden() and view.empty.isHidden()
    assert view.list.currentRow() == 0


def test_keys_record_what_the_meeting_made_of_each_action(view, arising, qtbot, fake_prompts):
    conn, today, _, ids = arising
    _show(view, arising)
    said = []
    view.saved.connect(said.append)
    view.focus_list()
    qtbot.keyClick(view.list, Qt.Key.Key_D)
    assert _status(conn, ids[0]) == "done"
    # The row updates in place, no longer overdue, and the next unreviewed row is chosen.
    assert _row(view, 0)[2] == "Done" and "overdue" not in _row(view, 0)[1]
    assert view.list.currentRow() == 1
    assert said == ["Matter arising: done"]

    qtbot.keyClick(view.list, Qt.Key.Key_C)
    assert _status(conn, ids[1]) == "open"
    assert _row(view, 1)[2] == "Carried on"
    due = conn.execute("SELECT due_on FROM actions WHERE id = ?", [ids[1]]).fetchone()[0]
    assert due == (TODAY + dt.timedelta(days=3)).isoformat()  # carrying on keeps the date

    fake = fake_prompts
    fake.choice_answer = "Person declined"
    qtbot.keyClick(view.list, Qt.Key.Key_X)
    assert fake.shown[-1][0] == "choice"
    assert _status(conn, ids[2]) == "cancelled"
    assert _row(view, 2)[2] == "Not done: Person declined"
    assert _reviews(conn) == [
        (ids[0], "done", None),
        (ids[1], "carried_on", None),
        (ids[2], "not_done", "person_declined"),
    ]
    assert said[-1] == "Matter arising: not done"
    # Reviewed rows stay on this meeting's list, with what was made of them.
    assert view.count() == 3


def test_not_done_with_the_choice_cancelled_changes_nothing(view, arising, qtbot, fake_prompts):
    conn, *_, ids = arising
    _show(view, arising)
    said = []
    view.saved.connect(said.append)
    fake_prompts.choice_answer = None
    view.focus_list()
    qtbot.keyClick(view.list, Qt.Key.Key_X)
    assert fake_prompts.shown == [("choice", "Not done", fake_prompts.shown[0][2])]
    assert _status(conn, ids[0]) == "open" and _reviews(conn) == []
    assert _row(view, 0)[2] == "Not yet reviewed" and said == []


def test_buttons_act_on_the_selected_row(view, arising, qtbot):
    conn, *_, ids = arising
    _show(view, arising)
    view.list.setCurrentRow(2)
    qtbot.mouseClick(view.carried_button, Qt.MouseButton.LeftButton)
    assert _reviews(conn) == [(ids[2], "carried_on", None)]
    # The next unreviewed row, wrapping round to the top.
    assert view.list.currentRow() == 0
    labels = [b.text() for b in (view.done_button, view.carried_button, view.not_done_button)]
    assert labels == ["Do&ne", "&Carried on", "No&t done…"]
    mnemonics = [t[t.index("&") + 1].lower() for t in labels]
    assert len(set(mnemonics)) == 3


def test_a_closed_meeting_refuses_changes(view, arising, qtbot):
    conn, today, items, ids = arising
    writer = wrap(conn)
    agenda.set_item_status(writer, "chair", items["mona"], "discussed")
    agenda.set_item_status(writer, "chair", items["other"], "discussed")
    agenda.set_item_status(writer, "chair", items["aob"], "discussed")
    meetings.close_meeting(writer, "chair", today)
    _show(view, arising, read_only=True)
    assert view.count() == 3
    assert not view.done_button.isEnabled() and not view.not_done_button.isEnabled()
    assert view.hint.text() == LOCKED_HINT
    view.focus_list()
    qtbot.keyClick(view.list, Qt.Key.Key_D)
    assert _status(conn, ids[0]) == "open" and _reviews(conn) == []


def test_a_refused_change_is_explained_and_the_list_re_read(view, arising, qtbot, fake_prompts):
    conn, today, items, ids = arising
    _show(view, arising)  # shown as open for changes ...
    writer = wrap(conn)
    for item in items.values():
        agenda.set_item_status(writer, "chair", item, "discussed")
    meetings.close_meeting(writer, "chair", today)  # ... but closed meanwhile elsewhere
    view.focus_list()
    qtbot.keyClick(view.list, Qt.Key.Key_D)
    assert fake_prompts.shown[0][:2] == ("error", "Matter arising not recorded")
    assert "closed" in fake_prompts.shown[0][2]
    assert _status(conn, ids[0]) == "open" and _row(view, 0)[2] == "Not yet reviewed"


def test_an_amendment_carries_its_reason_to_the_audit(view, arising, qtbot):
    conn, today, items, ids = arising
    writer = wrap(conn)
    for item in items.values():
        agenda.set_item_status(writer, "chair", item, "discussed")
    meetings.close_meeting(writer, "chair", today)
    _show(view, arising, reason="Typed in error at the meeting")
    view.focus_list()
    qtbot.keyClick(view.list, Qt.Key.Key_D)
    assert _reviews(conn) == [(ids[0], "done", None)]
    reasons = conn.execute(
        "SELECT DISTINCT entity, reason FROM audit WHERE entity IN ('actions', 'action_reviews') "
        "AND reason IS NOT NULL ORDER BY entity"
    ).fetchall()
    assert reasons == [
        ("action_reviews", "Typed in error at the meeting"),
        ("actions", "Typed in error at the meeting"),
    ]


def test_a_case_without_earlier_actions_and_any_other_business_are_empty(view, arising):
    _show(view, arising, "other")
    assert view.count() == 0 and view.title.text() == "Matters arising (0)"
    assert view.empty.text() == EMPTY and not view.empty.isHidden() and view.list.isHidden()
    assert not view.done_button.isEnabled()
    assert view.controls.isHidden() and view.hint.isHidden()
    _show(view, arising)
    assert not view.controls.isHidden() and not view.hint.isHidden()
    assert view.count() == 3
    _show(view, arising, "aob")
    assert view.count() == 0 and not view.empty.isHidden()
    view.focus_list()  # nothing to focus: no error
