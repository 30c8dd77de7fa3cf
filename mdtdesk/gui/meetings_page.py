"""The Meetings area: every meeting, preparing one (attendance with its quorum, the agenda),
the team's quorum rule, and closing a meeting.

Every choice is saved as it is made; reads go through the window's connection and writes
through ``writer()``, the window's sqlite-utils Database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import agenda, case_list, lookups, meetings, objections
from mdtdesk.core.dates import format_date, format_table_date, format_time
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.vocabulary import AGENDA_KINDS, ITEM_STATUSES, MEETING_STATUSES
from mdtdesk.gui import prompts
from mdtdesk.gui.agenda_names import naming_pending, who_and_number
from mdtdesk.gui.attendance_table import AttendanceTable
from mdtdesk.gui.objection_gate import ObjectionRow, ask_override_reason
from mdtdesk.gui.styling import set_style_property

ID_ROLE = Qt.ItemDataRole.UserRole
OBJECTION_RED = QColor("#d5281b")  # 5.0:1 on white; said in words on the row too
# More than a meeting could hear; the rest are found by name.
MAX_SUGGESTIONS = 100


class MeetingsPage(QWidget):
    """The meeting list on the left; the selected meeting's preparation on the right."""

    newMeeting = Signal()
    runMeeting = Signal(int)
    exportMeeting = Signal(int)
    saved = Signal(str)
    meetingClosed = Signal()  # the main window backs up after it

    def __init__(
        self, conn: sqlite.Connection, writer: Callable, actor: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("page")
        self._conn, self._writer, self._actor = conn, writer, actor
        self.meeting_id: int | None = None
        self._closed = False
        self._rows: dict[int, dict] = {}  # agenda rows whose person objected, with no reason
        self.quorum_dialog = None

        title = QLabel("Meetings")
        title.setObjectName("page_title")
        self.quorum_button = QPushButton("&Quorum rule…")
        self.quorum_button.setToolTip("Choose the roles and number of people a meeting needs")
        self.quorum_button.clicked.connect(self.edit_quorum_rule)
        self.new_button = QPushButton("&New meeting")
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.newMeeting)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.quorum_button)
        top.addWidget(self.new_button)

        self.list = QListWidget()
        self.list.setAccessibleName("Meetings")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentItemChanged.connect(self._meeting_chosen)

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.run_button = QPushButton("&Run meeting")
        self.run_button.setToolTip("Open chair mode for this meeting")
        self.run_button.clicked.connect(lambda: self.runMeeting.emit(self.meeting_id))
        # Alt+L: Alt+C opens the Cases menu.
        self.close_button = QPushButton("C&lose meeting")
        self.close_button.setToolTip(
            "Lock the meeting's record once every agenda item is discussed or deferred"
        )
        self.close_button.clicked.connect(self.close_meeting)
        self.export_button = QPushButton("&Export…")
        self.export_button.setToolTip("Save the minutes or the agenda as PDF or DOCX (Ctrl+E)")
        self.export_button.clicked.connect(lambda: self.exportMeeting.emit(self.meeting_id))
        meeting_buttons = QWidget()
        buttons_row = QHBoxLayout(meeting_buttons)
        buttons_row.setContentsMargins(0, 0, 0, 4)
        buttons_row.addWidget(self.run_button)
        buttons_row.addWidget(self.export_button)
        buttons_row.addWidget(self.close_button)
        self.closed_note = QLabel()
        self.closed_note.setObjectName("closed_note")
        self.closed_note.setWordWrap(True)
        self.closed_note.hide()
        self.quorum = QLabel()
        self.quorum.setWordWrap(True)
        self.quorum.setAccessibleName("Quorum")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._attendance_tab(), "&Attendance")
        self.tabs.addTab(self._agenda_tab(), "A&genda")
        # Beside the tabs, where the heading keeps the full width.
        self.tabs.setCornerWidget(meeting_buttons, Qt.Corner.TopRightCorner)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.closed_note)
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
        # The meeting's buttons sit beside the tabs but are reached, by Tab, before them.
        QWidget.setTabOrder(self.list, self.run_button)
        QWidget.setTabOrder(self.run_button, self.export_button)
        QWidget.setTabOrder(self.export_button, self.close_button)
        QWidget.setTabOrder(self.close_button, self.tabs)

    def showEvent(self, event) -> None:
        # Read when shown, not when built: start-up stays quick, and the page is always fresh.
        self.reload()
        super().showEvent(event)

    # -- building ---------------------------------------------------------------------------

    def _attendance_tab(self) -> QWidget:
        self.attendance = AttendanceTable(self._conn, self._writer, self._actor)
        self.attendance.changed.connect(self._attendance_saved)
        hint = QLabel(
            "Saved as you choose. Someone present can deputise for a member: they count in the "
            "role of the member they cover."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(hint)
        layout.addWidget(self.attendance, 1)
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
        self.objection_row = ObjectionRow()
        self.reason_button = self.objection_row.button
        self.reason_button.clicked.connect(self.record_sharing_reason)
        self.agenda.currentRowChanged.connect(self._offer_reason)
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
        agenda_label = QLabel("Agen&da (drag, or Alt+Up and Alt+Down, to reorder)")
        agenda_label.setBuddy(self.agenda)
        agenda_box.addWidget(agenda_label)
        agenda_box.addWidget(self.agenda, 1)
        moves = QHBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        moves.addStretch(1)
        moves.addWidget(self.planned)
        agenda_box.addLayout(moves)
        agenda_box.addWidget(self.objection_row)

        add_box = QGridLayout()
        suggested_label = QLabel("&Suggested (Enter adds)")
        suggested_label.setBuddy(self.suggested)
        find_label = QLabel("F&ind any case")  # Alt+F is the File menu
        find_label.setBuddy(self.search)
        kind_label = QLabel("Add as &kind")
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
        self.run_button.setEnabled(self.meeting_id is not None)
        self.export_button.setEnabled(self.meeting_id is not None)
        if self.meeting_id is None:
            self.heading.setText("No meetings yet. Press New meeting to plan one.")
            self.close_button.setEnabled(False)
            self.closed_note.hide()
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
        self.close_button.setEnabled(not self._closed)
        self._show_closed_note(meeting)
        for widget in (self.search, self.found, self.suggested, self.kind, self.minutes):
            widget.setEnabled(not self._closed)
        self.agenda.setDragEnabled(not self._closed)
        self._show_attendance()
        self._show_agenda()

    def _show_closed_note(self, meeting: meetings.Meeting) -> None:
        if meeting.status != "closed":
            self.closed_note.hide()
            return
        if meeting.closed_at is None:
            when = "Closed."
        else:
            local = meeting.closed_at.astimezone()
            when = f"Closed on {format_date(local.date())} at {format_time(local)}."
        self.closed_note.setText(f"{when} Changes are amendments and need a reason.")
        self.closed_note.show()

    def _show_attendance(self) -> None:
        # A closed meeting's attendance stays open to amendments, each asked its reason.
        self.attendance.show_meeting(self.meeting_id, self._closed)
        self._show_quorum()

    def _show_quorum(self) -> None:
        state = meetings.quorum(self._conn, self.meeting_id)
        self.quorum.setText(state.statement())
        set_style_property(self.quorum, "role", None if state.quorate else "error")

    def _show_agenda(self) -> None:
        rows = agenda.items(self._conn, self.meeting_id)
        unreasoned = {u.item_id: u for u in objections.without_reason(self._conn, self.meeting_id)}
        self._rows = {row["id"]: row for row in rows if row["id"] in unreasoned}
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for row in rows:
            text = (
                f"{row['position']}. {who_and_number(row)}\n    {AGENDA_KINDS[row['kind']]}  ·  "
                f"{row['minutes_allowed']} min  ·  {ITEM_STATUSES[row['status']]}"
            )
            # The objection on a line of its own: at the end of a long line it was cut off.
            if row["sharing_override_reason"]:
                why = row["sharing_override_reason"]
                text += f"\n    Objected to sharing; discussed because: {why}"
            elif row["id"] in unreasoned:
                # An objection recorded after the person was put on the agenda (hazard H-05).
                needed = unreasoned[row["id"]].reason_needed and not self._closed
                text += "\n    Objected to sharing: " + (
                    "reason needed" if needed else "no reason recorded"
                )
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, row["id"])
            item.setToolTip(text)  # a long reason runs past the list's edge
            if row["id"] in unreasoned:
                item.setForeground(OBJECTION_RED)
            self.agenda.addItem(item)
        self.agenda.blockSignals(False)
        self.objection_row.show_count(len(unreasoned))
        self._offer_reason()
        allowed, planned = agenda.planned_minutes(self._conn, self.meeting_id)
        over = allowed > planned
        self.planned.setText(
            f"Planned {allowed} of {planned} minutes"
            + (f": {allowed - planned} over" if over else "")
        )
        set_style_property(self.planned, "role", "error" if over else None)
        self.suggested.clear()
        if not self._closed:
            found = agenda.suggestions(self._conn, self.meeting_id)
            for suggestion in found[:MAX_SUGGESTIONS]:
                person = who_and_number(vars(suggestion))
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

    def _attendance_saved(self, what: str) -> None:
        self._show_quorum()
        self.saved.emit(what)

    def edit_quorum_rule(self) -> None:
        """Open the quorum rule dialog; the quorum line follows a saved rule."""
        from mdtdesk.gui.quorum_dialog import QuorumDialog

        if self.quorum_dialog is not None:
            self.quorum_dialog.deleteLater()
        self.quorum_dialog = QuorumDialog(self._conn, self._writer, self._actor, self)
        self.quorum_dialog.accepted.connect(self._quorum_rule_saved)
        self.quorum_dialog.open()

    def _quorum_rule_saved(self) -> None:
        if self.meeting_id is not None:
            self._show_quorum()
        self.saved.emit("Quorum rule saved")

    def close_meeting(self) -> None:
        """Close the selected meeting, or say which agenda items still stop it closing."""
        if self.meeting_id is None:
            return
        pending = [
            row for row in agenda.items(self._conn, self.meeting_id) if row["status"] == "pending"
        ]
        # Ask only when it can close: a refusal below says what to do instead.
        if not pending and not prompts.current.confirm(
            self,
            "Close this meeting?",
            "Closing locks the meeting's record. Any later change is an amendment, and each one "
            "needs a reason.",
            "Close meeting",
        ):
            return
        try:
            meetings.close_meeting(self._writer(), self._actor, self.meeting_id)
        except MdtError as exc:
            prompts.current.error(self, "Meeting not closed", naming_pending(str(exc), pending))
            return
        self.reload()
        self.saved.emit("Meeting closed")
        self.meetingClosed.emit()

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

    def _offer_reason(self, *_args) -> None:
        item = self.agenda.currentItem()
        self.reason_button.setEnabled(item is not None and item.data(ID_ROLE) in self._rows)

    def record_sharing_reason(self) -> None:
        """Ask why the team discusses the selected person despite their objection to
        information sharing, and record it (an amendment, with its own reason, once closed)."""
        item = self.agenda.currentItem()
        row = self._rows.get(item.data(ID_ROLE)) if item is not None else None
        if row is None:
            return
        if ask_override_reason(self, self._writer, self._actor, row, self._closed) is not None:
            self._changed("Reason for discussing them recorded")
            self.agenda.setCurrentRow(row["position"] - 1)

    def _find(self, text: str) -> None:
        self.found.clear()
        if len(text.strip()) < 2:
            return
        for row in case_list.fetch_cases(self._conn, case_list.CaseQuery(text=text), 0, 20):
            item = QListWidgetItem(who_and_number(row))
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
