"""Paragraphs for the PDF: lines broken, split at the foot of a page and drawn as platypus's
Paragraph breaks, splits and draws them."""

from __future__ import annotations

from dataclasses import dataclass

from mdtdesk.documents.pdf_fonts import BOLD, FAMILY, text_width
from mdtdesk.documents.pdf_ink import Ink, TextState, fp
from mdtdesk.documents.pdf_style import FUZZ, Style
from mdtdesk.documents.pdf_text import (
    Frag,
    SplitWord,
    Word,
    frag_words,
    rejoin,
    split_at_spaces,
    split_frag_word,
    split_word,
    strip_spaces,
)

# What platypus lets a line shrink its spaces by to fit one more word.
_SPACE_SHRINKAGE = 0.05


@dataclass
class Run:
    """Text in one face on a line, as drawn (platypus's line frags)."""

    font: str
    text: str
    br: bool = False


@dataclass
class Line:
    """One line: its runs (or, for one-face paragraphs, its words), the width left over (negative
    when spaces shrank), how many words it has, and where its words start in the paragraph's
    word list (for splitting)."""

    extra: float
    words: list
    count: int = 0
    start: int = 0


class Para:
    """A paragraph laid out as platypus's Paragraph lays out the markup mdtdesk writes: left
    aligned, one size, the label bold, typed line breaks kept. One face and no line breaks is
    its simple case (lines of words); anything else its general case (lines of runs)."""

    def __init__(
        self,
        style: Style,
        bullet: str | None = None,
        frags: list[Frag] | None = None,
        simple_words: list[str] | None = None,
        words: list[Word] | None = None,
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
            self._simple_words = split_at_spaces(strip_spaces(frags[0].text))
        self._words = (
            words
            if words is not None
            else (frag_words(frags, style.size) if frags and not self.simple else [])
        )
        self.empty = not (frags or simple_words or words)
        self.lines: list[Line] = []
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
                bullet_len = style.bullet_indent + text_width(self.bullet, FAMILY, style.size)
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

    def _break_simple(self, widths: list[float]) -> list[Line]:
        """platypus's line breaking of a paragraph in one face (breakLines, one fragment)."""
        font, size = self.font, self.style.size
        lines: list[Line] = []
        if not self._simple_words:
            return lines
        space = text_width(" ", font, size)
        shrink = _SPACE_SHRINKAGE * space
        last = len(widths) - 1
        line_no, width = 0, widths[0]
        current, words, forced = -space, [], False
        queue = list(self._simple_words)
        while queue:
            word = queue.pop(0)
            if not word and isinstance(word, SplitWord):
                forced = True
            word_width = text_width(word, font, size)
            new_width = current + space + word_width
            limit = width + shrink * len(words)
            if (
                new_width > limit
                and not forced
                and not isinstance(word, SplitWord)
                and word_width > widths[min(line_no, last)]
            ):
                queue[0:0] = split_word(word, current + space, widths, line_no, font, size)
                continue
            if new_width <= limit or not words or forced:
                if word:
                    words.append(word)
                if forced:
                    forced = False
                    lines.append(Line(width - new_width, words))
                    words, current = [], -space
                    line_no += 1
                    width = widths[min(last, line_no)]
                else:
                    current = new_width
            else:
                lines.append(Line(width - current, words))
                words, current = [word], word_width
                line_no += 1
                width = widths[min(last, line_no)]
        if words:
            lines.append(Line(width - current, words))
        return lines

    def _break(self, widths: list[float]) -> list[Line]:
        """platypus's line breaking of a paragraph of several faces or with line breaks
        (breakLines over _getFragWords), without hyphenation, which mdtdesk does not ask for."""
        size = self.style.size
        lines: list[Line] = []
        last = len(widths) - 1
        line_no, width = 0, widths[0]
        queue = list(self._words)
        consumed: list[Word] = []
        runs: list[Run] = []
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
                        shrink += spaces * text_width(" ", run.font, size)
            limit = width + shrink * _SPACE_SHRINKAGE
            if (
                not line_break
                and new_width > limit
                and not (word.split and word.end)
                and not word.split
                and word_width > widths[min(line_no, last)]
            ):
                pieces = split_frag_word(word, width - space - current, widths, line_no, size)
                pieces.insert(1, Word(0, [(pieces[0].parts[0][0], "")], br=True, injected=True))
                queue[0:0] = pieces
                consumed.pop()
                continue
            first_font, first_text = word.parts[0]
            if not ((new_width > limit and count > 0) or line_break):
                if first_text:
                    count += 1
                if not runs:
                    runs = [Run(first_font, first_text)]
                elif runs[-1].font != first_font or runs[-1].br:
                    if space:
                        for run in reversed(runs):
                            if not run.br:
                                if not run.text.endswith(" "):
                                    run.text += " "
                                break
                    runs.append(Run(first_font, first_text))
                elif space:
                    tail = runs[-1]
                    tail.text += first_text if tail.text.endswith(" ") else " " + first_text
                else:
                    runs[-1].text += first_text
                space = text_width(" ", last_font, size) if word.space_after else 0.0
                more = False
                for font, text in word.parts[1:]:
                    runs.append(Run(font, text))
                    more = more or bool(text)
                if not first_text and more:
                    count += 1
                current = new_width
            else:
                if line_break:
                    runs.append(Run(first_font, "", br=True))
                lines.append(Line(width - current, runs, count, start))
                start = len(consumed) - 1
                line_no += 1
                width = widths[min(last, line_no)]
                if line_break:
                    runs = []
                    continue
                space = text_width(" ", last_font, size) if word.space_after else 0.0
                current, count = word_width, 1
                runs = [Run(first_font, first_text)]
                runs.extend(Run(font, text) for font, text in word.parts[1:])
        if runs:
            lines.append(Line(width - current, runs, count, start))
        self._consumed = consumed
        return lines

    def split(self, height: float) -> list[Para]:
        """Paragraph.split: the lines that fit ``height`` and the rest, or [] when fewer than
        two lines fit (platypus leaves no orphan line at the foot of a page); [self] when all
        do. Call after ``wrap``."""
        if self.empty or height < FUZZ:
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
            first = Para(self.style, self.bullet, simple_words=self._words_of(0, fit))
            rest = Para(self.style, simple_words=self._words_of(fit, len(self.lines)))
            first.font = rest.font = self.font
        else:
            start = self.lines[fit].start
            first = Para(self.style, self.bullet, words=rejoin(self._consumed[:start]))
            rest = Para(self.style, words=rejoin(self._consumed[start:]))
        return [first, rest]

    def _words_of(self, start: int, stop: int) -> list[str]:
        return [word for line in self.lines[start:stop] for word in line.words]

    def draw(self, ink: Ink) -> None:
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
        parts = ["BT", f"1 0 0 1 {fp(style.left_indent)} {fp(cur_y)} Tm"]
        text = TextState()
        if self.simple:
            # The fill colour outside the text object, the font once (reportlab's kind 0).
            code.append(f"{ink.color(style.color)} rg")
            for index, line in enumerate(lines):
                shift = offset if index == 0 else 0.0
                moved = shift > 1e-6 or shift < -1e-6
                if moved:
                    parts.append(f"{fp(shift)} 0 Td")
                words = " ".join(line.words)
                spaces = len(line.words) + words.count("\xa0") - 1
                shown = ink.show(text, self.font, style.size, leading, words) + " T*"
                if line.extra > -1e-8 or spaces <= 0:
                    parts.append(shown)
                else:
                    parts.extend((f"{fp(line.extra / float(spaces))} Tw", shown, "0 Tw"))
                if moved:
                    parts.append(f"{fp(-shift)} 0 Td")
        else:
            # Runs of several faces: leading, colour and font set inside (reportlab's kind 1).
            for index, line in enumerate(lines):
                shift = offset if index == 0 else 0.0
                moved = shift > 1e-6 or shift < -1e-6
                if moved:
                    parts.append(f"{fp(shift)} 0 Td")
                runs = line.words
                spaces = line.count + sum(run.text.count("\xa0") for run in runs) - 1
                shrunk = not (line.extra > -1e-8 or spaces <= 0)
                if shrunk:
                    parts.append(f"{fp(line.extra / float(spaces))} Tw")
                if text.leading != leading:
                    text.leading = leading
                    parts.append(f"{fp(leading)} TL")
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
                    parts.append(f"{fp(-shift)} 0 Td")
        parts.append("ET")
        code.append(" ".join(parts))
        code.append("Q")

    def _draw_bullet(self, ink: Ink, code: list, offset: float, cur_y: float) -> float:
        """_drawBullet: the bullet in its own text object, and the first line's offset."""
        style = self.style
        text = TextState()
        shown = ink.show(text, FAMILY, style.size, style.size * 1.2, self.bullet)
        start = f"1 0 0 1 {fp(style.bullet_indent)} {fp(cur_y)} Tm"
        code.append(f"BT {start} {ink.color(style.color)} rg {shown} ET")
        end = style.bullet_indent + text_width(self.bullet, FAMILY, style.size)
        return max(offset, end + style.size * 0.6 - style.left_indent)
