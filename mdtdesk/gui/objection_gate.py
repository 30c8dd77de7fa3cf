"""The question chair mode asks when the person on an item objected to information sharing and
no reason is recorded for discussing them anyway (hazard H-05): why is the team going ahead, or
will it defer the item?

It sits under the case card's red banner. Until a reason is recorded, the window keeps the
item's discussion, actions and outcome read-only; anything typed before the objection came to
light stays on screen, saved. The Meetings page asks the same question in a prompt
(``ask_override_reason``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import objections
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.gui import prompts

if TYPE_CHECKING:
    from sqlite_utils import Database

ASK = "&Give the reason the team is discussing them anyway"
ASK_DISCUSSED = "&Give the reason the team discussed them anyway, if there was one"
PLACEHOLDER = "e.g. safeguarding concern: risk of serious harm if not shared"
HELD = "Until then, this item's discussion, actions and outcome are locked."
HELD_DEFERRED = (
    "This item is deferred. To discuss it at this meeting after all, record the reason first."
)
# Said over the discussion fields while they are locked for the reason.
DISCUSSION_HELD = (
    "Locked: this person objected to information sharing. Record why the team is discussing "
    "them anyway on the case card (Alt+G), or defer the item (Ctrl+D)."
)
# Said in chair mode's status line when the chair tries to go ahead without the reason.
REASON_FIRST = (
    "Record the reason the team is discussing this person despite their objection, or defer "
    "the item (Ctrl+D)."
)
# Red for an objection, as the banner above it; #d5281b on white is 5.0:1.
_STYLE = "QFrame#objection_gate { border: 2px solid #d5281b; border-left-width: 6px; }"


class ObjectionGate(QFrame):
    """Asks for the reason to discuss a person who objected, with Defer beside it.
    ``recorded`` carries the reason after its commit; ``deferRequested`` asks the window to
    defer the item as Ctrl+D would."""

    recorded = Signal(str)
    deferRequested = Signal()

    def __init__(self, writer: Callable[[], Database], actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._writer, self._actor = writer, actor
        self._item_id: int | None = None
        self._amendment: str | None = None
        self.setObjectName("objection_gate")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Reason for discussing a person who objected")
        self.label = QLabel(ASK)
        self.label.setWordWrap(True)
        self.label.setObjectName("field_label")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for discussing them anyway")
        self.reason.setPlaceholderText(PLACEHOLDER)
        self.reason.setMaxLength(objections.MAX_REASON)
        self.reason.returnPressed.connect(self.record)
        self.label.setBuddy(self.reason)
        self.record_button = QPushButton("Record reason")
        self.record_button.setToolTip("Record the reason and open the discussion (Enter)")
        self.record_button.clicked.connect(self.record)
        self.defer_button = QPushButton("Defer item")
        self.defer_button.setToolTip("Defer to the next meeting (Ctrl+D)")
        self.defer_button.clicked.connect(self.deferRequested)
        self.problem = QLabel()
        self.problem.setObjectName("form_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.defer_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 10, 8)
        box.setSpacing(6)
        box.addWidget(self.label)
        box.addWidget(self.reason)
        box.addWidget(self.problem)
        box.addLayout(buttons)
        box.addWidget(self.hint)

    def show_for(self, item_id: int, status: str, needed: bool, amendment: str | None) -> None:
        """Ask about ``item_id`` (its ``status`` as the window holds it). ``needed``: the
        discussion waits for the reason; otherwise (already discussed) one may still be given.
        ``amendment`` is the reason for changing a closed meeting, while it is amended."""
        if item_id != self._item_id:
            self.reason.clear()
        self._item_id, self._amendment = item_id, amendment
        self.label.setText(ASK if needed else ASK_DISCUSSED)
        self.defer_button.setVisible(needed and status == "pending")
        self.hint.setText(HELD_DEFERRED if status == "deferred" else HELD)
        self.hint.setVisible(needed)
        self._show_problem(None)
        self.show()

    def focus_reason(self) -> None:
        """Put the keyboard in the reason field."""
        self.reason.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def record(self) -> None:
        """Record the reason typed; on refusal say why beside the field and keep the text."""
        if self._item_id is None:
            return
        text = self.reason.text()
        try:
            objections.record_override_reason(
                self._writer(), self._actor, self._item_id, text, self._amendment
            )
        except ValidationError as exc:
            self._show_problem(" ".join(exc.problems.values()))
            self.focus_reason()
            return
        except MdtError as exc:
            self._show_problem(str(exc))
            return
        self._show_problem(None)
        self.recorded.emit(text.strip())

    def _show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        self.reason.setProperty("invalid", bool(message))
        self.reason.style().unpolish(self.reason)
        self.reason.style().polish(self.reason)


class ObjectionRow(QWidget):
    """The Meetings page's line under the agenda while anyone on it objected to information
    sharing with no reason recorded: how many, and the button that asks for a reason (public,
    for the page to connect). Hidden otherwise, so it costs the page no room."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.note = QLabel()
        self.note.setObjectName("form_problem")
        self.note.setWordWrap(True)
        self.button = QPushButton("Objection reas&on…")
        self.button.setToolTip(
            "Record why the team discusses a person who objected to information sharing"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note, 1)
        row.addWidget(self.button)
        self.hide()

    def show_count(self, count: int) -> None:
        """Say how many items wait for a reason; hide the line when none do."""
        people = "1 person" if count == 1 else f"{count} people"
        self.note.setText(f"{people} objected to information sharing: no reason recorded.")
        self.setVisible(bool(count))


def ask_override_reason(
    parent: QWidget, writer: Callable[[], Database], actor: str, item: dict, closed: bool
) -> str | None:
    """Ask, in prompts, why the team discusses (or discussed) the person on ``item`` (a row of
    ``agenda.items``) despite their objection, and record it; an amendment, asked its own
    reason, when the meeting is ``closed``. Returns the reason recorded, or None when the chair
    cancels or it is refused (said in a message)."""
    from mdtdesk.gui.agenda_names import who

    amendment = None
    if closed:
        amendment = prompts.current.ask_text(
            parent,
            "Amend a closed meeting",
            "This meeting is closed. Why does its record need to change? The reason is kept "
            "with the change.",
        )
        if amendment is None:
            return None
    going_ahead = "discussed" if item["status"] == "discussed" else "is discussing"
    reason = prompts.current.ask_text(
        parent,
        "Objected to information sharing",
        f"{who(item)} objected to information sharing after being put on this agenda. Give "
        f"the reason the team {going_ahead} them anyway; it is recorded with the item.",
    )
    if reason is None:
        return None
    try:
        objections.record_override_reason(writer(), actor, item["id"], reason, amendment)
    except MdtError as exc:
        prompts.current.error(parent, "Reason not recorded", str(exc))
        return None
    return reason
