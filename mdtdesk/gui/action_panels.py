"""Panels of the Actions area: the decision-completion figure, and one action's history."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import audit, lookups
from mdtdesk.core.audit import CREATED
from mdtdesk.core.dates import format_table_date, format_time
from mdtdesk.core.driver import sqlite
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.vocabulary import NOT_DONE_REASONS, PRIORITIES

FIELD_WORDS = {
    "status": "status",
    "due_on": "due",
    "owner_id": "owner",
    "completed_on": "completed",
    "not_done_reason": "reason not done",
    "priority": "priority",
    "description": "action",
}
# "cancelled" is how the store says "not done"; people only ever see the latter.
STATUS_WORDS = {"open": "open", "done": "done", "cancelled": "not done"}
NOTHING = "none"


def completion_text(done: int, due: int) -> tuple[str, str]:
    """The decision-completion figure as (headline, detail)."""
    if not due:
        return "Decisions completed on time: none due yet", "No action has reached its due date."
    return (
        f"Decisions completed on time: {round(100 * done / due)}%",
        f"{done:,} of {due:,} action{'' if due == 1 else 's'} due by today were done by their "
        "due date",
    )


class CompletionFigure(QFrame):
    """Actions done on time out of those due: the loop the app exists to close, shown large."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("figure")
        self.setAccessibleName("Decision completion")
        self.headline = QLabel()
        self.headline.setObjectName("figure_value")
        self.detail = QLabel()
        self.detail.setObjectName("figure_detail")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.headline)
        layout.addSpacing(16)
        layout.addWidget(self.detail, 1)

    def show_figure(self, done: int, due: int) -> None:
        """Show ``done`` on time of ``due`` (as ``actions.completion`` counts them)."""
        headline, detail = completion_text(done, due)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{headline}. {detail}.")


def format_when(at: str) -> str:
    """An audit time (UTC ISO text) as the local "24 Nov 2026 2:30pm"."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return at or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{format_table_date(moment.date())} {format_time(moment)}"


def _value(db: sqlite.Connection, field: str, value: str | None) -> str:
    if value is None or value == "":
        return NOTHING
    if field == "status":
        return STATUS_WORDS.get(value, value)
    if field in ("due_on", "completed_on"):
        return format_table_date(value)
    if field == "owner_id":
        return (lookups.member_label(db, int(value)) if value.isdigit() else None) or value
    if field == "not_done_reason":
        return NOT_DONE_REASONS.get(value, value).lower()
    if field == "priority":
        return PRIORITIES.get(value, value).lower()
    return value


def describe_change(db: sqlite.Connection, entry: dict) -> str:
    """What one audit row changed, e.g. "status: open → done"."""
    field = entry["field"]
    if field == CREATED:
        try:
            values = json.loads(entry["new"]) if entry["new"] else {}
        except ValueError:
            values = {}
        parts = [
            f"{FIELD_WORDS[name]} {_value(db, name, str(values[name]))}"
            for name in ("due_on", "owner_id", "priority")
            if values.get(name) is not None
        ]
        text = "Raised" + (f": {', '.join(parts)}" if parts else "")
    else:
        text = (
            f"{FIELD_WORDS.get(field, field)}: {_value(db, field, entry['old'])}"
            f" → {_value(db, field, entry['new'])}"
        )
    return f"{text} (reason: {entry['reason']})" if entry.get("reason") else text


class ActionHistory(QWidget):
    """A read-only list of one action's audit rows, oldest first."""

    def __init__(self, db: sqlite.Connection, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self.action_id: int | None = None
        self.heading = QLabel("H&istory")  # Alt+H is the Help menu
        self.heading.setObjectName("section")
        self.about = QLabel()
        self.about.setObjectName("hint")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.rows = QTreeWidget()
        self.rows.setAccessibleName("History of the chosen action")
        self.rows.setColumnCount(3)
        self.rows.setHeaderLabels(["When", "Who", "What changed"])
        self.rows.setRootIsDecorated(False)
        self.rows.setUniformRowHeights(True)
        self.rows.setAlternatingRowColors(True)
        self.rows.setColumnWidth(0, 170)
        self.rows.setColumnWidth(1, 140)
        self.heading.setBuddy(self.rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.about)
        layout.addWidget(self.rows, 1)
        self.show_action(None)

    def show_action(self, action: dict | None) -> None:
        """Show the history of ``action`` (a row of ``actions.list_actions``), or none."""
        self.rows.clear()
        if action is None:
            self.action_id = None
            self.about.setText("Choose an action in the list to see its history here.")
            self.rows.setAccessibleDescription("No action chosen")
            return
        self.action_id = action["id"]
        person = f"{action['family_name'].upper()}, {action['given_name']}"
        self.about.setText(
            f"{action['description']}  ·  {person}, {format_nhs_number(action['nhs_number'])}"
        )
        self.rows.setAccessibleDescription(f"History of: {action['description']}")
        entries = audit.history(self._db, "actions", action["id"])
        for entry in entries:
            text = [format_when(entry["at"]), entry["actor"], describe_change(self._db, entry)]
            item = QTreeWidgetItem(text)
            item.setToolTip(2, text[2])
            self.rows.addTopLevelItem(item)
        if not entries:
            self.rows.addTopLevelItem(QTreeWidgetItem(["", "", "No changes recorded"]))
        self.rows.setCurrentItem(self.rows.topLevelItem(self.rows.topLevelItemCount() - 1))

    def entries(self) -> list[tuple[str, str, str]]:
        """The rows shown, as (when, who, what changed)."""
        return [
            tuple(self.rows.topLevelItem(n).text(c) for c in range(3))
            for n in range(self.rows.topLevelItemCount())
        ]
