"""Chair mode end to end: a meeting prepared, run and closed from the keyboard, and the next
meeting of the neighbourhood picking up every loose end."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.db import open_database
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from tests.gui.conftest import choose, stored, type_text
from tests.helpers import build_team, plan_meeting

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = dt.date.today()  # chair mode works on real dates: due presets, the meeting clock


PEOPLE = 15  # a full meeting's worth, the last of whom objected to information sharing


@pytest.fixture
def team_window(qtbot, db_path, settings, fake_prompts):
    application()
    db = open_database(db_path)
    hood, members, cases = build_team(db, TODAY, people=PEOPLE)
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window, db, hood, members, cases
    if window.chair_window is not None:
        window.chair_window.close()
    window.close()
    db.close()


def _key(qtbot, chair, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed wherever the focus is in chair mode, as the chair would press it."""
    target = chair.focusWidget() or chair
    qtbot.keyClick(target, key, modifier)


def _type(qtbot, chair, text):
    type_text(chair.focusWidget(), text)


def _add_action(qtbot, chair, what, who):
    _key(qtbot, chair, Qt.Key.Key_N, CTRL)
    assert chair.focusWidget() is chair.actions.what
    _type(qtbot, chair, what)
    _key(qtbot, chair, Qt.Key.Key_Tab)
    _type(qtbot, chair, who)
    popup = chair.actions.completer.popup()
    qtbot.keyClick(popup if popup.isVisible() else chair.actions.who, Qt.Key.Key_Return)
    # Offscreen, a closed popup leaves no window active (a window manager would give it back).
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)


def _run(window, qtbot, meeting_id):
    page = window.meetings
    page.reload(select=meeting_id)
    page.setFocus()
    qtbot.keyClick(page.run_button, Qt.Key.Key_Space)
    chair = window.chair_window
    assert chair is not None and chair.meeting_id == meeting_id
    chair.activateWindow()
    qtbot.waitExposed(chair)
    qtbot.waitUntil(chair.isActiveWindow)
    return chair


