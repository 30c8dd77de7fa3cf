"""Chair mode's matters arising: the open actions from earlier meetings for the current case, and
what this meeting makes of each (done, carried on, not done), recorded with one key press.

Built once; moving to the next item re-reads one indexed query and refills the list.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import actions, meetings
from mdtdesk.core.dates import format_table_date
from mdtdesk.core.errors import MdtError
from mdtdesk.core.vocabulary import NOT_DONE_REASONS, REVIEW_OUTCOMES
from mdtdesk.gui import prompts
from mdtdesk.gui.chair_panel import ChairPanel

EMPTY = "No open actions from earlier meetings."
HINT = "D done · C carried on · X not done"
LOCKED_HINT = "This meeting is closed, so its record is locked."
NOT_REVIEWED = "Not yet reviewed"
OVERDUE = QColor("#d5281b")  # NHS error red, 5:1 on white
REVIEWED = QColor("#4c6272")  # NHS secondary text: settled rows step back
KEYS = {Qt.Key.Key_D: "done", Qt.Key.Key_C: "carried_on", Qt.Key.Key_X: "not_done"}
SHORTEST = 160  # characters of a description shown in its row; the tooltip has all of it


def review_text(row: dict) -> str:
    """What this meeting made of the action: "Not yet reviewed", "Done", "Not done: …"."""
    if row["review"] is None:
        return NOT_REVIEWED
    words = REVIEW_OUTCOMES.get(row["review"], row["review"])
    if row["review"] == "not_done" and row["review_reason"]:
        return f"{words}: {NOT_DONE_REASONS.get(row['review_reason'], row['review_reason'])}"
    return words


def is_overdue(row: dict, meeting_day: dt.date | None) -> bool:
    """Due before the meeting's day and not yet reviewed at it."""
    return bool(
        meeting_day
        and row["review"] is None
        and row["due_on"]
        and row["due_on"][:10] < meeting_day.isoformat()
    )


def row_text(row: dict, meeting_day: dt.date | None) -> str:
    """The row's three lines: the action, who and when, and what the meeting made of it."""
    description = " ".join((row["description"] or "").split())
    if len(description) > SHORTEST:
        description = description[: SHORTEST - 1].rstrip() + "…"
    detail = ", ".join(p for p in (row["owner_role"], row["organisation"]) if p)
    who = f"{row['owner']} ({detail})" if row["owner"] and detail else row["owner"] or "No owner"
    when = [who]
    if row["due_on"]:
        when.append(f"due {format_table_date(row['due_on'])}")
    if is_overdue(row, meeting_day):
        when.append("overdue")
    if row["priority"] == "high":
        when.append("high priority")
    return f"{description}\n{' · '.join(when)}\n{review_text(row)}"


