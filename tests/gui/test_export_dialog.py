"""The export dialog: the app's file names (no patient details), both formats written and audited,
replacing a file only after asking, plain messages when the folder will not do, and one export
at a time."""

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mdtdesk.core import agenda
from mdtdesk.core.db import open_database
from mdtdesk.core.exports import exports
from mdtdesk.documents.export import ExportRequest
from mdtdesk.gui import export_dialog
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from tests.helpers import build_team, nhs, plan_meeting

CTRL = Qt.KeyboardModifier.ControlModifier
MEETING_DAY = dt.date(2026, 11, 24)
WAIT_MS = 30_000


@pytest.fixture
def team(qtbot, db_path, settings, fake_prompts, today):
    """A main window on a team with a meeting of three cases, the meeting chosen in Meetings.
    Returns (window, meeting id, the people's names and NHS numbers)."""
    application()
    db = open_database(db_path)
    hood, _members, cases = build_team(db, today, people=4)
    meeting_id = plan_meeting(db, hood, MEETING_DAY)
    for case_id in cases[:3]:  # the fourth objected to information sharing
        agenda.add_item(db, "chair", meeting_id, case_id, "new_referral")
    people = [
        (row["given_name"], row["family_name"], row["nhs_number"])
        for row in agenda.items(db.conn, meeting_id)
    ]
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setCurrentRow(2)  # Meetings
    window.meetings.reload(select=meeting_id)
    yield window, meeting_id, people
    if window.export_dialog is not None:
        qtbot.waitUntil(lambda: not window.export_dialog.busy, timeout=WAIT_MS)
        window.export_dialog.reject()
    window.close()
    db.close()


def _open_dialog(qtbot, window):
    # Offscreen, a closed dialog leaves no window active (a window manager would give it back).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _export(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)


def _audit(db_path, entity, entity_id):
    db = open_database(db_path, create=False)
    try:
        return [row["what"] for row in exports(db, entity, entity_id)]
    finally:
        db.close()


def _holds_no_identifier(name: str, people) -> None:
    digits = "".join(c for c in name if c.isdigit())
    for given, family, number in people:
        assert given.lower() not in name.lower() and family.lower() not in name.lower()
        assert number not in digits and number[-3:] + " " not in name


