"""Who are you? Asked when mdtdesk is unlocked: the member chosen here is named in the audit for
every change made until the app closes (usually the chair)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import members
from mdtdesk.core.audit import default_actor
from mdtdesk.gui.tables import RowsModel, row_table

if TYPE_CHECKING:
    import sqlite3

    from mdtdesk.core.members import Member
    from mdtdesk.gui.settings import Settings

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


class _MemberChoices(RowsModel):
    """The team's current members: name, role and organisation."""

    def __init__(self, rows: list[dict], parent=None):
        super().__init__(["Name", "Role", "Organisation"], parent)
        self._rows = rows
        self._texts = [(r["name"], r["role"], r["organisation"] or "") for r in rows]
        self._folded = [_folded(" ".join(texts)) for texts in self._texts]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._texts[index.row()][index.column()]
        return None

    def member_id(self, row: int) -> int:
        """The member shown on ``row``."""
        return self._rows[row]["id"]

    def row_of(self, member_id: int | None) -> int | None:
        """The row of ``member_id``, if they are listed."""
        return self.find_row("id", member_id)

    def search_text(self, row: int) -> str:
        """Everything shown on ``row``, folded for matching what is typed."""
        return self._folded[row]


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

        self.model = _MemberChoices(list(self._members.values()), self)
        self.list = row_table(
            "Members of your team", self.model, QAbstractItemView.SelectionMode.SingleSelection
        )
        self.list.setSortingEnabled(False)  # by name, as listed
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.list.horizontalHeader()
        # Long names and organisations share the width, cut short with their tooltip whole.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

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
        self.setMinimumSize(680, 480)
        self.resize(780, 600)

        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.activated.connect(lambda *_: self.accept())
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())

        if self._members:
            last = settings.last_member_id
            self._choose(self.model.row_of(last))
            self.search.setFocus()
        else:
            self._no_team()
        self._update_button()

    # -- the list ---------------------------------------------------------------------------

    def _no_team(self) -> None:
        self.search_label.hide()
        self.search.hide()
        self.hint.setText("mdtdesk records who makes each change.")
        self.empty.setText(
            "Your team has no members yet.\n"
            f"Changes will be recorded under “{self._login}”, this computer's login name.\n\n"
            "Add your team in Members; next time you can choose yourself here."
        )
        self.stack.setCurrentWidget(self.empty)
        self.continue_button.setText(f"&Continue as {self._login}")
        self.continue_button.setFocus()

    def _shown_rows(self) -> list[int]:
        return [row for row in range(self.model.rowCount()) if not self.list.isRowHidden(row)]

    def _choose(self, row: int | None) -> None:
        """Make ``row`` (or, for None or a hidden row, the first one shown) the chosen member."""
        shown = self._shown_rows()
        if row is None or row not in shown:
            row = shown[0] if shown else None
        if row is None:
            self.list.selectionModel().clearSelection()
            self.list.setCurrentIndex(QModelIndex())
            return
        self.list.selectRow(row)
        self.list.scrollTo(self.model.index(row, 0))

    def _filter(self, text: str) -> None:
        words = _folded(text).split()
        for row in range(self.model.rowCount()):
            haystack = self.model.search_text(row)
            self.list.setRowHidden(row, not all(word in haystack for word in words))
        current = self.list.currentIndex()
        self._choose(current.row() if current.isValid() else None)
        if self._shown_rows():
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
            return True
        return super().eventFilter(watched, event)

    # -- the answer -------------------------------------------------------------------------

    def member_id(self) -> int | None:
        """The member chosen, if any is (None with no members, or when none matches)."""
        current = self.list.currentIndex()
        if not current.isValid() or self.list.isRowHidden(current.row()):
            return None
        return self.model.member_id(current.row())

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
