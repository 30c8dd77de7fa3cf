"""Chair mode's frame: the bar at the top (the meeting, its clock, the quorum, the save state and
the buttons for the whole meeting), the line of keys at the foot and the list F1 shows, and the
large type the window is read in across a meeting room. Built once; the window fills it in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mdtdesk.core.dates import format_time
from mdtdesk.core.meetings import Quorum
from mdtdesk.gui.styling import set_style_property

SHORTCUTS = [
    ("Ctrl+Enter", "Discussed: go to the next item"),
    ("Ctrl+Page Down / Ctrl+Page Up", "Next / previous item (its state is unchanged)"),
    ("Ctrl+D", "Defer this item to the next meeting"),
    ("Alt+1 … Alt+5", "Situation, notes, decision, what matters, who tells the person"),
    ("Alt+G", "The reason for discussing someone who objected to information sharing"),
    ("Ctrl+M", "Matters arising: then D done, C carried on, X not done"),
    ("Ctrl+N", "New action"),
    ("Ctrl+O", "Outcome: next review or close the case"),
    ("Ctrl+1 / Ctrl+2", "Discussion / Actions and outcome"),
    ("F8", "Show or hide the shared screen"),
    ("Ctrl+P", "Print this person's care plan (preview first)"),
    ("Esc", "Leave chair mode (everything is saved)"),
]
KEYS_LINE = (
    "Ctrl+Enter discussed, next  ·  Ctrl+PgDn / PgUp next / previous  ·  Ctrl+D defer  ·"
    "  Ctrl+M matters arising  ·  Ctrl+N new action  ·  F8 shared screen  ·  F1 all keys"
)
LARGE_TYPE_PT = 12
WIDE_SCREEN = 1700  # pixels across, from which the type grows again


def use_large_type(window: QWidget) -> None:
    """Scale the type of ``window`` and everything in it for reading across a meeting room:
    larger than the app's type, more so on a big screen."""
    # With a style sheet in force a parent's font does not pass to its children, so each
    # widget is scaled, keeping the panels' own sizes relative to one another.
    screen = window.screen()
    wide = screen is not None and screen.availableGeometry().width() >= WIDE_SCREEN
    scale = (LARGE_TYPE_PT + (2 if wide else 0)) / window.font().pointSizeF()
    for widget in [window, *window.findChildren(QWidget)]:
        font = widget.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)
        else:  # sized in pixels
            font.setPixelSize(round(font.pixelSize() * scale))
        widget.setFont(font)


def keys_line() -> QLabel:
    """The line of the most used keys, for the foot of the window."""
    hints = QLabel(KEYS_LINE)
    hints.setObjectName("hint")
    hints.setWordWrap(True)
    return hints


class ChairTopBar(QWidget):
    """The meeting's title and buttons, then its clock, quorum and save state. The buttons are
    public for the window to connect."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("chair_title")
        self.meeting_clock = QLabel()
        self.meeting_clock.setAccessibleName("Meeting clock")
        self.quorum = QLabel()
        self.quorum.setAccessibleName("Quorum")
        self.quorum.setWordWrap(True)
        self.quorum.setMinimumWidth(120)
        self.save_state = QLabel("All saved")
        self.save_state.setObjectName("save_state")
        self.save_state.setAccessibleName("Save state")
        self.share_button = QPushButton("Shared screen")
        self.share_button.setToolTip("Show or hide the shared screen (F8)")
        self.amend_button = QPushButton("Amend…")
        self.amend_button.setToolTip("Change the closed record, giving a reason")
        self.close_button = QPushButton("Close meeting")
        self.print_button = QPushButton("Print care plan")
        self.print_button.setToolTip("Preview this person's care plan and print it (Ctrl+P)")
        first = QHBoxLayout()
        first.addWidget(heading, 1)
        for button in (self.share_button, self.print_button, self.amend_button, self.close_button):
            first.addWidget(button)
        second = QHBoxLayout()
        second.addWidget(self.meeting_clock)
        second.addSpacing(24)
        second.addWidget(self.quorum, 1)
        second.addWidget(self.save_state)
        bar = QVBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        bar.addLayout(first)
        bar.addLayout(second)

    def show_clock(self, started: dt.datetime | None, planned: int, closed: bool) -> None:
        """The minutes since the meeting ``started`` (UTC) against the ``planned`` minutes, red
        once over; only the plan before it starts or once it is ``closed``."""
        if started is None or closed:
            self.meeting_clock.setText(f"Planned {planned} min")
            return
        minutes = int((dt.datetime.now(dt.UTC) - started).total_seconds() // 60)
        self.meeting_clock.setText(f"Meeting: {minutes} of {planned} min")
        set_style_property(self.meeting_clock, "role", "over" if minutes > planned else None)

    def show_quorum(self, state: Quorum) -> None:
        """Whether the meeting is quorate, in words, red when it is not."""
        self.quorum.setText(state.statement())
        set_style_property(self.quorum, "role", None if state.quorate else "error")

    def show_save_state(self, state: str) -> None:
        """The autosave's state ("unsaved", "saving", "saved") in words; others are said by
        ``say``."""
        words = {
            "unsaved": "Typing…",
            "saving": "Saving…",
            "saved": f"Saved at {format_time(dt.datetime.now())}",
        }
        if state in words:
            self.say(words[state])

    def say(self, text: str, error: bool = False) -> None:
        """Put ``text`` in the save state's place, red and bold when it is an ``error``."""
        self.save_state.setText(text)
        set_style_property(self.save_state, "role", "error" if error else None)
