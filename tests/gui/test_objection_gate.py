"""Hazard H-05 on screen: a person put on the agenda who objects to information sharing
afterwards. Chair mode holds the discussion back and asks why the team goes ahead (or defers);
the Meetings page marks the item in words and records the reason too. Driven from the keyboard,
as the chair would; what is stored is read back through a connection of its own."""

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda, meetings, objections
from mdtdesk.core.db import open_database
from mdtdesk.gui import autosave
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from tests.gui.conftest import stored, type_text
from tests.helpers import build_team, plan_meeting
from tests.test_objections import discussed_before_the_objection, record_objection

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
TODAY = dt.date.today()  # chair mode works on real dates
REASON = "Safeguarding: at risk of harm at home"


@pytest.fixture
def late(qtbot, db_path, settings, fake_prompts):
    """The main window on today's meeting of three people, none objecting when added; then the
    second objected, recorded as the case form records it."""
    application()
    db = open_database(db_path)
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    items = [agenda.add_item(db, "chair", meeting, case, "review") for case in cases[:3]]
    record_objection(db, cases[1], on=TODAY)
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield SimpleNamespace(
        window=window, db=db, path=db_path, meeting=meeting, items=items, cases=cases
    )
    if window.chair_window is not None:
        window.chair_window.close()
    window.close()
    db.close()


def _chair(late, qtbot):
    late.window.navigation.setCurrentRow(2)
    chair = late.window.run_meeting(late.meeting)
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)
    return chair


def _key(qtbot, chair, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(chair.focusWidget() or chair, key, modifier)


def _type(chair, text):
    type_text(chair.focusWidget(), text)


def _item(path, item_id):
    return stored(
        path, "SELECT status, sharing_override_reason FROM agenda_items WHERE id = ?", [item_id]
    )[0]


def _banner(chair) -> str:
    return chair.card.banner.text().replace("\u00a0", " ")


def test_chair_mode_holds_a_late_objection_until_the_reason_is_recorded(late, qtbot):
    chair = _chair(late, qtbot)
    # Seen in the agenda before the chair gets there.
    assert "Objected: reason needed" in chair.column.list.item(1).text()
    assert "Objected" not in chair.column.list.item(0).text()

    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(chair, "Falls clinic referral")
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert chair.current == 1 and chair.held

    # Said plainly, the question asked, the keyboard put there.
    assert _banner(chair).startswith(
        "Objected to information sharing after being put on this agenda."
    )
    gate = chair.card.gate
    assert gate.isVisible() and chair.focusWidget() is gate.reason
    assert gate.defer_button.isVisible()
    assert chair.discussion.held.isVisible() and "Locked" in chair.discussion.held.text()
    decision = chair.discussion.fields["decision"]
    assert not decision.isEnabled() and decision.isReadOnly()  # greyed, and takes no keys
    assert not chair.actions.row.isEnabled()

    # Nothing can be recorded, nor the item marked discussed: the keys say why and lead to
    # the question instead.
    _key(qtbot, chair, Qt.Key.Key_1, ALT)
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    assert chair.focusWidget() is gate.reason and decision.toPlainText() == ""
    assert "Record the reason" in chair.save_state.text()
    chair.save_state.clear()
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert chair.current == 1 and "Record the reason" in chair.save_state.text()
    assert chair.focusWidget() is gate.reason
    assert _item(late.path, late.items[1]) == ("pending", None)

    # An empty reason is refused beside the field.
    _key(qtbot, chair, Qt.Key.Key_Return)
    assert gate.problem.isVisible() and "Give the reason" in gate.problem.text()
    assert _item(late.path, late.items[1]) == ("pending", None)

    # Alt+G finds the field from anywhere in the window.
    chair.column.list.setFocus()
    _key(qtbot, chair, Qt.Key.Key_G, ALT)
    assert chair.focusWidget() is gate.reason
    _type(chair, REASON)
    _key(qtbot, chair, Qt.Key.Key_Return)
    assert _item(late.path, late.items[1]) == ("pending", REASON)
    assert stored(
        late.path,
        "SELECT actor, new FROM audit WHERE entity = 'agenda_items' AND entity_id = ? "
        "AND field = 'sharing_override_reason'",
        [late.items[1]],
    ) == [("chair", REASON)]

    # The banner says why, as for a person added with a reason; the discussion opens.
    assert _banner(chair) == f"Objected to information sharing. Discussed because: {REASON}"
    assert not chair.held and not gate.isVisible() and not chair.discussion.held.isVisible()
    assert decision.isEnabled() and not decision.isReadOnly() and chair.actions.row.isEnabled()
    assert chair.focusWidget() is chair.discussion.fields["situation"]
    assert "Objected" not in chair.column.list.item(1).text()
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(chair, "Adult safeguarding referral")
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert chair.current == 2
    assert _item(late.path, late.items[1]) == ("discussed", REASON)


def test_a_late_objection_can_be_deferred_from_the_question_or_with_ctrl_d(late, qtbot):
    chair = _chair(late, qtbot)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    assert chair.current == 1 and chair.held
    qtbot.keyClick(chair.card.gate.defer_button, Qt.Key.Key_Space)
    assert _item(late.path, late.items[1]) == ("deferred", None)
    assert chair.current == 2 and not chair.held
    # Back on the deferred item it is still held, and Ctrl+D works there as anywhere.
    _key(qtbot, chair, Qt.Key.Key_PageUp, CTRL)
    assert chair.current == 1 and chair.held and chair.card.gate.isVisible()
    assert not chair.card.gate.defer_button.isVisible()  # deferred already
    assert "deferred" in chair.card.gate.hint.text()


def test_words_typed_before_the_objection_stay_saved_and_shown_while_it_is_held(late, qtbot):
    db = late.db
    # Reached before the objection reaches the database: typed as usual.
    agenda_case = late.cases[2]
    chair = _chair(late, qtbot)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    assert chair.current == 2 and not chair.held
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(chair, "Lives with her son")
    _key(qtbot, chair, Qt.Key.Key_3, ALT)
    _type(chair, "Carers assessment")
    # Committed half a second after the last key, long before anyone could record an objection
    # in the case form (a save still on its way then is refused: the next test).
    said = "SELECT notes, decision FROM discussions WHERE agenda_item_id = ?"
    typed = [("Lives with her son", "Carers assessment")]
    qtbot.waitUntil(lambda: stored(late.path, said, [late.items[2]]) == typed, timeout=3000)

    # Meanwhile, in the main window, the case form records an objection.
    late.window.activateWindow()
    qtbot.waitUntil(late.window.isActiveWindow)
    record_objection(db, agenda_case, on=TODAY)
    chair.activateWindow()
    qtbot.waitUntil(lambda: chair.held)

    notes, decision = chair.discussion.fields["notes"], chair.discussion.fields["decision"]
    assert notes.toPlainText() == "Lives with her son" and not notes.isEnabled()
    assert decision.toPlainText() == "Carers assessment"
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=3000)
    assert stored(late.path, said, [late.items[2]]) == typed
    # A decision on screen does not let it through.
    _key(qtbot, chair, Qt.Key.Key_Return, CTRL)
    assert _item(late.path, late.items[2]) == ("pending", None)

    chair.card.focus_reason()
    _type(chair, REASON)
    _key(qtbot, chair, Qt.Key.Key_Return)
    assert not chair.held and notes.isEnabled()
    assert notes.toPlainText() == "Lives with her son"
    assert decision.toPlainText() == "Carers assessment"


