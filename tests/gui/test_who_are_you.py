"""Who are you? chosen with the keyboard: type to narrow, arrows to move, Enter to choose."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from mdtdesk.core import members
from mdtdesk.core.audit import default_actor
from mdtdesk.core.db import connect
from mdtdesk.gui.app import application
from mdtdesk.gui.who_are_you import WhoAreYouDialog, actor_for
from tests.gui.conftest import type_text

TEAM = [
    ("Amara Okafor", "GP", "Heaton Moor Medical Group"),
    ("Siân Evans", "District nurse", "Stockport NHS Foundation Trust"),
    ("Łukasz Wójcik", "Social worker", "Stockport Council"),
    ("Tom Kershaw", "Care coordinator", "Stockport Council"),
]


@pytest.fixture
def team(db):
    """The four members above, plus one who has left; returns {name: member id}."""
    orgs: dict[str, int] = {}
    ids = {}
    for name, role, org in TEAM:
        if org not in orgs:
            orgs[org] = members.save_organisation(db, "admin", org, "other")
        member = members.save_member(
            db, "admin", members.Member(name=name, role=role, organisation_id=orgs[org])
        )
        ids[name] = member.id
    gone = members.save_member(db, "admin", members.Member(name="Old Locum", role="GP"))
    gone.active = False
    members.save_member(db, "admin", gone)
    ids["Old Locum"] = gone.id
    return ids


@pytest.fixture
def open_dialog(qtbot, db_path, settings):
    application()
    conns = []

    def opening() -> WhoAreYouDialog:
        conn = connect(db_path, create=False)
        conns.append(conn)
        dialog = WhoAreYouDialog(conn, settings)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        # Activation arrives in steps: wait until the keyboard is in the dialog, as for a user.
        qtbot.waitUntil(lambda: keyboard_in(dialog))
        return dialog

    yield opening
    for conn in conns:
        conn.close()


def keyboard_in(window) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and focused.window() is window


def shown_rows(dialog) -> list[tuple[str, str, str]]:
    """The rows on screen, as the user reads them."""
    table, model = dialog.list, dialog.list.model()
    return [
        tuple(model.index(r, c).data() for c in range(3))
        for r in range(model.rowCount())
        if not table.isRowHidden(r)
    ]


def current_name(dialog) -> str | None:
    """The name on the highlighted row, if a shown row is highlighted."""
    current = dialog.list.currentIndex()
    if not current.isValid() or dialog.list.isRowHidden(current.row()):
        return None
    assert dialog.list.selectionModel().isRowSelected(current.row())
    return current.siblingAtColumn(0).data()


def test_the_teams_current_members_are_listed_with_role_and_organisation(
    team, open_dialog, settings
):
    dialog = open_dialog()
    assert shown_rows(dialog) == [TEAM[0], TEAM[2], TEAM[1], TEAM[3]]  # Ł among the Ls
    assert dialog.stack.currentWidget() is dialog.list
    # The first is offered, and the cursor waits in the search box.
    assert current_name(dialog) == "Amara Okafor"
    assert dialog.search.hasFocus()


def test_typing_narrows_the_list_ignoring_accents_and_enter_chooses(team, open_dialog, settings):
    dialog = open_dialog()
    type_text(dialog.search, "sian")
    assert shown_rows(dialog) == [TEAM[1]]
    assert current_name(dialog) == "Siân Evans"
    qtbot_enter(dialog.search)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.actor() == "Siân Evans (District nurse)"
    assert settings.last_member_id == team["Siân Evans"]


def test_role_and_organisation_narrow_it_too(team, open_dialog):
    dialog = open_dialog()
    type_text(dialog.search, "council")
    assert [row[0] for row in shown_rows(dialog)] == ["Łukasz Wójcik", "Tom Kershaw"]  # by name
    dialog.search.clear()
    type_text(dialog.search, "lukasz social")
    assert [row[0] for row in shown_rows(dialog)] == ["Łukasz Wójcik"]


def test_arrow_keys_move_through_the_list_from_the_search_box(qtbot, team, open_dialog):
    dialog = open_dialog()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert current_name(dialog) == "Siân Evans"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    assert current_name(dialog) == "Łukasz Wójcik"
    assert dialog.search.hasFocus()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor() == "Łukasz Wójcik (Social worker)"


def test_enter_in_the_list_chooses_too(qtbot, team, open_dialog):
    dialog = open_dialog()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Tab)
    assert dialog.list.hasFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor() == "Tom Kershaw (Care coordinator)"


def test_the_member_chosen_last_time_is_offered_first(team, open_dialog, settings):
    settings.last_member_id = team["Tom Kershaw"]
    dialog = open_dialog()
    assert current_name(dialog) == "Tom Kershaw"
    qtbot_enter(dialog.search)
    assert dialog.actor() == "Tom Kershaw (Care coordinator)"


def test_a_last_choice_who_has_left_is_not_offered(team, open_dialog, settings):
    settings.last_member_id = team["Old Locum"]
    dialog = open_dialog()
    assert "Old Locum" not in [row[0] for row in shown_rows(dialog)]
    assert current_name(dialog) == "Amara Okafor"


def test_when_no_one_matches_it_says_so_and_enter_does_not_go_on(team, open_dialog, settings):
    dialog = open_dialog()
    type_text(dialog.search, "zebedee")
    assert dialog.stack.currentWidget() is dialog.empty
    assert "No one in your team matches “zebedee”" in dialog.empty.text()
    assert not dialog.continue_button.isEnabled()
    qtbot_enter(dialog.search)
    assert dialog.isVisible()
    assert dialog.member_id() is None and settings.last_member_id is None
    dialog.search.clear()
    assert dialog.stack.currentWidget() is dialog.list and dialog.continue_button.isEnabled()


def test_a_new_database_goes_on_under_the_login_name_and_says_so(qtbot, db, open_dialog, settings):
    dialog = open_dialog()
    login = default_actor()
    assert dialog.stack.currentWidget() is dialog.empty
    assert "no members yet" in dialog.empty.text()
    assert f"Changes will be recorded under “{login}”, this computer's login name." in (
        dialog.empty.text()
    )
    assert not dialog.search.isVisible()
    assert dialog.continue_button.text() == f"&Continue as {login}"
    assert dialog.continue_button.hasFocus()
    qtbot.keyClick(dialog.continue_button, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor() == login and settings.last_member_id is None


def test_escape_changes_nothing(qtbot, team, open_dialog, settings):
    dialog = open_dialog()
    type_text(dialog.search, "tom")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert settings.last_member_id is None


def test_actor_for_names_a_member_with_their_role(db, team):
    row = next(r for r in members.list_members(db) if r["id"] == team["Amara Okafor"])
    assert actor_for(row) == "Amara Okafor (GP)"
    assert actor_for(members.load_member(db, team["Siân Evans"])) == "Siân Evans (District nurse)"
    assert actor_for({"name": "  Jo   Bloggs ", "role": ""}) == "Jo Bloggs"


def qtbot_enter(widget) -> None:
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(widget, Qt.Key.Key_Return)
