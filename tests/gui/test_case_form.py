from PySide6.QtCore import Qt

from tests.gui.conftest import type_text
from tests.helpers import nhs


def _open_new_form(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_form is not None and window.case_form.isActiveWindow())
    return window.case_form


def _type_person(form, qtbot, number):
    ui = form.ui
    qtbot.keyClicks(ui.nhs_number, number)
    type_text(ui.given_name, "Gwenllïan")
    qtbot.keyClicks(ui.family_name, "Prydderch")
    qtbot.keyClicks(ui.date_of_birth, "01-Feb-1940")
    qtbot.keyClicks(ui.postcode, "sk4 2ab")


def test_a_wrong_nhs_number_shows_its_message_by_the_field(window, qtbot):
    form = _open_new_form(window, qtbot)
    _type_person(form, qtbot, "999 000 0019")
    form.ui.referred_on.setText("20/11/2026")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    error = form.findChild(type(form.ui.heading), "nhs_number_error")
    assert error.isVisible()
    assert "not a valid NHS number" in error.text()
    assert form.ui.form_problem.isVisible()
    assert form.ui.nhs_number.hasFocus()
    assert form.isVisible()  # nothing saved, nothing lost
    assert window.cases.count.text() == "3 cases"


def test_leaving_the_nhs_number_field_checks_it_at_once(window, qtbot):
    form = _open_new_form(window, qtbot)
    qtbot.keyClicks(form.ui.nhs_number, "12345")
    qtbot.keyClick(form.ui.nhs_number, Qt.Key.Key_Tab)
    error = form.findChild(type(form.ui.heading), "nhs_number_error")
    assert "has 10 digits; this has 5" in error.text()


def test_adding_a_case_from_the_keyboard_saves_it_and_lists_it(window, qtbot):
    form = _open_new_form(window, qtbot)
    _type_person(form, qtbot, nhs(7))
    qtbot.keyClick(form, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert form.ui.tabs.currentIndex() == 1
    qtbot.keyClicks(form.ui.referred_on, "20/11/2026")
    qtbot.keyClicks(form.ui.question, "Can she manage the stairs at home?")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.case_form is None or not window.case_form.isVisible())
    qtbot.waitUntil(lambda: window.cases.count.text() == "4 cases")
    assert "Saved at" in window.statusBar().currentMessage()
    row = window.cases.model.row_of_case(window.cases.selected_case())
    assert window.cases.model.index(row, 0).data() == "PRYDDERCH, Gwenllïan"
    assert window.db.execute(
        "SELECT postcode, date_of_birth FROM people WHERE family_name = 'Prydderch'"
    ).fetchone() == ("SK4 2AB", "1940-02-01")


def test_closing_a_case_asks_for_the_reason(window, qtbot):
    window.edit_case(window.cases.model.case_id(0))
    form = window.case_form
    form.ui.tabs.setCurrentIndex(2)
    form.ui.status.setCurrentIndex(form.ui.status.findData("closed"))
    assert form.ui.closed_reason.isEnabled()
    form.save()
    assert (
        "Choose why the case is closing"
        in form.findChild(type(form.ui.heading), "closed_reason_error").text()
    )
    form.ui.closed_reason.setCurrentIndex(form.ui.closed_reason.findData("goals_met"))
    assert form.save()
    # The open-cases view no longer shows it.
    qtbot.waitUntil(lambda: window.cases.count.text() == "2 cases")


def test_cancelling_with_changes_asks_first_and_keeps_the_typing(window, qtbot, fake_prompts):
    form = _open_new_form(window, qtbot)
    qtbot.keyClicks(form.ui.given_name, "Unsaved")
    fake_prompts.confirm_answer = False
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible()
    assert form.ui.given_name.text() == "Unsaved"
    assert fake_prompts.shown[-1][1] == "Discard changes?"
    fake_prompts.confirm_answer = True
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.case_form is None or not window.case_form.isVisible())


def test_a_five_thousand_character_note_is_saved_whole(window, qtbot):
    window.edit_case(window.cases.model.case_id(0))
    form = window.case_form
    note = "Daughter visits daily; carer Siân Ó Briain. " * 114
    form.ui.situation.setPlainText(note)
    assert form.save()
    stored = window.db.execute(
        "SELECT situation FROM referrals WHERE case_id = ?", [window.cases.model.case_id(0)]
    ).fetchone()[0]
    assert stored == note.strip()