def test_a_held_items_fields_take_no_keys_so_nothing_is_sent_to_be_saved(late, qtbot):
    chair = _chair(late, qtbot)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    assert chair.current == 1 and chair.held
    states: list[str] = []
    chair.autosaver.state.connect(states.append)
    # Keys sent straight to each field, past the shortcuts that lead to the question instead.
    for editor in chair.discussion.fields.values():
        qtbot.keyClicks(editor, "Falls clinic")
    qtbot.keyClick(chair.discussion.no_decision, Qt.Key.Key_Space)
    assert all(
        not editor.isEnabled() and editor.isReadOnly()
        for editor in chair.discussion.fields.values()
    )
    assert not chair.discussion.no_decision.isChecked()
    assert not any(chair.discussion.values().values())
    chair.autosaver.flush()
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)  # moving on flushes too
    assert states == [] and not chair.autosaver.unsaved
    assert stored(late.path, "SELECT count(*) FROM discussions") == [(0,)]


def test_words_on_their_way_when_the_objection_arrives_are_refused_said_and_kept(
    late, qtbot, monkeypatch
):
    # The core refuses the discussion of a held item, whoever asks; should chair mode's
    # autosave ever send one, the chair is told, the words stay, and they are saved once the
    # reason is recorded.
    monkeypatch.setattr(autosave, "RETRY_MS", 300)  # taken when the window opens
    chair = _chair(late, qtbot)
    # A pause in typing that has not ended when the objection reaches the database.
    chair.autosaver._timer.setInterval(60_000)
    failures: list[str] = []
    chair.autosaver.failed.connect(failures.append)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    _key(qtbot, chair, Qt.Key.Key_PageDown, CTRL)
    assert chair.current == 2 and not chair.held
    _key(qtbot, chair, Qt.Key.Key_2, ALT)
    _type(chair, "Lives with her son")
    late.window.activateWindow()
    qtbot.waitUntil(late.window.isActiveWindow)
    record_objection(late.db, late.cases[2], on=TODAY)
    chair.activateWindow()  # holds the item, sending what was typed on its way first
    qtbot.waitUntil(lambda: chair.held)

    qtbot.waitUntil(lambda: chair.save_state.text().startswith("Not saved"), timeout=5000)
    assert chair.save_state.text() == (
        "Not saved: This person objected to information sharing after being put on the "
        "agenda. Record why they are being discussed, or defer the item. Your text is still "
        "here; retrying."
    )
    assert chair.save_state.property("role") == "error"
    assert failures and all(message == objections.HELD for message in failures)
    notes = chair.discussion.fields["notes"]
    assert notes.toPlainText() == "Lives with her son"
    assert chair.autosaver.unsaved[late.items[2]].values["notes"] == "Lives with her son"
    discussed = "SELECT notes FROM discussions WHERE agenda_item_id = ?"
    assert stored(late.path, discussed, [late.items[2]]) == []

    # The reason recorded, the retry saves the words.
    chair.card.focus_reason()
    _type(chair, REASON)
    _key(qtbot, chair, Qt.Key.Key_Return)
    assert not chair.held
    qtbot.waitUntil(lambda: not chair.autosaver.unsaved, timeout=5000)
    assert stored(late.path, discussed, [late.items[2]]) == [("Lives with her son",)]
    assert notes.toPlainText() == "Lives with her son"


