"""The team's quorum rule, set from the Meetings page: roles ticked and a minimum present."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mdtdesk.core import meetings
from mdtdesk.core.db import open_database
from mdtdesk.core.errors import MdtError
from mdtdesk.core.meetings import QuorumRule
from mdtdesk.gui.app import application
from mdtdesk.gui.meetings_page import MeetingsPage
from tests.helpers import build_team, plan_meeting

RULE_AUDIT = "SELECT new FROM audit WHERE entity = 'team_settings' ORDER BY id"


@pytest.fixture
def page(qtbot, db_path, fake_prompts, today):
    """The Meetings page on a draft meeting where the GP and the pharmacist are present."""
    application()
    db = open_database(db_path)
    hood, members, _ = build_team(db, today)
    meetings.set_quorum_rule(db, "chair", QuorumRule(("GP", "Social worker"), 3))
    meeting_id = plan_meeting(db, hood, today + dt.timedelta(days=7))
    for role in ("GP", "Pharmacist"):
        meetings.set_attendance(db, "chair", meeting_id, members[role], "present")
    widget = MeetingsPage(db.conn, lambda: db, "chair")
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.reload(select=meeting_id)
    yield widget
    db.close()


def _stored(path):
    """The rule and its audit trail as committed, read through a connection of its own."""
    check = open_database(path)
    try:
        return meetings.quorum_rule(check), [row[0] for row in check.execute(RULE_AUDIT)]
    finally:
        check.close()


def _open_dialog(page, qtbot):
    qtbot.mouseClick(page.quorum_button, Qt.MouseButton.LeftButton)
    dialog = page.quorum_dialog
    qtbot.waitExposed(dialog)
    return dialog


def _roles(dialog):
    return {
        dialog.roles.item(row).text(): dialog.roles.item(row).checkState() == Qt.CheckState.Checked
        for row in range(dialog.roles.count())
    }


def test_the_dialog_shows_the_teams_roles_and_the_rule(page, qtbot):
    assert page.quorum_button.text() == "&Quorum rule…"
    dialog = _open_dialog(page, qtbot)
    assert dialog.isModal()
    assert _roles(dialog) == {
        "Care coordinator": False,
        "District nurse": False,
        "GP": True,
        "Pharmacist": False,
        "Social worker": True,
    }
    assert dialog.minimum.value() == 3
    buddies = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert buddies["&Minimum present"] is dialog.minimum
    assert buddies["&Roles that must be present (Space ticks or unticks)"] is dialog.roles
    dialog.reject()


def test_saving_changes_the_rule_and_the_quorum_line(page, qtbot, db_path):
    assert page.quorum.text() == "Not quorate: needs 1 more present and a Social worker."
    _, audit_before = _stored(db_path)
    dialog = _open_dialog(page, qtbot)
    # Untick the social worker from the keyboard: the last role in the list.
    dialog.roles.setFocus()
    qtbot.keyClick(dialog.roles, Qt.Key.Key_End)
    assert dialog.roles.currentItem().text() == "Social worker"
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Space)
    dialog.minimum.setFocus()
    dialog.minimum.selectAll()
    qtbot.keyClicks(dialog.minimum, "2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    rule, audit_after = _stored(db_path)
    assert rule == QuorumRule(("GP",), 2)
    assert len(audit_after) == len(audit_before) + 1
    assert '"minimum_present": 2' in audit_after[-1]
    assert page.quorum.text() == "Quorate: 2 present (at least 2 needed)."
    assert page.quorum.property("role") is None


def test_escape_changes_nothing(page, qtbot, db_path):
    line = page.quorum.text()
    before = _stored(db_path)
    dialog = _open_dialog(page, qtbot)
    dialog.roles.setFocus()
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Home)
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Space)  # ticks the care coordinator
    dialog.minimum.setValue(7)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert _stored(db_path) == before
    assert page.quorum.text() == line


def test_a_refused_save_is_explained_and_the_choices_kept(page, qtbot, monkeypatch, fake_prompts):
    def refuse(*_args):
        raise MdtError("The database is in use by another program. Try again in a moment.")

    monkeypatch.setattr(meetings, "set_quorum_rule", refuse)
    dialog = _open_dialog(page, qtbot)
    dialog.minimum.setValue(5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.shown == [
        (
            "error",
            "Quorum rule not saved",
            "The database is in use by another program. Try again in a moment. "
            "Your choices are kept.",
        )
    ]
    assert dialog.isVisible()
    assert dialog.minimum.value() == 5
    dialog.reject()
