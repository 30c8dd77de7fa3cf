"""Render a Document (documents/model.py) to PDF with reportlab's canvas (pdfgen).

The shipped Liberation Sans is registered and embedded: reportlab's built-in Helvetica has no
glyphs beyond Latin-1, so "Łukasz" or "Nguyễn" would print as boxes (DESIGN.md section 5). Every
page carries the protective marking at the top and bottom, the title in the running header and
"Page X of Y" in the footer.

The pages are laid out here, not by reportlab's platypus. Issue 4's budget gives an export of the
minutes of a 40-case meeting a quarter of the time LibreOffice takes to convert them, and
platypus spent most of that budget on its own machinery: importing it (a tenth of a second, one
regular expression of its alone a third of that), parsing every paragraph's markup, wrapping
each table cell two or three times, all in pure Python. This module lays out the few things a
Document holds by platypus's rules, ported for them (the line breaking of a Paragraph with its
5% space shrinkage and long-word splitting, a Frame's space before and after, CondPageBreak,
Table rows with a repeated header row split between rows or, when one row will not fit a page,
within it), and draws each piece with the same canvas and text-object calls, so the pages are
the pages platypus drew: compared text run by text run and pixel by pixel on the test documents
and the minutes of the demo meetings when the change was made.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from mdtdesk.core.errors import MdtError
from mdtdesk.documents.model import Bullets, Document, Heading, PageBreak, Paragraph, Table
from mdtdesk.resources import font_files

FAMILY = "LiberationSans"
BOLD = f"{FAMILY}-Bold"
# Only the faces the documents use are loaded (each TTF takes milliseconds to read).
_FACES = {FAMILY: "LiberationSans-Regular", BOLD: "LiberationSans-Bold"}
NHS_BLUE = colors.HexColor("#005eb8")
TEXT = colors.HexColor("#212b32")
SECONDARY = colors.HexColor("#4c6272")
RULE = colors.HexColor("#aeb7bd")
STRIPE = colors.HexColor("#f0f4f5")
MARGIN = 20 * mm
# Text sits 6 pt inside the frame (platypus's frame padding); header, footer and tables line up
# with it.
FRAME_PADDING = 6
INSET = MARGIN + FRAME_PADDING
# Table cells: platypus's default side padding, and the top and bottom padding the tables use.
CELL_SIDE, CELL_TOP, CELL_BOTTOM = 6, 3, 4
_FUZZ = 1e-6
# What platypus lets a line shrink its spaces by to fit one more word.
_SPACE_SHRINKAGE = 0.05

# Characters that XML cannot hold (reportlab's paragraph markup could not): pasted text can carry
# them, and they are dropped as before.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The whitespace platypus collapses and splits words at: Unicode's, less the no-break space.
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)
_WHITESPACE_SPLIT = re.compile(f"[{re.escape(_WHITESPACE)}]+").split
# What _getFragWords takes for a space before or after a piece of text (string.whitespace).
_ASCII_WHITESPACE = " \t\n\r\x0b\x0c"
# The pieces of text platypus's markup parser handed on separately: each escaped character was
# an entity of its own (``O'Brien & Sons`` was three pieces of text), and a typed line break a
# <br/>. The separate pieces change nothing on the page but where a word's width is summed.
_PIECES = re.compile("([&<>\n])")
# Streams zlib-compressed only, not also ASCII85-encoded: in pure Python the encoding took a
# tenth of a second of a 40-case minutes, and every PDF reader takes binary streams. mdtdesk is
# the only user of reportlab in its process.
rl_config.useA85 = 0
_fonts_lock = threading.Lock()
_fonts_ready = False
# Numbers as the page operators write them (see _fp); emptied after each document.
_FIGURES: dict[float, str] = {}
_LOG_10 = math.log(10.0)
# escapePDF: backslash, brackets and bytes outside printable ASCII escaped.
_ESCAPES = {c: f"\\{c:03o}" if c < 32 or c >= 127 else chr(c) for c in range(256)}
_ESCAPES |= {ord(c): "\\" + c for c in "\\()"}


class _Face(TTFont):
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
        missing = sorted(set(_FACES.values()) - set(files))
        if missing:
            raise MdtError(
                f"The document fonts are missing from this installation ({', '.join(missing)}). "
                "Reinstall mdtdesk, then export again."
            )
        for name, stem in _FACES.items():
            pdfmetrics.registerFont(_Face(name, str(files[stem])))
        _fonts_ready = True
        return FAMILY


# --- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sizes:
    """Point sizes for one print size. Large print keeps every piece of text at 16 pt or more,
    the page furniture included: a care plan is read by the person, not filed."""

    body: float
    note: float
    cell: float
    chrome: float
    title: float
    headings: tuple[float, float, float]

    @staticmethod
    def of(document: Document) -> _Sizes:
        if document.large_print:
            return _Sizes(16, 16, 16, 16, 30, (24, 20, 18))
        return _Sizes(11, 9, 9.5, 9, 22, (18, 14, 12))


@dataclass(frozen=True)
class _Style:
    """How a paragraph is set: its face (``bold`` for all of it), size, line spacing, colour,
    the space before and after it, and its indents."""

    size: float
    bold: bool = False
    color: colors.Color = TEXT
    leading: float | None = None
    space_before: float = 0
    space_after: float = 0
    left_indent: float = 0
    bullet_indent: float = 0

    @property
    def line(self) -> float:
        return self.leading if self.leading is not None else self.size * 1.3


def _styles(sizes: _Sizes) -> dict[str, _Style]:
    body, cell = sizes.body, sizes.cell
    styles = {
        "title": _Style(sizes.title, bold=True, color=NHS_BLUE, space_after=10),
        "body": _Style(body, space_after=body * 0.5),
        "note": _Style(sizes.note, color=SECONDARY, space_after=sizes.note * 0.5),
        "emphasis": _Style(body, bold=True, space_after=body * 0.5),
        "bullet": _Style(
            body, left_indent=body * 1.4, bullet_indent=body * 0.3, space_after=body * 0.25
        ),
        "cell": _Style(cell, leading=cell * 1.25),
        "header_cell": _Style(cell, bold=True, color=colors.white, leading=cell * 1.25),
        "caption": _Style(body, bold=True, space_before=4, space_after=4),
    }
    for level, size in enumerate(sizes.headings, start=1):
        styles[f"h{level}"] = _Style(
            size,
            bold=True,
            color=NHS_BLUE,
            leading=size * 1.2,
            space_before=size * (0.9 if level == 1 else 0.6),
            space_after=size * 0.35,
        )
    return styles


# --- paragraphs -----------------------------------------------------------------------------


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.getFont(font).stringWidth(text, size)


def _strip(text: str) -> str:
    return text.strip(_WHITESPACE)


def _split(text: str) -> list[str]:
    """platypus's split: str.split, but at its own whitespace (keeping the empty strings a
    leading or trailing space leaves) when a no-break space must stay in its word."""
    if "\xa0" in text:
        return _WHITESPACE_SPLIT(text)
    return text.split()


def _words(text: str) -> list[str]:
    return [word for word in _split(text) if word]


class _SplitWord(str):
    """A piece of a word too long for its line: never split again."""


class _SplitWordEnd(_SplitWord):
    """The last piece of a split word."""


@dataclass
class _Frag:
    """A run of text in one face (``font``), or a line break."""

    font: str
    text: str = ""
    br: bool = False


@dataclass
class _Word:
    """A word for the line breaker: its width, its pieces (face and text) and whether a space
    follows it (platypus's _HSFrag); or a line break (``br``). ``split`` marks the pieces of a
    long word cut to fit, the last one ``end``; ``injected`` is the line break after a piece."""

    width: float
    parts: list[tuple[str, str]]
    space_after: bool = False
    br: bool = False
    split: bool = False
    end: bool = False
    injected: bool = False


@dataclass
class _Run:
    """Text in one face on a line, as drawn (platypus's line frags)."""

    font: str
    text: str
    br: bool = False


@dataclass
class _Line:
    """One line: its runs (or, for one-face paragraphs, its words), the width left over (negative
    when spaces shrank), how many words it has, and where its words start in the paragraph's
    word list (for splitting)."""

    extra: float
    words: list
    count: int = 0
    start: int = 0


def _frags(text: str, style: _Style, label: str | None = None) -> list[_Frag]:
    """The pieces platypus's markup parser made of a paragraph: the text with whitespace
    collapsed as its cleaner did (across the bold label and the line breaks alike), cut at each
    line break and escaped character, the label and its colon bold."""
    face = BOLD if style.bold else FAMILY
    text = _XML_UNSAFE.sub("", text)
    # The label's end and the text's start, marked with characters the cleaning above removed.
    marked = f"\x01{_XML_UNSAFE.sub('', label)}:\x02 {text}" if label else text
    # cleanBlockQuotedText: the markup (typed line breaks already <br/>) on one line, stripped,
    # every run of whitespace one space.
    marked = " ".join(_words(_strip(marked.replace("\n", "\x03"))))
    frags: list[_Frag] = []
    bold = style.bold
    for chunk in re.split("([\x01\x02\x03])", marked):
        if chunk == "\x01":
            bold = True
        elif chunk == "\x02":
            bold = style.bold
        elif chunk == "\x03":
            frags.append(_Frag(BOLD if bold else face, br=True))
        elif chunk:
            font = BOLD if bold else face
            frags.extend(_Frag(font, piece) for piece in _PIECES.split(chunk) if piece)
    return frags


def _frag_words(frags: list[_Frag], size: float) -> list[_Word]:
    """platypus's _getFragWords for text and line breaks: words that may run across pieces
    of text, each with its width and whether a space follows it."""
    words: list[_Word] = []
    parts: list[tuple[str, str]] = []
    width = 0.0
    hanging_strip = True
    for frag in frags:
        if frag.br:
            if parts:
                words.append(_Word(width, parts))
                parts, width = [], 0.0
            words.append(_Word(0, [(frag.font, "")], br=True))
            hanging_strip = True
            continue
        text = frag.text
        if hanging_strip:
            text = text.lstrip(_WHITESPACE)
            if not text:
                continue
            hanging_strip = False
        pieces = _split(text)
        if text[0] in _ASCII_WHITESPACE or not pieces:
            if parts:
                # A word ended by this piece's leading space: no space after it is known yet.
                words.append(_Word(width, parts))
                parts, width, with_space = [], 0.0, False
            else:
                with_space = bool(words) and words[-1].space_after
            if not with_space:
                pieces.insert(0, "")
            elif not pieces:
                continue
        for piece in pieces[:-1]:
            parts.append((frag.font, piece))
            width += _width(piece, frag.font, size)
            words.append(_Word(width, parts, space_after=True))
            parts, width = [], 0.0
        parts.append((frag.font, pieces[-1]))
        width += _width(pieces[-1], frag.font, size)
        if text[-1] in _ASCII_WHITESPACE:
            words.append(_Word(width, parts, space_after=True))
            parts, width = [], 0.0
    if parts:
        words.append(_Word(width, parts))
    if not words and frags:
        words = [_Word(0, [(frags[0].font, "")])]
    return words


def _split_word(
    word: str, line_width: float, widths: list[float], line: int, font: str, size: float
) -> list[_SplitWord]:
    """platypus's _splitWord: a word too wide for any line, cut into pieces that fill the rest
    of this line and then whole lines."""
    pieces: list[_SplitWord] = []
    last = len(widths) - 1
    text = ""
    width = widths[min(last, line)]
    following = widths[min(last, line + 1)]
    for char in word:
        char_width = _width(char, font, size)
        new_width = line_width + char_width
        if new_width > width and (text or char_width <= following):
            pieces.append(_SplitWord(text))
            line += 1
            width = widths[min(last, line)]
            new_width = char_width
            text = ""
        text += char
        line_width = new_width
    pieces.append(_SplitWordEnd(text))
    return pieces


def _split_frag_word(
    word: _Word, width: float, widths: list[float], line: int, size: float
) -> list[_Word]:
    """platypus's _splitFragWord: a word of several pieces too wide for any line, cut by
    character."""
    pieces: list[_Word] = []
    last = len(widths) - 1
    following = widths[min(last, line + 1)]
    parts: list[tuple[str, str]] = []
    line_width = word_width = 0.0
    text = ""
    font = word.parts[0][0]
    for piece_font, piece in word.parts:
        for char in piece:
            char_width = _width(char, piece_font, size)
            new_width = line_width + char_width
            too_long = new_width > width and bool(word_width or char_width <= following)
            if piece_font != font or too_long:
                parts.append((font, text))
                if too_long:
                    pieces.append(_Word(word_width, parts, split=True))
                    line += 1
                    width, following = following, widths[min(last, line + 1)]
                    parts, new_width, word_width = [], char_width, 0.0
                text, font = "", piece_font
            word_width += char_width
            text += char
            line_width = new_width
    parts.append((font, text))
    pieces.append(_Word(word_width, parts, space_after=word.space_after, split=True, end=True))
    return pieces


def _rejoin(words: list[_Word]) -> list[_Word]:
    """Words handed to the rest of a split paragraph, as platypus hands them on: the line
    breaks it injected after pieces of long words dropped, and the pieces joined again."""
    joined: list[_Word] = []
    pending: list[_Word] = []

    def flush(last: _Word) -> None:
        parts: list[tuple[str, str]] = []
        for piece in pending:
            for font, text in piece.parts:
                if parts and parts[-1][0] == font:
                    parts[-1] = (font, parts[-1][1] + text)
                else:
                    parts.append((font, text))
        joined.append(_Word(sum(p.width for p in pending), parts, space_after=last.space_after))
        pending.clear()

    for word in words:
        if word.injected:
            continue
        if word.split:
            pending.append(word)
            if word.end and word.space_after:
                flush(word)
        else:
            if pending:
                flush(pending[-1])
            joined.append(word)
    if pending:
        flush(pending[-1])
    return joined


class _Para:
    """A paragraph laid out as platypus's Paragraph lays out the markup mdtdesk writes: left
    aligned, one size, the label bold, typed line breaks kept. One face and no line breaks is
    its simple case (lines of words); anything else its general case (lines of runs)."""

    def __init__(
        self,
        style: _Style,
        bullet: str | None = None,
        frags: list[_Frag] | None = None,
        simple_words: list[str] | None = None,
        words: list[_Word] | None = None,
    ):
        self.style = style
        self.bullet = bullet
        self.outline: tuple[str, int] | None = None
        self.simple = simple_words is not None or (frags is not None and len(frags) == 1)
        self.font = BOLD if style.bold else FAMILY
        if simple_words is not None:
            self._simple_words = simple_words
        elif self.simple:
            self.font = frags[0].font
            self._simple_words = _split(_strip(frags[0].text))
        self._words = (
            words
            if words is not None
            else (_frag_words(frags, style.size) if frags and not self.simple else [])
        )
        self.empty = not (frags or simple_words or words)
        self.lines: list[_Line] = []
        self.width = self.height = 0.0
        self._wrapped_at: float | None = None

    # Flowable protocol, as the frame and the tables use it.
    def space_before(self) -> float:
        return self.style.space_before

    def space_after(self) -> float:
        return self.style.space_after

    def wrap(self, width: float) -> float:
        """Break the lines for ``width`` (kept while the width stays) and return the height."""
        if width != self._wrapped_at:
            self._wrapped_at = width
            self.width = width
            style = self.style
            widths = [width - style.left_indent, width - style.left_indent]
            if self.bullet:
                bullet_len = style.bullet_indent + _width(self.bullet, FAMILY, style.size)
                bullet_len += 0.6 * style.size
                if bullet_len > style.left_indent:
                    widths[0] -= bullet_len - style.left_indent
            if self.empty:
                self.lines = []
            elif self.simple:
                self.lines = self._break_simple(widths)
            else:
                self.lines = self._break(widths)
        self.height = len(self.lines) * self.style.line
        return self.height

    def _break_simple(self, widths: list[float]) -> list[_Line]:
        """platypus's line breaking of a paragraph in one face (breakLines, one fragment)."""
        font, size = self.font, self.style.size
        lines: list[_Line] = []
        if not self._simple_words:
            return lines
        space = _width(" ", font, size)
        shrink = _SPACE_SHRINKAGE * space
        last = len(widths) - 1
        line_no, width = 0, widths[0]
        current, words, forced = -space, [], False
        queue = list(self._simple_words)
        while queue:
            word = queue.pop(0)
            if not word and isinstance(word, _SplitWord):
                forced = True
            word_width = _width(word, font, size)
            new_width = current + space + word_width
            limit = width + shrink * len(words)
            if (
                new_width > limit
                and not forced
                and not isinstance(word, _SplitWord)
                and word_width > widths[min(line_no, last)]
            ):
                queue[0:0] = _split_word(word, current + space, widths, line_no, font, size)
                continue
            if new_width <= limit or not words or forced:
                if word:
                    words.append(word)
                if forced:
                    forced = False
                    lines.append(_Line(width - new_width, words))
                    words, current = [], -space
                    line_no += 1
                    width = widths[min(last, line_no)]
                else:
                    current = new_width
            else:
                lines.append(_Line(width - current, words))
                words, current = [word], word_width
                line_no += 1
                width = widths[min(last, line_no)]
        if words:
            lines.append(_Line(width - current, words))
        return lines

    def _break(self, widths: list[float]) -> list[_Line]:
        """platypus's line breaking of a paragraph of several faces or with line breaks
        (breakLines over _getFragWords), without hyphenation, which mdtdesk does not ask for."""
        size = self.style.size
        lines: list[_Line] = []
        last = len(widths) - 1
        line_no, width = 0, widths[0]
        queue = list(self._words)
        consumed: list[_Word] = []
        runs: list[_Run] = []
        start = 0
        count, space, current = 0, 0.0, 0.0
        while queue:
            word = queue.pop(0)
            consumed.append(word)
            last_font = word.parts[-1][0]
            if not runs:
                count, space, current = 0, 0.0, 0.0
            word_width = word.width
            new_width = current + space + word_width if word_width > 0 else current
            line_break = word.br
            shrink = space
            for run in runs:
                if not run.br:
                    spaces = run.text.count(" ")
                    if spaces:
                        shrink += spaces * _width(" ", run.font, size)
            limit = width + shrink * _SPACE_SHRINKAGE
            if (
                not line_break
                and new_width > limit
                and not (word.split and word.end)
                and not word.split
                and word_width > widths[min(line_no, last)]
            ):
                pieces = _split_frag_word(word, width - space - current, widths, line_no, size)
                pieces.insert(1, _Word(0, [(pieces[0].parts[0][0], "")], br=True, injected=True))
                queue[0:0] = pieces
                consumed.pop()
                continue
            first_font, first_text = word.parts[0]
            if not ((new_width > limit and count > 0) or line_break):
                if first_text:
                    count += 1
                if not runs:
                    runs = [_Run(first_font, first_text)]
                elif runs[-1].font != first_font or runs[-1].br:
                    if space:
                        for run in reversed(runs):
                            if not run.br:
                                if not run.text.endswith(" "):
                                    run.text += " "
                                break
                    runs.append(_Run(first_font, first_text))
                elif space:
                    tail = runs[-1]
                    tail.text += first_text if tail.text.endswith(" ") else " " + first_text
                else:
                    runs[-1].text += first_text
                space = _width(" ", last_font, size) if word.space_after else 0.0
                more = False
                for font, text in word.parts[1:]:
                    runs.append(_Run(font, text))
                    more = more or bool(text)
                if not first_text and more:
                    count += 1
                current = new_width
            else:
                if line_break:
                    runs.append(_Run(first_font, "", br=True))
                lines.append(_Line(width - current, runs, count, start))
                start = len(consumed) - 1
                line_no += 1
                width = widths[min(last, line_no)]
                if line_break:
                    runs = []
                    continue
                space = _width(" ", last_font, size) if word.space_after else 0.0
                current, count = word_width, 1
                runs = [_Run(first_font, first_text)]
                runs.extend(_Run(font, text) for font, text in word.parts[1:])
        if runs:
            lines.append(_Line(width - current, runs, count, start))
        self._consumed = consumed
        return lines

    def split(self, height: float) -> list[_Para]:
        """Paragraph.split: the lines that fit ``height`` and the rest, or [] when fewer than
        two lines fit (platypus leaves no orphan line at the foot of a page); [self] when all
        do. Call after ``wrap``."""
        if self.empty or height < _FUZZ:
            return []
        fit = int(height / self.style.line)
        if fit <= 1:
            return []
        if len(self.lines) <= fit:
            return [self]
        # Both parts are laid out again from their words, as platypus makes two new paragraphs
        # (the first part can come out shorter: a line break that ended the last line that
        # fitted goes with the rest).
        if self.simple:
            first = _Para(self.style, self.bullet, simple_words=self._words_of(0, fit))
            rest = _Para(self.style, simple_words=self._words_of(fit, len(self.lines)))
            first.font = rest.font = self.font
        else:
            start = self.lines[fit].start
            first = _Para(self.style, self.bullet, words=_rejoin(self._consumed[:start]))
            rest = _Para(self.style, words=_rejoin(self._consumed[start:]))
        return [first, rest]

    def _words_of(self, start: int, stop: int) -> list[str]:
        return [word for line in self.lines[start:stop] for word in line.words]

    def draw(self, ink: _Ink) -> None:
        """Paragraph.drawPara for left-aligned text, at the origin (the caller translated)."""
        lines = self.lines
        if not lines:
            return
        style = self.style
        code = ink.canvas._code
        code.append("q")
        offset = 0.0
        cur_y = self.height - style.size
        if self.bullet:
            offset = self._draw_bullet(ink, code, offset, cur_y)
        leading = style.line
        parts = ["BT", f"1 0 0 1 {_fp(style.left_indent)} {_fp(cur_y)} Tm"]
        text = _TextState()
        if self.simple:
            # The fill colour outside the text object, the font once (reportlab's kind 0).
            code.append(f"{ink.color(style.color)} rg")
            for index, line in enumerate(lines):
                shift = offset if index == 0 else 0.0
                moved = shift > 1e-6 or shift < -1e-6
                if moved:
                    parts.append(f"{_fp(shift)} 0 Td")
                words = " ".join(line.words)
                spaces = len(line.words) + words.count("\xa0") - 1
                shown = ink.show(text, self.font, style.size, leading, words) + " T*"
                if line.extra > -1e-8 or spaces <= 0:
                    parts.append(shown)
                else:
                    parts.extend((f"{_fp(line.extra / float(spaces))} Tw", shown, "0 Tw"))
                if moved:
                    parts.append(f"{_fp(-shift)} 0 Td")
        else:
            # Runs of several faces: leading, colour and font set inside (reportlab's kind 1).
            for index, line in enumerate(lines):
                shift = offset if index == 0 else 0.0
                moved = shift > 1e-6 or shift < -1e-6
                if moved:
                    parts.append(f"{_fp(shift)} 0 Td")
                runs = line.words
                spaces = line.count + sum(run.text.count("\xa0") for run in runs) - 1
                shrunk = not (line.extra > -1e-8 or spaces <= 0)
                if shrunk:
                    parts.append(f"{_fp(line.extra / float(spaces))} Tw")
                if text.leading != leading:
                    text.leading = leading
                    parts.append(f"{_fp(leading)} TL")
                last = runs[-1]
                for run in runs:
                    if text.font != run.font:
                        text.font, text.subset = run.font, -1
                    if text.color is not style.color:
                        text.color = style.color
                        parts.append(f"{ink.color(style.color)} rg")
                    shown = ink.show(text, run.font, style.size, leading, run.text)
                    parts.append(shown + " T*" if run is last else shown)
                if shrunk:
                    parts.append("0 Tw")
                if moved:
                    parts.append(f"{_fp(-shift)} 0 Td")
        parts.append("ET")
        code.append(" ".join(parts))
        code.append("Q")

    def _draw_bullet(self, ink: _Ink, code: list, offset: float, cur_y: float) -> float:
        """_drawBullet: the bullet in its own text object, and the first line's offset."""
        style = self.style
        text = _TextState()
        shown = ink.show(text, FAMILY, style.size, style.size * 1.2, self.bullet)
        start = f"1 0 0 1 {_fp(style.bullet_indent)} {_fp(cur_y)} Tm"
        code.append(f"BT {start} {ink.color(style.color)} rg {shown} ET")
        end = style.bullet_indent + _width(self.bullet, FAMILY, style.size)
        return max(offset, end + style.size * 0.6 - style.left_indent)


@dataclass
class _TextState:
    """What a text object has set: the font and its subset, the leading and the fill colour."""

    font: str | None = None
    subset: int = -1
    leading: float | None = None
    color: colors.Color | None = None


def _fp(x: float) -> str:
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


class _Ink:
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
            text = self._colors[key] = f"{_fp(color.red)} {_fp(color.green)} {_fp(color.blue)}"
        return text

    def show(
        self, state: _TextState, font_name: str, size: float, leading: float, text: str
    ) -> str:
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
                    switch = f"{_fp(size)} Tf {_fp(leading)} TL"
                name = self._names.get((font_name, subset))
                if name is None:
                    name = self._names[font_name, subset] = font.getSubsetInternalName(
                        subset, self.doc
                    )
                shown.append(f"{name} {switch}")
                state.subset = subset
            shown.append(f"({chars.translate(_ESCAPES)}) Tj")
        return " ".join(shown)


# --- tables ---------------------------------------------------------------------------------


def _kahan_positions(heights: list[float]) -> tuple[list[float], float]:
    """Row positions from the top, summed from the bottom as platypus sums them."""
    positions, height, carry = [], 0.0, 0.0
    for h in reversed(heights):
        positions.append(height)
        y = h - carry
        t = height + y
        carry = (t - height) - y
        height = t
    positions.append(height)
    positions.reverse()
    return positions, height


@dataclass
class _Table:
    """A table of paragraph cells with a header row repeated on every page it runs onto, as
    platypus's Table with repeatRows=1, splitByRow and splitInRow. Each cell holds a list of
    paragraphs (one, or none left after a split); ``heights`` are fixed row heights where a row
    was split within (None: from the content)."""

    rows: list[list[list[_Para]]]
    col_widths: list[float]
    heights: list[float | None] = field(default_factory=list)
    # A row split within runs on across the page break with its cell left open: no rule under
    # the part at the foot of the page, none between the repeated header and the rest.
    open_top: bool = False
    open_bottom: bool = False
    row_heights: list[float] = field(default_factory=list)
    positions: list[float] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    def __post_init__(self):
        if not self.heights:
            self.heights = [None] * len(self.rows)
        self.width = sum(self.col_widths)
        col, self.col_positions = 0.0, [0.0]
        for w in self.col_widths:
            col += w
            self.col_positions.append(col)

    def space_before(self) -> float:
        return 0

    def space_after(self) -> float:
        return 0

    def _cell_height(self, cell: list[_Para], width: float) -> float:
        total = 0.0
        for para in cell:
            total += para.wrap(width - 2 * CELL_SIDE)
        return total

    def wrap(self, width: float) -> float:
        row_heights = []
        for row, fixed in zip(self.rows, self.heights, strict=True):
            if fixed is not None:
                row_heights.append(fixed)
                continue
            h = 0.0
            for cell, w in zip(row, self.col_widths, strict=True):
                t = self._cell_height(cell, w) + CELL_BOTTOM + CELL_TOP
                h = max(h, t)
            row_heights.append(h)
        self.row_heights = row_heights
        self.positions, self.height = _kahan_positions(row_heights)
        return self.height

    def split(self, height: float) -> list[_Table]:
        """Table.split: the rows that fit ``height`` and the rest under a repeated header; when
        not even the first row under the header fits, that row split within; [] when neither
        works."""
        self.wrap(self.width)
        pieces = self._split_rows(height, in_row=False)
        return pieces or self._split_rows(height, in_row=True)

    def _fitting_rows(self, height: float) -> int:
        used, n = 0.0, 0
        for h in self.row_heights:
            if used + h > height:
                break
            used += h
            n += 1
        return n

    def _split_rows(self, height: float, in_row: bool) -> list[_Table]:
        n = self._fitting_rows(height)
        if (in_row and n < 1) or (not in_row and n <= 1):
            return []
        if n == len(self.rows):
            return [self]
        rows, heights = self.rows, self.row_heights[:]
        if in_row:
            used = sum(self.row_heights[:n])
            row_height = self.row_heights[n]
            tallest = max(
                self._cell_height(cell, w) + CELL_TOP + CELL_BOTTOM
                for cell, w in zip(rows[n], self.col_widths, strict=True)
            )
            split_point = min(height - used, tallest)
            if split_point + 1 < 1 or self.height - split_point < 1:
                return []
            top_cells, bottom_cells, top_height, bottom_height = [], [], 0.0, 0.0
            for cell, w in zip(rows[n], self.col_widths, strict=True):
                halves = self._split_cell(cell, row_height, split_point, w)
                if halves is None:
                    return []
                top_cells.append(halves[0])
                bottom_cells.append(halves[1])
                padding = CELL_TOP + CELL_BOTTOM
                top_height = max(top_height, self._cell_height(halves[0], w) + padding)
                bottom_height = max(bottom_height, self._cell_height(halves[1], w) + padding)
            used_height = min(split_point, top_height)
            rows = rows[:n] + [top_cells, bottom_cells] + rows[n + 1 :]
            heights = heights[:n] + [used_height, max(bottom_height, row_height - used_height)]
            heights += self.row_heights[n + 1 :]
            fixed = self.heights[:n] + [used_height, heights[n + 1]] + self.heights[n + 1 :]
            n += 1
        else:
            fixed = self.heights
        first = _Table(rows[:n], self.col_widths, fixed[:n], self.open_top, in_row)
        rest = _Table(
            rows[:1] + rows[n:], self.col_widths, fixed[:1] + fixed[n:], in_row, self.open_bottom
        )
        return [first, rest]

    def _split_cell(self, cell: list[_Para], old_height: float, new_height: float, width: float):
        """Table._splitCell for a cell of paragraphs in a top-aligned row."""
        room = new_height - CELL_TOP
        top: list[_Para] = []
        bottom: list[_Para] = []
        used, attempted = 0.0, False
        for para in cell:
            h = para.wrap(width - 2 * CELL_SIDE)
            if attempted:
                bottom.append(para)
            elif used + h + para.space_before() <= room:
                top.append(para)
                used += h + para.space_before() + para.space_after()
            else:
                halves = para.split(room - used - para.space_before())
                if len(halves) == 2:
                    top.append(halves[0])
                    bottom.append(halves[1])
                elif halves:
                    top.append(halves[0])
                else:
                    if not top:
                        return None
                    bottom.append(para)
                attempted = True
        return top, bottom

    def draw(self, ink: _Ink) -> None:
        """Table.draw: row backgrounds (the header blue, then white and a pale stripe from the
        first row under it), the cells' paragraphs from the top of each cell, and the grid."""
        code = ink.canvas._code
        width, positions, heights = self.width, self.positions, self.row_heights
        w = _fp(width)
        code.append("q")
        code.append(f"{ink.color(NHS_BLUE)} rg")
        code.append(f"n 0 {_fp(positions[0])} {w} {_fp(positions[1] - positions[0])} re f*")
        y = positions[1]
        for index, h in enumerate(heights[1:]):
            code.append(f"{ink.color((colors.white, STRIPE)[index % 2])} rg")
            code.append(f"n 0 {_fp(y)} {w} {_fp(-h)} re f*")
            y -= h
        code.append("0 0 0 rg")  # the cells' own colour, which their paragraphs set over
        for row, row_pos, row_height in zip(self.rows, positions[1:], heights, strict=True):
            for cell, col_pos, col_width in zip(
                row, self.col_positions[:-1], self.col_widths, strict=True
            ):
                y = row_pos + row_height - CELL_TOP
                for para in cell:
                    h = para.wrap(col_width - 2 * CELL_SIDE)
                    y -= para.space_before()
                    y -= h
                    _draw_at(ink, para, col_pos + CELL_SIDE, y)
                    y -= para.space_after()
        # The grid, as GRID draws it: the box, then the lines between rows and columns.
        top, bottom = _fp(positions[0]), _fp(positions[-1])
        lines = ["q", "1 J", "1 j", f"{ink.color(RULE)} RG", ".5 w", f"n 0 {top} m {w} {top} l S"]
        if not self.open_bottom:
            lines.append(f"n 0 {bottom} m {w} {bottom} l S")
        lines.append(f"n 0 {bottom} m 0 {top} l S")
        lines.append(f"n {w} {bottom} m {w} {top} l S")
        for index, y in enumerate(positions[1:-1]):
            if index or not self.open_top:
                lines.append(f"n 0 {_fp(y)} m {w} {_fp(y)} l S")
        for x in self.col_positions[1:-1]:
            lines.append(f"n {_fp(x)} {bottom} m {_fp(x)} {top} l S")
        lines.append("Q")
        code.extend(lines)
        code.append("Q")


# --- the frame and the pages ----------------------------------------------------------------


@dataclass
class _Space:
    """Spacer, or CondPageBreak (``conditional``): a new page unless ``height`` is left."""

    height: float
    conditional: bool = False
    width: float = 0.0

    def space_before(self) -> float:
        return 0

    def space_after(self) -> float:
        return 0

    def wrap(self, width: float) -> float:
        return 0.0 if self.conditional else self.height

    def draw(self, ink: _Ink) -> None:
        pass


class _NewPage:
    """PageBreak."""


def _draw_at(ink: _Ink, item, x: float, y: float) -> None:
    """Flowable.drawOn: draw ``item`` with its origin moved to (x, y)."""
    code = ink.canvas._code
    code.append("q")
    code.append(f"1 0 0 1 {_fp(x)} {_fp(y)} cm")
    item.draw(ink)
    ink.canvas._code.append("Q")


@dataclass(frozen=True)
class _Chrome:
    """What is printed around every page, and where."""

    title: str
    marking: str
    size: float

    @property
    def header_height(self) -> float:
        return 10 * mm + self.size * 2.6 + 6 * mm

    @property
    def footer_height(self) -> float:
        return 10 * mm + self.size * 1.4 + 6 * mm


class _NumberedCanvas(Canvas):
    """A canvas that holds pages back until the end, so that each can say "Page X of Y", and
    adds the outline's bookmarks then: a bookmark made while the pages are held would point at
    the first page, because reportlab numbers a page only when it is written out."""

    def __init__(self, chrome: _Chrome, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._held_pages: list[dict] = []
        self._page_bookmarks: list[tuple[str, str, int, float]] = []

    def hold_bookmark(self, title: str, level: int, top: float) -> None:
        """Bookmark the current page at height ``top`` with an outline entry at ``level``."""
        key = f"h{len(self._held_pages)}-{len(self._page_bookmarks)}"
        self._page_bookmarks.append((key, title, level, top))

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            for key, title, level, top in self._page_bookmarks:
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
                self.addOutlineEntry(title, key, level=level, closed=False)
                self.showOutline()
            self._draw_chrome(total)
            super().showPage()
        super().save()

    def _draw_chrome(self, total: int) -> None:
        chrome, (width, height) = self._chrome, self._pagesize
        size = chrome.size
        self.saveState()
        self.setFillColor(TEXT)
        top = height - 10 * mm - size
        self.setFont(BOLD, size)
        self.drawCentredString(width / 2, top, chrome.marking)
        self.setFont(FAMILY, size)
        self.setFillColor(SECONDARY)
        self.drawString(INSET, top - size * 1.3, _fit(chrome.title, size, width - 2 * INSET))
        self.setStrokeColor(NHS_BLUE)
        self.setLineWidth(1)
        rule = top - size * 1.3 - size * 0.5
        self.line(INSET, rule, width - INSET, rule)
        bottom = 10 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(INSET, bottom + size * 1.4, width - INSET, bottom + size * 1.4)
        self.setFillColor(TEXT)
        self.setFont(BOLD, size)
        self.drawString(INSET, bottom, chrome.marking)
        self.setFont(FAMILY, size)
        self.drawRightString(width - INSET, bottom, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def _fit(text: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` (a long title in the header)."""
    text = _XML_UNSAFE.sub("", " ".join(text.split()))
    if pdfmetrics.stringWidth(text, FAMILY, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FAMILY, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Pages:
    """platypus's document template with one frame a page: places each item below the last,
    the larger of the space after the one and before the next between them (none at the top
    of a page), splits what does not fit, starts pages, and bookmarks outline headings."""

    def __init__(self, canvas: _NumberedCanvas, chrome: _Chrome):
        width, height = A4
        self.canvas = canvas
        self.ink = _Ink(canvas)
        self.x = MARGIN + FRAME_PADDING
        self.width = width - 2 * MARGIN - 2 * FRAME_PADDING
        self.top = height - chrome.header_height - FRAME_PADDING
        self.bottom = chrome.footer_height + FRAME_PADDING
        self.page_open = False
        self.outline_level = -1
        self.empty_pages = 0
        self.y, self.at_top, self.space_above, self.placed = self.top, True, 0.0, 0

    def _begin(self) -> None:
        self.y, self.at_top, self.space_above, self.placed = self.top, True, 0.0, 0
        self.page_open = True

    def _end(self) -> None:
        # As platypus: ten pages in a row with nothing on them means something will never fit.
        self.empty_pages = 0 if self.placed else self.empty_pages + 1
        if self.empty_pages >= 10:
            raise MdtError("The document could not be laid out on pages. Report this problem.")
        self.canvas.showPage()
        self.page_open = False

    def _add(self, item) -> bool:
        """Frame.add: place and draw ``item`` if it fits below what is on the page."""
        gap = 0.0
        if not self.at_top:
            gap = max(item.space_before() - self.space_above, 0)
        room = self.y - self.bottom - gap
        if room <= 0:
            return False
        h = item.wrap(self.width) + gap
        y = self.y - h
        if y < self.bottom - _FUZZ:
            return False
        x = self.x + 0.5 * (self.width - item.width) if isinstance(item, _Table) else self.x
        _draw_at(self.ink, item, x, y)
        after = item.space_after()
        y -= after
        self.space_above = after
        if y != self.y:
            self.at_top = False
        self.y = y
        return True

    def _split(self, item) -> list:
        gap = 0.0
        if not self.at_top:
            gap = max(item.space_before() - self.space_above, 0)
        room = self.y - self.bottom - gap
        if room <= 0 or isinstance(item, _Space):
            return []
        item.wrap(self.width)
        return item.split(room)

    def _placed(self, item) -> None:
        self.placed += 1
        if isinstance(item, _Para) and item.outline is not None:
            title, level = item.outline
            # reportlab refuses an entry more than one level below the one before (a level 3
            # straight after a level 1): such a heading is nested one level down instead.
            level = min(level - 1, self.outline_level + 1)
            self.outline_level = level
            self.canvas.hold_bookmark(title, level, self.y + item.height)

    def lay_out(self, story: list) -> None:
        """Place every item of ``story`` on pages, then end the last page."""
        postponed: set[int] = set()
        while story:
            if not self.page_open:
                self._begin()
            item = story.pop(0)
            if isinstance(item, _NewPage):
                self._end()
                continue
            room = self.y - self.bottom
            if self._add(item):
                self._placed(item)
                if isinstance(item, _Space) and item.conditional and room < item.height:
                    self._end()
                continue
            pieces = self._split(item)
            if pieces:
                if not self._add(pieces[0]):
                    raise MdtError("The document could not be laid out on pages.")
                self._placed(pieces[0])
                story[0:0] = pieces[1:]
                continue
            if id(item) in postponed:
                raise MdtError(
                    "Part of the document is too large for a page and could not be split."
                )
            postponed.add(id(item))
            story.insert(0, item)
            self._end()
        if self.page_open:
            self._end()


# --- the story ------------------------------------------------------------------------------


def _table(block: Table, styles: dict[str, _Style], width: float) -> _Table | None:
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return None

    def cells(values: tuple[str, ...], style: _Style) -> list[list[_Para]]:
        padded = list(values) + [""] * (columns - len(values))
        return [[_Para(style, frags=_frags(value, style))] for value in padded]

    rows = [cells(block.header, styles["header_cell"])]
    rows.extend(cells(row, styles["cell"]) for row in block.rows)
    weights = block.widths if block.widths and len(block.widths) == columns else None
    weights = weights if weights and all(w > 0 for w in weights) else (1.0,) * columns
    return _Table(rows, [width * w / sum(weights) for w in weights])


def _story(document: Document, styles: dict[str, _Style], width: float) -> list:
    title = styles["title"]
    story: list = [_Para(title, frags=_frags(document.title, title))]
    body = styles["body"]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            style = styles[f"h{level}"]
            # A heading alone at the foot of a page reads as a mistake; keep-with-next would
            # instead move a long paragraph whole to the next page, leaving a gap. So: start
            # a new page only when the heading and three lines of text would not fit.
            story.append(_Space(style.space_before + style.line * 2 + body.line * 3, True))
            heading = _Para(style, frags=_frags(block.text, style))
            if block.outline:
                heading.outline = (" ".join(block.text.split()), level)
            story.append(heading)
        elif isinstance(block, Paragraph):
            style = styles.get(block.style, body)
            story.append(_Para(style, frags=_frags(block.text, style, block.label)))
        elif isinstance(block, Bullets):
            bullet = styles["bullet"]
            story.extend(_Para(bullet, "\u2022", _frags(item, bullet)) for item in block.items)
            story.append(_Space(body.space_after))
        elif isinstance(block, Table):
            # As for headings: the caption, the header row and a few rows start together.
            caption = styles["caption"]
            story.append(_Space(caption.line + styles["cell"].line * 8, True))
            if block.caption:
                story.append(_Para(caption, frags=_frags(block.caption, caption)))
            table = _table(block, styles, width)
            if table is not None:
                story.append(table)
                story.append(_Space(body.size * 0.8))
        elif isinstance(block, PageBreak):
            story.append(_NewPage())
    return story


def render_pdf(document: Document, path: Path) -> None:
    """Write ``document`` to ``path`` as an A4 PDF: fonts embedded, marking, title and
    "Page X of Y" on every page, title/author/subject set, outline headings bookmarked.

    Writes ``path`` directly; callers wrap it in files.write_atomically.
    """
    register_fonts()
    sizes = _Sizes.of(document)
    chrome = _Chrome(document.title, document.marking, sizes.chrome)
    canvas = _NumberedCanvas(
        chrome,
        str(path),
        pagesize=A4,
        # The canvas's opening font would otherwise be Helvetica, named on every page.
        initialFontName=FAMILY,
        lang=document.language,
    )
    canvas.setAuthor(document.author)
    canvas.setTitle(document.title)
    canvas.setSubject(document.subject)
    canvas.setCreator("mdtdesk")
    canvas.setProducer("mdtdesk (reportlab)")
    canvas.setKeywords([])
    canvas.setViewerPreference("DisplayDocTitle", "true")
    pages = _Pages(canvas, chrome)
    try:
        pages.lay_out(_story(document, _styles(sizes), pages.width))
        canvas.save()
    finally:
        for name in _FACES:
            pdfmetrics.getFont(name).forget()
        _FIGURES.clear()
