"""The audit window: who changed what and when, filtered by person, case, meeting and dates."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import audit_search
from mdtdesk.core.audit_search import AuditEntry, AuditFilter
from mdtdesk.core.dates import format_short_date, parse_date
from mdtdesk.gui.styling import set_style_property
from mdtdesk.gui.tables import RowsModel, fit_columns, row_table, with_empty_state

if TYPE_CHECKING:
    import sqlite3

# More rows than anyone reads on screen; narrowing the filters reaches older ones.
SHOWN = 500
SUGGESTED_PEOPLE = 12
FIT_ROWS = 40
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# (heading, what a row shows); the display is one line, the tooltip the whole text.
COLUMNS = [
    ("When", lambda e: e.when),
    ("Who", lambda e: e.who),
    ("What", lambda e: f"{e.record}: {e.change}" if e.change else e.record),
    ("About", lambda e: e.about),
    ("Old value", lambda e: e.old),
    ("New value", lambda e: e.new),
    ("Reason", lambda e: e.reason),
]
OLD_COLUMN, NEW_COLUMN = 4, 5
WIDEST = {"When": 170, "Who": 200, "What": 230, "About": 280, "Reason": 200}


def _one_line(text: str) -> str:
    return " ".join(text.split())


class AuditTableModel(RowsModel):
    """Audit rows as ``audit_search.search`` gives them, newest first; read-only."""

    def __init__(self, parent=None):
        super().__init__([heading for heading, _ in COLUMNS], parent)
        self._rows: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        """Show ``entries`` in place of what was shown."""
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry:
        """The audit row shown on ``row``."""
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text = COLUMNS[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(text)
        if role == Qt.ItemDataRole.ToolTipRole and text:
            # As rich text, so that Qt wraps a long note instead of drawing one endless line.
            return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"
        return None

    def column_texts(self, column: int, rows: int) -> list[str]:
        """What the first ``rows`` rows show in ``column`` (for sizing the columns)."""
        show = COLUMNS[column][1]
        return [_one_line(show(entry)) for entry in self._rows[:rows]]


class AuditWindow(QDialog):
    """Every change recorded, newest first, narrowed by who made it, whose case it was about,
    which meeting, and from and to which day. Reads through ``conn`` (a plain connection from
    ``core.db.connect``) and changes nothing. Not modal: ``show()`` it beside the main window.
    """

    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None):
        super().__init__(parent)
        self._conn = conn
        self._person_id: int | None = None
        self._dates: dict[str, dt.date | None] = {"from": None, "to": None}
        self._problems: dict[str, str] = {}  # what is wrong with a field ("case", "from", "to")
        self._fitted = False
        self.setWindowTitle("Audit: who changed what")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.model = AuditTableModel(self)

        title = QLabel("Who changed what")
        title.setObjectName("heading")
        self.count = QLabel()
        self.count.setObjectName("count")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.count, 1, Qt.AlignmentFlag.AlignBottom)

        self.person = self._combo("Who made the change", 16)
        self.case = QLineEdit()
        self.case.setAccessibleName("Case: a person's name or NHS number")
        self.case.setPlaceholderText("Type a name or NHS number")
        self.case.setClearButtonEnabled(True)
        self.case.setToolTip("Choose from the suggestions with Down and Enter; clear it for all.")
        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(SUGGESTED_PEOPLE)
        self.case.setCompleter(self.completer)
        self.meeting = self._combo("Meeting", 24)
        self.from_date = self._date_box("From date")
        self.to_date = self._date_box("To date")
        self.clear_button = QPushButton("Clea&r filters")
        self.clear_button.setToolTip("Show every change again")
        # No default button: Enter in a date or the case box must not clear the filters.
        self.clear_button.setAutoDefault(False)

        filters = QGridLayout()
        filters.setHorizontalSpacing(16)
        filters.setVerticalSpacing(2)
        fields = (
            ("&Person", self.person),
            ("C&ase", self.case),
            ("&Meeting", self.meeting),
            ("&From", self.from_date),
            ("&To", self.to_date),
        )
        for column, (text, field) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label, 0, column)
            filters.addWidget(field, 1, column)
        filters.addWidget(self.clear_button, 1, len(fields))
        for column, stretch in enumerate((2, 3, 4, 1, 1)):
            filters.setColumnStretch(column, stretch)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.table = row_table(
            "Changes", self.model, QAbstractItemView.SelectionMode.SingleSelection
        )
        self.table.setSortingEnabled(False)  # newest first is the audit's order
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OLD_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NEW_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.stack, self.empty = with_empty_state(self.table)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)
        self.resize(1280, 720)

        self.person.currentIndexChanged.connect(self.refresh)
        self.person.currentTextChanged.connect(self.person.setToolTip)
        self.meeting.currentIndexChanged.connect(self.refresh)
        self.case.textEdited.connect(self._case_typed)
        self.case.returnPressed.connect(self._case_entered)
        self.completer.activated[QModelIndex].connect(self._case_chosen)
        for box, which in ((self.from_date, "from"), (self.to_date, "to")):
            box.textChanged.connect(lambda _text, b=box, w=which: self._date_typed(b, w, False))
            box.editingFinished.connect(lambda b=box, w=which: self._date_typed(b, w, True))
        self.clear_button.clicked.connect(self.clear_filters)
        self.reload()

    def _combo(self, name: str, length: int) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(length)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _date_box(self, name: str) -> QLineEdit:
        box = QLineEdit()
        box.setAccessibleName(name)
        box.setPlaceholderText("dd/mm/yyyy")
        box.setToolTip("A day such as 24/11/2026; leave empty for no limit.")
        box.setMinimumWidth(box.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        return box

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the people and meetings to choose from and the list again, keeping choices."""
        self._fill(
            self.person, "Everyone", [(name, name) for name in audit_search.actors(self._conn)]
        )
        # Names with a long role are cut short in the box: its list opens wide enough to read.
        view = self.person.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 16)
        meetings = audit_search.meeting_choices(self._conn)
        self._fill(self.meeting, "All meetings", [(label, mid) for mid, label in meetings])
        self.refresh()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, choices: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, data in choices:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        """The filter the window's fields say."""
        return AuditFilter(
            actor=self.person.currentData(),
            person_id=self._person_id,
            meeting_id=self.meeting.currentData(),
            from_date=self._dates["from"],
            to_date=self._dates["to"],
        )

    def refresh(self) -> None:
        """Read the changes the filters match and show them."""
        which = self.current_filter()
        entries = audit_search.search(self._conn, which, limit=SHOWN + 1)
        more = len(entries) > SHOWN
        self.model.set_entries(entries[:SHOWN])
        if more:
            self.count.setText(
                f"The newest {SHOWN:,} changes are shown: narrow the filters to see older ones"
            )
        else:
            shown = len(entries)
            self.count.setText(f"{shown:,} change{'' if shown == 1 else 's'} shown")
        if entries:
            if not self._fitted:
                self._fit_columns()
            self.stack.setCurrentWidget(self.table)
            return
        self.empty.setText(self._why_empty(which))
        self.stack.setCurrentWidget(self.empty)

    def _why_empty(self, which: AuditFilter) -> str:
        if which == AuditFilter():
            return (
                "Nothing has been changed yet.\nEvery change made in mdtdesk is listed here: "
                "who made it, when, and what it was."
            )
        if which.from_date and which.to_date and which.from_date > which.to_date:
            return "The From date is after the To date.\nChange one of them."
        loosen = []
        if which.actor is not None:
            loosen.append("choose “Everyone”")
        if which.person_id is not None:
            loosen.append("clear the case")
        if which.meeting_id is not None:
            loosen.append("choose “All meetings”")
        if which.from_date or which.to_date:
            loosen.append("widen the dates")
        ways = ", ".join(loosen[:-1]) + (" or " if len(loosen) > 1 else "") + loosen[-1]
        return (
            f"No changes match these filters.\nTo see more, {ways}; "
            "Clear filters (Alt+R) shows every change."
        )

    def _fit_columns(self) -> None:
        """Size the columns but the values' to the first rows, once: they do not jump after."""
        self._fitted = True
        fit_columns(
            self.table,
            [c for c in range(self.model.columnCount()) if c not in (OLD_COLUMN, NEW_COLUMN)],
            rows=FIT_ROWS,
            heading_room=12,
            widest=200,
            widest_by_heading=WIDEST,
        )

    def clear_filters(self) -> None:
        """Show every change: no person, case, meeting or dates."""
        for combo in (self.person, self.meeting):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.case.clear()
        self._person_id = None
        for box in (self.from_date, self.to_date):
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
            set_style_property(box, "invalid", False)
        self._dates = {"from": None, "to": None}
        self._problems.clear()
        self._show_problem("case", None)
        self.refresh()

    # -- the case ---------------------------------------------------------------------------

    def _case_typed(self, text: str) -> None:
        had_person = self._person_id is not None
        self._person_id = None
        self._show_problem("case", None)
        self.suggestions.clear()
        for person_id, label in audit_search.find_people(self._conn, text, SUGGESTED_PEOPLE):
            item = QStandardItem(label)
            item.setData(person_id, PERSON_ID_ROLE)
            self.suggestions.appendRow(item)
        if self.suggestions.rowCount():
            self.completer.complete()
        # What was typed is not yet a choice: until one is made, no case narrows the list.
        if had_person:
            self.refresh()

    def _case_entered(self) -> None:
        """Enter in the case box with no suggestion chosen takes the first one."""
        if self._person_id is not None or not self.case.text().strip():
            return
        if self.suggestions.rowCount():
            self._choose_person(self.suggestions.item(0))
        else:
            text = self.case.text().strip()
            self._show_problem("case", f"No one on the register matches “{text}”.")

    def _case_chosen(self, index: QModelIndex) -> None:
        self._choose_person(
            self.suggestions.itemFromIndex(self.completer.completionModel().mapToSource(index))
        )

    def _choose_person(self, item: QStandardItem | None) -> None:
        if item is None:
            return
        self._person_id = item.data(PERSON_ID_ROLE)
        self.case.setText(item.text())
        self.completer.popup().hide()
        self._show_problem("case", None)
        self.refresh()

    def choose_case(self, person_id: int, label: str) -> None:
        """Narrow the list to one person's case, as if chosen in the case box (for a caller
        opening the window from a case)."""
        item = QStandardItem(label)
        item.setData(person_id, PERSON_ID_ROLE)
        self._choose_person(item)

    # -- the dates --------------------------------------------------------------------------

    def _date_typed(self, box: QLineEdit, which: str, finished: bool) -> None:
        """Use a date as soon as it reads as one; say what is wrong only once the box is left,
        so that a half-typed date is not called a mistake."""
        text = box.text().strip()
        try:
            day = parse_date(text) if text else None
        except ValueError as problem:
            if finished:
                set_style_property(box, "invalid", True)
                label = "From" if which == "from" else "To"
                self._show_problem(which, f"{label}: {problem}")
            return
        set_style_property(box, "invalid", False)
        self._show_problem(which, None)
        if finished and day is not None:
            box.blockSignals(True)
            box.setText(format_short_date(day))  # shown as it will be read
            box.blockSignals(False)
        if self._dates[which] != day:
            self._dates[which] = day
            self.refresh()

    def _show_problem(self, field: str, text: str | None) -> None:
        """Say (or, with None, stop saying) what is wrong with one field."""
        if text:
            self._problems[field] = text
        else:
            self._problems.pop(field, None)
        self.problem.setText("\n".join(self._problems.values()))
        self.problem.setVisible(bool(self._problems))