def test_a_locked_database_keeps_the_form_open_with_a_plain_message(
    window, qtbot, fake_prompts, sample_db
):
    from mdtdesk.core.driver import sqlite

    blocker = sqlite.connect(sample_db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    window.db.execute("PRAGMA busy_timeout = 100")
    try:
        window.edit_case(window.cases.model.case_id(0))
        form = window.case_form
        form.ui.phone.setText("0161 496 0999")
        assert not form.save()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    kind, title, text = fake_prompts.shown[-1]
    assert (kind, title) == ("error", "Not saved")
    assert "in use by another program" in text and "Traceback" not in text
    assert form.isVisible() and form.ui.phone.text() == "0161 496 0999"
    assert form.save()  # once the lock is gone, saving works


def test_opening_and_saving_any_case_unedited_changes_nothing(
    qtbot, tmp_path, settings, fake_prompts
):
    from mdtdesk.core.db import open_database
    from mdtdesk.core.demo import build_demo
    from mdtdesk.gui.main_window import MainWindow

    path = tmp_path / "demo.db"
    build_demo(path, patients=40, seed=5)
    db = open_database(path)
    # Values as imports and the years leave them: a sex the form's list does not offer, a long
    # phone note, Windows line endings, and a key worker who has since left.
    db.execute(
        "UPDATE people SET sex = 'female', address = ?, phone = ? WHERE id = 1",
        ["1 Acacia Road\nStockport", "0161 496 0000 (home) / 07700 900123 (daughter, evenings)"],
    )
    db.execute(
        "UPDATE members SET active = 0 WHERE id = "
        "(SELECT key_worker_id FROM cases WHERE key_worker_id IS NOT NULL ORDER BY id LIMIT 1)"
    )
    window = MainWindow(db, path, "chair", settings)
    qtbot.addWidget(window)
    audit_before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    case_ids = [row[0] for row in db.execute("SELECT id FROM cases ORDER BY id")]
    for case_id in case_ids:
        window.edit_case(case_id)
        form = window.case_form
        assert not form.has_changes(), case_id
        assert form.save(), (case_id, fake_prompts.shown[-1:])
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    assert db.execute("SELECT sex, phone FROM people WHERE id = 1").fetchone() == (
        "female",
        "0161 496 0000 (home) / 07700 900123 (daughter, evenings)",
    )
    window.close()
    db.close()


def test_a_known_nhs_number_fills_in_the_record_and_keeps_the_objection(window, qtbot):
    from mdtdesk.core.register import load_case_record, save_case_record

    known = load_case_record(window.db, window.cases.model.case_id(0))
    known.person.info_sharing = "objected"
    known.person.info_sharing_on = known.referral.referred_on
    known.person.info_sharing_recorded_by = "Nurse Evans"
    known.status, known.closed_reason = "closed", "goals_met"
    save_case_record(window.db, "chair", known)
    window.cases.refresh()

    form = _open_new_form(window, qtbot)
    qtbot.keyClicks(form.ui.nhs_number, known.person.nhs_number)
    qtbot.keyClick(form.ui.nhs_number, Qt.Key.Key_Tab)
    assert "already on the register" in form.ui.heading.text()
    assert form.ui.family_name.text() == known.person.family_name
    assert form.ui.info_sharing.currentData() == "objected"
    form.ui.referred_on.setText("20/11/2026")
    assert form.save()
    person = window.db.execute(
        "SELECT count(*), max(info_sharing) FROM people WHERE nhs_number = ?",
        [known.person.nhs_number],
    ).fetchone()
    assert person == (1, "objected")


def test_a_number_with_an_open_case_is_refused_as_soon_as_it_is_typed(window, qtbot):
    form = _open_new_form(window, qtbot)
    qtbot.keyClicks(form.ui.nhs_number, nhs(0))
    qtbot.keyClick(form.ui.nhs_number, Qt.Key.Key_Tab)
    error = form.findChild(type(form.ui.heading), "nhs_number_error")
    assert "already has an open case" in error.text()
