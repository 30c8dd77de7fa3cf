from pathlib import Path

from PySide6.QtCore import Qt

from tests.helpers import nhs

HEADER = "NHS No,Family Name,Given Name,DOB,Post Code,Usual GP,Long Term Conditions"


def _write(path: Path, rows: list[str]) -> Path:
    # As EMIS writes it: byte-order mark, Windows line endings.
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    return path


def _people(window):
    return window.db.execute("SELECT count(*) FROM people").fetchone()[0]


def _start_import(window, qtbot, fake_prompts, path):
    fake_prompts.file_to_open = path
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.import_preview is not None, timeout=10_000)
    return window.import_preview


def test_preview_names_the_bad_row_and_imports_nothing(window, qtbot, fake_prompts, tmp_path):
    n = nhs(900)
    path = _write(
        tmp_path / "search.csv",
        [
            f"{n[:3]} {n[3:6]} {n[6:]},Ó Briain,Seán,01/02/1940,sk4 2qt,Heaton Moor,COPD",
            f"{nhs(901)},Wiśniewski,Zofia,1941-03-04,SK1 3XE,Heaton Moor,Dementia",
            "999 000 0019,Kershaw,Brian,05-Jun-1939,SK7 1PL,Heaton Moor,Falls",
        ],
    )
    before = _people(window)
    preview = _start_import(window, qtbot, fake_prompts, path)
    assert "2 new" in preview.summary.text() and "1 rejected" in preview.summary.text()
    assert preview.rejected.item(0, 0).text() == "4"
    assert "NHS number" in preview.rejected.item(0, 1).text()
    assert not preview.import_button.isEnabled()
    assert "Nothing will be imported" in preview.advice.text()
    preview.reject()
    assert _people(window) == before


def test_a_clean_file_imports_after_the_preview(window, qtbot, fake_prompts, tmp_path):
    path = _write(
        tmp_path / "clean.csv",
        [
            f"{nhs(910)},Ó Briain,Seán,01/02/1940,SK4 2QT,Heaton Moor,COPD",
            f"{nhs(911)},Wiśniewski,Zofia,1941-03-04,SK1 3XE,Heaton Moor,Dementia",
        ],
    )
    before = _people(window)
    preview = _start_import(window, qtbot, fake_prompts, path)
    assert preview.import_button.isEnabled()
    # The practice is new to the register: the preview says it will be added.
    assert "Will add 1 new practice: Heaton Moor." in preview.summary.text()
    assert _people(window) == before  # the preview wrote nothing
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Imported 2 new" in window.statusBar().currentMessage(), timeout=10_000)
    assert _people(window) == before + 2
    window.cases.search.setText("briain")
    assert window.cases.model.index(0, 0).data() == "Ó BRIAIN, Seán"


def test_an_unreadable_file_gets_a_plain_message(window, qtbot, fake_prompts, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    fake_prompts.file_to_open = path
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(fake_prompts.shown), timeout=10_000)
    kind, _title, text = fake_prompts.shown[-1]
    assert kind == "error" and "Traceback" not in text
    assert window.import_preview is None


def test_import_cannot_be_pressed_twice_or_cancelled_half_way(
    window, qtbot, fake_prompts, tmp_path, monkeypatch
):
    import threading

    from mdtdesk.core import case_import

    # Hold the import on its worker thread until the test has tried to interfere.
    release = threading.Event()
    real_apply = case_import.apply_import

    def held_apply(*args, **kwargs):
        release.wait(10)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(case_import, "apply_import", held_apply)
    path = _write(
        tmp_path / "twice.csv",
        [f"{nhs(920 + i)},Kershaw,Brian,05/06/1939,SK7 1PL,Heaton Moor,Falls" for i in range(3)],
    )
    before = _people(window)
    preview = _start_import(window, qtbot, fake_prompts, path)
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert not preview.import_button.isEnabled()  # a second press does nothing
    qtbot.keyClick(preview, Qt.Key.Key_Escape)  # nor does cancelling half-way
    window.close()  # nor closing the window
    assert window.isVisible() and fake_prompts.shown[-1][1] == "Still working"
    assert preview.isVisible()
    release.set()
    qtbot.waitUntil(lambda: "Imported 3 new" in window.statusBar().currentMessage(), timeout=10_000)
    assert _people(window) == before + 3
