"""The text of a paragraph as platypus's markup parser made it: cleaned, cut into pieces in one
face (frags) and into words with their widths, a word too long for any line cut into pieces,
and the pieces joined again for the rest of a paragraph split at the foot of a page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mdtdesk.documents.pdf_fonts import BOLD, FAMILY, text_width
from mdtdesk.documents.pdf_style import Style

# Characters that XML cannot hold (reportlab's paragraph markup could not): pasted text can carry
# them, and they are dropped as before.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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


def strip_spaces(text: str) -> str:
    """``text`` without the whitespace platypus strips from either end."""
    return text.strip(_WHITESPACE)


def split_at_spaces(text: str) -> list[str]:
    """platypus's split: str.split, but at its own whitespace (keeping the empty strings a
    leading or trailing space leaves) when a no-break space must stay in its word."""
    if "\xa0" in text:
        return _WHITESPACE_SPLIT(text)
    return text.split()


def _words(text: str) -> list[str]:
    return [word for word in split_at_spaces(text) if word]


class SplitWord(str):
    """A piece of a word too long for its line: never split again."""


class SplitWordEnd(SplitWord):
    """The last piece of a split word."""


@dataclass
class Frag:
    """A run of text in one face (``font``), or a line break."""

    font: str
    text: str = ""
    br: bool = False


@dataclass
class Word:
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


def text_frags(text: str, style: Style, label: str | None = None) -> list[Frag]:
    """The pieces platypus's markup parser made of a paragraph: the text with whitespace
    collapsed as its cleaner did (across the bold label and the line breaks alike), cut at each
    line break and escaped character, the label and its colon bold."""
    face = BOLD if style.bold else FAMILY
    text = XML_UNSAFE.sub("", text)
    # The label's end and the text's start, marked with characters the cleaning above removed.
    marked = f"\x01{XML_UNSAFE.sub('', label)}:\x02 {text}" if label else text
    # cleanBlockQuotedText: the markup (typed line breaks already <br/>) on one line, stripped,
    # every run of whitespace one space.
    marked = " ".join(_words(strip_spaces(marked.replace("\n", "\x03"))))
    frags: list[Frag] = []
    bold = style.bold
    for chunk in re.split("([\x01\x02\x03])", marked):
        if chunk == "\x01":
            bold = True
        elif chunk == "\x02":
            bold = style.bold
        elif chunk == "\x03":
            frags.append(Frag(BOLD if bold else face, br=True))
        elif chunk:
            font = BOLD if bold else face
            frags.extend(Frag(font, piece) for piece in _PIECES.split(chunk) if piece)
    return frags


def frag_words(frags: list[Frag], size: float) -> list[Word]:
    """platypus's _getFragWords for text and line breaks: words that may run across pieces
    of text, each with its width and whether a space follows it."""
    words: list[Word] = []
    parts: list[tuple[str, str]] = []
    width = 0.0
    hanging_strip = True
    for frag in frags:
        if frag.br:
            if parts:
                words.append(Word(width, parts))
                parts, width = [], 0.0
            words.append(Word(0, [(frag.font, "")], br=True))
            hanging_strip = True
            continue
        text = frag.text
        if hanging_strip:
            text = text.lstrip(_WHITESPACE)
            if not text:
                continue
            hanging_strip = False
        pieces = split_at_spaces(text)
        if text[0] in _ASCII_WHITESPACE or not pieces:
            if parts:
                # A word ended by this piece's leading space: no space after it is known yet.
                words.append(Word(width, parts))
                parts, width, with_space = [], 0.0, False
            else:
                with_space = bool(words) and words[-1].space_after
            if not with_space:
                pieces.insert(0, "")
            elif not pieces:
                continue
        for piece in pieces[:-1]:
            parts.append((frag.font, piece))
            width += text_width(piece, frag.font, size)
            words.append(Word(width, parts, space_after=True))
            parts, width = [], 0.0
        parts.append((frag.font, pieces[-1]))
        width += text_width(pieces[-1], frag.font, size)
        if text[-1] in _ASCII_WHITESPACE:
            words.append(Word(width, parts, space_after=True))
            parts, width = [], 0.0
    if parts:
        words.append(Word(width, parts))
    if not words and frags:
        words = [Word(0, [(frags[0].font, "")])]
    return words


def split_word(
    word: str, line_width: float, widths: list[float], line: int, font: str, size: float
) -> list[SplitWord]:
    """platypus's _splitWord: a word too wide for any line, cut into pieces that fill the rest
    of this line and then whole lines."""
    pieces: list[SplitWord] = []
    last = len(widths) - 1
    text = ""
    width = widths[min(last, line)]
    following = widths[min(last, line + 1)]
    for char in word:
        char_width = text_width(char, font, size)
        new_width = line_width + char_width
        if new_width > width and (text or char_width <= following):
            pieces.append(SplitWord(text))
            line += 1
            width = widths[min(last, line)]
            new_width = char_width
            text = ""
        text += char
        line_width = new_width
    pieces.append(SplitWordEnd(text))
    return pieces


def split_frag_word(
    word: Word, width: float, widths: list[float], line: int, size: float
) -> list[Word]:
    """platypus's _splitFragWord: a word of several pieces too wide for any line, cut by
    character."""
    pieces: list[Word] = []
    last = len(widths) - 1
    following = widths[min(last, line + 1)]
    parts: list[tuple[str, str]] = []
    line_width = word_width = 0.0
    text = ""
    font = word.parts[0][0]
    for piece_font, piece in word.parts:
        for char in piece:
            char_width = text_width(char, piece_font, size)
            new_width = line_width + char_width
            too_long = new_width > width and bool(word_width or char_width <= following)
            if piece_font != font or too_long:
                parts.append((font, text))
                if too_long:
                    pieces.append(Word(word_width, parts, split=True))
                    line += 1
                    width, following = following, widths[min(last, line + 1)]
                    parts, new_width, word_width = [], char_width, 0.0
                text, font = "", piece_font
            word_width += char_width
            text += char
            line_width = new_width
    parts.append((font, text))
    pieces.append(Word(word_width, parts, space_after=word.space_after, split=True, end=True))
    return pieces


def rejoin(words: list[Word]) -> list[Word]:
    """Words handed to the rest of a split paragraph, as platypus hands them on: the line
    breaks it injected after pieces of long words dropped, and the pieces joined again."""
    joined: list[Word] = []
    pending: list[Word] = []

    def flush(last: Word) -> None:
        parts: list[tuple[str, str]] = []
        for piece in pending:
            for font, text in piece.parts:
                if parts and parts[-1][0] == font:
                    parts[-1] = (font, parts[-1][1] + text)
                else:
                    parts.append((font, text))
        joined.append(Word(sum(p.width for p in pending), parts, space_after=last.space_after))
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
