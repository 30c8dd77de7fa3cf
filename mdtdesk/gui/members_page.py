"""The Members area: the professionals of the MDT, and the way to add and edit them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import members
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.gui import prompts
from mdtdesk.gui.tables import RowsModel, row_table, with_empty_state

if TYPE_CHECKING:
    from sqlite_utils import Database

    from mdtdesk.gui.member_form import MemberForm

LEFT = QColor("#4c6272")  # NHS secondary text, 6.1:1 on white: a member who has left

# (heading, how to show a row)
COLUMNS = [
    ("Name", lambda r: r["name"]),
    ("Role", lambda r: r["role"]),
    ("Organisation", lambda r: r["organisation"] or ""),
    ("Email", lambda r: r["email"] or ""),
    ("Phone", lambda r: r["phone"] or ""),
    ("Core member", lambda r: "Yes" if r["is_core"] else "No"),
    ("Has left", lambda r: "" if r["active"] else "Has left"),
]
LEFT_COLUMN = len(COLUMNS) - 1
# Organisation names and email addresses can be long: these columns share the width that is
# left, eliding what does not fit, so that phone and core membership stay on screen at 1366 px.
SHARING_WIDTH = (2, 3)


class MemberTableModel(RowsModel):
    """Every member as a row; an MDT has tens of members, so all are loaded at once."""

    def __init__(self, db: sqlite.Connection, parent=None):
        super().__init__([heading for heading, _ in COLUMNS], parent)
        self._db = db
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        self.include_left = False

    def refresh(self, include_left: bool | None = None) -> None:
        """Read the members again, with or without those who have left."""
        if include_left is not None:
            self.include_left = include_left
        self.beginResetModel()
        self._rows = members.list_members(self._db, include_left=self.include_left)
        self._order()
        self.endResetModel()

    def _order(self) -> None:
        column, order = self._sort
        show = COLUMNS[column][1]
        self._rows.sort(
            key=lambda r: (show(r).casefold(), r["name"].casefold()),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and not row["active"]:
            return LEFT
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order()
        self.layoutChanged.emit()

    def member_id(self, row: int) -> int:
        """The member shown on ``row``."""
        return self._rows[row]["id"]

    def row_of_member(self, member_id: int) -> int | None:
        """Which row shows ``member_id``, if it is shown."""
        return self.find_row("id", member_id)

    def counts(self) -> tuple[int, int]:
        """How many shown members are current, and how many have left."""
        left = sum(1 for row in self._rows if not row["active"])
        return len(self._rows) - left, left


class MembersPage(QWidget):
    """The list of members; Enter or Edit opens one, New member adds one.

    Reads through the window's plain connection; ``writer`` gives the database for changes,
    loaded only when a form first needs it. Emits ``saved(member_id)`` after each commit.
    """

    saved = Signal(int)

    def __init__(
        self,
        db: sqlite.Connection,
        writer: Callable[[], Database],
        actor: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("page")
        self._writer = writer
        self._actor = actor
        self.form: MemberForm | None = None
        self.model = MemberTableModel(db, self)

        title = QLabel("Members")
        title.setObjectName("page_title")
        self.edit_button = QPushButton("&Edit")
        self.edit_button.setToolTip("Edit the selected member (Enter)")
        self.new_button = QPushButton("&New member")
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("Add a professional to the MDT (Alt+N)")
        self.show_left = QCheckBox("Show members who have &left")
        self.count = QLabel()
        self.count.setObjectName("count")

        self.table = row_table(
            "Members", self.model, QAbstractItemView.SelectionMode.SingleSelection
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in SHARING_WIDTH:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.stack, self.empty = with_empty_state(self.table)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.show_left)
        filters.addStretch(1)
        filters.addWidget(self.count)
        # Widgets join the Tab order as they are parented: the list first (so arriving from
        # another area lands on it, Qt choosing the first in the Tab order), then the filter above
        # it, then the actions, left to right.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.stack, 1)
        layout.insertLayout(0, filters)
        layout.insertLayout(0, top)

        self.show_left.toggled.connect(lambda shown: self.refresh(include_left=shown))
        self.table.activated.connect(
            lambda index: self.edit_member(self.model.member_id(index.row()))
        )
        self.edit_button.clicked.connect(self._edit_selected)
        self.new_button.clicked.connect(self.new_member)
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    # -- the list ---------------------------------------------------------------------------

    def refresh(self, select_member: int | None = None, include_left: bool | None = None) -> None:
        """Reload the list after a change, keeping (or moving to) the selected member."""
        if select_member is None:
            select_member = self.selected_member()
        self.model.refresh(include_left)
        self.table.setColumnHidden(LEFT_COLUMN, not self.model.include_left)
        current, left = self.model.counts()
        text = f"{current} member{'s' if current != 1 else ''}"
        if self.model.include_left:
            text += f", {left} who {'has' if left == 1 else 'have'} left"
        self.count.setText(text)
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty.setText(
                "There are no members yet.\nAdd the professionals who come to your MDT with "
                "New member (Alt+N)."
            )
            self.stack.setCurrentWidget(self.empty)
        row = self.model.row_of_member(select_member) if select_member is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_member(self) -> int | None:
        """The member of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.member_id(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_member() is not None)

    # -- the form ---------------------------------------------------------------------------

    def _edit_selected(self) -> None:
        member_id = self.selected_member()
        if member_id is not None:
            self.edit_member(member_id)

    def new_member(self) -> None:
        """Open an empty member form."""
        self._open_form(None)

    def edit_member(self, member_id: int) -> None:
        """Open the member form on one member."""
        self._open_form(member_id)

    def _open_form(self, member_id: int | None) -> None:
        if self.form is not None and self.form.isVisible():
            self.form.raise_()
            self.form.activateWindow()
            return
        from mdtdesk.gui.member_form import MemberForm  # loaded when first needed: faster start

        try:
            form = MemberForm(self._writer(), self._actor, member_id, self)
        except MdtError as exc:
            prompts.current.error(self, "Cannot open the member", str(exc))
            self.refresh()
            return
        form.saved.connect(self._member_saved)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.destroyed.connect(lambda: setattr(self, "form", None))
        self.form = form
        form.open()
        form.activateWindow()

    def _member_saved(self, member_id: int) -> None:
        self.refresh(select_member=member_id)
        self.saved.emit(member_id)