def test_redacted_minutes_as_pdf_and_docx_are_written_with_the_apps_names_and_audited(
    team, qtbot, tmp_path, db_path, settings
):
    window, meeting_id, people = team
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = _open_dialog(qtbot, window)
    assert dialog.minutes.isChecked() and dialog.minutes.isVisible()
    assert not dialog.care_plan.isVisible()
    qtbot.mouseClick(dialog.redacted, Qt.MouseButton.LeftButton)
    dialog.docx.setChecked(True)
    dialog.folder.setText(str(folder))
    assert "(redacted).pdf" in dialog.files.text()

    _export(qtbot, dialog)

    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "MDT minutes 2026-11-24 Stockport West (redacted).docx",
        "MDT minutes 2026-11-24 Stockport West (redacted).pdf",
    ]
    for name in names:
        _holds_no_identifier(name, people)
    assert (folder / names[1]).read_bytes().startswith(b"%PDF")
    assert (folder / names[0]).read_bytes().startswith(b"PK")
    assert _audit(db_path, "meetings", meeting_id) == [
        "Minutes, redacted, as PDF",
        "Minutes, redacted, as Word (DOCX)",
    ]
    qtbot.waitUntil(lambda: window.export_dialog is None, timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == (
        f"Minutes (redacted) saved as PDF and DOCX in {folder}"
    )
    assert settings.export_folder == str(folder)


def test_an_agenda_and_a_care_plan_are_named_without_the_person(
    team, qtbot, tmp_path, db_path, fake_prompts
):
    window, meeting_id, people = team
    dialog = _open_dialog(qtbot, window)
    fake_prompts.folder_to_choose = tmp_path
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.folder.text() == str(tmp_path)
    dialog.agenda.setChecked(True)
    assert not dialog.redacted.isVisible() and not dialog.large_print.isVisible()
    dialog.pdf.setChecked(False)
    assert not dialog.export_button.isEnabled()  # no format ticked
    dialog.docx.setChecked(True)
    _export(qtbot, dialog)
    assert (tmp_path / "MDT agenda 2026-11-24 Stockport West.docx").exists()
    qtbot.waitUntil(lambda: window.export_dialog is None, timeout=WAIT_MS)

    # From the case list: the selected person's care plan, large print.
    window.navigation.setCurrentRow(0)
    window.cases.table.selectRow(0)
    case_nhs = window._person_of(window.cases.selected_case())[0]
    dialog = _open_dialog(qtbot, window)
    assert dialog.care_plan.isChecked() and dialog.minutes.isVisible()  # a meeting is chosen too
    dialog.large_print.setChecked(True)
    dialog.folder.setText(str(tmp_path))
    _export(qtbot, dialog)
    name = f"Care plan {dt.date.today().isoformat()} (large print).pdf"
    assert (tmp_path / name).exists()
    _holds_no_identifier(name, people)
    db = open_database(db_path, create=False)
    person_id = db["people"].rows_where("nhs_number = ?", [case_nhs]).__next__()["id"]
    db.close()
    assert _audit(db_path, "people", person_id) == ["Care plan, large print, as PDF"]


def test_an_existing_file_is_replaced_only_after_asking(
    team, qtbot, tmp_path, db_path, fake_prompts
):
    window, meeting_id, _ = team
    target = tmp_path / "MDT minutes 2026-11-24 Stockport West.pdf"
    target.write_bytes(b"the earlier minutes")
    dialog = _open_dialog(qtbot, window)
    dialog.folder.setText(str(tmp_path))

    fake_prompts.confirm_answer = False
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.shown[-1][0] == "confirm"
    assert target.name in fake_prompts.shown[-1][2]
    assert not dialog.busy and dialog.task is None
    assert target.read_bytes() == b"the earlier minutes"
    assert _audit(db_path, "meetings", meeting_id) == []
    assert dialog.isVisible() and dialog.problem.text() == "Nothing was exported."

    fake_prompts.confirm_answer = True
    _export(qtbot, dialog)
    assert target.read_bytes().startswith(b"%PDF")
    assert _audit(db_path, "meetings", meeting_id) == ["Minutes, full, as PDF"]


def test_a_missing_or_unwritable_folder_gives_a_plain_message_and_writes_nothing(
    team, qtbot, tmp_path, db_path, fake_prompts, monkeypatch
):
    window, meeting_id, _ = team
    dialog = _open_dialog(qtbot, window)
    dialog.docx.setChecked(True)

    dialog.folder.setText(str(tmp_path / "not there"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.shown[-1] == (
        "error",
        "Not exported",
        f"The folder {tmp_path / 'not there'} does not exist. Choose another folder.",
    )
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    dialog.folder.setText(str(a_file))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "is a file, not a folder" in fake_prompts.shown[-1][2]
    assert dialog.task is None

    # The disk refuses the file (as a read-only or full folder does): said plainly, no file.
    from mdtdesk.documents import files

    def refuse(target, write):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(files, "write_atomically", refuse)
    folder = tmp_path / "locked"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    _export(qtbot, dialog)
    kind, title, text = fake_prompts.shown[-1]
    assert (kind, title) == ("error", "Not exported")
    assert "permission denied" in text and "Nothing was replaced" in text
    assert "Traceback" not in text and "Errno" not in text
    assert list(folder.iterdir()) == []
    assert _audit(db_path, "meetings", meeting_id) == []
    assert dialog.isVisible() and dialog.export_button.isEnabled()

    # Anything unexpected: a generic message, the details only in the log.
    def crash(target, write):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(files, "write_atomically", crash)
    _export(qtbot, dialog)
    assert fake_prompts.shown[-1][2] == export_dialog.UNEXPECTED
    assert list(folder.iterdir()) == []


def test_export_cannot_be_pressed_twice_while_it_runs(team, qtbot, tmp_path, db_path, monkeypatch):
    window, meeting_id, _ = team
    release = threading.Event()
    calls = []
    real = export_dialog.run_exports

    def slow(db_path, actor, requests):
        calls.append(requests)
        release.wait(WAIT_MS / 1000)
        return real(db_path, actor, requests)

    monkeypatch.setattr(export_dialog, "run_exports", slow)
    dialog = _open_dialog(qtbot, window)
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.busy and not dialog.export_button.isEnabled()
    dialog.export()  # pressed again (Enter): ignored
    dialog.reject()  # Esc while running: the dialog waits for the answer
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)
    assert len(calls) == 1
    assert _audit(db_path, "meetings", meeting_id) == ["Minutes, full, as PDF"]


def test_file_names_never_carry_characters_a_file_system_refuses(db, today):
    hood, _members, _cases = build_team(db, today, people=1)
    db["neighbourhoods"].update(hood, {"name": 'Reddish: North/South "A"'})
    meeting_id = plan_meeting(db, hood, MEETING_DAY)

    agenda_sheet = ExportRequest("agenda", "pdf", Path("x.pdf"), meeting_id=meeting_id)
    stem = export_dialog.document_stem(db, agenda_sheet)
    assert stem == "MDT agenda 2026-11-24 Reddish North South A"
    care = ExportRequest("careplan", "pdf", Path("x.pdf"), nhs_number=nhs(0), large_print=True)
    assert export_dialog.document_stem(db, care, today) == "Care plan 2026-11-23 (large print)"
