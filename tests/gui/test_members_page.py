import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from mdtdesk.core.db import open_database
from mdtdesk.core.members import Member, save_member, save_organisation
from tests.gui.conftest import type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def sample_db(sample_db):
    """The GUI sample register with a small team: three current members and one who has left."""
    db = open_database(sample_db)
    trust = save_organisation(
        db, "chair", "Mersey Vale NHS Foundation Trust (community services)", "nhs_trust"
    )
    save_organisation(db, "chair", "Age Well Stockport", "voluntary")
    council = save_organisation(db, "chair", "Stockport Council Adult Social Care", "council")
    for name, role, org, core, active in [
        ("Dr Priya Raman", "GP", None, True, True),
        ("Tom Hughes", "District nurse", trust, True, True),
        ("Gwen Roberts", "Social worker", council, False, True),
        ("Olu Adeyemi", "Pharmacist", None, False, False),
    ]:
        member = Member(name=name, role=role, organisation_id=org, is_core=core, active=active)
        save_member(db, "chair", member)
    db.close()
    return sample_db


def _names(page):
    return [page.model.index(row, 0).data() for row in range(page.model.rowCount())]


def _row_texts(page, name):
    row = _names(page).index(name)
    return [page.model.index(row, c).data() for c in range(page.model.columnCount())]


def _go_to_members(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_2, ALT)
    assert window.pages.currentWidget() is window.members
    return window.members


