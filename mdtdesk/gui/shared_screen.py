"""The shared screen: for a projector or a shared call, only the current item's agreed decision
and actions, in large type, with the person reduced to initials and the NHS number's last three
digits. It follows the chair's current item and shows the decision as it is typed."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from mdtdesk.core import actions
from mdtdesk.core.dates import format_date
from mdtdesk.core.driver import sqlite
from mdtdesk.core.identifiers import initials, mask_names, nhs_tail
from mdtdesk.core.vocabulary import AGENDA_KINDS


class SharedScreen(QWidget):
    """A second window that never shows more than a wider audience may see."""

    def __init__(self, conn: sqlite.Connection, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("shared")
        self.setWindowTitle("mdtdesk: shared screen")
        self._conn = conn
        self._row: dict | None = None
        self.heading = QLabel()
        self.heading.setObjectName("shared_heading")
        self.person = QLabel()
        self.person.setObjectName("shared_person")
        self.decision = QLabel()
        self.decision.setObjectName("shared_text")
        self.actions = QLabel()
        self.actions.setObjectName("shared_text")
        titles = []
        for text in ("Decision", "Actions"):
            title = QLabel(text)
            title.setObjectName("shared_title")
            titles.append(title)
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(16)
        box.addWidget(self.heading)
        box.addWidget(self.person)
        box.addWidget(titles[0])
        box.addWidget(self.decision)
        box.addWidget(titles[1])
        box.addWidget(self.actions)
        box.addStretch(1)
        for label in (self.heading, self.person, self.decision, self.actions):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.actions.setTextFormat(Qt.TextFormat.RichText)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        QShortcut(QKeySequence("Esc"), self, activated=self.close)
        QShortcut(QKeySequence("F8"), self, activated=self.close)

    def show_on_best_screen(self) -> None:
        """Full screen on a second display when there is one; otherwise a window beside the
        chair's, which the chair can drag to the shared call."""
        chair = self.parent().screen() if self.parent() else None
        others = [s for s in QGuiApplication.screens() if s is not chair]
        if others:
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.resize(1024, 640)
            self.show()

    def show_item(self, row: dict | None, items: int) -> None:
        """Follow the chair to another item: ``row`` is the chair's agenda row (None between
        items), ``items`` how many the agenda has."""
        self._row = row
        if row is None:
            self.heading.setText("Waiting for the next item")
            self.person.clear()
            self.decision.clear()
            self.actions.clear()
            return
        self.heading.setText(f"Item {row['position']} of {items}  ·  {AGENDA_KINDS[row['kind']]}")
        if row["family_name"] is None:
            self.person.setText(row["title"] or "Any other business")
        else:
            self.person.setText(
                f"{initials(row['given_name'], row['family_name'])}  ·  "
                f"{nhs_tail(row['nhs_number'])}"
            )
        self.refresh()

    def show_decision(self, values: dict) -> None:
        """Show the decision as typed so far (``values`` holds decision and no_decision_reason)."""
        decision = (values.get("decision") or "").strip()
        reason = (values.get("no_decision_reason") or "").strip()
        text = f"No decision: {reason}" if reason else decision or "Not agreed yet"
        self.decision.setText(self._masked(text))

    def refresh(self) -> None:
        """Re-read the actions agreed at the current item."""
        if self._row is None:
            return
        raised = actions.raised_at(self._conn, self._row["id"])
        if not raised:
            self.actions.setText("None yet")
            return
        lines = []
        for action in raised:
            owner = ", ".join(p for p in (action["owner_role"], action["organisation"]) if p)
            lines.append(
                f"<li>{html.escape(self._masked(action['description']))}<br>"
                f"<span>{html.escape(action['owner'] or '')}"
                f"{' (' + html.escape(owner) + ')' if owner else ''}, by "
                f"{format_date(action['due_on'])}</span></li>"
            )
        self.actions.setText(f"<ul>{''.join(lines)}</ul>")

    def _masked(self, text: str) -> str:
        row = self._row
        if row is None or row["family_name"] is None:
            return text
        return mask_names(text, row["given_name"], row["family_name"])
