"""Chair mode's agenda column: every item with its state, the current one marked, the item
timer, and the buttons that move through the meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core.vocabulary import AGENDA_KINDS, ITEM_STATUSES
from mdtdesk.gui.agenda_names import who
from mdtdesk.gui.meeting_clock import item_state, item_text
from mdtdesk.gui.styling import set_style_property

CURRENT_TINT = QColor("#e8f1f8")  # #212b32 text on it is 12.6:1
# WGL4 glyphs, which the shipped font has: a fallback font's taller glyph squeezes the row.
_MARK = {"pending": "○", "discussed": "●", "deferred": "»"}
# An item whose person objected to information sharing, waiting for the reason (hazard H-05).
OBJECTED = "Objected: reason needed"


class AgendaColumn(QWidget):
    """The agenda as the chair works through it. ``chosen`` carries the row picked with Enter
    or a click; the buttons are public for the window to connect."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("chair_agenda")
        self.list.setAccessibleName("Agenda")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Long names are cut with "…" (and shown whole in the tooltip): wrapping every row's
        # text cost 5 ms of each move's paint, a third of the frame.
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(3)
        # The current item is the meeting's, tinted; the keyboard's place in the list is apart
        # from it until Enter makes it current.
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.itemActivated.connect(lambda item: self.chosen.emit(self.list.row(item)))
        self.list.itemClicked.connect(lambda item: self.chosen.emit(self.list.row(item)))
        self.timer = QLabel()
        self.timer.setObjectName("item_timer")
        self.timer.setAccessibleName("Time on this item")
        # Short words on the buttons; the keys are in their tooltips and the line at the foot.
        self.previous_button = QPushButton("‹ Previous")
        self.previous_button.setToolTip("Previous item (Ctrl+Page Up)")
        self.next_button = QPushButton("Next ›")
        self.next_button.setToolTip("Next item, leaving this one as it is (Ctrl+Page Down)")
        self.defer_button = QPushButton("Defer")
        self.defer_button.setToolTip("Defer to the next meeting (Ctrl+D)")
        self.finish_button = QPushButton("Discussed, next ›")
        self.finish_button.setToolTip("Ctrl+Enter")
        self.finish_button.setProperty("primary", True)
        moves = QGridLayout()
        moves.addWidget(self.previous_button, 0, 0)
        moves.addWidget(self.next_button, 0, 1)
        moves.addWidget(self.defer_button, 1, 0, 1, 2)
        moves.addWidget(self.finish_button, 2, 0, 1, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 8, 0)
        heading = QLabel("Agenda")
        heading.setObjectName("chair_heading")
        box.addWidget(heading)
        box.addWidget(self.list, 1)
        box.addWidget(self.timer)
        box.addLayout(moves)
        self.setMinimumWidth(250)

    def show_rows(self, rows: list[dict], current: int | None, can_change: bool) -> None:
        """Show each item's state, ``current`` (an index) marked; Defer and Discussed only when
        the record ``can_change``."""
        while self.list.count() < len(rows):
            self.list.addItem(QListWidgetItem())
        while self.list.count() > len(rows):
            self.list.takeItem(self.list.count() - 1)
        changed = False
        for index, row in enumerate(rows):
            item = self.list.item(index)
            state = "current" if index == current else row["status"]
            mark = "►" if state == "current" else _MARK[row["status"]]
            label = "Current" if state == "current" else ITEM_STATUSES[row["status"]]
            about = f"{AGENDA_KINDS[row['kind']]} · {row['minutes_allowed']} min"
            if row.get("reason_needed") and can_change:
                # In words, where the row is not cut short: seen before the item is reached.
                about = OBJECTED
            text = f"{mark} {row['position']}. {who(row)}\n{label} · {about}"
            # Only the rows whose words changed (the one left, the one reached): touching every
            # row made Qt lay out and paint the whole list again on each move.
            if item.text() == text:
                continue
            changed = True
            item.setText(text)
            item.setToolTip(text)
            spoken = f"{who(row)}, {label}" + (f", {OBJECTED}" if about == OBJECTED else "")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setBackground(CURRENT_TINT if state == "current" else Qt.GlobalColor.transparent)
        if changed:
            self.list.doItemsLayout()  # before the paint, so no row is drawn at its old size
        if current is not None:
            self.list.setCurrentRow(current)
            self.list.scrollToItem(self.list.item(current))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(bool(rows))
        for button in (self.defer_button, self.finish_button):
            button.setEnabled(current is not None and can_change)

    def show_time(self, seconds: float | None, allowed_minutes: int = 0) -> None:
        """The time spent on the current item against its allowance; None clears it."""
        if seconds is None:
            self.timer.clear()
            return
        self.timer.setText(f"This item: {item_text(seconds, allowed_minutes)}")
        set_style_property(self.timer, "role", item_state(seconds, allowed_minutes))
