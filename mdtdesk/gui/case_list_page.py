"""The Cases area: the case register with its instant filter, and the way into each case."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import case_list, lookups
from mdtdesk.core.driver import sqlite
from mdtdesk.core.vocabulary import CASE_STATUSES
from mdtdesk.gui.case_table_model import CaseTableModel
from mdtdesk.gui.tables import fit_columns, row_table, with_empty_state

MAX_COLUMN_WIDTH = 220
FIT_ROWS = 30
STATUS_CHOICES = [("Open cases", case_list.OPEN), ("All cases", case_list.ANY)] + [
    (label, code) for code, label in CASE_STATUSES.items()
]


class CaseListPage(QWidget):
    """Search, filter and sort the register; Enter opens a case, Ctrl+N adds one."""

    openCase = Signal(int)
    newCase = Signal()
    importCases = Signal()
    printCarePlan = Signal(int)

    def __init__(self, db: sqlite.Connection, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.model = CaseTableModel(db, self)

        title = QLabel("Cases")
        title.setObjectName("page_title")
        self.import_button = QPushButton("&Import case list…")
        self.import_button.setToolTip(
            "Import a CSV or Excel case list from your GP system (Ctrl+I)"
        )
        self.new_button = QPushButton("&New case")
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("Add a person and their referral (Ctrl+N)")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.new_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name, NHS number, postcode or condition")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.setToolTip("Ctrl+F. Esc clears. Down arrow moves into the list.")
        self.status = QComboBox()
        self.status.setAccessibleName("Case status")
        for label, code in STATUS_CHOICES:
            self.status.addItem(label, code)
        self.neighbourhood = QComboBox()
        self.neighbourhood.setAccessibleName("Neighbourhood")
        self.neighbourhood.setMinimumContentsLength(18)
        self.count = QLabel()
        self.count.setObjectName("count")
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        status_label = QLabel("Stat&us")
        status_label.setBuddy(self.status)
        hood_label = QLabel("Neigh&bourhood")
        hood_label.setBuddy(self.neighbourhood)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 3)
        filters.addSpacing(12)
        filters.addWidget(status_label)
        filters.addWidget(self.status)
        filters.addSpacing(12)
        filters.addWidget(hood_label)
        filters.addWidget(self.neighbourhood, 1)
        filters.addSpacing(12)
        filters.addWidget(self.count)

        self.table = row_table(
            "Case list", self.model, QAbstractItemView.SelectionMode.SingleSelection
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.stack, self.empty = with_empty_state(self.table)

        # Widgets join the Tab order as they are parented: the search, its filters and the list
        # first, then the actions above them.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.insertLayout(0, top)

        self.search.textChanged.connect(lambda text: self.model.update_query(text=text))
        self.status.currentIndexChanged.connect(
            lambda: self.model.update_query(status=self.status.currentData())
        )
        self.neighbourhood.currentIndexChanged.connect(
            lambda: self.model.update_query(neighbourhood_id=self.neighbourhood.currentData())
        )
        self.model.countChanged.connect(self._show_count)
        self.model.modelReset.connect(self._show_rows_or_why_not)
        self.table.activated.connect(self._activated)
        print_plan = QAction("&Print care plan…", self.table)
        print_plan.setToolTip("Preview the selected person's care plan and print it (Ctrl+P)")
        print_plan.triggered.connect(self._print_care_plan)
        self.table.addAction(print_plan)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.new_button.clicked.connect(self.newCase)
        self.import_button.clicked.connect(self.importCases)
        self.search.installEventFilter(self)

        self.reload_neighbourhoods(db)
        self.model.refresh()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Size columns to the rows on screen once; later pages and searches never make them jump.

        The last column stretches to the edge of the list.
        """
        fit_columns(
            self.table,
            range(self.model.columnCount() - 1),
            rows=FIT_ROWS,
            heading_room=12,
            widest=MAX_COLUMN_WIDTH,
        )

    def reload_neighbourhoods(self, db: sqlite.Connection) -> None:
        """Fill the neighbourhood filter from the database, keeping the current choice."""
        current = self.neighbourhood.currentData()
        self.neighbourhood.blockSignals(True)
        self.neighbourhood.clear()
        self.neighbourhood.addItem("All neighbourhoods", None)
        for hood_id, name in lookups.neighbourhoods(db):
            self.neighbourhood.addItem(name, hood_id)
        self.neighbourhood.addItem("Not set", case_list.NO_NEIGHBOURHOOD)
        index = self.neighbourhood.findData(current)
        self.neighbourhood.setCurrentIndex(max(index, 0))
        self.neighbourhood.blockSignals(False)

    def refresh(self, select_case: int | None = None) -> None:
        """Reload the list after a change, keeping (or moving to) the selected case."""
        if select_case is None:
            current = self.table.currentIndex()
            select_case = self.model.case_id(current.row()) if current.isValid() else None
        self.model.refresh()
        if select_case is not None:
            row = self.model.row_of_case(select_case)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def focus_search(self) -> None:
        """Put the cursor in the search box, selecting what is there (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_case(self) -> int | None:
        """The case of the selected row, if any."""
        current = self.table.currentIndex()
        return self.model.case_id(current.row()) if current.isValid() else None

    def _show_count(self, total: int) -> None:
        self.count.setText(f"{total:,} case{'s' if total != 1 else ''}")

    def _show_rows_or_why_not(self) -> None:
        if self.model.total is None:
            self.count.setText("Counting…")
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
            return
        self.count.setText("0 cases")
        if self.search.text().strip():
            self.empty.setText(
                f"No cases match “{self.search.text().strip()}”.\n"
                "Check the spelling, clear the search (Esc) or choose “All cases”."
            )
        elif self.model.query.status == case_list.OPEN and self.neighbourhood.currentData() is None:
            self.empty.setText(
                "There are no open cases yet.\n"
                "Add a case (Ctrl+N) or import a case list from your GP system (Ctrl+I)."
            )
        else:
            self.empty.setText("No cases have this status in this neighbourhood.")
        self.stack.setCurrentWidget(self.empty)

    def _print_care_plan(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.printCarePlan.emit(case_id)

    def _activated(self, index) -> None:
        self.openCase.emit(self.model.case_id(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            moves_down = event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if moves_down and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
