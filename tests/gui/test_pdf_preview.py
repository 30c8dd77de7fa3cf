"""The preview shows the real pages of the PDF and prints them through the (faked) system print
dialog: to a PDF printer here, every page or the range chosen. Minutes preview from the window,
a care plan from the case list and from chair mode (Ctrl+P). The app's documents are previewed
from memory: no file of a person's plan is written for a crash to leave behind."""

import datetime as dt
import io
import tempfile

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from reportlab.pdfgen import canvas

from mdtdesk.core import agenda
from mdtdesk.core.db import open_database
from mdtdesk.core.exports import exports
from mdtdesk.gui.app import application
from mdtdesk.gui.main_window import MainWindow
from mdtdesk.gui.pdf_preview import DocumentPreview, PdfPreview
from tests.helpers import build_team, plan_meeting

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 30_000
TODAY = dt.date.today()  # chair mode works on real dates


def _pdf(path, pages: int):
    """A PDF of ``pages`` A4 pages, each saying its number."""
    sheet = canvas.Canvas(str(path))
    for number in range(1, pages + 1):
        sheet.setFont("Helvetica", 36)
        sheet.drawString(72, 720, f"Page {number}")
        sheet.showPage()
    sheet.save()
    return path


def _to_pdf_file(path, first: int = 0, last: int = 0):
    """What the user does in the print dialog: print to a PDF file, optionally pages
    ``first`` to ``last``."""

    def choose(printer: QPrinter) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        if first:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)

    return choose


