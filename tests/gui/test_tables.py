from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from mdtdesk.gui.tables import RowsModel, fit_columns, row_table, with_empty_state


class Model(RowsModel):
    def __init__(self, rows):
        super().__init__(["Name", "Note"])
        self._rows = rows
        self.sorted_by = []

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][("name", "note")[index.column()]]
        return None

    def sort(self, column, order=Qt.SortOrder.AscendingOrder):
        self.sorted_by.append((column, order))

    def column_texts(self, column, rows):
        return [row[("name", "note")[column]] for row in self._rows[:rows]]


ROWS = [{"id": 7, "name": "Ann", "note": "x" * 400}, {"id": 9, "name": "Bo", "note": "short"}]


def test_the_model_answers_for_its_rows_and_headings():
    model = Model(ROWS)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a flat table: rows have no children
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Note"
    assert model.headerData(1, Qt.Orientation.Vertical) is None
    assert model.heading(0) == "Name"
    assert model.find_row("id", 9) == 1
    assert model.find_row("id", 8) is None


def test_enabling_sorting_keeps_the_order_the_model_already_has(qtbot):
    model = Model(ROWS)
    table = row_table("People", model, QAbstractItemView.SelectionMode.SingleSelection)
    qtbot.addWidget(table)
    # Qt sorts once as sorting is enabled: by the first column ascending, as the rows came.
    assert model.sorted_by == [(0, Qt.SortOrder.AscendingOrder)]
    assert table.accessibleName() == "People"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    stack, empty = with_empty_state(table)
    qtbot.addWidget(stack)
    assert stack.currentWidget() is table and empty.objectName() == "empty_state"


def test_columns_fit_their_text_up_to_a_limit(qtbot):
    model = Model(ROWS)
    table = row_table("People", model, QAbstractItemView.SelectionMode.SingleSelection)
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    fit_columns(table, [0, 1], rows=10, heading_room=12, widest=150)
    assert 0 < header.sectionSize(0) < 150
    assert header.sectionSize(1) == 150  # 400 characters are cut short
    fit_columns(table, [1], rows=10, heading_room=12, widest=150, widest_by_heading={"Note": 90})
    assert header.sectionSize(1) == 90
