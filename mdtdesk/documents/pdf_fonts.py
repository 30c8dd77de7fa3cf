"""The fonts of the PDFs: the shipped Liberation Sans, registered with reportlab and measured.

reportlab's built-in Helvetica has no glyphs beyond Latin-1, so "Łukasz" or "Nguyễn" would
print as boxes (DESIGN.md section 5): the documents use Liberation Sans, embedded.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from mdtdesk.core.errors import MdtError
from mdtdesk.resources import font_files

FAMILY = "LiberationSans"
BOLD = f"{FAMILY}-Bold"
# Only the faces the documents use are loaded (each TTF takes milliseconds to read).
FACES = {FAMILY: "LiberationSans-Regular", BOLD: "LiberationSans-Bold"}
_fonts_lock = threading.Lock()
_fonts_ready = False


class Face(TTFont):
    """A TrueType face that remembers the width of each piece of text it has measured.

    Line breaking measures every word of every paragraph, and without reportlab's C accelerator
    each measurement sums the widths of the characters in Python. The sum is kept (per 1,000
    units, as reportlab computes it), so a width is exactly the one reportlab would compute.
    ``forget`` empties the memory after each document: it holds words of the minutes."""

    def __init__(self, name: str, filename: str):
        super().__init__(name, filename)
        self._units: dict[str, float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (reportlab's name)
        units = self._units.get(text)
        if units is None:
            if not isinstance(text, str):
                text = text.decode(encoding or "utf8")
            widths, default = self.face.charWidths.get, self.face.defaultWidth
            units = self._units[text] = sum(widths(ord(c), default) for c in text)
        return 0.001 * size * units

    def forget(self) -> None:
        """Drop the remembered widths."""
        self._units = {}

    def ascii_as_is(self, doc) -> bool:
        """Whether printable ASCII goes into this document's first subset unchanged, as it does
        once the document has used the font (reportlab keeps ASCII readable), so that such
        text needs no subsetting."""
        return doc in self.state and self._ascii_complete

    @property
    def _ascii_complete(self) -> bool:
        complete = self.__dict__.get("_ascii")
        if complete is None:
            glyphs = self.face.charToGlyph
            complete = self._ascii = self._asciiReadable and all(
                c in glyphs for c in range(32, 127)
            )
        return complete


def register_fonts() -> str:
    """Register the shipped Liberation Sans regular and bold faces (once per process,
    thread-safe: exports run off the UI thread) and return the family name."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return FAMILY
        files = {path.stem: path for path in font_files()}
        missing = sorted(set(FACES.values()) - set(files))
        if missing:
            raise MdtError(
                f"The document fonts are missing from this installation ({', '.join(missing)}). "
                "Reinstall mdtdesk, then export again."
            )
        for name, stem in FACES.items():
            pdfmetrics.registerFont(Face(name, str(files[stem])))
        _fonts_ready = True
        return FAMILY


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in the registered face ``font`` at ``size`` points."""
    return pdfmetrics.getFont(font).stringWidth(text, size)


def forget_widths() -> None:
    """Drop the widths the faces remember: they hold the words of the last document."""
    for name in FACES:
        pdfmetrics.getFont(name).forget()