def test_a_meeting_runs_from_the_keyboard_and_the_next_one_picks_up_every_loose_end(
    team_window, qtbot, fake_prompts, db_path
):
    window, db, hood, members, cases = team_window
    # Prepare: a meeting, who came, and the agenda from the suggestions.
    qtbot.keyClick(window, Qt.Key.Key_3, ALT)
    page = window.meetings
    qtbot.keyClick(page.new_button, Qt.Key.Key_Space)
    form = window.meeting_form
    qtbot.waitUntil(form.isVisible)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    choose(qtbot, form.neighbourhood, "Stockport West")
    qtbot.keyClicks(form.date, TODAY.strftime("%d/%m/%Y"))
    qtbot.keyClicks(form.time, "9:30am")
    qtbot.keyClicks(form.venue, "Heaton Moor Community Hub")
    qtbot.keyClick(form.venue, Qt.Key.Key_S, CTRL)
    assert not form.problem.text(), form.problem.text()
    meeting_id = page.meeting_id
    assert stored(db_path, "SELECT status FROM meetings WHERE id = ?", [meeting_id]) == [("draft",)]
    table = page.attendance
    for row in range(table.rowCount()):
        choose(qtbot, table.cellWidget(row, 3), "Present")
    assert page.quorum.text().startswith("Quorate")

    window.activateWindow()  # offscreen, a closed dialog hands activation back to no one
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page, Qt.Key.Key_G, ALT)  # the Agenda tab
    assert page.tabs.currentIndex() == 1
    assert page.suggested.count() == PEOPLE
    qtbot.keyClick(page, Qt.Key.Key_S, ALT)  # the suggestions
    assert page.focusWidget() is page.suggested
    fake_prompts.text_answer = "Safeguarding concern; the GP will explain to her daughter"
    for _ in range(PEOPLE):
        page.suggested.setCurrentRow(0)
        qtbot.keyClick(page.suggested, Qt.Key.Key_Return)
    assert page.agenda.count() == PEOPLE and page.suggested.count() == 0

    # Run it: each item from the keyboard.
    chair = _run(window, qtbot, meeting_id)
    rows = chair.rows
    assert [r["case_id"] for r in rows] == cases
    assert chair.current == 0
    assert stored(db_path, "SELECT status FROM meetings WHERE id = ?", [meeting_id]) == [
        ("in_progress",)
    ]

    # Item 1: situation, notes, decision, two actions, a review in four weeks.
    _key(qtbot, chair, Qt.Key.Key_1, ALT)
    _type(qtbot, chair, "Two falls since the referral")
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(qtbot, chair, "Daughter visits daily; Siân from Age Well can befriend")
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(qtbot, chair, "Falls clinic referral and a home visit")
    _add_action(qtbot, chair, "Refer to the falls clinic", "patel")
    _add_action(qtbot, chair, "Home visit to check the stairs", "kersh")
    assert len(chair.actions.shown_actions()) == 2
    _key(qtbot, chair, Qt.Key.Key_K, ALT)  # review again in 4 weeks
    qtbot.wait(250)  # a button's Alt key presses it as a click you can see: 100 ms
    assert "Saved: review on" in chair.outcome.result.text(), chair.outcome.problem.text()
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert chair.current == 1

    # Item 2: not reached in time, deferred.
    _key(qtbot, chair, Qt.Key.Key_D, CTRL)
    assert chair.current == 2

    # Item 3: no decision is refused until one is typed.
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert chair.current == 2 and "Record the decision" in chair.save_state.text()
    _type(qtbot, chair, "Pharmacy review of medicines")
    _add_action(qtbot, chair, "Medicines review", "o'brien")
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)

    # Items 4 to 14: a decision each, then on.
    for index in range(3, PEOPLE - 1):
        assert chair.current == index
        _key(qtbot, chair, Qt.Key.Key_3, ALT)
        _type(qtbot, chair, f"Decision {index + 1}")
        _key(qtbot, chair, Qt.Key.Key_Return, CTRL)

    # The last: the person who objected, heard with the recorded override.
    assert chair.current == PEOPLE - 1
    card_text = " ".join(label.text() for label in chair.card.findChildren(type(chair.locked)))
    assert "Objected to information sharing. Discussed because: Safeguarding" in card_text
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(qtbot, chair, "Continue the current plan")
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert "Every item is discussed or deferred" in chair.save_state.text()

    # Close: confirmed, locked, and every word is in the database.
    qtbot.keyClick(chair.close_button, Qt.Key.Key_Space)
    assert chair.closed and chair.amend_button.isVisible()
    assert stored(db_path, "SELECT status FROM meetings WHERE id = ?", [meeting_id]) == [
        ("closed",)
    ]
    heard = {r["case_id"]: r for r in agenda.items(db, meeting_id)}
    first = heard[cases[0]]
    assert first["notes"] == "Daughter visits daily; Siân from Age Well can befriend"
    assert first["situation"] == "Two falls since the referral"
    assert first["decision"] == "Falls clinic referral and a home visit"
    assert first["next_review_on"] == (TODAY + dt.timedelta(weeks=4)).isoformat()
    statuses = [heard[c]["status"] for c in cases]
    assert statuses == ["discussed", "deferred"] + ["discussed"] * (PEOPLE - 2)
    assert heard[cases[7]]["decision"] == "Decision 8"
    assert heard[cases[-1]]["decision"] == "Continue the current plan"
    raised = actions.list_actions(db, actions.ActionFilter(status="open"))
    assert sorted(a["description"] for a in raised) == [
        "Home visit to check the stairs",
        "Medicines review",
        "Refer to the falls clinic",
    ]
    qtbot.keyClick(chair, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.chair_window is None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # The next meeting, three weeks on: the deferred case and the overdue actions come back.
    later = plan_meeting(db, hood, TODAY + dt.timedelta(weeks=3))
    reasons = {s.case_id: s.reason for s in agenda.suggestions(db, later)}
    assert reasons[cases[1]] == "Deferred or not reached at the last meeting"
    assert reasons[cases[2]] == "Has overdue actions"  # due a week after the meeting
    page.reload(select=later)
    suggested = [page.suggested.item(i).text() for i in range(page.suggested.count())]
    assert any("Deferred or not reached" in text for text in suggested)
    qtbot.keyClick(page, Qt.Key.Key_S, ALT)
    for _ in range(page.suggested.count()):
        page.suggested.setCurrentRow(0)
        qtbot.keyClick(page.suggested, Qt.Key.Key_Return)
    chair = _run(window, qtbot, later)
    index = next(i for i, r in enumerate(chair.rows) if r["case_id"] == cases[2])
    chair.go_to(index)
    assert chair.matters.count() == 1
    assert "Medicines review" in chair.matters.list.item(0).text()
    chair.matters.focus_list()
    _key(qtbot, chair, Qt.Key.Key_D)
    assert stored(db_path, "SELECT status FROM actions WHERE description = 'Medicines review'") == [
        ("done",)
    ]


# -- one behaviour at a time, on a meeting of three items ------------------------------------


@pytest.fixture
def chair(team_window, qtbot):
    window, db, hood, members, cases = team_window
    meeting = plan_meeting(db, hood, TODAY)
    for case in cases[:3]:
        agenda.add_item(db, "chair", meeting, case, "review")
    window.navigation.setCurrentRow(2)
    chair = window.run_meeting(meeting)
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)
    return chair


