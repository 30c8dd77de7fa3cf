"""Who are you? Asked when mdtdesk is unlocked: the member chosen here is named in the audit for
every change made until the app closes (usually the chair)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import members
from mdtdesk.core.audit import default_actor

if TYPE_CHECKING:
    import sqlite3

    from mdtdesk.core.members import Member
    from mdtdesk.gui.settings import Settings

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Keys typed in the search box that move through the list instead, so the hands stay on the keys.
_LIST_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def actor_for(member: Mapping | Member) -> str:
    """The audit's name for a member: their name and role, e.g. "Amara Okafor (GP)".

    Takes a row of ``members.list_members`` or a ``members.Member``.
    """
    if isinstance(member, Mapping):
        name, role = member["name"], member["role"]
    else:
        name, role = member.name, member.role
    name, role = " ".join((name or "").split()), " ".join((role or "").split())
    return f"{name} ({role})" if role else name


def _folded(text: str) -> str:
    # "sian" finds "Siân" and "lukasz" finds "Łukasz": accents and case are ignored.
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class WhoAreYouDialog(QDialog):
    """Choose yourself from the team's current members: type to narrow the list, arrows to
    move, Enter to choose. The member chosen last time is offered first.

    With no members yet (a new database) it says that changes will be recorded under this
    computer's login name, and Continue goes on with that. After ``exec()`` returns Accepted,
    ``actor()`` is the name for the audit; Cancel or Esc rejects.
    """

    def __init__(self, conn: sqlite3.Connection, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who are you?")
        self._settings = settings
        # By name as people read it: "Łukasz" among the Ls, not after the Zs.
        listed = sorted(members.list_members(conn), key=lambda row: _folded(row["name"]))
        self._members = {row["id"]: row for row in listed}
        self._login = default_actor()

        heading = QLabel("Who are you?")
        heading.setObjectName("heading")
        self.hint = QLabel(
            "Choose yourself from your team. Every change you make is recorded under your name."
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        self.search = QLineEdit()
        self.search.setAccessibleName("Find your name")
        self.search.setPlaceholderText("Type part of your name, role or organisation")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Up and Down move through the list; Enter chooses.")
        self.search_label = QLabel("&Find your name")
        self.search_label.setBuddy(self.search)

        self.list = QTreeWidget()
        self.list.setAccessibleName("Members of your team")
        self.list.setHeaderLabels(["Name", "Role", "Organisation"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for member_id, row in self._members.items():
            item = QTreeWidgetItem([row["name"], row["role"], row["organisation"] or ""])
            item.setData(0, ID_ROLE, member_id)
            for column in range(3):
                item.setToolTip(column, item.text(column))
            self.list.addTopLevelItem(item)

        self.empty = QLabel()
        self.empty.setObjectName("empty_state")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = buttons.addButton(
            "&Continue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addWidget(self.search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        # Only now that the button is in the dialog does "default" reach the dialog's Enter key.
        self.continue_button.setDefault(True)
        self.setMinimumSize(560, 460)

        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(lambda *_: self.accept())
        self.list.currentItemChanged.connect(lambda *_: self._update_button())

        if self._members:
            last = settings.last_member_id
            self._choose(self._item_of(last) if last in self._members else None)
            self.search.setFocus()
        else:
            self._no_team()
        self._update_button()

    # -- the list ---------------------------------------------------------------------------

    def _no_team(self) -> None:
        self.search_label.hide()
        self.search.hide()
        self.hint.setText(
            "Every change you make is recorded under your name, chosen from your team."
        )
        self.empty.setText(
            "Your team has no members yet, so changes will be recorded under this computer's "
            f"login name, “{self._login}”.\n\nAdd your team in Members; next time you can "
            "choose yourself here."
        )
        self.stack.setCurrentWidget(self.empty)
        self.continue_button.setText(f"&Continue as {self._login}")
        self.continue_button.setFocus()

    def _item_of(self, member_id: int | None) -> QTreeWidgetItem | None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, ID_ROLE) == member_id:
                return item
        return None

    def _visible_items(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(row) for row in range(self.list.topLevelItemCount()))
        return [item for item in items if not item.isHidden()]

    def _choose(self, item: QTreeWidgetItem | None) -> None:
        """Make ``item`` (or, for None, the first one shown) the chosen member."""
        shown = self._visible_items()
        if item is None or item.isHidden():
            item = shown[0] if shown else None
        self.list.setCurrentItem(item)
        if item is not None:
            item.setSelected(True)
            self.list.scrollToItem(item)

    def _filter(self, text: str) -> None:
        words = _folded(text).split()
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            haystack = _folded(" ".join(item.text(column) for column in range(3)))
            item.setHidden(not all(word in haystack for word in words))
        current = self.list.currentItem()
        self._choose(current if current is not None and not current.isHidden() else None)
        if self._visible_items():
            self.stack.setCurrentWidget(self.list)
        else:
            self.empty.setText(
                f"No one in your team matches “{text.strip()}”.\n"
                "Check the spelling, or delete what you typed to see everyone."
            )
            self.stack.setCurrentWidget(self.empty)
        self._update_button()

    def _update_button(self) -> None:
        self.continue_button.setEnabled(not self._members or self.member_id() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _LIST_KEYS
            and self.stack.currentWidget() is self.list
        ):
            QApplication.sendEvent(self.list, event)
            current = self.list.currentItem()
            if current is not None:
                current.setSelected(True)
            return True
        return super().eventFilter(watched, event)

    # -- the answer -------------------------------------------------------------------------

    def member_id(self) -> int | None:
        """The member chosen, if any is (None with no members, or when none matches)."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(0, ID_ROLE)

    def chosen_member(self) -> dict | None:
        """The chosen member as a row of ``members.list_members``, if any."""
        member_id = self.member_id()
        return None if member_id is None else self._members[member_id]

    def actor(self) -> str:
        """Who the audit names for this session: the chosen member (see ``actor_for``), or,
        when the team has no members yet, this computer's login name."""
        member = self.chosen_member()
        return actor_for(member) if member is not None else self._login

    def accept(self) -> None:
        if self._members and self.member_id() is None:
            return  # nothing matches what was typed: there is no one to continue as
        if self.member_id() is not None:
            self._settings.last_member_id = self.member_id()
        super().accept()