def _focused():
    # Checked here: a key sent to no widget aborts the whole test process inside QtTest.
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def _back_to(window, qtbot):
    """Make ``window`` active again after a dialog closed, as a window manager would."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _open_new_form(window, qtbot):
    page = _go_to_members(window, qtbot)
    qtbot.keyClick(_focused(), Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isActiveWindow())
    return page.form


def _press_save(form, qtbot):
    qtbot.keyClick(_focused(), Qt.Key.Key_S, CTRL)


def _form_closed(page):
    return page.form is None or not page.form.isVisible()


def _error(form, name):
    return form.findChild(QLabel, f"{name}_error")


def test_alt_2_shows_the_current_members_and_lands_on_the_list(window, qtbot):
    page = _go_to_members(window, qtbot)
    assert [window.navigation.item(i).text() for i in range(2)] == ["Cases", "Members"]
    assert _names(page) == ["Dr Priya Raman", "Gwen Roberts", "Tom Hughes"]
    assert page.count.text() == "3 members"
    assert page.table.hasFocus()
    assert _row_texts(page, "Tom Hughes")[:6] == [
        "Tom Hughes",
        "District nurse",
        "Mersey Vale NHS Foundation Trust (community services)",
        "",
        "",
        "Yes",
    ]
    assert page.table.isColumnHidden(6)


def test_adding_a_member_from_the_keyboard_saves_and_lists_them(window, qtbot):
    form = _open_new_form(window, qtbot)
    page = window.members
    assert form.ui.name.hasFocus()
    type_text(form.ui.name, "Zoë Ó Briain")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "Community matron")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert form.ui.organisation_id.hasFocus()
    qtbot.keyClicks(_focused(), "Age")  # type-ahead in the closed list
    assert form.ui.organisation_id.currentText() == "Age Well Stockport"
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)  # past "Add organisation…"
    qtbot.keyClicks(_focused(), "zoe.obriain@example.nhs.uk")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "0161 496 0123")
    qtbot.keyClick(_focused(), Qt.Key.Key_M, ALT)  # Core &member
    qtbot.waitUntil(form.ui.is_core.isChecked)  # a mnemonic clicks after a short animation
    _press_save(form, qtbot)
    qtbot.waitUntil(lambda: _form_closed(page))
    assert "Saved at" in window.statusBar().currentMessage()
    assert page.count.text() == "4 members"
    shown = _row_texts(page, "Zoë Ó Briain")[:6]
    assert shown == [
        "Zoë Ó Briain",
        "Community matron",
        "Age Well Stockport",
        "zoe.obriain@example.nhs.uk",
        "0161 496 0123",
        "Yes",
    ]
    assert page.selected_member() is not None
    stored = window.db.execute(
        "SELECT m.name, m.role, o.name, m.email, m.phone, m.is_core, m.active FROM members m "
        "JOIN organisations o ON o.id = m.organisation_id WHERE m.id = ?",
        [page.selected_member()],
    ).fetchone()
    assert stored == (*shown[:5], 1, 1)


def test_a_missing_role_is_shown_by_the_field_and_nothing_is_saved(window, qtbot):
    form = _open_new_form(window, qtbot)
    type_text(form.ui.name, "Łukasz Wiśniewski")
    _press_save(form, qtbot)
    error = _error(form, "role")
    assert error.isVisible()
    assert error.text() == "Enter their role, for example District nurse."
    assert form.ui.form_problem.isVisible()
    assert "There is a problem" in form.ui.form_problem.text()
    assert form.ui.role.hasFocus()
    assert form.ui.role.accessibleDescription() == error.text()
    assert not _error(form, "name").isVisible()
    assert form.isVisible()
    assert window.db.execute("SELECT count(*) FROM members").fetchone()[0] == 4
    # Putting it right and saving again works, and the message goes.
    qtbot.keyClicks(form.ui.role, "Physiotherapist")
    _press_save(form, qtbot)
    qtbot.waitUntil(lambda: _form_closed(window.members))
    assert "Łukasz Wiśniewski" in _names(window.members)


def test_a_wrong_email_is_flagged_when_leaving_the_field(window, qtbot):
    form = _open_new_form(window, qtbot)
    form.ui.email.setFocus()
    qtbot.keyClicks(form.ui.email, "0161 496 0000")
    qtbot.keyClick(form.ui.email, Qt.Key.Key_Tab)
    assert "Enter an email address like" in _error(form, "email").text()
    assert not _error(form, "name").isVisible()  # untouched fields are not nagged about


def test_an_organisation_can_be_added_without_leaving_the_form(window, qtbot, fake_prompts):
    form = _open_new_form(window, qtbot)
    qtbot.keyClick(_focused(), Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: form.organisation_dialog is not None)
    dialog = form.organisation_dialog
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.name.hasFocus()
    qtbot.keyClicks(dialog.name, "age well stockport")
    qtbot.keyClick(_focused(), Qt.Key.Key_S, CTRL)
    already = "An organisation called Age Well Stockport already exists."
    assert dialog.errors["name"].text() == already
    assert dialog.isVisible()
    dialog.name.clear()
    type_text(dialog.name, "Mersey Tame Homes")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "H")  # kind: Housing
    assert dialog.kind.currentData() == "housing"
    qtbot.keyClick(_focused(), Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: form.organisation_dialog is None)
    assert form.ui.organisation_id.currentText() == "Mersey Tame Homes"
    assert form.focusWidget() is form.ui.organisation_id
    _back_to(form, qtbot)
    assert form.ui.organisation_id.hasFocus()
    assert window.db.execute(
        "SELECT kind FROM organisations WHERE name = 'Mersey Tame Homes'"
    ).fetchone() == ("housing",)
    assert form.has_changes()  # the member itself is not saved until Save
    fake_prompts.confirm_answer = True
    qtbot.keyClick(_focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _form_closed(window.members))


def test_editing_a_member_from_the_list_with_enter(window, qtbot):
    page = _go_to_members(window, qtbot)
    page.table.selectRow(_names(page).index("Gwen Roberts"))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isActiveWindow())
    form = page.form
    assert form.windowTitle() == "Edit member"
    assert (form.ui.name.text(), form.ui.role.currentText()) == ("Gwen Roberts", "Social worker")
    assert form.ui.organisation_id.currentText() == "Stockport Council Adult Social Care"
    assert not form.has_changes()
    qtbot.keyClick(_focused(), Qt.Key.Key_P, ALT)
    qtbot.keyClicks(form.ui.phone, "07700 900456")
    _press_save(form, qtbot)
    qtbot.waitUntil(lambda: _form_closed(page))
    assert _row_texts(page, "Gwen Roberts")[4] == "07700 900456"
    assert page.model.member_id(page.table.currentIndex().row()) == page.selected_member()
    assert window.db.execute(
        "SELECT field, old, new, actor FROM audit WHERE entity = 'members' ORDER BY id DESC"
    ).fetchone() == ("phone", None, "07700 900456", "chair")


def test_a_member_marked_as_left_is_hidden_unless_asked_for(window, qtbot):
    page = _go_to_members(window, qtbot)
    page.table.selectRow(_names(page).index("Tom Hughes"))
    qtbot.keyClick(_focused(), Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isActiveWindow())
    form = page.form
    qtbot.keyClick(_focused(), Qt.Key.Key_L, ALT)  # Has &left the MDT
    qtbot.waitUntil(form.ui.has_left.isChecked)
    assert form.ui.left_hint.isVisible()
    assert "past actions and attendance are kept" in form.ui.left_hint.text()
    _press_save(form, qtbot)
    qtbot.waitUntil(lambda: _form_closed(page))
    assert "Tom Hughes" not in _names(page)
    assert page.count.text() == "2 members"

    _back_to(window, qtbot)
    qtbot.keyClick(_focused(), Qt.Key.Key_L, ALT)  # Show members who have &left
    qtbot.waitUntil(page.show_left.isChecked)
    assert _names(page) == ["Dr Priya Raman", "Gwen Roberts", "Olu Adeyemi", "Tom Hughes"]
    assert not page.table.isColumnHidden(6)
    assert _row_texts(page, "Tom Hughes")[6] == "Has left"
    assert _row_texts(page, "Gwen Roberts")[6] == ""
    assert page.count.text() == "2 members, 2 who have left"
    # The row is kept, not deleted: their history still points at it.
    assert window.db.execute("SELECT active FROM members WHERE name = 'Tom Hughes'").fetchone() == (
        0,
    )


def test_escape_with_changes_asks_first_and_keeps_the_typing(window, qtbot, fake_prompts):
    form = _open_new_form(window, qtbot)
    qtbot.keyClicks(form.ui.name, "Unsaved")
    fake_prompts.confirm_answer = False
    qtbot.keyClick(_focused(), Qt.Key.Key_Escape)
    assert form.isVisible() and form.ui.name.text() == "Unsaved"
    assert fake_prompts.shown[-1][1] == "Discard changes?"
    fake_prompts.confirm_answer = True
    qtbot.keyClick(_focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _form_closed(window.members))
    assert window.db.execute("SELECT count(*) FROM members").fetchone()[0] == 4


def test_escape_without_changes_closes_without_asking(window, qtbot, fake_prompts):
    form = _open_new_form(window, qtbot)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _form_closed(window.members))
    assert not [shown for shown in fake_prompts.shown if shown[0] == "confirm"]


def test_every_field_of_the_form_is_named_for_screen_readers(window, qtbot):
    form = _open_new_form(window, qtbot)
    ui = form.ui
    names = {
        widget.accessibleName() or widget.text().replace("&", "")
        for widget in (ui.name, ui.role, ui.organisation_id, ui.email, ui.phone)
    }
    assert names == {"Name", "Role", "Organisation", "Email", "Phone"}
    assert ui.role.lineEdit().accessibleName() == "Role"


def test_tab_goes_from_the_list_to_the_filter_then_the_actions(window, qtbot):
    page = _go_to_members(window, qtbot)
    page.table.selectRow(0)
    seen = []
    for _ in range(3):
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        seen.append(_focused())
    assert seen == [page.show_left, page.edit_button, page.new_button]


def test_sorting_by_a_heading(window, qtbot):
    page = _go_to_members(window, qtbot)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # role
    assert _names(page) == ["Tom Hughes", "Dr Priya Raman", "Gwen Roberts"]


def test_with_no_members_the_page_says_how_to_add_one(qtbot, db_path, settings, fake_prompts):
    from mdtdesk.gui.app import application
    from mdtdesk.gui.main_window import MainWindow

    application()
    db = open_database(db_path)
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    page = window.members
    assert page.stack.currentWidget() is page.empty
    assert "New member (Alt+N)" in page.empty.text()
    assert not page.edit_button.isEnabled()
    window.close()
    db.close()


def test_marking_a_key_worker_as_left_says_what_stays_with_them(window, qtbot):
    from mdtdesk.core.register import load_case_record, save_case_record

    page = _go_to_members(window, qtbot)
    tom = page.model.member_id(_names(page).index("Tom Hughes"))
    case = load_case_record(window.db, window.cases.model.case_id(0))
    case.key_worker_id = tom
    save_case_record(window.db, "chair", case)
    page.edit_member(tom)
    form = page.form
    form.ui.has_left.setChecked(True)
    assert form.ui.left_hint.text() == (
        "Tom Hughes is key worker for 1 open case. These stay with them until you reassign them."
    )
    form.ui.has_left.setChecked(False)
    assert not form.ui.left_hint.isVisible()
    form.reject()
