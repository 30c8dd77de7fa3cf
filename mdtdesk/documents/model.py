"""The document model: what a document says, built once as plain data, then rendered to PDF
(documents/pdf.py) and to DOCX (documents/word.py), so that both files say the same thing.

A Document is metadata plus a flat list of blocks. Renderers know these block types and nothing
about meetings or people; builders (documents/minutes.py, agenda_sheet.py, care_plan.py) know the
domain and nothing about files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MARKING = "OFFICIAL-SENSITIVE: PERSONAL"


@dataclass(frozen=True)
class Heading:
    """A heading, level 1 (the document's sections) to 3. ``outline`` puts it in the PDF's
    bookmarks and DOCX navigation pane (every case's heading is one)."""

    text: str
    level: int = 1
    outline: bool = True


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``label`` is shown bold before it ("Decision: …"); ``style`` is "body",
    "note" (smaller, grey: e.g. "Amended on …") or "emphasis" (bold)."""

    text: str
    label: str | None = None
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of short items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row (repeated on every page) and rows of text. ``widths`` are
    relative column widths; None shares the width equally."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None
    caption: str | None = None


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (e.g. before the actions by organisation)."""


Block = Heading | Paragraph | Bullets | Table | PageBreak


@dataclass
class Document:
    """One output: title, who wrote it and what it is about (set as the file's properties),
    the protective marking printed on every page, and the blocks in order.

    ``large_print`` asks the renderers for body text of at least 16 pt (care plans).
    """

    title: str
    subject: str
    author: str
    marking: str = DEFAULT_MARKING
    language: str = "en-GB"
    large_print: bool = False
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        """Append blocks; returns the document so builders can chain."""
        self.blocks.extend(blocks)
        return self

    def text(self) -> str:
        """Every word of the document as plain text, in order: for tests and for checking that
        the PDF and the DOCX say the same thing."""
        lines = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(block.text)
            elif isinstance(block, Paragraph):
                lines.append(f"{block.label}: {block.text}" if block.label else block.text)
            elif isinstance(block, Bullets):
                lines.extend(block.items)
            elif isinstance(block, Table):
                if block.caption:
                    lines.append(block.caption)
                lines.append(" | ".join(block.header))
                lines.extend(" | ".join(row) for row in block.rows)
        return "\n".join(lines)
