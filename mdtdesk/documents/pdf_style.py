"""How the PDFs look: colours, margins and paddings, and the paragraph styles of each print
size."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm

from mdtdesk.documents.typography import Sizes

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
# platypus's tolerance for rounding when a height is measured against the room left.
FUZZ = 1e-6


@dataclass(frozen=True)
class Style:
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
        """The distance from one line to the next."""
        return self.leading if self.leading is not None else self.size * 1.3


def styles_for(sizes: Sizes) -> dict[str, Style]:
    """The paragraph styles by name (a Paragraph block's ``style``, ``h1`` to ``h3`` for the
    headings, and the title, bullets, table cells and captions) at ``sizes``."""
    body, cell = sizes.body, sizes.cell
    styles = {
        "title": Style(sizes.title, bold=True, color=NHS_BLUE, space_after=10),
        "body": Style(body, space_after=body * 0.5),
        "note": Style(sizes.note, color=SECONDARY, space_after=sizes.note * 0.5),
        "emphasis": Style(body, bold=True, space_after=body * 0.5),
        "bullet": Style(
            body, left_indent=body * 1.4, bullet_indent=body * 0.3, space_after=body * 0.25
        ),
        "cell": Style(cell, leading=cell * 1.25),
        "header_cell": Style(cell, bold=True, color=colors.white, leading=cell * 1.25),
        "caption": Style(body, bold=True, space_before=4, space_after=4),
    }
    for level, size in enumerate(sizes.headings, start=1):
        styles[f"h{level}"] = Style(
            size,
            bold=True,
            color=NHS_BLUE,
            leading=size * 1.2,
            space_before=size * (0.9 if level == 1 else 0.6),
            space_after=size * 0.35,
        )
    return styles
