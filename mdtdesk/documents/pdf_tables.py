"""Tables for the PDF: laid out, split between or within rows under a repeated header, and
drawn as platypus's Table with repeatRows=1, splitByRow and splitInRow."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors

from mdtdesk.documents.pdf_ink import Ink, draw_at, fp
from mdtdesk.documents.pdf_paragraphs import Para
from mdtdesk.documents.pdf_style import CELL_BOTTOM, CELL_SIDE, CELL_TOP, NHS_BLUE, RULE, STRIPE


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
class CellTable:
    """A table of paragraph cells with a header row repeated on every page it runs onto, as
    platypus's Table with repeatRows=1, splitByRow and splitInRow. Each cell holds a list of
    paragraphs (one, or none left after a split); ``heights`` are fixed row heights where a row
    was split within (None: from the content)."""

    rows: list[list[list[Para]]]
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

    def _cell_height(self, cell: list[Para], width: float) -> float:
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

    def split(self, height: float) -> list[CellTable]:
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

    def _split_rows(self, height: float, in_row: bool) -> list[CellTable]:
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
        first = CellTable(rows[:n], self.col_widths, fixed[:n], self.open_top, in_row)
        rest = CellTable(
            rows[:1] + rows[n:], self.col_widths, fixed[:1] + fixed[n:], in_row, self.open_bottom
        )
        return [first, rest]

    def _split_cell(self, cell: list[Para], old_height: float, new_height: float, width: float):
        """Table._splitCell for a cell of paragraphs in a top-aligned row."""
        room = new_height - CELL_TOP
        top: list[Para] = []
        bottom: list[Para] = []
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

    def draw(self, ink: Ink) -> None:
        """Table.draw: row backgrounds (the header blue, then white and a pale stripe from the
        first row under it), the cells' paragraphs from the top of each cell, and the grid."""
        code = ink.canvas._code
        width, positions, heights = self.width, self.positions, self.row_heights
        w = fp(width)
        code.append("q")
        code.append(f"{ink.color(NHS_BLUE)} rg")
        code.append(f"n 0 {fp(positions[0])} {w} {fp(positions[1] - positions[0])} re f*")
        y = positions[1]
        for index, h in enumerate(heights[1:]):
            code.append(f"{ink.color((colors.white, STRIPE)[index % 2])} rg")
            code.append(f"n 0 {fp(y)} {w} {fp(-h)} re f*")
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
                    draw_at(ink, para, col_pos + CELL_SIDE, y)
                    y -= para.space_after()
        # The grid, as GRID draws it: the box, then the lines between rows and columns.
        top, bottom = fp(positions[0]), fp(positions[-1])
        lines = ["q", "1 J", "1 j", f"{ink.color(RULE)} RG", ".5 w", f"n 0 {top} m {w} {top} l S"]
        if not self.open_bottom:
            lines.append(f"n 0 {bottom} m {w} {bottom} l S")
        lines.append(f"n 0 {bottom} m 0 {top} l S")
        lines.append(f"n {w} {bottom} m {w} {top} l S")
        for index, y in enumerate(positions[1:-1]):
            if index or not self.open_top:
                lines.append(f"n 0 {fp(y)} m {w} {fp(y)} l S")
        for x in self.col_positions[1:-1]:
            lines.append(f"n {fp(x)} {bottom} m {fp(x)} {top} l S")
        lines.append("Q")
        code.extend(lines)
        code.append("Q")
