"""The case list as a Qt table model, fetched from the core a page at a time."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from mdtdesk.core import case_list
from mdtdesk.core.case_list import CaseQuery
from mdtdesk.core.dates import format_table_date
from mdtdesk.core.driver import sqlite
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.vocabulary import CASE_STATUSES, CLOSED_REASONS
from mdtdesk.gui.tables import RowsModel

PAGE_SIZE = 100
COUNT_DELAY_MS = 150
WARNING = QColor("#d5281b")  # NHS error red, 5.9:1 on white
# Only what needs the chair's attention is shown; "informed" is the normal state.
SHARING_FLAGS = {
    "objected": "Objected",
    "not_recorded": "Not recorded",
    "best_interests": "Best interests",
}


# (heading, sort key, how to show a row)
def _review(due: str | None) -> str:
    if due and due < _today():  # closed cases have no review date
        return f"{format_table_date(due)} (overdue)"
    return format_table_date(due)


# What the chair acts on comes first: who, their status, when they are due, whether sharing is
# in doubt; where they live comes after.
COLUMNS = [
    ("Name", "name", lambda r: f"{r['family_name'].upper()}, {r['given_name']}"),
    ("NHS number", "nhs_number", lambda r: format_nhs_number(r["nhs_number"])),
    ("Date of birth", "date_of_birth", lambda r: format_table_date(r["date_of_birth"])),
    (
        "Status",
        "status",
        lambda r: (
            CASE_STATUSES[r["status"]]
            + (f": {CLOSED_REASONS[r['closed_reason']].lower()}" if r["closed_reason"] else "")
        ),
    ),
    ("Next review", "next_review_on", lambda r: _review(r["next_review_on"])),
    ("Sharing", "info_sharing", lambda r: SHARING_FLAGS.get(r["info_sharing"], "")),
    ("Key worker", "key_worker", lambda r: r["key_worker"] or ""),
    ("Neighbourhood", "neighbourhood", lambda r: r["neighbourhood"] or "Not set"),
    ("Postcode", "postcode", lambda r: r["postcode"] or ""),
    ("Conditions", "conditions", lambda r: r["conditions"] or ""),
]
SHARING_COLUMN = [heading for heading, _, _ in COLUMNS].index("Sharing")
REVIEW_COLUMN = [heading for heading, _, _ in COLUMNS].index("Next review")


def _today() -> str:
    return dt.date.today().isoformat()


CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_TOP = QModelIndex()  # the invisible root: a flat table has no other parent


class CaseTableModel(RowsModel):
    """Rows of the case list for the current query; more pages load as the view scrolls.

    Counting every match of a broad search costs more than showing its first page, so the count
    follows once typing pauses (``COUNT_DELAY_MS``) and arrives through ``countChanged``.
    """

    countChanged = Signal(int)

    def __init__(self, db: sqlite.Connection, parent=None):
        super().__init__([heading for heading, _, _ in COLUMNS], parent)
        self._db = db
        self._query = CaseQuery()
        self._more = False
        self._total: int | None = None
        self._count_timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.count_now)

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def total(self) -> int | None:
        """How many cases match the query (all pages); None until counted."""
        return self._total

    def set_query(self, query: CaseQuery) -> None:
        """Show the cases matching ``query``, starting again from the first page."""
        self.beginResetModel()
        self._query = query
        self._total = None
        self._rows = case_list.fetch_cases(self._db, query, 0, PAGE_SIZE)
        self._more = len(self._rows) == PAGE_SIZE
        self.endResetModel()
        self._count_timer.start()

    def stop_counting(self) -> None:
        """Drop a pending count (the window is closing and its database with it)."""
        self._count_timer.stop()

    def count_now(self) -> int:
        """Count the matches now (normally done once typing pauses) and announce the total."""
        self._count_timer.stop()
        self._total = case_list.count_cases(self._db, self._query)
        self.countChanged.emit(self._total)
        return self._total

    def update_query(self, **changes) -> None:
        """Change some parts of the query (text, status, neighbourhood, sort) and reload.

        Nothing is reloaded when nothing changed: Qt asks to sort again as a view is set up.
        """
        query = dataclasses.replace(self._query, **changes)
        if query != self._query:
            self.set_query(query)

    def refresh(self) -> None:
        """Reload after the register changed, counting at once: nobody is typing."""
        self.set_query(self._query)
        self.count_now()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> None:
        if parent.isValid():
            return
        page = case_list.fetch_cases(self._db, self._query, len(self._rows), PAGE_SIZE)
        self._more = len(page) == PAGE_SIZE
        if not page:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return COLUMNS[index.column()][2](row)
        if role == CASE_ID_ROLE:
            return row["case_id"]
        if role == Qt.ItemDataRole.ForegroundRole:
            column = index.column()
            if column == SHARING_COLUMN and row["info_sharing"] == "objected":
                return WARNING
            open_case = row["status"] != "closed"
            if column == REVIEW_COLUMN and open_case and (row["next_review_on"] or "9") < _today():
                return WARNING
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.update_query(sort=key, descending=order == Qt.SortOrder.DescendingOrder)

    def column_texts(self, column: int, rows: int) -> list[str]:
        """What the first ``rows`` loaded rows show in ``column``."""
        show = COLUMNS[column][2]
        return [show(row) for row in self._rows[:rows]]

    def case_id(self, row: int) -> int:
        """The case shown on ``row``."""
        return self._rows[row]["case_id"]

    def row_of_case(self, case_id: int) -> int | None:
        """Which loaded row shows ``case_id``, if it is loaded."""
        return self.find_row("case_id", case_id)
