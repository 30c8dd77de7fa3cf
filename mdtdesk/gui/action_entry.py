"""Chair mode's fast actions: one row to say what is to be done, by whom and by when, and the
actions raised at the item so far.

Built once; ``show_item`` only refills it, so moving to the next item stays within a frame.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import actions, chair, lookups
from mdtdesk.core.actions import MAX_DESCRIPTION
from mdtdesk.core.dates import MONTHS, format_table_date, parse_date
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.vocabulary import PRIORITIES
from mdtdesk.gui.chair_panel import ChairPanel
from mdtdesk.gui.styling import set_style_property

CUSTOM_DATE = "Date…"
EMPTY = "No actions yet. Type what is to be done, who, and when; Enter adds it."
NO_CASE = "Any other business has no case, so no actions are raised here."
NO_ITEM = "Choose an agenda item to add its actions."
MAX_NAMES_LISTED = 6
STATUS_WORDS = {"done": "done", "cancelled": "not done"}
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def short_day(day: dt.date) -> str:
    """``30 Nov``: enough to tell the presets apart at a glance."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def _fold(text: str) -> str:
    # "sian" finds "Siân": people type names without their accents.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def member_label(name: str, role: str, organisation: str) -> str:
    """``Tom Kershaw, Social worker, Stockport Council``, as the completer lists members."""
    return ", ".join(part for part in (name, role, organisation) if part)


def find_owner(members: list[tuple], typed: str) -> tuple[int | None, str | None]:
    """The member ``typed`` names among ``members`` (id, name, role, organisation): their id
    and no problem for an exact or unique partial match, else no id and what is wrong."""
    text = _fold(typed)
    if not text:
        return None, "Say who will do it: type part of a member's name."
    labels = [(m[0], m[1], member_label(*m[1:4])) for m in members]
    exact = [m for m in labels if text in (_fold(m[1]), _fold(m[2]))]
    if len(exact) == 1:
        return exact[0][0], None
    found = exact or [m for m in labels if text in _fold(m[1])]
    # A role or organisation ("pharmacist") is a fair way to name someone when no name fits.
    found = found or [m for m in labels if text in _fold(m[2])]
    if len(found) == 1:
        return found[0][0], None
    if not found:
        return None, (
            f"No member matches '{typed.strip()}'. Type part of their name, or add them in "
            "Members first."
        )
    names = [m[2] if len({n for _, n, _ in found}) < len(found) else m[1] for m in found]
    shown = ", ".join(names[:MAX_NAMES_LISTED])
    more = len(names) - MAX_NAMES_LISTED
    shown += f" and {more} more" if more > 0 else ""
    return None, f"'{typed.strip()}' matches {shown}. Type more of the name."


def describe_action(action: dict) -> str:
    """Two lines for the list: what, then who, when and anything unusual."""
    if action["owner"]:
        about = ", ".join(p for p in (action["owner_role"], action["organisation"]) if p)
        who = f"{action['owner']} ({about})" if about else action["owner"]
    else:
        who = "No owner"
    details = [who, f"due {format_table_date(action['due_on'])}" if action["due_on"] else ""]
    if action["priority"] == "high":
        details.append("High priority")
    if action["status"] in STATUS_WORDS:
        details.append(STATUS_WORDS[action["status"]])
    return f"{action['description']}\n{' · '.join(d for d in details if d)}"


