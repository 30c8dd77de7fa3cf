"""Drawing operators written straight into a canvas's page, as reportlab writes them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

# Numbers as the page operators write them (see fp); emptied after each document.
_FIGURES: dict[float, str] = {}
_LOG_10 = math.log(10.0)
# escapePDF: backslash, brackets and bytes outside printable ASCII escaped.
_ESCAPES = {c: f"\\{c:03o}" if c < 32 or c >= 127 else chr(c) for c in range(256)}
_ESCAPES |= {ord(c): "\\" + c for c in "\\()"}


@dataclass
class TextState:
    """What a text object has set: the font and its subset, the leading and the fill colour."""

    font: str | None = None
    subset: int = -1
    leading: float | None = None
    color: colors.Color | None = None


def fp(x: float) -> str:
    """reportlab's fp_str of one number: at most six decimals (fewer for large numbers), no
    trailing zeros, no leading zero. Kept, since positions and sizes recur on every page."""
    text = _FIGURES.get(x)
    if text is None:
        size = abs(x)
        if size <= 1e-7:
            text = "0"
        else:
            places = 6 if size <= 1 else min(max(0, 6 - int(math.log(size) / _LOG_10)), 6)
            text = f"{x:.{places}f}"
            if places:
                text = text.rstrip("0")
                if text.endswith("."):
                    text = text[:-1]
            if text[0] == "0" and len(text) > 1:
                text = text[1:]
        _FIGURES[x] = text
    return text


class Ink:
    """Writes drawing operators straight into the canvas's current page, exactly as
    reportlab's canvas and text objects write them: going through their methods (each a
    graphics state copied on every save, a number formatted, a string escaped in Python) was
    most of the time of a 40-case minutes."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.doc = canvas._doc
        self._names: dict[tuple[str, int], str] = {}
        self._colors: dict[int, str] = {}

    def color(self, color: colors.Color) -> str:
        """The three figures of an RGB colour, as in ``r g b rg``."""
        key = id(color)
        text = self._colors.get(key)
        if text is None:
            text = self._colors[key] = f"{fp(color.red)} {fp(color.green)} {fp(color.blue)}"
        return text

    def show(self, state: TextState, font_name: str, size: float, leading: float, text: str) -> str:
        """PDFTextObject._formatText: ``text`` in the font's subsets, a Tf where the subset
        changes, each piece escaped and shown (Tj)."""
        if not text:
            return ""
        font = pdfmetrics.getFont(font_name)
        if text.isascii() and text.isprintable() and font.ascii_as_is(self.doc):
            pieces = ((0, text),)
        else:
            pieces = [
                (subset, chars.decode("latin-1"))
                for subset, chars in font.splitString(text, self.doc)
            ]
        shown = []
        switch = None
        for subset, chars in pieces:
            if subset != state.subset:
                if switch is None:
                    switch = f"{fp(size)} Tf {fp(leading)} TL"
                name = self._names.get((font_name, subset))
                if name is None:
                    name = self._names[font_name, subset] = font.getSubsetInternalName(
                        subset, self.doc
                    )
                shown.append(f"{name} {switch}")
                state.subset = subset
            shown.append(f"({chars.translate(_ESCAPES)}) Tj")
        return " ".join(shown)


def draw_at(ink: Ink, item, x: float, y: float) -> None:
    """Flowable.drawOn: draw ``item`` with its origin moved to (x, y)."""
    code = ink.canvas._code
    code.append("q")
    code.append(f"1 0 0 1 {fp(x)} {fp(y)} cm")
    item.draw(ink)
    ink.canvas._code.append("Q")


def forget_figures() -> None:
    """Drop the numbers remembered by ``fp``: they hold the positions of the last document."""
    _FIGURES.clear()
