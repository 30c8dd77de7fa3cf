"""What was said about the current item: situation, notes, the decision (or none, and why),
what matters to the person, and who tells them. Saved by the window's Autosaver."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from mdtdesk.core.agenda import MAX_NOTE

# (field, label, lines tall); the field names are the discussions columns.
_TEXTS = (
    ("situation", "Situation or update", 3),
    ("notes", "Discussion notes", 6),
    ("decision", "Decision", 3),
    ("what_matters", "What matters to the person", 2),
)


class DiscussionPanel(QWidget):
    """The discussion fields of one agenda item. ``edited`` fires on every change the user
    makes (never while an item is being loaded), so the window's autosave can restart its wait.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id: int | None = None
        self._loading = False
        self.fields: dict[str, QPlainTextEdit | QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setVerticalSpacing(4)
        # Why the fields are locked, when they are held back for a reason (hazard H-05).
        self.held = QLabel()
        self.held.setObjectName("form_problem")
        self.held.setWordWrap(True)
        self.held.hide()
        grid.addWidget(self.held, 0, 0, 1, 2)
        row = 1
        for number, (name, label, lines) in enumerate(_TEXTS, start=1):
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setAccessibleName(label)
            editor.setPlaceholderText(_PLACEHOLDERS[name])
            line = editor.fontMetrics().lineSpacing()
            editor.setMinimumHeight(line * min(lines, 3) + 16)
            editor.setMaximumHeight(line * lines * 2 + 16)
            editor.textChanged.connect(self._changed)
            self.fields[name] = editor
            caption = QLabel(f"{label}  (Alt+{number})")
            caption.setObjectName("field_label")
            caption.setBuddy(editor)
            grid.addWidget(caption, row, 0)
            if name == "decision":
                self.no_decision = QCheckBox("No decision: say why")
                self.no_decision.setAccessibleName("No decision")
                self.no_decision.toggled.connect(self._no_decision_toggled)
                grid.addWidget(self.no_decision, row, 1)
            row += 1
            grid.addWidget(editor, row, 0, 1, 2)
            grid.setRowStretch(row, lines)
            row += 1
            if name == "decision":
                self.fields["no_decision_reason"] = reason = QLineEdit()
                reason.setAccessibleName("Why no decision was made")
                reason.setPlaceholderText(
                    "Why not: e.g. waiting for the hospital letter, person not yet asked"
                )
                reason.setMaxLength(2_000)
                reason.textChanged.connect(self._changed)
                reason.hide()
                grid.addWidget(reason, row, 0, 1, 2)
                row += 1
        tells = QLineEdit()
        tells.setAccessibleName("Who tells the person")
        tells.setPlaceholderText("Who will tell the person what was agreed, and how")
        tells.setMaxLength(2_000)
        tells.textChanged.connect(self._changed)
        self.fields["who_tells_person"] = tells
        caption = QLabel("Who tells the person  (Alt+5)")
        caption.setObjectName("field_label")
        caption.setBuddy(tells)
        grid.addWidget(caption, row, 0)
        grid.addWidget(tells, row + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.too_long = QLabel()
        self.too_long.setObjectName("form_problem")
        self.too_long.setWordWrap(True)
        self.too_long.hide()
        grid.addWidget(self.too_long, row + 2, 0, 1, 2)
        # Room the editors cannot use gathers at the foot, not between a label and its field.
        grid.setRowStretch(row + 3, 1)

    def field_in_order(self, number: int) -> QWidget:
        """The n-th field (1 to 5) as the Alt+number shortcuts count them."""
        names = [name for name, _, _ in _TEXTS] + ["who_tells_person"]
        if names[number - 1] == "decision" and self.no_decision.isChecked():
            return self.fields["no_decision_reason"]
        return self.fields[names[number - 1]]

    def show_values(self, item_id: int | None, values: dict, read_only: bool) -> None:
        """Show an item's discussion (``values`` keyed by field) without counting it as typing."""
        self._loading = True
        self.item_id = item_id
        for name, editor in self.fields.items():
            text = values.get(name) or ""
            # Compared with what is on screen (typing included), never with what was loaded:
            # one item's words must not stay behind under the next person's name.
            if isinstance(editor, QPlainTextEdit):
                if editor.toPlainText() != text:
                    editor.setPlainText(text)
            elif editor.text() != text:
                editor.setText(text)
            editor.setReadOnly(read_only or item_id is None)
        self.no_decision.setChecked(bool(values.get("no_decision_reason")))
        self.no_decision.setEnabled(not read_only and item_id is not None)
        self.too_long.hide()
        self._loading = False

    def show_held(self, message: str | None) -> None:
        """Hold the fields back while the item waits for something, saying why (``message``):
        greyed, their text kept on screen; or not (None). Call after ``show_values``."""
        self.held.setText(message or "")
        self.held.setVisible(bool(message))
        self.held.setAccessibleName(message or "")
        for name, editor in self.fields.items():
            # Read-only alone looks ready for typing; greyed says at a glance it is not.
            editor.setEnabled(
                not message and not (name == "decision" and self.no_decision.isChecked())
            )

    def values(self) -> dict[str, str | None]:
        """What is on screen now, as ``agenda.save_discussion`` takes it."""
        found = {
            name: (editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text())
            for name, editor in self.fields.items()
        }
        if not self.no_decision.isChecked():
            found["no_decision_reason"] = ""
        return found

    def decided(self) -> bool:
        """Whether there is a decision, or no decision with a reason."""
        values = self.values()
        return bool(
            (values["decision"] or "").strip() or (values["no_decision_reason"] or "").strip()
        )

    def _changed(self) -> None:
        if self._loading:
            return
        editor = self.sender()
        if isinstance(editor, QPlainTextEdit):
            # The document keeps its length: no copy of the text per keystroke.
            length = editor.document().characterCount()
            self.too_long.setVisible(length > MAX_NOTE)
            self.too_long.setText(
                f"{editor.accessibleName()} is longer than {MAX_NOTE:,} characters and cannot "
                "be saved. Shorten it; nothing you typed is lost."
            )
        self.edited.emit()

    def _no_decision_toggled(self, checked: bool) -> None:
        reason = self.fields["no_decision_reason"]
        reason.setVisible(checked)
        self.fields["decision"].setEnabled(not checked)
        if checked and not self._loading:
            reason.setFocus()
        if not self._loading:
            self.edited.emit()


_PLACEHOLDERS = {
    "situation": "What has changed since the referral or the last meeting",
    "notes": "What the team said",
    "decision": "What the team agreed",
    "what_matters": "In the person's own words, where possible",
}
