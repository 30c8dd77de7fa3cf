"""Preparing a meeting: create it, record who came, build the agenda from the suggestions."""

import datetime as dt
import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda, meetings
from mdtdesk.core.db import open_database
from mdtdesk.core.demo import build_demo
from mdtdesk.core.meetings import QuorumRule
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from mdtdesk.gui.meetings_page import MeetingsPage
from tests.gui.conftest import choose, stored
from tests.helpers import build_team, plan_meeting


@pytest.fixture
def demo_window(qtbot, tmp_path, settings, fake_prompts):
    path = tmp_path / "demo.db"
    build_demo(path, patients=80, seed=4)
    db = open_database(path)
    window = MainWindow(db, path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    db.close()


def _go_to_meetings(window, qtbot):
    index = [window.navigation.item(i).text() for i in range(window.navigation.count())].index(
        "Meetings"
    )
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.AltModifier)
    assert window.pages.currentWidget() is window.meetings
    return window.meetings


def test_a_new_meeting_is_made_from_the_keyboard_and_selected(demo_window, qtbot):
    page = _go_to_meetings(demo_window, qtbot)
    before = page.list.count()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = demo_window.meeting_form
    qtbot.waitUntil(form.isVisible)
    form.neighbourhood.setCurrentIndex(1)
    qtbot.keyClicks(form.date, "14/12/2026")
    qtbot.keyClicks(form.time, "2:30pm")
    qtbot.keyClicks(form.venue, "Heaton Moor Community Hub")
    assert form.save()
    assert page.list.count() == before + 1
    assert "14 December 2026, 2:30pm" in page.heading.text()
    assert "Draft" in page.heading.text()


def test_a_bad_time_is_explained_and_nothing_saved(demo_window, qtbot):
    page = _go_to_meetings(demo_window, qtbot)
    before = page.list.count()
    page.newMeeting.emit()
    form = demo_window.meeting_form
    form.neighbourhood.setCurrentIndex(1)
    qtbot.keyClicks(form.date, "14/12/2026")
    qtbot.keyClicks(form.time, "half two")
    qtbot.keyClicks(form.venue, "Hub")
    assert not form.save()
    assert "2:30pm or 14:30" in form.problem.text()
    assert page.list.count() == before


def test_attendance_updates_the_quorum_as_it_is_recorded(demo_window, qtbot):
    page = _go_to_meetings(demo_window, qtbot)
    draft = next(m for m in meetings.list_meetings(demo_window.db) if m["status"] == "draft")
    page.reload(select=draft["id"])
    assert page.quorum.text().startswith("Not quorate")
    for row in range(page.attendance.rowCount()):
        combo = page.attendance.cellWidget(row, 3)
        combo.setCurrentIndex(combo.findData("present"))
    assert page.quorum.text().startswith("Quorate")
    assert meetings.quorum(demo_window.db, draft["id"]).quorate