class ActionEntry(ChairPanel):
    """Add actions at the current agenda item by keyboard, and see those already raised there.

    Reads through ``conn``; writes through ``writer()`` and ``actions.add_action``.
    """

    def _build(self) -> None:
        self._meeting_id: int | None = None
        self._item_id: int | None = None
        # Members for the completer are read once: an item change must not query them.
        self._members = lookups.members_with_organisation(self._conn)

        heading = QLabel("Actions")
        heading.setObjectName("section")
        self.what = QLineEdit(placeholderText="What is to be done", maxLength=MAX_DESCRIPTION)
        self.who = QLineEdit(placeholderText="Part of a name")
        self.completer = QCompleter(
            QStringListModel([member_label(*m[1:4]) for m in self._members], self), self
        )
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(8)
        self.who.setCompleter(self.completer)
        self.due = QComboBox()
        self.due.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.due_date = QLineEdit(placeholderText="dd/mm/yyyy", enabled=False)
        self.due_date.setAccessibleName("Due date")
        self.due_date.setToolTip(f"Choose '{CUSTOM_DATE}' under Due to type a date")
        self.due_date.setMaximumWidth(130)
        self.priority = QComboBox()
        for code, label in PRIORITIES.items():
            self.priority.addItem(label, code)
        self.priority.setCurrentIndex(self.priority.findData("normal"))
        self.add_button = QPushButton("&Add action")
        self.add_button.setProperty("primary", True)
        self.add_button.setToolTip("Add this action (Enter in any field)")

        # What and who share the first line, as the chair says them; when and how urgent
        # follow. Labels sit above their fields, as on NHS forms.
        self.row = QWidget()
        rows = QVBoxLayout(self.row)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(8)
        first, second = QHBoxLayout(), QHBoxLayout()
        for line in (first, second):
            line.setSpacing(12)
            rows.addLayout(line)
        first.addLayout(_labelled("&What", self.what, "What is to be done"), 3)
        first.addLayout(_labelled("Wh&o", self.who, "Who will do it"), 2)
        second.addLayout(_labelled("D&ue", self.due, "When it is due"))
        second.addWidget(self.due_date, 0, Qt.AlignmentFlag.AlignBottom)
        second.addLayout(_labelled("P&riority", self.priority, "Priority"))
        second.addStretch(1)
        second.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.problem = QLabel()
        self.problem.setObjectName("form_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.raised = QListWidget()
        self.raised.setAccessibleName("Actions raised at this item")
        self.raised.setWordWrap(True)
        self.raised.setAlternatingRowColors(True)
        self.raised.setSpacing(4)
        self.empty = QLabel(EMPTY)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.row)
        layout.addWidget(self.problem)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.raised, 1)

        for widget in (self.what, self.who, self.due, self.due_date, self.priority):
            widget.installEventFilter(self)
        self.add_button.installEventFilter(self)
        # Filters installed last run first: Enter in the name popup is seen before the completer.
        self.completer.popup().installEventFilter(self)
        self.add_button.clicked.connect(self.add)
        self.due.currentIndexChanged.connect(self._due_changed)
        self.due.activated.connect(self._due_chosen)
        self.show_item(0, None, None, False)

    # -- showing an item --------------------------------------------------------------------

    def show_item(
        self, meeting_id: int, item: dict | None, reason: str | None, read_only: bool
    ) -> None:
        """Show the actions raised at ``item`` (an ``agenda.items`` row) of ``meeting_id``.

        ``reason`` is the amendment reason while a closed meeting is amended; every action added
        carries it. ``read_only`` disables every input.
        """
        item_id = item["id"] if item else None
        if item_id != self._item_id:
            self.what.clear()
            self.who.clear()
        self._item_id = item_id
        self._show_problem(None)
        if item is not None and meeting_id != self._meeting_id:
            self._fill_presets(meeting_id)
        self._reason = reason
        if item is None or item["case_id"] is None:
            self.row.setEnabled(False)
            self._fill_list([], NO_ITEM if item is None else NO_CASE)
            return
        self.row.setEnabled(not read_only)
        self._fill_list(actions.raised_at(self._conn, item_id))

    def _fill_presets(self, meeting_id: int) -> None:
        index = self.due.currentIndex()
        self._meeting_id = meeting_id
        self.due.blockSignals(True)
        self.due.clear()
        for label, day in chair.due_presets(self._conn, meeting_id).items():
            self.due.addItem(f"{label} ({short_day(day)})", day)
        self.due.addItem(CUSTOM_DATE, None)
        self.due.setCurrentIndex(max(index, 0))
        self.due.blockSignals(False)
        self._due_changed()

    def _fill_list(self, raised: list[dict], why_empty: str = EMPTY) -> None:
        self.raised.clear()
        self.empty.setText(why_empty)
        for action in raised:
            entry = QListWidgetItem(describe_action(action))
            entry.setToolTip(entry.text())
            entry.setData(Qt.ItemDataRole.UserRole, action["id"])
            self.raised.addItem(entry)
        self.raised.setVisible(bool(raised))
        self.empty.setVisible(not raised)
        if raised:
            self.raised.scrollToBottom()

    def shown_actions(self) -> list[str]:
        """The list's entries as the user reads them."""
        return [self.raised.item(n).text() for n in range(self.raised.count())]

    # -- adding ------------------------------------------------------------------------------

    def focus_new_action(self) -> None:
        """Put the cursor in "What", ready for a new action (the window's Ctrl+N)."""
        self.what.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.what.selectAll()

    def add(self) -> bool:
        """Add the action the row describes; True when saved. Problems are shown under the
        row and nothing is saved; the typing stays."""
        if self._item_id is None or not self.row.isEnabled():
            return False
        problems: dict[str, str] = {}
        if not self.what.text().strip():
            problems["description"] = "Say what is to be done."
        owner_id, problem = find_owner(self._members, self.who.text())
        if problem:
            problems["owner_id"] = problem
        due_on = self.due.currentData()
        if due_on is None:
            try:
                due_on = parse_date(self.due_date.text())
            except ValueError as exc:
                problems["due_on"] = f"Due date: {exc}"
        if problems:
            self._show_problem(problems)
            return False
        try:
            actions.add_action(
                self._writer(),
                self._actor,
                self._item_id,
                self.what.text(),
                owner_id,
                due_on,
                self.priority.currentData(),
                self._reason,
            )
        except ValidationError as exc:
            self._show_problem(exc.problems)
            return False
        except MdtError as exc:
            self._show_problem({"": f"{exc} Your typing is kept."})
            return False
        self._show_problem(None)
        self.what.clear()
        self.who.clear()
        self._fill_list(actions.raised_at(self._conn, self._item_id))
        self.what.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit("Action added")
        return True

    def _show_problem(self, problems: dict[str, str] | None) -> None:
        problems = problems or {}
        self.problem.setText("\n".join(dict.fromkeys(problems.values())))
        self.problem.setVisible(bool(problems))
        for field, widget in (
            ("description", self.what),
            ("owner_id", self.who),
            ("due_on", self.due_date if self.due.currentData() is None else self.due),
        ):
            _mark(widget, field in problems)
        if problems:
            first = next(iter(problems))
            target = {"description": self.what, "owner_id": self.who}.get(first)
            if first == "due_on" and self.due.currentData() is None:
                target = self.due_date
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _due_changed(self) -> None:
        custom = self.due.currentIndex() >= 0 and self.due.currentData() is None
        self.due_date.setEnabled(custom)
        if not custom:
            _mark(self.due_date, False)

    def _due_chosen(self) -> None:
        if self.due.currentData() is None:
            self.due_date.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter anywhere in the row adds the action, except on a name highlighted in the
        # popup, where it takes that name, as a completer does.
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:
            popup = self.completer.popup()
            highlighted = popup.currentIndex() if watched is popup else None
            if popup.isVisible():
                popup.hide()
            if highlighted is not None and highlighted.isValid():
                self.who.setText(highlighted.data())
            else:
                self.add()
            return True
        return super().eventFilter(watched, event)


def _labelled(text: str, widget: QWidget, name: str) -> QVBoxLayout:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(name)
    box = QVBoxLayout()
    box.setSpacing(2)
    box.addWidget(label)
    box.addWidget(widget)
    return box


def _mark(widget: QWidget, invalid: bool) -> None:
    set_style_property(widget, "invalid", invalid)
