"""Chair mode: the screen the chair runs the meeting from. Calm, large and keyboard-first.

The agenda with each item's state on the left; the current person's card and matters arising in
the middle; what is said, the actions and the outcome on the right. Text autosaves off the UI
thread (gui/autosave.py); every other choice is committed as it is made. A shared-screen window
can follow the chair's current item for a projector or a shared call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import agenda, chair, lookups, meetings, objections
from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.vocabulary import ITEM_STATUSES
from mdtdesk.gui import prompts
from mdtdesk.gui.action_entry import ActionEntry
from mdtdesk.gui.agenda_names import naming_pending
from mdtdesk.gui.autosave import Autosaver
from mdtdesk.gui.case_card_view import CaseCardView
from mdtdesk.gui.chair_agenda import AgendaColumn
from mdtdesk.gui.chair_bar import SHORTCUTS, ChairTopBar, keys_line, use_large_type
from mdtdesk.gui.chair_sharing import toggle_shared_screen
from mdtdesk.gui.discussion_panel import DiscussionPanel
from mdtdesk.gui.matters_arising_view import MattersArisingView
from mdtdesk.gui.meeting_clock import ItemClock
from mdtdesk.gui.objection_gate import DISCUSSION_HELD, REASON_FIRST
from mdtdesk.gui.outcome_panel import OutcomePanel


class ChairWindow(QWidget):
    """Runs one meeting."""

    saved = Signal(str)
    meetingClosed = Signal()  # the main window backs up after it

    def __init__(
        self,
        conn: sqlite.Connection,
        writer: Callable,
        actor: str,
        db_path: Path,
        meeting_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("chair")
        self._conn, self._writer, self._actor = conn, writer, actor
        self.meeting_id = meeting_id
        self.reason: str | None = None  # the amendment's reason, once the chair gives one
        self.rows: list[dict] = []
        self.current: int | None = None  # index into rows
        self.held = False  # the current item waits for a reason to discuss someone who objected
        self.shared_screen = None
        self.clock = ItemClock()

        meeting = meetings.load_meeting(conn, meeting_id)
        if meeting.status == "draft":
            meetings.start_meeting(writer(), actor, meeting_id)
            meeting.status = "in_progress"
        self.closed = meeting.status == "closed"
        self._meeting = meeting
        hood = dict(lookups.neighbourhoods(conn)).get(meeting.neighbourhood_id, "")
        self.setWindowTitle(f"Chair mode: {hood} MDT, {format_date(meeting.starts_at.date())}")

        day = f"{format_date(meeting.starts_at.date())}, {format_time(meeting.starts_at)}"
        self.bar = bar = ChairTopBar(f"{hood} MDT  ·  {day}")
        self.meeting_clock, self.quorum = bar.meeting_clock, bar.quorum
        self.save_state = bar.save_state
        self.share_button, self.print_button = bar.share_button, bar.print_button
        self.amend_button, self.close_button = bar.amend_button, bar.close_button
        self.share_button.clicked.connect(self.toggle_shared_screen)
        self.print_button.clicked.connect(self.print_care_plan)
        self.amend_button.clicked.connect(self.amend)
        self.close_button.clicked.connect(self.close_meeting)
        self.autosaver = Autosaver(db_path, actor, self._on_screen, self)
        self.autosaver.state.connect(bar.show_save_state)
        self.autosaver.failed.connect(self._save_failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.setSpacing(8)
        layout.addWidget(bar)
        self.locked = QLabel()
        self.locked.setObjectName("chair_locked")
        self.locked.setWordWrap(True)
        layout.addWidget(self.locked)
        self._columns = split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self._agenda_column())
        split.addWidget(self._case_column())
        split.addWidget(self._work_column())
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 5)
        layout.addWidget(split, 1)
        layout.addWidget(keys_line())
        self._bind_keys()
        use_large_type(self)

        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._update_clocks)
        self._tick.start()
        self.started = chair.started_at(conn, meeting_id)
        self._update_clocks()
        self._show_quorum()
        self._reload_rows()
        self._show_lock_state()
        first = next((i for i, r in enumerate(self.rows) if r["status"] == "pending"), 0)
        self.go_to(first if self.rows else None)

    # -- building ---------------------------------------------------------------------------

    def _agenda_column(self) -> QWidget:
        self.column = AgendaColumn()
        self.column.chosen.connect(self.go_to)
        self.column.previous_button.clicked.connect(self.previous_item)
        self.column.next_button.clicked.connect(self.next_item)
        self.column.defer_button.clicked.connect(self.defer_item)
        self.column.finish_button.clicked.connect(self.finish_item)
        self.item_timer = self.column.timer
        return self.column

    def _case_column(self) -> QWidget:
        self.card = CaseCardView(self._conn, self._writer, self._actor)
        self.card.gate.recorded.connect(self._reason_recorded)
        self.card.gate.deferRequested.connect(self.defer_item)
        self.matters = MattersArisingView(self._conn, self._writer, self._actor)
        self.matters.saved.connect(self._said_saved)
        column = QSplitter(Qt.Orientation.Vertical)
        column.setChildrenCollapsible(False)
        column.addWidget(self.card)
        column.addWidget(self.matters)
        column.setStretchFactor(0, 3)
        column.setStretchFactor(1, 2)
        column.setSizes([400, 260])
        return column

    def _work_column(self) -> QWidget:
        self.discussion = DiscussionPanel()
        self.discussion.edited.connect(self.autosaver.typed)
        self.discussion.edited.connect(self._share_decision)
        self.actions = ActionEntry(self._conn, self._writer, self._actor)
        self.actions.saved.connect(self._said_saved)
        self.outcome = OutcomePanel(self._conn, self._writer, self._actor)
        self.outcome.saved.connect(self._said_saved)
        self.outcome.actions_decided.connect(self._show_actions)
        later = QWidget()
        box = QVBoxLayout(later)
        box.setContentsMargins(0, 8, 0, 0)
        box.addWidget(self.actions, 3)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        box.addWidget(line)
        box.addWidget(self.outcome, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.discussion, "Discussion  Ctrl+1")
        self.tabs.addTab(later, "Actions and outcome  Ctrl+2")
        return self.tabs

    def _bind_keys(self) -> None:
        keys: list[tuple[str, Callable]] = [
            ("Ctrl+Return", self.finish_item),
            ("Ctrl+Enter", self.finish_item),
            ("Ctrl+PgDown", self.next_item),
            ("Ctrl+PgUp", self.previous_item),
            ("Ctrl+D", self.defer_item),
            ("Ctrl+M", self.matters.focus_list),
            ("Ctrl+N", self._new_action),
            ("Ctrl+O", self._focus_outcome),
            ("Ctrl+1", lambda: self._show_tab(0)),
            ("Ctrl+2", lambda: self._show_tab(1)),
            ("F8", self.toggle_shared_screen),
            ("Ctrl+P", self.print_care_plan),
            ("F1", self._show_shortcuts),
            ("Esc", self.close),
        ]
        for number in range(1, 6):
            keys.append((f"Alt+{number}", lambda n=number: self._focus_field(n)))
        for key, act in keys:
            QShortcut(QKeySequence(key), self, activated=act)

    # -- moving through the agenda ----------------------------------------------------------

    def go_to(self, index: int | None) -> None:
        """Make agenda row ``index`` the current item: save what was typed, then show it."""
        if index is not None and not 0 <= index < len(self.rows):
            return
        if self.current is not None:
            self.autosaver.flush()
            # The row is the window's memory of the item: keep what is on screen with it, saved
            # or still on its way, so coming back shows it and never an older text.
            if self.discussion.item_id == self.rows[self.current]["id"]:
                self.rows[self.current].update(self.discussion.values())
        self.current = index
        row = self.rows[index] if index is not None else None
        item_id = row["id"] if row else None
        self.clock.switch_to(item_id)
        read_only = self.closed and self.reason is None
        # The card reads the objection fresh; until the team says why it discusses someone who
        # objected, what is on screen stays (saved) but nothing more can be recorded.
        self.card.show_item(self.meeting_id, row, self.reason, read_only)
        self.held = self.card.reason_needed and not read_only
        if row is not None:
            row["reason_needed"] = self.card.reason_needed
        self.discussion.show_values(item_id, row or {}, read_only or self.held)
        self.discussion.show_held(DISCUSSION_HELD if self.held else None)
        self._show_actions()
        self.outcome.show_item(self.meeting_id, row, self.reason, read_only or self.held)
        self._mark_current()
        self._update_item_timer()
        if self.shared_screen is not None:
            self.shared_screen.show_item(row, len(self.rows))
            self._share_decision()  # what is on screen, which may be ahead of the database

    def _show_actions(self) -> None:
        # Also called after a closing decided the case's open actions: both panels read them
        # again, and the discussion is not refilled, so typing not yet saved stays and saves.
        row, read_only = self._current_row(), self.closed and self.reason is None
        self.matters.show_item(self.meeting_id, row, self.reason, read_only)
        self.actions.show_item(self.meeting_id, row, self.reason, read_only or self.held)

    def next_item(self) -> None:
        """The next item, leaving this one's state as it is."""
        if self.current is not None:
            self.go_to(min(self.current + 1, len(self.rows) - 1))

    def previous_item(self) -> None:
        """The previous item, leaving this one's state as it is."""
        if self.current is not None:
            self.go_to(max(self.current - 1, 0))

    def finish_item(self) -> None:
        """Mark the current item discussed and go to the next item still pending."""
        row = self._current_row()
        if row is None:
            return
        if self.held:
            self._ask_reason()
            return
        if row["case_id"] is not None and not self.discussion.decided():
            self._show_tab(0)
            self.discussion.field_in_order(3).setFocus()
            self.bar.say(
                "Record the decision, or tick No decision and say why, before moving on.", True
            )
            return
        if self._set_status(row, "discussed"):
            self._move_on()

    def defer_item(self) -> None:
        """Defer the current item to the next meeting and go to the next pending item."""
        row = self._current_row()
        if row is not None and self._set_status(row, "deferred"):
            self._move_on()

    def _move_on(self) -> None:
        later = [i for i in range(self.current + 1, len(self.rows))]
        earlier = list(range(self.current))
        pending = [i for i in later + earlier if self.rows[i]["status"] == "pending"]
        if pending:
            self.go_to(pending[0])
            self._show_tab(0)
            if self.held:
                self.card.focus_reason()
            else:
                self.discussion.field_in_order(1).setFocus()
        else:
            self.go_to(self.current)
            self.bar.say("Every item is discussed or deferred. Close the meeting.")
            self.close_button.setFocus()

    def _set_status(self, row: dict, status: str) -> bool:
        self.autosaver.flush()
        if row["status"] == status:
            return True
        try:
            agenda.set_item_status(self._writer(), self._actor, row["id"], status, self.reason)
        except MdtError as exc:
            prompts.current.error(self, "Not saved", str(exc))
            return False
        row["status"] = status
        self._said_saved(f"Item {ITEM_STATUSES[status].lower()}")
        return True

    def _current_row(self) -> dict | None:
        return self.rows[self.current] if self.current is not None else None

    def _reload_rows(self) -> None:
        self.rows = agenda.items(self._conn, self.meeting_id)
        self._mark_objections()

    def _mark_objections(self) -> None:
        # Every item waiting for a reason is marked in the agenda before the chair reaches it.
        waiting = {u.item_id for u in objections.awaiting_reason(self._conn, self.meeting_id)}
        for row in self.rows:
            row["reason_needed"] = row["id"] in waiting
        self._mark_current()

    def _ask_reason(self) -> None:
        self.bar.say(REASON_FIRST, error=True)
        self.card.focus_reason()

    def _reason_recorded(self, _reason: str) -> None:
        self.go_to(self.current)  # the card reads the reason and says it; the discussion opens
        self._show_tab(0)
        self.discussion.field_in_order(1).setFocus()
        self._said_saved("Reason recorded")

    def _mark_current(self) -> None:
        self.column.show_rows(self.rows, self.current, not (self.closed and self.reason is None))

    # -- clocks, state and saving -----------------------------------------------------------

    def _update_clocks(self) -> None:
        self._update_item_timer()
        self.bar.show_clock(self.started, self._meeting.planned_minutes, self.closed)

    def _show_quorum(self) -> None:
        # Attendance changes on the Meetings page, not here: read it when the chair comes back
        # to this window, not on every tick of the clock.
        self.bar.show_quorum(meetings.quorum(self._conn, self.meeting_id))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._show_quorum()
            # An objection (or its reason) may have been recorded in the main window meanwhile:
            # hold or free the current item now, not at the next move. Typing is saved first.
            self._mark_objections()
            row = self._current_row()
            if row is not None and row["reason_needed"] != self.card.reason_needed:
                self.go_to(self.current)
        super().changeEvent(event)

    def _update_item_timer(self) -> None:
        row = self._current_row()
        if row is None:
            self.column.show_time(None)
        else:
            self.column.show_time(self.clock.seconds(row["id"]), row["minutes_allowed"])

    def _on_screen(self) -> tuple[int, dict, str | None] | None:
        item_id = self.discussion.item_id
        if item_id is None or (self.closed and self.reason is None):
            return None
        return item_id, self.discussion.values(), self.reason

    def _save_failed(self, message: str) -> None:
        self.bar.say(f"Not saved: {message} Your text is still here; retrying.", error=True)

    def _said_saved(self, what: str) -> None:
        self.bar.say(f"{what}: saved at {format_time(dt.datetime.now())}")
        self.saved.emit(what)
        if self.shared_screen is not None:
            self.shared_screen.refresh()

    # -- focus ------------------------------------------------------------------------------

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _focus_field(self, number: int) -> None:
        if self.held:  # the fields take nothing yet: say so, and where the keys now go
            self._ask_reason()
            return
        self._show_tab(0)
        self.discussion.field_in_order(number).setFocus()

    def _new_action(self) -> None:
        self._show_tab(1)
        self.actions.focus_new_action()

    def _focus_outcome(self) -> None:
        self._show_tab(1)
        self.outcome.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.outcome.focusNextChild()

    def _show_shortcuts(self) -> None:
        text = "\n".join(f"{keys}: {what}" for keys, what in SHORTCUTS)
        prompts.current.info(self, "Chair mode keys", text)

    # -- closing, amending, sharing ---------------------------------------------------------

    def _show_lock_state(self) -> None:
        amending = self.closed and self.reason is not None
        if not self.closed:
            self.locked.hide()
        elif amending:
            self.locked.setText(f"Amending the closed record. Reason: {self.reason}")
            self.locked.show()
        else:
            self.locked.setText(
                "This meeting is closed and its record is locked. To change it, press Amend and "
                "give a reason; the audit keeps it."
            )
            self.locked.show()
        self.amend_button.setVisible(self.closed and not amending)
        self.close_button.setVisible(not self.closed)

    def amend(self) -> None:
        """Ask why the closed record must change; with a reason, allow changes that carry it."""
        reason = prompts.current.ask_text(
            self,
            "Amend a closed meeting",
            "Why does the record need to change? The reason is kept with every change.",
        )
        if not (reason or "").strip():
            return
        self.reason = reason.strip()
        self._show_lock_state()
        self.go_to(self.current)

    def close_meeting(self) -> None:
        """Close the meeting once every item is discussed or deferred, saving typing first."""
        if not self.autosaver.wait():
            prompts.current.error(
                self,
                "Not closed",
                "What you typed could not be saved yet, so the meeting stays open. "
                + self.save_state.text(),
            )
            return
        pending = [r for r in self.rows if r["status"] == "pending"]
        # Ask only when it can close: the refusal below names what is left instead.
        if not pending and not prompts.current.confirm(
            self,
            "Close the meeting",
            "Close the meeting? Its record will be locked; later changes are amendments with a "
            "reason. Deferred items and open actions come back at the next meeting.",
            "Close meeting",
        ):
            return
        try:
            meetings.close_meeting(self._writer(), self._actor, self.meeting_id)
        except MdtError as exc:
            prompts.current.error(self, "Not closed", naming_pending(str(exc), pending))
            return
        self.closed = True
        self._show_lock_state()
        self.go_to(self.current)
        self._said_saved("Meeting closed")
        self.meetingClosed.emit()

    def print_care_plan(self):
        """Preview the current person's care plan, ready to print (gui/pdf_preview.py)."""
        from mdtdesk.gui.pdf_preview import print_chair_care_plan

        return print_chair_care_plan(self)

    def toggle_shared_screen(self) -> None:
        """Open the shared-screen window (on a second screen when there is one), or close it."""
        toggle_shared_screen(self, self._conn)

    def _share_decision(self) -> None:
        if self.shared_screen is not None and self.discussion.item_id is not None:
            self.shared_screen.show_decision(self.discussion.values())

    def showEvent(self, event) -> None:
        # The agenda, the case and the work share the width a fifth, two fifths and the rest.
        width = self.width()
        self._columns.setSizes([width // 5, width * 2 // 5, width * 2 // 5])
        super().showEvent(event)

    def closeEvent(self, event) -> None:
        # Unsaved text keeps chair mode open unless the chair says, knowing what is lost, to
        # leave: a save that can never succeed (the meeting closed elsewhere) must not trap them.
        if not self.autosaver.wait() and not prompts.current.confirm(
            self,
            "Not saved",
            "What you typed could not be saved. " + self.save_state.text() + " Close chair mode "
            "anyway? The text that was not saved will be lost; copy it first if you need it.",
            "Close without saving",
        ):
            event.ignore()
            return
        self.autosaver.stop()
        self._tick.stop()
        if self.shared_screen is not None:
            self.shared_screen.close()
        super().closeEvent(event)
