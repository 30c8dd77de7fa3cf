"""Chair mode's fast actions: what, who by part of a name, when by preset or date, Enter adds."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.gui.action_entry import EMPTY, NO_CASE, ActionEntry, find_owner
from tests.gui.conftest import open_panel, type_text
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)
DAY = dt.date(2026, 11, 30)  # the meeting
ENTER = Qt.Key.Key_Return


@pytest.fixture
def chair(qtbot, db, db_path, fake_prompts):
    """The panel on a case's item of a meeting, with the next meeting planned three weeks on."""
    hood, members, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, DAY)
    plan_meeting(db, hood, DAY + dt.timedelta(weeks=3))
    agenda.add_item(db, "chair", meeting, cases[0], "review")
    agenda.add_item(db, "chair", meeting, None, "any_other_business", title="Room booking")
    panel, conn, rows, said = open_panel(qtbot, db_path, ActionEntry, meeting, (900, 400))
    yield panel, conn, meeting, rows, members, said
    conn.close()


def _raised(conn, item_id):
    return actions.raised_at(conn, item_id)


def _type_row(qtbot, panel, what: str, who: str) -> None:
    qtbot.keyClicks(panel.what, what)
    qtbot.keyClicks(panel.who, who)


def test_typing_part_of_a_name_picks_the_member_and_enter_adds(chair, qtbot):
    panel, conn, _, rows, members, said = chair
    assert panel.empty.text() == EMPTY and panel.empty.isVisible()
    panel.focus_new_action()
    assert panel.what.hasFocus()
    _type_row(qtbot, panel, "Phone her daughter", "kersh")
    qtbot.keyClick(panel.who, ENTER)

    [action] = _raised(conn, rows[0]["id"])
    assert action["description"] == "Phone her daughter"
    assert action["owner_id"] == members["Social worker"]
    assert action["due_on"] == "2026-12-07" and action["priority"] == "normal"
    assert said == ["Action added"]
    assert panel.problem.isHidden()
    # The row is ready for the next one; the list shows what was added, owner and due date.
    assert panel.what.text() == panel.who.text() == "" and panel.what.hasFocus()
    assert panel.shown_actions() == [
        "Phone her daughter\nTom Kershaw (Social worker, Stockport Council) · due 7 Dec 2026"
    ]
    assert panel.empty.isHidden()


def test_the_completer_lists_name_role_and_organisation(chair, qtbot):
    panel, *_ = chair
    qtbot.keyClicks(panel.who, "kersh")
    model = panel.completer.completionModel()
    shown = [model.index(n, 0).data() for n in range(model.rowCount())]
    assert shown == ["Tom Kershaw, Social worker, Stockport Council"]


def test_an_ambiguous_name_is_refused_with_the_names_it_matches(chair, qtbot):
    panel, conn, _, rows, _, said = chair
    _type_row(qtbot, panel, "Home visit", "a")
    qtbot.keyClick(panel.what, ENTER)
    text = panel.problem.text()
    assert panel.problem.isVisible() and "Type more of the name" in text
    for name in ("Dr Aisha Patel", "Siân Evans", "Tom Kershaw", "Mary O'Brien"):
        assert name in text
    assert "Joe Wright" not in text
    assert _raised(conn, rows[0]["id"]) == [] and said == []
    assert (panel.what.text(), panel.who.text()) == ("Home visit", "a")
    assert panel.who.property("invalid") is True and panel.who.hasFocus()


def test_an_unknown_name_and_an_empty_description_are_refused_inline(chair, qtbot):
    panel, conn, _, rows, _, said = chair
    qtbot.keyClicks(panel.who, "Zebedee")
    qtbot.keyClick(panel.who, ENTER)
    assert "Say what is to be done." in panel.problem.text()
    assert "No member matches 'Zebedee'" in panel.problem.text()
    assert panel.what.hasFocus()
    assert _raised(conn, rows[0]["id"]) == [] and said == []


def test_names_match_without_accents_and_by_role():
    members = [(1, "Siân Evans", "District nurse", ""), (2, "Mary O'Brien", "Pharmacist", "")]
    assert find_owner(members, "sian") == (1, None)
    assert find_owner(members, "pharmacist") == (2, None)
    assert find_owner(members, "Siân Evans, District nurse") == (1, None)
    assert find_owner(members, "  ")[1].startswith("Say who")