def test_suggestions_go_on_the_agenda_and_reorder_from_the_keyboard(
    demo_window, qtbot, fake_prompts
):
    from mdtdesk.core import lookups

    page = _go_to_meetings(demo_window, qtbot)
    db = demo_window.db
    when = dt.datetime.combine(dt.date.today() + dt.timedelta(days=21), dt.time(10, 0))
    # A meeting for a neighbourhood with cases to suggest (the demo's draft already has its own).
    for hood, _ in lookups.neighbourhoods(db):
        meeting_id = meetings.save_meeting(
            db, "chair", meetings.Meeting(neighbourhood_id=hood, starts_at=when, venue="Hub")
        )
        if agenda.suggestions(db, meeting_id):
            break
    draft = {"id": meeting_id}
    page.reload(select=meeting_id)
    page.tabs.setCurrentIndex(1)
    agenda.add_item(db, "chair", meeting_id, None, "any_other_business", title="Winter plan")
    page.reload(select=meeting_id)
    items_before = page.agenda.count()
    assert page.suggested.count() > 0
    first_suggestion = page.suggested.item(0).text()
    page.suggested.setFocus()
    page.suggested.setCurrentRow(0)
    fake_prompts.text_answer = "Safeguarding concern raised by the GP"
    qtbot.keyClick(page.suggested, Qt.Key.Key_Return)
    assert page.agenda.count() == items_before + 1
    assert first_suggestion.splitlines()[0] in page.agenda.item(items_before).text()
    # Move the new item to the top with Alt+Up, one step at a time.
    page.agenda.setFocus()
    page.agenda.setCurrentRow(items_before)
    for _ in range(items_before):
        qtbot.keyClick(page.agenda, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    stored = agenda.items(demo_window.db, draft["id"])
    assert (
        first_suggestion.splitlines()[0].split(",")[0].title() in stored[0]["family_name"].title()
    )
    assert [row["position"] for row in stored] == list(range(1, len(stored) + 1))
    assert "Planned" in page.planned.text()


# -- deputies, closing and amendments, on a small team of five --------------------------------


@pytest.fixture
def team_page(qtbot, db_path, settings, fake_prompts, today):
    """The Meetings page on a draft meeting with three cases on its agenda; the team needs a GP,
    a social worker and three people present."""
    application()
    db = open_database(db_path)
    hood, members, cases = build_team(db, today)
    meetings.set_quorum_rule(db, "chair", QuorumRule(("GP", "Social worker"), 3))
    meeting_id = plan_meeting(db, hood, today + dt.timedelta(days=7))
    items = [agenda.add_item(db, "chair", meeting_id, case, "review") for case in cases[:3]]
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setCurrentRow(2)
    page = window.meetings
    page.reload(select=meeting_id)
    yield SimpleNamespace(
        window=window, page=page, db=db, path=db_path, meeting=meeting_id, members=members,
        items=items,
    )  # fmt: skip
    window.close()
    db.close()


def _combos(page, name):
    """The attendance and deputy combos of the member called ``name``."""
    table = page.attendance
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == name)
    return table.cellWidget(row, 3), table.cellWidget(row, 4)


def test_a_deputy_is_saved_and_counts_in_the_role_they_cover(team_page, qtbot):
    page = team_page.page
    for name in ("Dr Aisha Patel", "Mary O'Brien", "Joe Wright"):
        choose(qtbot, _combos(page, name)[0], "Present")
    assert page.quorum.text() == "Not quorate: needs a Social worker."

    deputy = _combos(page, "Joe Wright")[1]
    assert deputy.accessibleName() == "Whom Joe Wright deputises for"
    assert deputy.itemText(0) == "Nobody"
    assert "Joe Wright, Care coordinator" not in [deputy.itemText(i) for i in range(deputy.count())]
    deputy.setFocus()
    qtbot.keyClick(deputy, Qt.Key.Key_End)
    assert deputy.currentText() == "Tom Kershaw, Social worker"

    assert page.quorum.text() == "Quorate: 3 present (at least 3 needed)."
    assert team_page.window.statusBar().currentMessage().startswith("Deputy saved")
    covered = team_page.members["Social worker"]
    assert stored(
        team_page.path,
        "SELECT status, deputy_for_id FROM attendance WHERE meeting_id = ? AND member_id = ?",
        (team_page.meeting, team_page.members["Care coordinator"]),
    ) == [("present", covered)]
    # Shown again from the database, the choice is still there.
    page.reload()
    assert _combos(page, "Joe Wright")[1].currentText() == "Tom Kershaw, Social worker"


def test_only_someone_present_can_deputise(team_page, qtbot):
    page = team_page.page
    attend, deputy = _combos(page, "Joe Wright")
    assert attend.currentText() == "Not recorded"
    assert not deputy.isEnabled()
    choose(qtbot, attend, "Apologies")
    assert not deputy.isEnabled()
    assert attend.findText("Not recorded") < 0  # recorded now: no going back to "not recorded"
    choose(qtbot, attend, "Present")
    assert deputy.isEnabled()
    choose(qtbot, deputy, "Tom Kershaw, Social worker")

    # Sending apologies after all ends the deputising, on screen and in the database.
    choose(qtbot, attend, "Apologies")
    assert not deputy.isEnabled()
    assert deputy.currentText() == "Nobody"
    assert stored(
        team_page.path,
        "SELECT status, deputy_for_id FROM attendance WHERE member_id = ?",
        (team_page.members["Care coordinator"],),
    ) == [("apologies", None)]


