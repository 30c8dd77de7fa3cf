"""Actions across all meetings as a Qt table model, with each action's state in words and colour."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from mdtdesk.core import actions
from mdtdesk.core.actions import ActionFilter
from mdtdesk.core.dates import format_table_date
from mdtdesk.core.driver import sqlite
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.vocabulary import NOT_DONE_REASONS, PRIORITIES
from mdtdesk.gui.tables import RowsModel

SOON_DAYS = 7
CASE_CLOSED = "Open: case closed"
# The state of an action as the list shows it; colour always comes with these words.
OVERDUE, DUE_TODAY, DUE_SOON, OPEN, DONE, NOT_DONE = (
    "overdue",
    "due today",
    "due soon",
    "open",
    "done",
    "not done",
)
# NHS palette; contrast on white (and on the alternate rows): red 5.1:1 (4.8:1), amber text on
# its yellow 6.9:1, grey 6.1:1 (6.0:1).
OVERDUE_TEXT = QColor("#d5281b")
SOON_TEXT = QColor("#7a4b00")
SOON_BACKGROUND = QColor("#fff9c4")
FINISHED_TEXT = QColor("#4c6272")
DONE_TEXT = QColor("#00703c")  # NHS green, 6.2:1 on white: only the word "Done" is green

ACTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2


def states_of(rows: list[dict], today: dt.date) -> list[str]:
    """What the chair needs to know about each action on ``today`` (one of the states above).

    Overdue means open and due before today, as ``actions.list_actions`` counts it. Dates are
    compared as the ISO text they are stored as: parsing each costs a third of a second on the
    126,000 actions of a 50,000-person register.
    """
    day = today.isoformat()
    soon = (today + dt.timedelta(days=SOON_DAYS)).isoformat()
    finished = {"done": DONE, "cancelled": NOT_DONE}
    states = []
    for row in rows:
        due = row["due_on"]
        if row["status"] in finished:
            states.append(finished[row["status"]])
        elif not due or due > soon:
            states.append(OPEN)
        elif due < day:
            states.append(OVERDUE)
        else:
            states.append(DUE_TODAY if due == day else DUE_SOON)
    return states


def _due(row: dict, state: str) -> str:
    text = format_table_date(row["due_on"]) or "No date"
    return f"{text} ({state})" if state in (OVERDUE, DUE_TODAY, DUE_SOON) else text


def on_closed_case(row: dict, state: str) -> bool:
    """An open action whose case is closed: no meeting will hear it again (hazard H-12), so the
    chair must settle it here."""
    return state not in (DONE, NOT_DONE) and row.get("case_status") == "closed"


def _status(row: dict, state: str) -> str:
    if state == DONE:
        return "Done late" if _late(row) else "Done"
    if state == NOT_DONE:
        return "Not done"
    return CASE_CLOSED if on_closed_case(row, state) else "Open"


def _late(row: dict) -> bool:
    return (row["completed_on"] or "") > (row["due_on"] or "9")


def status_in_full(row: dict, state: str) -> str:
    """The status with its date or reason, e.g. "Done 21 Nov 2026, after its due date"."""
    if state == DONE:
        late = ", after its due date" if _late(row) else ""
        return f"Done {format_table_date(row['completed_on'])}{late}"
    if state == NOT_DONE:
        reason = row["not_done_reason"]
        return f"Not done: {NOT_DONE_REASONS.get(reason, reason)}" if reason else "Not done"
    if on_closed_case(row, state):
        return (
            "Open, but its case is closed, so no meeting will hear it again. Mark it done, or "
            "not done and why."
        )
    return "Open"


def _person(row: dict) -> str:
    return (
        f"{row['family_name'].upper()}, {row['given_name']}"
        f" · {format_nhs_number(row['nhs_number'])}"
    )


def _owner(row: dict) -> str:
    if row["owner"] is None:
        return "No owner"
    return f"{row['owner']}, {row['owner_role']}"


# (heading, how to show a row given its state, sort key)
COLUMNS = [
    ("Due", _due, lambda r: (r["due_on"] or "9", r["id"])),
    ("Person", lambda r, s: _person(r), lambda r: (r["family_name"].casefold(), r["due_on"] or "")),
    ("Action", lambda r, s: r["description"], lambda r: r["description"].casefold()),
    ("Owner", lambda r, s: _owner(r), lambda r: _owner(r).casefold()),
    ("Organisation", lambda r, s: r["organisation"] or "", lambda r: r["organisation"] or "~"),
    ("Priority", lambda r, s: PRIORITIES.get(r["priority"], r["priority"]), None),
    # Open actions of closed cases first among the open: they need settling.
    (
        "Status",
        _status,
        lambda r: (
            r["status"],
            r.get("case_status") != "closed",
            r["completed_on"] or "",
            r["due_on"] or "",
        ),
    ),
]
DUE_COLUMN, ACTION_COLUMN, STATUS_COLUMN = 0, 2, 6
_PRIORITY_ORDER = {code: n for n, code in enumerate(("high", "normal", "low"))}


class ActionsTableModel(RowsModel):
    """Every action the filter matches. All are loaded: they are short rows, and the open ones
    of even a 50,000-person register number a few thousand."""

    def __init__(self, db: sqlite.Connection, parent=None):
        super().__init__([heading for heading, _, _ in COLUMNS], parent)
        self._db = db
        self._filter = ActionFilter(status="open")
        self._states: list[str] = []
        self._today = dt.date.today()
        self._sort: tuple[int, Qt.SortOrder] = (DUE_COLUMN, Qt.SortOrder.AscendingOrder)

    @property
    def action_filter(self) -> ActionFilter:
        """The filter the rows were read with."""
        return self._filter

    @property
    def today(self) -> dt.date:
        """The day the rows' states were worked out for."""
        return self._today

    def set_filter(self, which: ActionFilter) -> None:
        """Show the actions matching ``which``."""
        self._filter = which
        self.refresh()

    def refresh(self) -> None:
        """Read the actions again (after a change, or when the page is shown)."""
        self._today = dt.date.today()
        if self._filter.overdue_on is not None:  # "overdue" moves on with the calendar
            self._filter = dataclasses.replace(self._filter, overdue_on=self._today)
        which = self._filter
        self.beginResetModel()
        self._rows = actions.list_actions(self._db, which)
        # list_actions reads them soonest due first: only another order needs sorting.
        if self._sort != (DUE_COLUMN, Qt.SortOrder.AscendingOrder):
            self._sort_rows()
        self._states = states_of(self._rows, self._today)
        self.endResetModel()

    def _sort_rows(self) -> None:
        column, order = self._sort
        key = COLUMNS[column][2]
        if key is None:  # priority: most urgent first when ascending
            key = lambda r: (_PRIORITY_ORDER.get(r["priority"], 9), r["due_on"] or "")  # noqa: E731
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        # The chosen rows must follow their actions, or "Mark done" would act on others.
        before = self.persistentIndexList()
        ids = [self._rows[index.row()]["id"] for index in before]
        self._sort_rows()
        self._states = states_of(self._rows, self._today)
        row_of = {row["id"]: n for n, row in enumerate(self._rows)}
        after = [
            self.index(row_of[i], index.column()) for i, index in zip(ids, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, state = self._rows[index.row()], self._states[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column][1](row, state)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS_COLUMN:
                return status_in_full(row, state)
            return COLUMNS[column][1](row, state)
        if role == ACTION_ID_ROLE:
            return row["id"]
        if role == STATE_ROLE:
            return state
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(state, column)
        if role == Qt.ItemDataRole.BackgroundRole and state in (DUE_TODAY, DUE_SOON):
            return SOON_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and (
            (state == OVERDUE and column == DUE_COLUMN)
            or (column == STATUS_COLUMN and on_closed_case(row, state))
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _foreground(state: str, column: int) -> QColor | None:
        if state == OVERDUE:
            return OVERDUE_TEXT
        if state in (DUE_TODAY, DUE_SOON):
            return SOON_TEXT
        if state == DONE:
            return DONE_TEXT if column == STATUS_COLUMN else FINISHED_TEXT
        if state == NOT_DONE:
            return FINISHED_TEXT
        return None

    def column_texts(self, column: int, rows: int) -> list[str]:
        """What the first ``rows`` rows show in ``column``."""
        show = COLUMNS[column][1]
        return [show(r, s) for r, s in zip(self._rows[:rows], self._states, strict=False)]

    def action_id(self, row: int) -> int:
        """The action shown on ``row``."""
        return self._rows[row]["id"]

    def action(self, row: int) -> dict:
        """Everything read about the action on ``row``."""
        return self._rows[row]

    def state(self, row: int) -> str:
        """The state of the action on ``row`` (overdue, due soon, done…)."""
        return self._states[row]

    def row_of_action(self, action_id: int) -> int | None:
        """Which row shows ``action_id``, if any."""
        return self.find_row("id", action_id)

    def count_in(self, state: str) -> int:
        """How many listed actions are in ``state``."""
        return self._states.count(state)

    def count_on_closed_cases(self) -> int:
        """How many listed actions are open on a closed case."""
        return sum(map(on_closed_case, self._rows, self._states))
