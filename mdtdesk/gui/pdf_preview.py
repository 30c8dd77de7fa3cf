"""The preview: the real pages of a document's PDF, as they will print, with Print… beside them.

The PDF is built and rendered off the UI thread into a temporary file (named without patient
details) that is deleted when the preview closes. Pages are rasterised by PDFium (see
gui/printing.py) only as they scroll into view, so a long set of minutes opens at once.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core.db import open_database
from mdtdesk.core.errors import MdtError
from mdtdesk.documents.export import ExportRequest
from mdtdesk.gui import printing, prompts
from mdtdesk.gui.styling import set_style_property
from mdtdesk.gui.tasks import Task, run_in_background

log = logging.getLogger(__name__)

ZOOMS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PAGE_GAP = 16
# Pages rendered beyond the view (in viewport heights), and kept before their pixels are freed.
RENDER_AHEAD = 1.0
KEEP_AROUND = 3.0
PREPARING = "Preparing the preview…"


class PdfPreview(QWidget):
    """A window showing a PDF's pages: page X of Y, zoom, Print… and Close.

    ``show_pdf(source)`` shows a PDF file, or a PDF held in memory (``bytes``): the app's own
    documents are built in memory, so a person's plan is never left in a temporary folder by a
    crash. ``printed`` carries the number of pages printed.
    """

    printed = Signal(int)

    def __init__(self, title: str, document_name: str, parent: QWidget | None = None):
        """``document_name`` names the print job in the printer's queue: no patient details."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("preview")
        self.setStyleSheet(
            "QWidget#preview { background: #ffffff; }"
            " QScrollArea:focus { border: 3px solid #212b32; }"
        )
        self.setWindowTitle(f"Preview: {title}")
        self.document_name = document_name
        self.path: Path | None = None  # the file shown, if it is a file
        self.pdf_data: bytes | None = None  # the PDF shown, if it is held in memory
        self._pdf = None
        self._sizes: list[tuple[float, float]] = []  # page sizes in points
        self._labels: list[QLabel] = []
        self._tops: list[int] = []  # where each page starts in the scrolled area, in pixels
        self._rendered: dict[int, float] = {}  # page index -> zoom its pixmap was drawn at
        self.zoom = 1.0

        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page")
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setAccessibleName("Zoom out")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setAccessibleName("Zoom in")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl+=)")
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName("Zoom")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("300%  "))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton("&Print…")
        self.print_button.setProperty("primary", True)
        self.print_button.setToolTip("Print through the system's print dialog (Ctrl+P)")
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the preview (Esc)")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.close)
        self.options = QHBoxLayout()  # choices that rebuild the document (large print, …)
        self.options.setSpacing(12)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.page_label)
        bar.addSpacing(16)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addSpacing(16)
        bar.addLayout(self.options)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)

        self.message = QLabel(PREPARING)
        self.message.setObjectName("empty_state")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QWidget()
        self.pages.setObjectName("preview_pages")
        self.pages.setStyleSheet("QWidget#preview_pages { background: #d8dde0; }")
        self._pages_layout = QVBoxLayout(self.pages)
        self._pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._pages_layout.setSpacing(PAGE_GAP)
        self._pages_layout.addWidget(self.message)
        self._pages_layout.addStretch(1)  # pages from the top, whatever the window's height
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName("Pages")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._range_changed)
        self._pending_scroll: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        for keys, act in (
            (("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            (("Ctrl+0",), lambda: self.set_zoom(1.0)),
            (("Ctrl+P", QKeySequence.StandardKey.Print), self.print_document),
            (("Esc",), self.close),
        ):
            seen = set()
            for key in keys:
                sequence = QKeySequence(key)
                if sequence.isEmpty() or sequence.toString() in seen:
                    continue
                seen.add(sequence.toString())
                QShortcut(sequence, self, activated=act)
        # Pages are drawn once the layout has placed them (after a zoom, a resize, a scroll).
        self._render_soon = QTimer(self, singleShot=True, interval=0)
        self._render_soon.timeout.connect(self._render_visible)
        self._show_state()
        screen = (parent.screen() if parent else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else QRect(0, 0, 1024, 768)
        self.resize(min(1000, area.width() - 40), area.height() - 60)
        QApplication.instance().aboutToQuit.connect(self._release)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        """Pages in the PDF shown (0 while none is)."""
        return len(self._sizes)

    def show_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` in place of the pages (while preparing, or why there are none)."""
        self._release()
        self._clear_pages()
        self.message.setText(text)
        set_style_property(self.message, "role", "error" if error else None)
        self.message.show()
        self._show_state()

    def show_pdf(self, source: Path | bytes) -> None:
        """Show the pages of the PDF file at ``source``, or of the PDF ``source`` holds."""
        keep = self.current_page()
        self._release()
        self._clear_pages()
        if isinstance(source, bytes):
            self.pdf_data = source  # PDFium reads it in place: kept until released
        else:
            self.path = Path(source)
        self._pdf = printing.open_pdf(source)
        self._sizes = []
        for index in range(len(self._pdf)):
            page = self._pdf[index]
            self._sizes.append(tuple(page.get_size()))
            page.close()
        self.message.hide()
        for index in range(len(self._sizes)):
            label = QLabel()
            label.setAccessibleName(f"Page {index + 1} of {len(self._sizes)}")
            label.setStyleSheet("background: #ffffff;")
            self._labels.append(label)
            self._pages_layout.insertWidget(
                self._pages_layout.count() - 1, label, 0, Qt.AlignmentFlag.AlignHCenter
            )
        self._size_pages()
        self._show_state()
        self.scroll.setFocus(Qt.FocusReason.OtherFocusReason)  # arrows and Page Down scroll
        if keep > 1:
            QTimer.singleShot(0, lambda: self.go_to_page(keep))

    def _clear_pages(self) -> None:
        for label in self._labels:
            self._pages_layout.removeWidget(label)
            label.deleteLater()
        self._labels = []
        self._tops = []
        self._rendered = {}
        self._sizes = []

    def _release(self) -> None:
        """Close the PDF and let go of what it was read from."""
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        self.path = None
        self.pdf_data = None

    def _dpi(self) -> float:
        return self.logicalDpiY() * self.zoom

    def _size_pages(self) -> None:
        # Where each page will be is worked out here, not read back from the layout, which
        # places the pages only later (and squeezed, until the scrolled area has grown).
        scale = self._dpi() / printing.PDF_POINTS_PER_INCH
        self._tops = []
        top = PAGE_GAP
        for label, (width, height) in zip(self._labels, self._sizes, strict=True):
            label.setFixedSize(round(width * scale), round(height * scale))
            self._tops.append(top)
            top += label.height() + PAGE_GAP
        self._rendered = {}
        self._render_soon.start()

    def _render_visible(self) -> None:
        """Draw the pages in or near the view; free the pixels of pages far from it."""
        if self._pdf is None:
            return
        bar = self.scroll.verticalScrollBar()
        view = self.scroll.viewport().height()
        near = (bar.value() - view * RENDER_AHEAD, bar.value() + view * (1 + RENDER_AHEAD))
        keep = (bar.value() - view * KEEP_AROUND, bar.value() + view * (1 + KEEP_AROUND))
        ratio = self.devicePixelRatioF()
        for index, label in enumerate(self._labels):
            top = self._tops[index]
            bottom = top + label.height()
            if bottom >= near[0] and top <= near[1]:
                if self._rendered.get(index) != self.zoom:
                    page = self._pdf[index]
                    try:
                        image = printing.page_image(page, self._dpi() * ratio)
                    finally:
                        page.close()
                    image.setDevicePixelRatio(ratio)
                    label.setPixmap(QPixmap.fromImage(image))
                    self._rendered[index] = self.zoom
            elif (bottom < keep[0] or top > keep[1]) and index in self._rendered:
                label.clear()
                del self._rendered[index]

    def _scrolled(self) -> None:
        self._render_soon.start()
        self._show_state()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._render_soon.start()

    def current_page(self) -> int:
        """The page at the top third of the view, numbered from 1 (0 with no pages)."""
        if not self._labels:
            return 0
        mark = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() / 3
        for index, label in enumerate(self._labels):
            if self._tops[index] + label.height() + PAGE_GAP / 2 >= mark:
                return index + 1
        return len(self._labels)

    def go_to_page(self, number: int) -> None:
        """Scroll so that page ``number`` (from 1) is at the top."""
        if self._labels:
            index = min(max(number, 1), len(self._labels)) - 1
            self._scroll_to(self._tops[index] - PAGE_GAP)

    def _scroll_to(self, value: int) -> None:
        """Scroll to ``value`` now, or as soon as the scrolled area has grown to reach it."""
        bar = self.scroll.verticalScrollBar()
        self.pages.adjustSize()
        self._pending_scroll = value if value > bar.maximum() else None
        bar.setValue(value)

    def _range_changed(self, _low: int, high: int) -> None:
        if self._pending_scroll is not None:
            value = self._pending_scroll
            if value <= high:
                self._pending_scroll = None
            self.scroll.verticalScrollBar().setValue(value)

    def _show_state(self) -> None:
        count = self.page_count
        self.page_label.setText(f"Page {self.current_page()} of {count}" if count else "")
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.print_button.setEnabled(count > 0)
        self.zoom_in_button.setEnabled(count > 0 and self.zoom < ZOOMS[-1])
        self.zoom_out_button.setEnabled(count > 0 and self.zoom > ZOOMS[0])

    # -- zoom and print ---------------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        """Show the pages at ``zoom`` (1.0 is the paper's size on screen), keeping the place."""
        zoom = min(max(zoom, ZOOMS[0]), ZOOMS[-1])
        if zoom == self.zoom or not self._labels:
            return
        index = self.current_page() - 1
        label = self._labels[index]
        bar = self.scroll.verticalScrollBar()
        within = (bar.value() - self._tops[index]) / max(label.height(), 1)
        self.zoom = zoom
        self._size_pages()
        self._scroll_to(round(self._tops[index] + within * label.height()))
        self._show_state()

    def zoom_in(self) -> None:
        """The next larger zoom."""
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1]))

    def zoom_out(self) -> None:
        """The next smaller zoom."""
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0]))

    def print_document(self) -> int:
        """Ask for a printer and the pages through the system's print dialog, then print.
        Returns the number of pages printed (0 when cancelled or it failed)."""
        if self._pdf is None:
            return 0
        printer = printing.new_printer(self.document_name)
        if not prompts.current.print_setup(self, printer, self.page_count):
            return 0
        pages = printing.pages_to_print(printer, self.page_count, self.current_page())
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            count = printing.print_pdf(self._pdf, printer, pages)
        except OSError as exc:
            log.warning("printing failed: %s", exc)
            count = 0
            problem = str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        if not count and pages:
            prompts.current.error(
                self, "Not printed", f"{problem} Check the printer is on and ready, then try again."
            )
            return 0
        self.printed.emit(count)
        return count

    def closeEvent(self, event) -> None:
        self._release()
        super().closeEvent(event)


def _render_in_memory(db_path: Path, request: ExportRequest) -> tuple[bytes, str]:
    """Build the document and render its PDF in memory (off the UI thread): never a file, so
    no copy of a person's plan outlives the preview, even if the app is killed. Returns the
    PDF and the document's name outside the app (for the print queue)."""
    from mdtdesk.documents.export import build
    from mdtdesk.documents.pdf import render_pdf
    from mdtdesk.gui.export_dialog import document_stem

    db = open_database(db_path, create=False)
    try:
        document = build(db, replace(request, format="pdf", target=Path("preview.pdf")))
        stem = document_stem(db, request)
    finally:
        db.close()
    pdf = io.BytesIO()
    render_pdf(document, pdf)
    return pdf.getvalue(), stem


class DocumentPreview(PdfPreview):
    """The preview of one of the app's documents, built from the database off the UI thread.

    Minutes offer Redacted, a care plan Large print: changing either builds the PDF again.
    Printing is recorded in the audit like an export.
    """

    def __init__(
        self, db_path: Path, actor: str, request: ExportRequest, title: str, parent: QWidget
    ):
        super().__init__(title, "", parent)
        self.db_path, self.actor = Path(db_path), actor
        self.request = replace(request, format="pdf")
        self.task: Task | None = None
        self._closed = False
        self.redacted = QCheckBox("&Redacted")
        self.redacted.setToolTip("Initials and the last three digits of the NHS number only")
        self.large_print = QCheckBox("&Large print")
        self.large_print.setToolTip("Type of at least 16 point, for the person")
        self.redacted.setChecked(self.request.redacted)
        self.large_print.setChecked(self.request.large_print)
        self.redacted.setVisible(self.request.kind == "minutes")
        self.large_print.setVisible(self.request.kind == "careplan")
        self.options.addWidget(self.redacted)
        self.options.addWidget(self.large_print)
        self.redacted.toggled.connect(self._options_changed)
        self.large_print.toggled.connect(self._options_changed)
        self.printed.connect(self._record_printing)

    def refresh(self) -> None:
        """Build the PDF again (off the UI thread) and show it when ready."""
        if self.task is not None and self.task.running:
            return
        self.show_message(PREPARING)
        for box in (self.redacted, self.large_print):
            box.setEnabled(False)
        db_path, request = self.db_path, self.request
        self.task = run_in_background(
            self,
            PREPARING,
            lambda: _render_in_memory(db_path, request),
            self._ready,
            self._failed,
        )

    def _options_changed(self) -> None:
        self.request = replace(
            self.request,
            redacted=self.request.kind == "minutes" and self.redacted.isChecked(),
            large_print=self.request.kind == "careplan" and self.large_print.isChecked(),
        )
        self.refresh()

    def _ready(self, result: tuple[bytes, str]) -> None:
        pdf, self.document_name = result
        for box in (self.redacted, self.large_print):
            box.setEnabled(True)
        if self._closed:
            self.deleteLater()
            return
        try:
            self.show_pdf(pdf)
        except Exception:
            log.exception("cannot show the preview")
            self.show_message(
                "The preview cannot be shown. The details are in the log file.", error=True
            )

    def _failed(self, exc: Exception) -> None:
        for box in (self.redacted, self.large_print):
            box.setEnabled(True)
        if self._closed:
            self.deleteLater()
            return
        text = (
            str(exc)
            if isinstance(exc, MdtError)
            else (
                "Something unexpected went wrong, so there is nothing to preview. The details are "
                "in the log file."
            )
        )
        self.show_message(text, error=True)

    def _record_printing(self, pages: int) -> None:
        db_path, actor, request = self.db_path, self.actor, self.request

        def record() -> None:
            db = open_database(db_path, create=False)
            try:
                record_printing(db, actor, request, pages)
            finally:
                db.close()

        def not_recorded(exc: Exception) -> None:
            log.warning("printing not recorded in the audit: %s", exc)

        # Owned by the opener's window: this one may close before the record is written.
        owner = self.parentWidget() or self
        run_in_background(owner, "Recording…", record, lambda _: None, not_recorded)

    def closeEvent(self, event) -> None:
        self._closed = True
        super().closeEvent(event)
        # Deleted once closed; while a build runs, when it ends (it reports back to this window).
        if self.task is None or not self.task.running:
            self.deleteLater()


def record_printing(db, actor: str, request: ExportRequest, pages: int) -> None:
    """Record in the audit that a document was printed, as an export is recorded."""
    from mdtdesk.core.exports import record_export
    from mdtdesk.core.register import find_person
    from mdtdesk.documents.export import check_request

    request = check_request(request)  # the NHS number as stored
    what = request.describe().rsplit(", as ", 1)[0]
    description = f"{what}, printed ({pages} page{'s' if pages != 1 else ''})"
    if request.kind == "careplan":
        found = find_person(db, request.nhs_number)
        if found is None:
            raise MdtError("No one with that NHS number is on the register.")
        record_export(db, actor, "people", found[0].id, description)
    else:
        record_export(db, actor, "meetings", request.meeting_id, description)


def _top_window(widget: QWidget) -> QWidget:
    # The preview reports back to its window when a build ends: it must outlive its opener
    # (chair mode may close first), so it belongs to the top of the opener's family.
    while widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget


def preview_document(
    opener: QWidget, db_path: Path, actor: str, request: ExportRequest, title: str
) -> DocumentPreview:
    """Open a preview of the document ``request`` asks for; its PDF is built off the UI thread.
    ``title`` may name the person: it is shown on screen only."""
    preview = DocumentPreview(db_path, actor, request, title, _top_window(opener))
    preview.show()
    preview.raise_()
    preview.activateWindow()
    preview.refresh()
    return preview


def preview_care_plan(
    opener: QWidget, db_path: Path, actor: str, nhs_number: str, name: str
) -> DocumentPreview:
    """Preview a person's care plan, ready to print (large print a tick away)."""
    request = ExportRequest(
        kind="careplan", format="pdf", target=Path("care plan.pdf"), nhs_number=nhs_number
    )
    return preview_document(opener, db_path, actor, request, f"Care plan: {name}")


def print_chair_care_plan(chair) -> DocumentPreview | None:
    """Chair mode's Print care plan (Ctrl+P): the preview of the current person's care plan."""
    row = chair._current_row()
    if row is None or row.get("case_id") is None or not row.get("nhs_number"):
        prompts.current.info(
            chair,
            "Print care plan",
            "This item is not about a person. Go to a person's item to print their care plan.",
        )
        return None
    window = _top_window(chair)
    name = f"{row['family_name'].upper()}, {row['given_name']}"
    return preview_care_plan(chair, window.db_path, chair._actor, row["nhs_number"], name)