class MattersArisingView(ChairPanel):
    """The current case's actions from earlier meetings, reviewed from the keyboard."""

    def _build(self) -> None:
        self._meeting_id: int | None = None
        self._case_id: int | None = None
        self._day: dt.date | None = None
        self._day_of: int | None = None  # the meeting whose day ``_day`` is
        self._reason: str | None = None
        self._read_only = True
        self._rows: list[dict] = []
        self.setAccessibleName("Matters arising")

        self.title = QLabel()
        self.title.setObjectName("heading")
        self.list = QListWidget()
        self.list.setAccessibleName("Matters arising")
        self.list.setAccessibleDescription(HINT)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list.setSpacing(2)
        self.list.installEventFilter(self)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("empty_state")
        self.empty.setWordWrap(True)
        self.hint = QLabel(HINT)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        # Mnemonics chosen not to clash here; the window's own are Alt+1..9 and Ctrl.
        self.done_button = QPushButton("Do&ne")
        self.carried_button = QPushButton("&Carried on")
        self.not_done_button = QPushButton("No&t done…")
        self.controls = QWidget()  # the buttons and the key hint; hidden when there is nothing
        buttons = QHBoxLayout(self.controls)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button, outcome, name in (
            (self.done_button, "done", "Mark done"),
            (self.carried_button, "carried_on", "Carry on to the next meeting"),
            (self.not_done_button, "not_done", "Mark not done, with a reason"),
        ):
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, o=outcome: self.review(o))
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)
        layout.addWidget(self.controls)
        layout.addWidget(self.hint)
        self.show_item(0, None, None, True)

    # The contract every chair-mode panel follows.

    def show_item(
        self, meeting_id: int, item: dict | None, reason: str | None, read_only: bool
    ) -> None:
        """Show the matters arising for ``item``'s case at ``meeting_id`` (none for an item
        without a case). ``reason`` goes with every change as the amendment reason."""
        self._case_id = item.get("case_id") if item is not None else None
        self._reason = reason
        self._read_only = read_only
        # The meeting's day is read once per meeting, not on every move to the next item.
        if self._case_id is not None and meeting_id != self._day_of:
            try:
                self._day = meetings.load_meeting(self._conn, meeting_id).starts_at.date()
                self._day_of = meeting_id
            except MdtError:
                self._case_id = None
        self._meeting_id = meeting_id if item is not None else None
        self.hint.setText(LOCKED_HINT if read_only else HINT)
        self._reload()
        self._select(self._next_unreviewed(-1))

    def focus_list(self) -> None:
        """Put the keyboard in the list, on a row (the first not yet reviewed)."""
        if self.list.count() and self.list.currentRow() < 0:
            self._select(self._next_unreviewed(-1))
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def count(self) -> int:
        """How many matters arising the current item has."""
        return len(self._rows)

    def review(self, outcome: str) -> None:
        """Record ``outcome`` (done, carried_on, not_done) for the selected row. Not done asks
        why; carrying on keeps the due date, to stay fast in the meeting."""
        index = self.list.currentRow()
        if self._read_only or self._meeting_id is None or not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        why = None
        if outcome == "not_done":
            words = prompts.current.ask_choice(
                self,
                "Not done",
                f"Why was this not done?\n{row['description'][:SHORTEST]}",
                list(NOT_DONE_REASONS.values()),
            )
            if words is None:
                return
            why = next(code for code, w in NOT_DONE_REASONS.items() if w == words)
        try:
            actions.review_action(
                self._writer(),
                self._actor,
                self._meeting_id,
                row["id"],
                outcome,
                not_done_reason=why,
                reason=self._reason,
            )
        except MdtError as exc:
            prompts.current.error(self, "Matter arising not recorded", str(exc))
            self._reload()
            return
        self._reload()
        self._select(self._next_unreviewed(index))
        said = REVIEW_OUTCOMES[outcome].lower()
        self.saved.emit(f"Matter arising: {said}")

    # Keys, rows and buttons.

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """D, C and X on the list review the selected row."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event
            modifiers = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            outcome = KEYS.get(key_event.key())
            if outcome and modifiers == Qt.KeyboardModifier.NoModifier:
                self.review(outcome)  # refused quietly when read-only: buttons say so
                return True
        return super().eventFilter(watched, event)

    def _reload(self) -> None:
        """Re-read the rows; update them in place when they are the same actions."""
        chosen = self.list.currentRow()
        chosen_id = self._rows[chosen]["id"] if 0 <= chosen < len(self._rows) else None
        rows = (
            actions.matters_arising(self._conn, self._meeting_id, self._case_id)
            if self._case_id is not None and self._meeting_id is not None
            else []
        )
        same = [r["id"] for r in rows] == [r["id"] for r in self._rows]
        self._rows = rows
        if not same:
            self.list.clear()
            for _ in rows:
                self.list.addItem(QListWidgetItem())
        for index, row in enumerate(rows):
            self._paint_row(self.list.item(index), row)
        if not same and chosen_id is not None:
            ids = [r["id"] for r in rows]
            self._select(ids.index(chosen_id) if chosen_id in ids else -1)
        self.title.setText(f"Matters arising ({len(rows)})")
        self.list.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.controls.setVisible(bool(rows))
        self.hint.setVisible(bool(rows))
        self._update_buttons()

    def _paint_row(self, item: QListWidgetItem, row: dict) -> None:
        text = row_text(row, self._day)
        item.setText(text)
        item.setToolTip(row["description"])
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ". "))
        if is_overdue(row, self._day):
            item.setForeground(OVERDUE)
        elif row["review"] is not None:
            item.setForeground(REVIEWED)
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def _next_unreviewed(self, after: int) -> int:
        """The first row after ``after`` not yet reviewed, wrapping round; else ``after``."""
        n = len(self._rows)
        for step in range(1, n + 1):
            index = (after + step) % n
            if self._rows[index]["review"] is None:
                return index
        return after if 0 <= after < n else (0 if n else -1)

    def _select(self, index: int) -> None:
        self.list.setCurrentRow(index)
        if 0 <= index < self.list.count():
            self.list.scrollToItem(self.list.item(index))
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        usable = not self._read_only and 0 <= self.list.currentRow() < len(self._rows)
        for button in (self.done_button, self.carried_button, self.not_done_button):
            button.setEnabled(usable)
