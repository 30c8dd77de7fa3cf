"""The team's quorum rule: which roles must be at the table, and how many people at least."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import lookups, meetings
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.gui import prompts

# More than any team would sit down together.
MAX_PRESENT = 50


class QuorumDialog(QDialog):
    """Choose the roles a quorate meeting needs and the fewest people present. Save writes the
    rule (audited) and accepts; Cancel or Esc changes nothing."""

    def __init__(
        self, conn: sqlite.Connection, writer: Callable, actor: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Quorum rule")
        self._writer, self._actor = writer, actor
        rule = meetings.quorum_rule(conn)
        heading = QLabel("Quorum rule")
        heading.setObjectName("heading")
        hint = QLabel(
            "A meeting is quorate when every role ticked here is present and at least the "
            "minimum number of people are. A deputy counts in the role of the member they cover."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.roles = QListWidget()
        self.roles.setAccessibleName("Roles that must be present")
        required = {role.casefold() for role in rule.required_roles}
        # Roles compare without case, as the quorum does: "GP" and "gp" are one role.
        found = {role.casefold(): role for _, _, role, _ in lookups.members_with_organisation(conn)}
        found |= {role.casefold(): role for role in rule.required_roles}
        for key in sorted(found):
            item = QListWidgetItem(found[key])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = key in required
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.roles.addItem(item)
        if self.roles.count():
            self.roles.setCurrentRow(0)
        roles_label = QLabel("&Roles that must be present (Space ticks or unticks)")
        roles_label.setBuddy(self.roles)

        self.minimum = QSpinBox(minimum=1, maximum=MAX_PRESENT, value=rule.minimum_present)
        self.minimum.setSuffix(" people")
        self.minimum.setAccessibleName("Minimum present")
        minimum_label = QLabel("&Minimum present")
        minimum_label.setBuddy(self.minimum)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addSpacing(8)
        layout.addWidget(roles_label)
        layout.addWidget(self.roles, 1)
        layout.addSpacing(8)
        layout.addWidget(minimum_label)
        layout.addWidget(self.minimum, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumSize(460, 520)
        self.roles.setFocus()

    def rule(self) -> meetings.QuorumRule:
        """The rule as the dialog shows it."""
        ticked = tuple(
            self.roles.item(row).text()
            for row in range(self.roles.count())
            if self.roles.item(row).checkState() == Qt.CheckState.Checked
        )
        return meetings.QuorumRule(ticked, self.minimum.value())

    def save(self) -> bool:
        """Write the rule; on success close the dialog."""
        try:
            meetings.set_quorum_rule(self._writer(), self._actor, self.rule())
        except MdtError as exc:
            prompts.current.error(self, "Quorum rule not saved", f"{exc} Your choices are kept.")
            return False
        self.accept()
        return True
