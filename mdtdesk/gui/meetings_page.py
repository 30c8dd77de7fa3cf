"""The Meetings area: every meeting, and preparing one (attendance with its quorum, the agenda).

Every choice is saved as it is made; reads go through the window's connection and writes
through ``writer()``, the window's sqlite-utils Database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import agenda, case_list, lookups, meetings
from mdtdesk.core.dates import format_date, format_table_date, format_time
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.vocabulary import AGENDA_KINDS, ATTENDANCE, ITEM_STATUSES, MEETING_STATUSES
from mdtdesk.gui import prompts

ID_ROLE = Qt.ItemDataRole.UserRole
NOT_RECORDED = "Not recorded"
# More than a meeting could hear; the rest are found by name.
MAX_SUGGESTIONS = 100


def _who(row: dict) -> str:
    if row.get("family_name") is None:
        return row.get("title") or "Any other business"
    number = format_nhs_number(row["nhs_number"])
    return f"{row['family_name'].upper()}, {row['given_name']} ({number})"


class MeetingsPage(QWidget):
    """The meeting list on the left; the selected meeting's preparation on the right."""

    newMeeting = Signal()
    saved = Signal(str)

    def __init__(
        self, conn: sqlite3.Connection, writer: Callable, actor: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("page")
        self._conn, self._writer, self._actor = conn, writer, actor
        self.meeting_id: int | None = None

        title = QLabel("Meetings")
        title.setObjectName("page_title")
        self.new_button = QPushButton("&New meeting")
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.newMeeting)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)

        self.list = QListWidget()
        self.list.setAccessibleName("Meetings")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentItemChanged.connect(self._meeting_chosen)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.quorum = QLabel()
        self.quorum.setWordWrap(True)
        self.quorum.setAccessibleName("Quorum")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._attendance_tab(), "&Attendance")
        self.tabs.addTab(self._agenda_tab(), "A&genda")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.quorum)
        right_layout.addWidget(self.tabs, 1)

        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def showEvent(self, event) -> None:
        # Read when shown, not when built: start-up stays quick, and the page is always fresh.
        self.reload()
        super().showEvent(event)

    # -- building ---------------------------------------------------------------------------

    def _attendance_tab(self) -> QWidget:
        self.attendance = QTableWidget(0, 4)
        self.attendance.setAccessibleName("Attendance")
        self.attendance.setHorizontalHeaderLabels(["Member", "Role", "Organisation", "Attendance"])
        self.attendance.verticalHeader().hide()
        self.attendance.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attendance.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        tab = QWidget()
        QVBoxLayout(tab).addWidget(self.attendance)
        return tab

    def _agenda_tab(self) -> QWidget:
        self.agenda = QListWidget()
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda.model().rowsMoved.connect(self._dragged)
        self.planned = QLabel()
        up = QPushButton("Move &up")
        down = QPushButton("Move do&wn")
        up.setToolTip("Alt+Up")
        down.setToolTip("Alt+Down")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(+1))
        QShortcut(QKeySequence("Alt+Up"), self.agenda, activated=lambda: self._move(-1))
        QShortcut(QKeySequence("Alt+Down"), self.agenda, activated=lambda: self._move(+1))

        self.suggested = QListWidget()
        self.suggested.setAccessibleName("Suggested cases")
        self.suggested.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.suggested.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.suggested.itemActivated.connect(self._add_suggestion)
        self.search = QLineEdit(placeholderText="Name, NHS number or postcode")
        self.search.setAccessibleName("Find a case to add")
        self.found = QListWidget()
        self.found.setAccessibleName("Cases found")
        self.found.itemActivated.connect(self._add_found)
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(lambda: self.found.setFocus())
        self.kind = QComboBox()
        self.kind.setAccessibleName("Add as")
        for code, label in AGENDA_KINDS.items():
            if code != "matters_arising":
                self.kind.addItem(label, code)
        self.kind.setCurrentIndex(self.kind.findData("review"))
        self.minutes = QSpinBox(minimum=1, maximum=120, value=10, suffix=" min")
        self.minutes.setAccessibleName("Minutes allowed")

        agenda_box = QVBoxLayout()
        agenda_label = QLabel("&Agenda (drag, or Alt+Up and Alt+Down, to reorder)")
        agenda_label.setBuddy(self.agenda)
        agenda_box.addWidget(agenda_label)
        agenda_box.addWidget(self.agenda, 1)
        moves = QHBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        moves.addStretch(1)
        moves.addWidget(self.planned)
        agenda_box.addLayout(moves)

        add_box = QGridLayout()
        suggested_label = QLabel("&Suggested (Enter adds)")
        suggested_label.setBuddy(self.suggested)
        find_label = QLabel("&Find any case")
        find_label.setBuddy(self.search)
        kind_label = QLabel("Add a&s")
        kind_label.setBuddy(self.kind)
        add_box.addWidget(suggested_label, 0, 0, 1, 3)
        add_box.addWidget(self.suggested, 1, 0, 1, 3)
        add_box.addWidget(find_label, 2, 0, 1, 3)
        add_box.addWidget(self.search, 3, 0, 1, 3)
        add_box.addWidget(self.found, 4, 0, 1, 3)
        add_box.addWidget(kind_label, 5, 0)
        add_box.addWidget(self.kind, 5, 1)
        add_box.addWidget(self.minutes, 5, 2)

        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addLayout(agenda_box, 3)
        row.addLayout(add_box, 2)
        return tab

    # -- showing ----------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Refill the meeting list, keeping (or moving to) a meeting."""
        select = select if select is not None else self.meeting_id
        self.list.blockSignals(True)
        self.list.clear()
        for row in meetings.list_meetings(self._conn):
            when = dt.datetime.fromisoformat(row["starts_at"])
            text = (
                f"{format_table_date(when.date())}, {format_time(when)}  ·  "
                f"{row['neighbourhood']}\n{MEETING_STATUSES[row['status']]}  ·  "
                f"{row['items']} item{'s' if row['items'] != 1 else ''}"
            )
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, row["id"])
            self.list.addItem(item)
            if row["id"] == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._meeting_chosen(self.list.currentItem())

    def _meeting_chosen(self, item: QListWidgetItem | None) -> None:
        self.meeting_id = item.data(ID_ROLE) if item else None
        self.tabs.setEnabled(self.meeting_id is not None)
        if self.meeting_id is None:
            self.heading.setText("No meetings yet. Press New meeting to plan one.")
            self.quorum.clear()
            return
        meeting = meetings.load_meeting(self._conn, self.meeting_id)
        hood = dict(lookups.neighbourhoods(self._conn)).get(meeting.neighbourhood_id, "")
        where = "Virtual" if meeting.is_virtual else (meeting.venue or "")
        self.heading.setText(
            f"{hood} MDT  ·  {format_date(meeting.starts_at.date())}, "
            f"{format_time(meeting.starts_at)}  ·  {where}  ·  {MEETING_STATUSES[meeting.status]}"
        )
        self._closed = meeting.status == "closed"
        for widget in (self.search, self.found, self.suggested, self.kind, self.minutes):
            widget.setEnabled(not self._closed)
        self.agenda.setDragEnabled(not self._closed)
        self._show_attendance()
        self._show_agenda()

    def _show_attendance(self) -> None:
        recorded = {
            r["member_id"]: r["status"] for r in meetings.attendance(self._conn, self.meeting_id)
        }
        people = lookups.members_with_organisation(self._conn)
        self.attendance.setRowCount(len(people))
        for row, (member_id, name, role, organisation) in enumerate(people):
            for column, text in enumerate((name, role, organisation)):
                self.attendance.setItem(row, column, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setAccessibleName(f"Attendance of {name}")
            if member_id not in recorded:
                combo.addItem(NOT_RECORDED, None)
            for code, text in ATTENDANCE.items():
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(recorded.get(member_id)), 0))
            combo.setEnabled(not self._closed)
            combo.currentIndexChanged.connect(
                lambda _=0, m=member_id, c=combo: self._mark(m, c.currentData())
            )
            self.attendance.setCellWidget(row, 3, combo)
        self._show_quorum()

    def _show_quorum(self) -> None:
        state = meetings.quorum(self._conn, self.meeting_id)
        self.quorum.setText(state.statement())
        self.quorum.setProperty("role", None if state.quorate else "error")
        self.quorum.style().unpolish(self.quorum)
        self.quorum.style().polish(self.quorum)

    def _show_agenda(self) -> None:
        rows = agenda.items(self._conn, self.meeting_id)
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for row in rows:
            text = (
                f"{row['position']}. {_who(row)}\n    {AGENDA_KINDS[row['kind']]}  ·  "
                f"{row['minutes_allowed']} min  ·  {ITEM_STATUSES[row['status']]}"
            )
            if row["sharing_override_reason"]:
                text += (
                    f"  ·  Objected to sharing; discussed because: {row['sharing_override_reason']}"
                )
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, row["id"])
            self.agenda.addItem(item)
        self.agenda.blockSignals(False)
        allowed, planned = agenda.planned_minutes(self._conn, self.meeting_id)
        over = allowed > planned
        self.planned.setText(
            f"Planned {allowed} of {planned} minutes"
            + (f": {allowed - planned} over" if over else "")
        )
        self.planned.setProperty("role", "error" if over else None)
        self.planned.style().unpolish(self.planned)
        self.planned.style().polish(self.planned)
        self.suggested.clear()
        if not self._closed:
            found = agenda.suggestions(self._conn, self.meeting_id)
            for suggestion in found[:MAX_SUGGESTIONS]:
                person = _who(vars(suggestion))
                item = QListWidgetItem(f"{person}\n    {suggestion.reason}")
                item.setData(ID_ROLE, (suggestion.case_id, suggestion.kind))
                self.suggested.addItem(item)
            if len(found) > MAX_SUGGESTIONS:
                more = QListWidgetItem(
                    f"…and {len(found) - MAX_SUGGESTIONS:,} more: find them by name below"
                )
                more.setFlags(Qt.ItemFlag.NoItemFlags)
                self.suggested.addItem(more)

    # -- changing ---------------------------------------------------------------------------

    def _mark(self, member_id: int, status: str | None) -> None:
        if status is None:
            return
        if self._attempt(meetings.set_attendance, self.meeting_id, member_id, status):
            self._show_quorum()

    def _add(self, case_id: int, kind: str) -> None:
        try:
            agenda.add_item(
                self._writer(), self._actor, self.meeting_id, case_id, kind, self.minutes.value()
            )
        except ValidationError as exc:
            if "sharing_override_reason" not in exc.problems:
                prompts.current.error(self, "Not added", str(exc))
                return
            reason = prompts.current.ask_text(
                self, "Objected to information sharing", exc.problems["sharing_override_reason"]
            )
            if reason is None:
                return
            if not self._attempt(
                agenda.add_item, self.meeting_id, case_id, kind, self.minutes.value(), None, reason
            ):
                return
        except MdtError as exc:
            prompts.current.error(self, "Not added", str(exc))
            return
        self._changed("Added to the agenda")

    def _add_suggestion(self, item: QListWidgetItem) -> None:
        case_id, kind = item.data(ID_ROLE)
        self._add(case_id, kind)

    def _add_found(self, item: QListWidgetItem) -> None:
        self._add(item.data(ID_ROLE), self.kind.currentData())

    def _find(self, text: str) -> None:
        self.found.clear()
        if len(text.strip()) < 2:
            return
        for row in case_list.fetch_cases(self._conn, case_list.CaseQuery(text=text), 0, 20):
            item = QListWidgetItem(_who(row))
            item.setData(ID_ROLE, row["case_id"])
            self.found.addItem(item)

    def _move(self, step: int) -> None:
        row = self.agenda.currentRow()
        if row < 0 or not 0 <= row + step < self.agenda.count():
            return
        item_id = self.agenda.item(row).data(ID_ROLE)
        if self._attempt(agenda.move_item, item_id, row + step + 1):
            self._changed("Agenda reordered")
            self.agenda.setCurrentRow(row + step)

    def _dragged(self, *_args) -> None:
        # Qt has already moved the row; write the order it shows, item by item.
        for position in range(self.agenda.count()):
            item_id = self.agenda.item(position).data(ID_ROLE)
            if not self._attempt(agenda.move_item, item_id, position + 1):
                break
        self._changed("Agenda reordered")

    def _attempt(self, change: Callable, *args) -> bool:
        try:
            change(self._writer(), self._actor, *args)
        except MdtError as exc:
            prompts.current.error(self, "Not saved", str(exc))
            self._meeting_chosen(self.list.currentItem())
            return False
        return True

    def _changed(self, what: str) -> None:
        self._show_agenda()
        self.saved.emit(what)