def _notes_of(path, item_id):
    found = stored(path, "SELECT notes FROM discussions WHERE agenda_item_id = ?", [item_id])
    return found[0][0] if found else None


def test_saved_appears_only_once_the_text_is_committed(chair, qtbot, db_path):
    item = chair.rows[0]["id"]
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(qtbot, chair, "Lives with her son")
    assert chair.save_state.text() == "Typing…" and _notes_of(db_path, item) is None
    qtbot.waitUntil(lambda: chair.save_state.text().startswith("Saved at"), timeout=3000)
    assert _notes_of(db_path, item) == "Lives with her son"


def test_words_typed_for_one_person_never_follow_to_the_next(chair, qtbot, db_path):
    first, second = chair.rows[0]["id"], chair.rows[1]["id"]
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(qtbot, chair, "Mona's son will move in")
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    assert chair.current == 1
    assert chair.discussion.fields["notes"].toPlainText() == ""
    # Back at once, before the writer may have finished: the words are there.
    _key(qtbot, chair, Qt.Key.Key_PageUp, CTRL)
    assert chair.discussion.fields["notes"].toPlainText() == "Mona's son will move in"
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=3000)
    assert _notes_of(db_path, first) == "Mona's son will move in"
    assert _notes_of(db_path, second) is None


def test_closing_is_refused_while_items_are_pending_and_names_them(chair, qtbot, fake_prompts):
    _key(qtbot, chair, Qt.Key.Key_D, CTRL)
    qtbot.keyClick(chair.close_button, Qt.Key.Key_Space)
    kind, _, text = fake_prompts.shown[-1]
    assert kind == "error" and "still pending" in text
    assert "ASHWORTH1, Mona" in text and "ASHWORTH2, Mona" in text and "ASHWORTH," not in text
    assert not chair.closed


def test_a_closed_meeting_is_locked_until_amended_with_a_reason(chair, qtbot, fake_prompts, db):
    for _ in chair.rows:
        _key(qtbot, chair, Qt.Key.Key_D, CTRL)
    qtbot.keyClick(chair.close_button, Qt.Key.Key_Space)
    assert chair.closed and chair.discussion.fields["notes"].isReadOnly()
    assert "locked" in chair.locked.text()
    fake_prompts.text_answer = None
    qtbot.keyClick(chair.amend_button, Qt.Key.Key_Space)
    assert chair.reason is None and chair.discussion.fields["notes"].isReadOnly()
    fake_prompts.text_answer = "Notes were typed against the wrong meeting"
    qtbot.keyClick(chair.amend_button, Qt.Key.Key_Space)
    assert not chair.discussion.fields["notes"].isReadOnly()
    assert "Amending" in chair.locked.text()
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(qtbot, chair, "Added after the meeting")
    chair.autosaver.flush()
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=3000)
    assert db.execute(
        "SELECT reason FROM audit WHERE entity = 'discussions' AND field = 'created'"
    ).fetchall() == [("Notes were typed against the wrong meeting",)]