# -- the Meetings page ----------------------------------------------------------------------


def test_the_meetings_page_marks_a_late_objection_and_records_its_reason(late, qtbot, fake_prompts):
    window = late.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.navigation.setCurrentRow(2)
    page = window.meetings
    page.reload(select=late.meeting)
    page.tabs.setCurrentIndex(1)
    texts = [page.agenda.item(i).text() for i in range(page.agenda.count())]
    assert texts[1].endswith("\n    Objected to sharing: reason needed")
    assert "Objected" not in texts[0] and "Objected" not in texts[2]
    assert page.objection_row.isVisible()
    assert page.objection_row.note.text() == (
        "1 person objected to information sharing: no reason recorded."
    )

    page.agenda.setFocus()
    page.agenda.setCurrentRow(0)
    assert not page.reason_button.isEnabled()  # nothing to ask of this one
    qtbot.keyClick(page.agenda, Qt.Key.Key_Down)
    assert page.reason_button.isEnabled()

    # Cancelled: nothing recorded.
    fake_prompts.text_answer = None
    qtbot.keyClick(page, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: len(fake_prompts.shown) == 1)  # Alt presses a button as a visible click
    assert fake_prompts.shown[-1][:2] == ("ask", "Objected to information sharing")
    assert "ASHWORTH1, Mona objected to information sharing" in fake_prompts.shown[-1][2]
    assert _item(late.path, late.items[1]) == ("pending", None)

    fake_prompts.text_answer = REASON
    qtbot.keyClick(page, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: len(fake_prompts.shown) == 2)
    assert _item(late.path, late.items[1]) == ("pending", REASON)
    assert (
        page.agenda.item(1)
        .text()
        .endswith(f"\n    Objected to sharing; discussed because: {REASON}")
    )
    assert not page.objection_row.isVisible()
    assert window.statusBar().currentMessage().startswith("Reason for discussing them recorded")


def test_a_closed_meetings_objection_without_a_reason_is_said_and_amended_with_a_reason(
    late, qtbot, fake_prompts
):
    db = late.db
    for item in late.items:
        if item == late.items[1]:
            discussed_before_the_objection(db, item)  # heard before this control
        else:
            agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", late.meeting)
    window = late.window
    window.navigation.setCurrentRow(2)
    page = window.meetings
    page.reload(select=late.meeting)
    page.tabs.setCurrentIndex(1)
    assert page.agenda.item(1).text().endswith("\n    Objected to sharing: no reason recorded")
    page.agenda.setCurrentRow(1)
    fake_prompts.text_answer = "The reason was given at the meeting but not typed in"
    qtbot.keyClick(page.reason_button, Qt.Key.Key_Space)
    assert [shown[1] for shown in fake_prompts.shown] == [
        "Amend a closed meeting",
        "Objected to information sharing",
    ]
    assert "the reason the team discussed them anyway" in fake_prompts.shown[1][2]
    assert stored(
        late.path,
        "SELECT new, reason FROM audit WHERE entity = 'agenda_items' AND entity_id = ? "
        "AND field = 'sharing_override_reason'",
        [late.items[1]],
    ) == [(fake_prompts.text_answer, fake_prompts.text_answer)]
