"""Preparing a meeting: create it, record who came, build the agenda from the suggestions."""

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda, meetings
from mdtdesk.core.db import open_database
from mdtdesk.core.demo import build_demo
from mdtdesk.gui.main_window import MainWindow


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
    import datetime as dt

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
