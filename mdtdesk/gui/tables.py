"""What the app's lists have in common: a read-only table of rows, its model, and its sizing.

Loaded with the first screen, so it holds nothing but Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStackedWidget,
    QStyle,
    QTableView,
)

_TOP = QModelIndex()  # the invisible root: a flat table has no other parent


class RowsModel(QAbstractTableModel):
    """A flat table of ``self._rows`` (one dict a row) under fixed headings.

    Subclasses fill ``self._rows`` and say what each cell shows (``data``).
    """

    def __init__(self, headings: list[str], parent=None):
        super().__init__(parent)
        self._headings = headings
        self._rows: list[dict] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return 0 if parent.isValid() else len(self._headings)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headings[section]
        return None

    def heading(self, column: int) -> str:
        """The heading of a column."""
        return self._headings[column]

    def find_row(self, key: str, value) -> int | None:
        """The first row whose ``key`` is ``value``, if one is loaded."""
        for index, row in enumerate(self._rows):
            if row[key] == value:
                return index
        return None


def row_table(
    name: str, model: QAbstractTableModel, selection: QAbstractItemView.SelectionMode
) -> QTableView:
    """A read-only table of whole rows, named ``name`` for screen readers, sortable by heading.

    The model must already be sorted by its first column, ascending.
    """
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    # The model already sorts by its first column; say so before sorting is enabled, so that
    # enabling it does not sort (or run the query) again (Qt's default indicator is descending).
    table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)
    table.horizontalHeader().setHighlightSections(False)
    return table


def with_empty_state(table: QTableView) -> tuple[QStackedWidget, QLabel]:
    """``table`` in a stack with a centred label to show instead when it has no rows.

    Returns (the stack, the label); the caller words the label and switches between them.
    """
    empty = QLabel()
    empty.setObjectName("empty_state")
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setWordWrap(True)
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    return stack, empty


def fit_columns(
    table: QTableView,
    columns: Iterable[int],
    *,
    rows: int,
    heading_room: int,
    widest: int,
    widest_by_heading: Mapping[str, int] | None = None,
) -> None:
    """Size ``columns`` to their heading and the first ``rows`` rows, each at most ``widest``
    pixels wide (or its heading's width in ``widest_by_heading``).

    The model must offer ``heading(column)`` and ``column_texts(column, rows)``. Measures the
    text with the font's metrics: Qt's resizeColumnsToContents asks the model for every role of
    every cell and costs a noticeable share of start-up. ``heading_room`` is the room a heading
    is given beyond its text.
    """
    model = table.model()
    header = table.horizontalHeader()
    text_width = table.fontMetrics().horizontalAdvance
    heading_width = header.fontMetrics().horizontalAdvance
    padding = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 16
    caps = widest_by_heading or {}
    for column in columns:
        heading = model.heading(column)
        texts = model.column_texts(column, rows)
        width = max([heading_width(heading) + heading_room, *map(text_width, texts)])
        header.resizeSection(column, min(width + padding, caps.get(heading, widest)))