def test_the_shared_screen_follows_the_chair_and_shows_only_initials(chair, qtbot):
    _key(qtbot, chair, Qt.Key.Key_F8)
    screen = chair.shared_screen
    assert screen is not None and screen.isVisible()
    row = chair.rows[0]
    shown = " ".join(label.text() for label in (screen.heading, screen.person, screen.decision))
    assert "M.A." in shown and f"NHS …{row['nhs_number'][-3:]}" in shown
    assert row["family_name"] not in shown and row["nhs_number"] not in shown
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(qtbot, chair, f"{row['given_name']} {row['family_name']} to have a falls assessment")
    assert screen.decision.text() == "M. A. to have a falls assessment"
    _add_action(qtbot, chair, "Falls assessment", "patel")
    assert "Falls assessment" in screen.actions.text() and "Dr Aisha Patel" in screen.actions.text()
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    assert screen.heading.text().startswith("Item 2 of 3")
    assert screen.decision.text() == "Not agreed yet"
    _key(qtbot, chair, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: chair.shared_screen is None)
    # Opened again before the autosave has run, it shows what is typed, not what was saved.
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(qtbot, chair, "Respite week in January")
    _key(qtbot, chair, Qt.Key.Key_F8)
    assert chair.shared_screen.decision.text() == "Respite week in January"


def test_the_item_timer_turns_amber_then_red(chair):
    now = [0.0]
    from mdtdesk.gui.meeting_clock import ItemClock

    chair.clock = ItemClock(lambda: now[0])
    chair.go_to(0)
    now[0] = 8 * 60 + 5  # 10 minutes allowed
    chair._update_clocks()
    assert chair.item_timer.property("role") == "amber"
    assert chair.item_timer.text() == "This item: 8:05 of 10 min"
    now[0] = 12 * 60
    chair._update_clocks()
    assert chair.item_timer.property("role") == "over"
    assert chair.item_timer.text().endswith("2:00 over")


def test_a_note_too_long_to_save_is_kept_on_screen_with_a_plain_message(chair, qtbot, db_path):
    notes = chair.discussion.fields["notes"]
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    text = "Ł" * 50_001
    notes.setPlainText(text)  # as a paste would
    assert chair.discussion.too_long.isVisible()
    assert "longer than 50,000 characters" in chair.discussion.too_long.text()
    chair.autosaver.flush()
    qtbot.waitUntil(lambda: chair.save_state.text().startswith("Not saved"), timeout=3000)
    assert "Your text is still here" in chair.save_state.text()
    assert notes.toPlainText() == text
    assert _notes_of(db_path, chair.rows[0]["id"]) is None
    # Shortened, it saves.
    notes.setPlainText("Ł" * 5_000)
    assert not chair.discussion.too_long.isVisible()
    chair.autosaver.flush()
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=3000)
    assert _notes_of(db_path, chair.rows[0]["id"]) == "Ł" * 5_000


def test_words_saved_for_an_item_are_there_when_the_chair_comes_back(chair, qtbot, db_path):
    first = chair.rows[0]["id"]
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(qtbot, chair, "Lives with her son")
    qtbot.waitUntil(lambda: chair.save_state.text().startswith("Saved at"), timeout=3000)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    _key(qtbot, chair, Qt.Key.Key_PageUp, CTRL)
    assert chair.discussion.fields["notes"].toPlainText() == "Lives with her son"
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=3000)
    assert _notes_of(db_path, first) == "Lives with her son"


def test_a_meeting_closed_elsewhere_does_not_trap_the_chair(chair, qtbot, fake_prompts, db):
    for row in chair.rows:
        agenda.set_item_status(db, "chair", row["id"], "deferred")
    meetings.close_meeting(db, "chair", chair.meeting_id)  # from the Meetings page, say
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(qtbot, chair, "Too late")
    fake_prompts.confirm_answer = False
    assert not chair.close()
    assert fake_prompts.shown[-1][0] == "confirm" and "will be lost" in fake_prompts.shown[-1][2]
    fake_prompts.confirm_answer = True
    assert chair.close()


def test_the_quorum_is_read_again_when_the_chair_comes_back_to_chair_mode(
    chair, qtbot, team_window
):
    window, db, _, members, _ = team_window
    assert chair.quorum.text().startswith("Not quorate")
    for member in members.values():  # marked on the Meetings page meanwhile
        meetings.set_attendance(db, "chair", chair.meeting_id, member, "present")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert chair.quorum.text().startswith("Not quorate")  # no reading on every tick
    chair.activateWindow()
    qtbot.waitUntil(lambda: chair.quorum.text().startswith("Quorate"))