def test_closing_is_refused_naming_the_pending_items_until_each_is_heard(
    team_page, qtbot, fake_prompts
):
    page, db = team_page.page, team_page.db
    assert page.close_button.text() == "C&lose meeting"
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.shown == [
        (
            "error",
            "Meeting not closed",
            "3 agenda items are still pending: ASHWORTH, Mona; ASHWORTH1, Mona; ASHWORTH2, Mona. "
            "Discuss or defer each one, then close the meeting.",
        )
    ]
    first, second, third = team_page.items
    agenda.set_item_status(db, "chair", first, "discussed")
    agenda.set_item_status(db, "chair", second, "deferred")
    fake_prompts.shown.clear()
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.shown[0][2].startswith("1 agenda item is still pending: ASHWORTH2, Mona.")
    assert stored(team_page.path, "SELECT status FROM meetings") == [("draft",)]

    agenda.set_item_status(db, "chair", third, "discussed")
    fake_prompts.shown.clear()
    fake_prompts.confirm_answer = False  # "Go back": nothing happens
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert [kind for kind, *_ in fake_prompts.shown] == ["confirm"]
    assert stored(team_page.path, "SELECT status FROM meetings") == [("draft",)]

    fake_prompts.confirm_answer = True
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    [(status, closed_at)] = stored(team_page.path, "SELECT status, closed_at FROM meetings")
    assert status == "closed" and closed_at
    assert "Closed" in page.heading.text()
    assert not page.close_button.isEnabled()
    assert page.run_button.isEnabled()
    assert not page.closed_note.isHidden()
    assert page.closed_note.text().endswith("Changes are amendments and need a reason.")
    assert team_page.window.statusBar().currentMessage().startswith("Meeting closed")


@pytest.fixture
def london(monkeypatch):
    """Local time is UK time, so what the screen says of a UTC time is known."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_changing_a_closed_meetings_attendance_is_an_amendment_with_a_reason(
    team_page, qtbot, fake_prompts, london
):
    page, db = team_page.page, team_page.db
    gp = team_page.members["GP"]
    meetings.set_attendance(db, "chair", team_page.meeting, gp, "apologies")
    for item in team_page.items:
        agenda.set_item_status(db, "chair", item, "discussed")
    closing = dt.datetime(2026, 11, 30, 16, 5, tzinfo=dt.UTC)
    meetings.close_meeting(db, "chair", team_page.meeting, now=closing)
    page.reload()
    assert page.closed_note.text() == (
        "Closed on 30 November 2026 at 4:05pm. Changes are amendments and need a reason."
    )
    attend, deputy = _combos(page, "Dr Aisha Patel")
    assert attend.isEnabled()
    audit_rows = "SELECT field, new, reason FROM audit WHERE entity = 'attendance' ORDER BY id"
    before = stored(team_page.path, audit_rows)

    # Cancelling the reason puts the choice back and changes nothing.
    fake_prompts.text_answer = None
    attend.setFocus()
    qtbot.keyClick(attend, Qt.Key.Key_Up)  # Apologies to Present
    assert [shown[:2] for shown in fake_prompts.shown] == [("ask", "Amend a closed meeting")]
    assert attend.currentText() == "Apologies"
    assert not deputy.isEnabled()
    assert stored(team_page.path, audit_rows) == before

    fake_prompts.text_answer = "Dr Patel arrived after the register was taken"
    choose(qtbot, attend, "Present")
    assert attend.currentText() == "Present"
    assert deputy.isEnabled()
    assert stored(team_page.path, "SELECT status FROM attendance WHERE member_id = ?", (gp,)) == [
        ("present",)
    ]
    assert stored(team_page.path, audit_rows)[len(before) :] == [
        ("status", "present", "Dr Patel arrived after the register was taken")
    ]


def test_run_meeting_asks_for_chair_mode_on_the_selected_meeting(team_page, qtbot):
    # A page of its own: what the main window does with the request is not this page's business.
    db = team_page.db
    page = MeetingsPage(db.conn, lambda: db, "chair")
    qtbot.addWidget(page)
    page.show()
    page.reload(select=team_page.meeting)
    assert page.run_button.toolTip() == "Open chair mode for this meeting"
    with qtbot.waitSignal(page.runMeeting) as asked:
        qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert asked.args == [team_page.meeting]
    page.list.setCurrentItem(None)
    assert not page.run_button.isEnabled()
    assert not page.close_button.isEnabled()