@pytest.fixture
def preview(qtbot):
    application()
    window = PdfPreview("Five pages", "Five pages")
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_preview_shows_every_page_and_zooms_from_the_keyboard(preview, qtbot, tmp_path):
    preview.show_pdf(_pdf(tmp_path / "five.pdf", 5).read_bytes())
    assert preview.page_count == 5
    assert [label.accessibleName() for label in preview._labels] == [
        f"Page {n} of 5" for n in range(1, 6)
    ]
    assert preview.page_label.text() == "Page 1 of 5"
    qtbot.waitUntil(lambda: 0 in preview._rendered)
    first = preview._labels[0].pixmap()
    assert not first.isNull() and first.width() > 500  # a real page, drawn at 100%

    # A page far down is drawn only when scrolled to.
    assert 4 not in preview._rendered
    preview.go_to_page(5)
    qtbot.waitUntil(lambda: 4 in preview._rendered)
    assert preview.page_label.text() == "Page 5 of 5"

    width = preview._labels[0].width()
    qtbot.keyClick(preview.scroll, Qt.Key.Key_Equal, CTRL)
    assert preview.zoom_label.text() == "110%"
    assert preview._labels[0].width() > width
    qtbot.keyClick(preview.scroll, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(preview.scroll, Qt.Key.Key_Minus, CTRL)
    assert preview.zoom_label.text() == "90%"
    assert preview.page_label.text() == "Page 5 of 5"  # the place is kept


def test_printing_to_a_pdf_printer_gives_every_page_or_the_range_chosen(
    preview, tmp_path, fake_prompts
):
    preview.show_pdf(_pdf(tmp_path / "five.pdf", 5))
    printed = []
    preview.printed.connect(printed.append)

    assert preview.print_document() == 0  # cancelled in the print dialog
    assert fake_prompts.shown[-1] == ("print", "Five pages", "5")

    every = tmp_path / "every.pdf"
    fake_prompts.print_choice = _to_pdf_file(every)
    assert preview.print_document() == 5
    assert len(PdfReader(every).pages) == 5
    some = tmp_path / "some.pdf"
    fake_prompts.print_choice = _to_pdf_file(some, 2, 3)
    assert preview.print_document() == 2
    reader = PdfReader(some)
    assert len(reader.pages) == 2
    assert printed == [5, 2]
    assert (tmp_path / "five.pdf").exists()  # not the preview's to delete


@pytest.fixture
def team_window(qtbot, db_path, settings, fake_prompts):
    application()
    db = open_database(db_path)
    hood, _members, cases = build_team(db, TODAY, people=4)
    meeting_id = plan_meeting(db, hood, TODAY)
    for case_id in cases[:3]:  # the fourth objected to information sharing
        agenda.add_item(db, "chair", meeting_id, case_id, "review")
    window = MainWindow(db, db_path, "chair", settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window, meeting_id, db
    for preview in window.findChildren(DocumentPreview):
        if preview.task is not None:
            qtbot.waitUntil(lambda p=preview: not p.task.running, timeout=WAIT_MS)
        preview.close()
    if window.chair_window is not None:
        window.chair_window.close()
    window.close()
    db.close()


def _ready(qtbot, preview: DocumentPreview) -> None:
    """Wait for the preview's PDF to be built; fail with the preview's message if it was not."""
    qtbot.waitUntil(lambda: not preview.task.running, timeout=WAIT_MS)
    assert preview.page_count > 0, preview.message.text()


def _pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def test_minutes_preview_shows_the_real_pages_and_redacted_builds_them_again(
    team_window, qtbot, fake_prompts, tmp_path, db_path, monkeypatch
):
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    window, meeting_id, _db = team_window
    window.navigation.setCurrentRow(2)
    window.meetings.reload(select=meeting_id)
    preview = window.preview_minutes()
    assert preview.windowTitle().startswith("Preview: Minutes: Stockport West MDT")
    _ready(qtbot, preview)
    full = preview.pdf_data
    assert preview.page_count == len(_pages(full))
    assert "Ashworth" in "".join(page.extract_text() for page in _pages(full))
    assert preview.document_name == f"MDT minutes {TODAY.isoformat()} Stockport West"

    preview.redacted.setChecked(True)
    qtbot.waitUntil(lambda: preview.pdf_data not in (None, full), timeout=WAIT_MS)
    redacted = preview.pdf_data
    assert preview.document_name.endswith("(redacted)")
    text = "".join(page.extract_text() for page in _pages(redacted))
    assert "Ashworth" not in text
    assert preview.page_count == len(_pages(redacted))
    assert list(temporary.iterdir()) == []  # shown from memory: no file for a crash to leave

    fake_prompts.print_choice = _to_pdf_file(tmp_path / "printed.pdf")
    qtbot.keyClick(preview.scroll, Qt.Key.Key_P, CTRL)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == preview.page_count
    db = open_database(db_path, create=False)
    qtbot.waitUntil(lambda: bool(exports(db, "meetings", meeting_id)), timeout=WAIT_MS)
    count = preview.page_count
    assert [e["what"] for e in exports(db, "meetings", meeting_id)] == [
        f"Minutes, redacted, printed ({count} page{'s' if count > 1 else ''})"
    ]
    db.close()
    preview.close()
    assert list(temporary.iterdir()) == []


def test_ctrl_p_in_chair_mode_previews_the_current_persons_care_plan(
    team_window, qtbot, fake_prompts, tmp_path
):
    window, meeting_id, _db = team_window
    chair = window.run_meeting(meeting_id)
    qtbot.waitExposed(chair)
    chair.activateWindow()
    qtbot.waitUntil(chair.isActiveWindow)
    chair.go_to(1)
    row = chair._current_row()
    qtbot.keyClick(chair.focusWidget() or chair, Qt.Key.Key_P, CTRL)
    previews = window.findChildren(DocumentPreview)
    assert len(previews) == 1
    preview = previews[0]
    assert preview.request.kind == "careplan"
    assert preview.request.nhs_number == row["nhs_number"]
    assert row["family_name"].upper() in preview.windowTitle()
    assert preview.large_print.isVisible() and not preview.redacted.isVisible()
    _ready(qtbot, preview)
    assert preview.document_name == f"Care plan {TODAY.isoformat()}"  # the print queue's name
    pages = preview.page_count

    preview.large_print.setChecked(True)
    qtbot.waitUntil(lambda: preview.request.large_print and preview.page_count > 0, timeout=WAIT_MS)
    assert preview.page_count >= pages

    fake_prompts.print_choice = _to_pdf_file(tmp_path / "plan.pdf")
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(tmp_path / "plan.pdf").pages) == preview.page_count
    name = fake_prompts.shown[-1][1]
    assert row["family_name"].lower() not in name.lower() and row["nhs_number"] not in name


def test_print_care_plan_from_the_case_list(team_window, qtbot, fake_prompts):
    window, _meeting_id, _db = team_window
    window.navigation.setCurrentRow(0)
    assert window.print_care_plan() is None  # nothing selected: said so
    assert fake_prompts.shown[-1][:2] == ("info", "Print care plan")
    window.cases.table.selectRow(0)
    qtbot.keyClick(window.cases.table, Qt.Key.Key_P, CTRL)
    previews = window.findChildren(DocumentPreview)
    assert len(previews) == 1
    number, _name = window._person_of(window.cases.selected_case())
    assert previews[0].request.nhs_number == number
    _ready(qtbot, previews[0])
