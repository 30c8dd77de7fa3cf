"""PDF pages as images, and printing them through the system's print dialog.

QtPdf is not part of PySide6-Essentials, so pages are rasterised by PDFium (pypdfium2) into
QImages: the preview shows them and printing paints them, page by page, at the printer's
resolution (at most 300 dpi). PDFium may be used by one thread at a time only; everything here
runs on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger(__name__)

PDF_POINTS_PER_INCH = 72
MAX_PRINT_DPI = 300
WHITE = (255, 255, 255, 255)


def open_pdf(source: Path | bytes) -> pdfium.PdfDocument:
    """The PDF at ``source`` (a file, or a PDF held in memory) opened for rendering; close it
    (``.close()``) when done. Bytes are read in place: keep them until it is closed."""
    return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))


def page_image(page: pdfium.PdfPage, dpi: float) -> QImage:
    """One page rendered at ``dpi`` dots per inch on white, as a QImage that owns its pixels."""
    bitmap = page.render(
        scale=dpi / PDF_POINTS_PER_INCH, prefer_bgrx=True, rev_byteorder=True, fill_color=WHITE
    )
    try:
        image = QImage(
            memoryview(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGBX8888,
        )
        return image.copy()  # the bitmap's memory goes when it is closed
    finally:
        bitmap.close()


def pages_to_print(printer: QPrinter, page_count: int, current_page: int = 1) -> list[int]:
    """The pages (numbered from 1) the user chose in the print dialog: all of them, a range
    such as "2-3, 5", or the page on screen."""
    every = list(range(1, page_count + 1))
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        return [min(max(current_page, 1), page_count)] if page_count else []
    if mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [n for n in every if ranges.contains(n)]
        first, last = printer.fromPage(), printer.toPage()
        if first or last:
            return [n for n in every if first <= n <= (last or page_count)]
    return every


def print_pdf(
    pdf: pdfium.PdfDocument,
    printer: QPrinter,
    pages: Iterable[int],
    each_page: Callable[[int, int], None] | None = None,
) -> int:
    """Paint ``pages`` (numbered from 1) of ``pdf`` on ``printer``; returns how many were printed.

    Each page is drawn on the whole sheet, scaled to fit and centred, so the document's own
    margins, marking and page numbers come out where the PDF has them. ``each_page(done, of)``
    is called after each page (for progress). Raises OSError when the printer cannot start.
    """
    wanted = list(pages)
    if not wanted:
        return 0
    printer.setFullPage(True)
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not start printing.")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
        for done, number in enumerate(wanted, start=1):
            if done > 1 and not printer.newPage():
                raise OSError("The printer refused the next page.")
            page = pdf[number - 1]
            try:
                image = page_image(page, dpi)
            finally:
                page.close()
            size = image.size().toSizeF()
            size.scale(sheet.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                (sheet.width() - size.width()) / 2,
                (sheet.height() - size.height()) / 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
            if each_page is not None:
                each_page(done, len(wanted))
    finally:
        painter.end()
    return len(wanted)


def new_printer(document_name: str) -> QPrinter:
    """A printer set up for a document: high resolution, A4 portrait, named in the print queue
    by ``document_name`` (which must not hold patient details: others see the queue)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer
