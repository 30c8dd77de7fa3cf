"""Closing a case that still has open actions: say what became of each one first (hazard H-12).

Every follow-up route skips a closed case, so an action left open as its case closes would never
come back to a meeting. Chair mode's outcome panel and the case form both show this dialog before
they close such a case; the core refuses the closing without a decision on every open action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core.case_closing import ActionDecision, OpenAction
from mdtdesk.core.dates import format_date
from mdtdesk.core.vocabulary import NOT_DONE_REASONS

TITLE = "Close the case: open actions"
_ARROWS = {
    Qt.Key.Key_Left: "done",
    Qt.Key.Key_Up: "done",
    Qt.Key.Key_Right: "not_done",
    Qt.Key.Key_Down: "not_done",
}
CHOOSE_WHY = "Choose why…"
# The dialog's own rules: each action as a card, and the NHS yellow focus on its radio buttons,
# which the application's stylesheet does not style.
_STYLE = """
QFrame#close_action {
    border: 1px solid #d8dde0;
    border-left: 6px solid #005eb8;
    background: #ffffff;
}
QFrame#close_action QLabel { border: none; }
QLabel#close_action_text { font-weight: bold; }
QRadioButton { padding: 2px 4px; }
QRadioButton:focus { background: #ffeb3b; }
"""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def describe_owner_and_due(action: OpenAction, today: dt.date) -> str:
    """Who owns the action and when it is due, in words: "Siân Evans, District nurse, Stockport
    NHS Foundation Trust · due 30 November 2026", with ", overdue" when it is. (Commas, as
    organisations' own names often hold brackets.)"""
    if action.owner:
        who = ", ".join(p for p in (action.owner, action.owner_role, action.organisation) if p)
    else:
        who = "No owner"
    if action.due_on is None:
        due = "no due date"
    else:
        due = f"due {format_date(action.due_on)}"
        if action.due_on < today:
            due += ", overdue"
    return f"{who} · {due}"


class _ActionChoice(QFrame):
    """One open action: what it is, who owns it, and Done / Not done with a reason."""

    def __init__(self, number: int, count: int, action: OpenAction, today: dt.date, on_change):
        super().__init__()
        self.setObjectName("close_action")
        self.action = action
        name = f"Action {number} of {count}"
        self.setAccessibleName(f"{name}: {action.description}")

        text = QLabel(action.description)
        text.setObjectName("close_action_text")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        # Wrapped text must be allowed to grow downwards, never be cut at the card's edge.
        text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        details = QLabel(describe_owner_and_due(action, today))
        details.setObjectName("hint")
        details.setTextFormat(Qt.TextFormat.PlainText)
        details.setWordWrap(True)

        self.done = QRadioButton("&Done")
        self.done.setAccessibleName(f"{name}: done")
        self.not_done = QRadioButton("&Not done")
        self.not_done.setAccessibleName(f"{name}: not done")
        self.group = QButtonGroup(self)
        self.group.addButton(self.done)
        self.group.addButton(self.not_done)
        self.why = QComboBox()
        self.why.addItem(CHOOSE_WHY, None)
        for code, words in NOT_DONE_REASONS.items():
            self.why.addItem(words, code)
        self.why.setAccessibleName(f"{name}: why not done")
        self.why.setEnabled(False)
        why_label = QLabel("&Why not done")
        why_label.setBuddy(self.why)

        # The radios sit in a holder of their own, so arrow keys move between this action's two
        # answers and never jump to another action's.
        answers = QWidget()
        row = QHBoxLayout(answers)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.done)
        row.addWidget(self.not_done)
        row.addSpacing(12)
        row.addWidget(why_label)
        row.addWidget(self.why)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(text)
        layout.addWidget(details)
        layout.addWidget(answers)

        self.group.buttonToggled.connect(lambda *_: self._answered(on_change))
        self.why.currentIndexChanged.connect(lambda *_: on_change())
        for radio in (self.done, self.not_done):
            radio.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The arrow keys choose, as well as move: Qt's radio buttons only move the focus while
        neither is chosen, which leaves a keyboard user guessing."""
        if event.type() == QEvent.Type.KeyPress and watched in (self.done, self.not_done):
            key = event.key()
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return super().eventFilter(watched, event)
            target = _ARROWS.get(key)
            if target is not None:
                radio = self.done if target == "done" else self.not_done
                radio.setChecked(True)
                radio.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _answered(self, on_change) -> None:
        self.why.setEnabled(self.not_done.isChecked())
        on_change()

    def decision(self) -> ActionDecision | None:
        """The decision as chosen; None until it is complete (not done needs its reason)."""
        if self.done.isChecked():
            return ActionDecision.done(self.action.id)
        if self.not_done.isChecked() and self.why.currentData() is not None:
            return ActionDecision.not_done(self.action.id, self.why.currentData())
        return None


class _Cards(QWidget):
    """The column of actions. Its height follows its width (wrapped descriptions): the minimum
    Qt would guess, with every label at its narrowest, would add a needless scroll bar."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)


class CloseCaseDialog(QDialog):
    """Say what became of each open action of a case before it closes.

    "Close the case" stays disabled until every action is marked done, or not done with a
    reason; it accepts, and ``decisions()`` gives them for the caller to save with the closing.
    Cancel or Esc changes nothing. The dialog writes nothing itself.
    """

    def __init__(
        self,
        open_actions: Sequence[OpenAction],
        person: str,
        close_reason: str,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setStyleSheet(_STYLE)
        today = today or dt.date.today()
        count = len(open_actions)

        heading = QLabel(f"{person}'s case has {_plural(count, 'open action')}")
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        hint = QLabel(
            f"Closing the case ({close_reason}) takes it off the caseload, and an action left "
            "open would never come back to a meeting. Say what became of "
            f"{'it' if count == 1 else 'each one'}: done, or not done and why. Choose "
            "“Handed over to another team” for an action another team now carries."
        )
        keys = QLabel(
            "Keys: the arrow keys choose Done or Not done, Tab moves on to the reason and the "
            "next action, Enter closes the case once every action is decided, Esc cancels."
        )
        keys.setObjectName("hint")
        keys.setWordWrap(True)
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.choices = [
            _ActionChoice(n, count, action, today, self._update)
            for n, action in enumerate(open_actions, start=1)
        ]
        cards = _Cards()
        column = QVBoxLayout(cards)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(8)
        for choice in self.choices:
            column.addWidget(choice)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Long descriptions wrap to the width; nothing is cut off at the side.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(cards)
        # The keyboard goes from answer to answer; the list scrolls to show the one it is on.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Decisions made")

        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            "&Close the case", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip("Keep the case open; nothing is changed (Esc)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addSpacing(4)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.progress)
        layout.addWidget(keys)
        layout.addWidget(self.buttons)

        self._update()
        self._fit()
        if self.choices:
            self.choices[0].done.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit(self) -> None:
        """As wide as reads well, and tall enough to show every action without scrolling where
        the screen allows; beyond that the list scrolls."""
        screen = self.screen().availableGeometry()
        width = min(720, screen.width() - 40)
        self.setMinimumWidth(min(520, width))
        margins = self.layout().contentsMargins()
        inner = width - margins.left() - margins.right()
        cards = self.scroll.widget()
        # The cards' wrapped text decides their height at the width they will have.
        wanted = cards.layout().totalHeightForWidth(inner) + 2 * self.scroll.frameWidth()
        others = self.layout().totalHeightForWidth(width) - self.scroll.sizeHint().height()
        room = screen.height() - 80 - others
        self.scroll.setMinimumHeight(min(wanted, max(room, 160)))
        self.resize(width, self.layout().totalHeightForWidth(width))

    def _update(self) -> None:
        decided = sum(choice.decision() is not None for choice in self.choices)
        count = len(self.choices)
        complete = decided == count
        self.close_button.setEnabled(complete)
        if complete:
            self.progress.setText(
                "Every action has a decision. “Close the case” saves the closing and the "
                "decisions together."
            )
        else:
            self.progress.setText(
                f"{decided} of {count} decided. Choose Done, or Not done and why, for "
                f"{'the action' if count == 1 else 'each action'} to close the case."
            )

    def is_complete(self) -> bool:
        """Whether every action has a full decision."""
        return all(choice.decision() is not None for choice in self.choices)

    def decisions(self) -> list[ActionDecision]:
        """A decision for every action, in the order shown; only once ``is_complete()``."""
        decided = [choice.decision() for choice in self.choices]
        if any(d is None for d in decided):
            raise ValueError("not every action has a decision")
        return decided


def ask_decisions(
    parent: QWidget | None,
    open_actions: Sequence[OpenAction],
    person: str,
    close_reason: str,
) -> list[ActionDecision] | None:
    """Show the dialog and wait: the decisions when the chair chose "Close the case", None when
    they cancelled (then nothing is to change)."""
    dialog = CloseCaseDialog(open_actions, person, close_reason, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.decisions()
    finally:
        dialog.deleteLater()