def test_presets_give_the_meetings_dates(chair, qtbot):
    panel, conn, _, rows, _, _ = chair
    labels = [panel.due.itemText(n) for n in range(panel.due.count())]
    assert labels == ["1 week (7 Dec)", "2 weeks (14 Dec)", "Next meeting (21 Dec)", "Date…"]
    assert not panel.due_date.isEnabled()
    panel.due.setCurrentIndex(2)
    panel.priority.setCurrentIndex(panel.priority.findData("high"))
    _type_row(qtbot, panel, "Review medicines", "O'Brien")
    qtbot.keyClick(panel.priority, ENTER)  # Enter in any field of the row adds
    [action] = _raised(conn, rows[0]["id"])
    assert (action["due_on"], action["priority"]) == ("2026-12-21", "high")
    assert panel.shown_actions()[0].endswith("due 21 Dec 2026 · High priority")
    # The due preset and the priority are kept for the next action.
    assert panel.due.currentIndex() == 2 and panel.priority.currentData() == "high"


def test_a_typed_date_is_read_the_uk_way(chair, qtbot):
    panel, conn, _, rows, _, said = chair
    panel.due.setCurrentIndex(panel.due.count() - 1)
    assert panel.due_date.isEnabled()
    qtbot.keyClicks(panel.what, "Falls assessment")
    type_text(panel.who, "Siân")  # QTest types ASCII only
    qtbot.keyClicks(panel.due_date, "31/02/2026")
    qtbot.keyClick(panel.due_date, ENTER)
    assert "not a real date" in panel.problem.text() and said == []
    assert panel.due_date.property("invalid") is True
    panel.due_date.clear()
    qtbot.keyClicks(panel.due_date, "3/12/2026")
    qtbot.keyClick(panel.due_date, ENTER)
    [action] = _raised(conn, rows[0]["id"])
    assert action["due_on"] == "2026-12-03" and said == ["Action added"]
    assert panel.due_date.text() == "3/12/2026"  # kept with its preset


def test_the_add_button_adds_too(chair, qtbot):
    panel, conn, _, rows, members, _ = chair
    _type_row(qtbot, panel, "Carer's assessment", "joe")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    [action] = _raised(conn, rows[0]["id"])
    assert action["owner_id"] == members["Care coordinator"]


def test_any_other_business_has_no_actions(chair, qtbot):
    panel, conn, meeting, rows, _, _ = chair
    qtbot.keyClicks(panel.what, "Half-typed")
    panel.show_item(meeting, rows[1], None, False)
    assert not panel.row.isEnabled() and not panel.what.isEnabled()
    assert panel.empty.text() == NO_CASE and panel.empty.isVisible()
    assert panel.raised.isHidden()
    assert panel.what.text() == ""  # typing belonged to the other item
    panel.show_item(meeting, rows[0], None, False)
    assert panel.row.isEnabled() and panel.empty.text() == EMPTY


def test_a_closed_meeting_is_read_only_until_amended(chair, db, qtbot):
    panel, conn, meeting, rows, members, _ = chair
    actions.add_action(db, "chair", rows[0]["id"], "Home visit", members["GP"], DAY)
    for row in rows:
        agenda.set_item_status(db, "chair", row["id"], "discussed")
    meetings.close_meeting(db, "chair", meeting)
    panel.show_item(meeting, rows[0], None, True)
    assert not panel.what.isEnabled() and not panel.add_button.isEnabled()
    assert len(panel.shown_actions()) == 1 and not panel.add()
    # An amendment adds the action that was missed, and the audit keeps why.
    panel.show_item(meeting, rows[0], "Action was missed", False)
    assert panel.row.isEnabled()
    _type_row(qtbot, panel, "Blister pack", "kersh")
    assert panel.add()
    assert len(panel.shown_actions()) == 2
    reasons = conn.execute(
        "SELECT DISTINCT reason FROM audit WHERE entity = 'actions' AND reason IS NOT NULL"
    ).fetchall()
    assert reasons == [("Action was missed",)]


def test_enter_in_the_name_popup_takes_a_highlighted_name_else_adds(chair, qtbot):
    panel, conn, _, rows, members, said = chair
    _type_row(qtbot, panel, "Blister pack", "bri")
    popup = panel.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    popup.setCurrentIndex(panel.completer.completionModel().index(0, 0))
    qtbot.keyClick(popup, ENTER)
    assert panel.who.text() == "Mary O'Brien, Pharmacist, Stockport Council"
    assert _raised(conn, rows[0]["id"]) == []
    qtbot.keyClick(panel.who, ENTER)
    assert [a["owner_id"] for a in _raised(conn, rows[0]["id"])] == [members["Pharmacist"]]

    # Typed and not chosen, Enter adds with the one member the letters fit.
    _type_row(qtbot, panel, "Home visit", "evan")
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, ENTER)
    assert [a["owner_id"] for a in _raised(conn, rows[0]["id"])][-1] == members["District nurse"]
    assert not popup.isVisible() and said == ["Action added", "Action added"]
