"""A meeting's attendance: who is present, sent apologies or was absent, and whom a member who is
present deputises for.

Every choice is saved as it is made. On a closed meeting a change is an amendment: it is asked a
reason, which the audit keeps, and cancelling puts the choice back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from mdtdesk.core import lookups, meetings
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.vocabulary import ATTENDANCE
from mdtdesk.gui import prompts

ATTENDANCE_COLUMN, DEPUTY_COLUMN = 3, 4
NOT_RECORDED = "Not recorded"
NOBODY = "Nobody"
AMEND_TITLE = "Amend a closed meeting"
AMEND_QUESTION = (
    "This meeting is closed, so changing who attended is an amendment. Why is it being "
    "changed? The reason is kept with the record."
)


class AttendanceTable(QTableWidget):
    """One row per active member: name, role, organisation, attendance and deputy choices.

    Emits ``changed(what)`` after each change is committed.
    """

    changed = Signal(str)

    def __init__(
        self, conn: sqlite.Connection, writer: Callable, actor: str, parent: QWidget | None = None
    ):
        super().__init__(0, 5, parent)
        self._conn, self._writer, self._actor = conn, writer, actor
        self.meeting_id: int | None = None
        self.closed = False
        # What the database holds for each member shown, as (status, deputy_for_id): a refused
        # or cancelled change puts the combos back to this.
        self._saved: dict[int, tuple[str | None, int | None]] = {}
        self._combos: dict[int, tuple[QComboBox, QComboBox]] = {}
        self.setAccessibleName("Attendance")
        self.setHorizontalHeaderLabels(
            ["Member", "Role", "Organisation", "Attendance", "Deputy for"]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (1, ATTENDANCE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def show_meeting(self, meeting_id: int, closed: bool) -> None:
        """Fill the table from the database for one meeting."""
        self.meeting_id, self.closed = meeting_id, closed
        recorded = {r["member_id"]: r for r in meetings.attendance(self._conn, meeting_id)}
        people = lookups.members_with_organisation(self._conn)
        labels = {f"{name}, {role}": member_id for member_id, name, role, _ in people}
        active = {member_id for member_id, *_ in people}
        self._saved.clear()
        self._combos.clear()
        self.setRowCount(len(people))
        for row, (member_id, name, role, organisation) in enumerate(people):
            for column, text in enumerate((name, role, organisation)):
                self.setItem(row, column, QTableWidgetItem(text))
            record = recorded.get(member_id, {})
            status = record.get("status")
            deputy_label, deputy_id = self._deputy(record, active)
            self._saved[member_id] = (status, deputy_id)

            attend = QComboBox()
            attend.setAccessibleName(f"Attendance of {name}")
            if status is None:
                attend.addItem(NOT_RECORDED, None)
            for code, text in ATTENDANCE.items():
                attend.addItem(text, code)
            deputy = QComboBox()
            deputy.setAccessibleName(f"Whom {name} deputises for")
            deputy.setToolTip("A deputy counts in the role of the member they cover.")
            deputy.addItem(NOBODY, None)
            for label, other_id in labels.items():
                if other_id != member_id:
                    deputy.addItem(label, other_id)
            if deputy_id is not None and deputy.findData(deputy_id) < 0:
                deputy.addItem(deputy_label, deputy_id)
            self._combos[member_id] = (attend, deputy)
            self._put_back(member_id)
            attend.currentIndexChanged.connect(lambda _=0, m=member_id: self._attendance_chosen(m))
            deputy.currentIndexChanged.connect(lambda _=0, m=member_id: self._deputy_chosen(m))
            self.setCellWidget(row, ATTENDANCE_COLUMN, attend)
            self.setCellWidget(row, DEPUTY_COLUMN, deputy)

    def _deputy(self, record: dict, active: set[int]) -> tuple[str | None, int | None]:
        """The label and id of the member ``record`` deputises for, if any; one who has left is
        labelled so."""
        deputy_id = record.get("deputy_for_id")
        if deputy_id is None:
            return None, None
        label = f"{record['deputy_for']}, {record['deputy_for_role']}"
        return (label if deputy_id in active else f"{label} (left)"), deputy_id

    # -- changing ---------------------------------------------------------------------------

    def _attendance_chosen(self, member_id: int) -> None:
        attend, deputy = self._combos[member_id]
        status = attend.currentData()
        if status is None:
            return
        # Only someone present can be deputising; any other answer ends the deputising.
        deputy_id = deputy.currentData() if status == "present" else None
        if self._save(member_id, status, deputy_id):
            self.changed.emit("Attendance saved")

    def _deputy_chosen(self, member_id: int) -> None:
        _, deputy = self._combos[member_id]
        if self._save(member_id, "present", deputy.currentData()):
            self.changed.emit("Deputy saved")

    def _save(self, member_id: int, status: str, deputy_id: int | None) -> bool:
        reason = None
        if self.closed:
            reason = prompts.current.ask_text(self, AMEND_TITLE, AMEND_QUESTION)
            if not (reason or "").strip():
                self._put_back(member_id)
                return False
        try:
            meetings.set_attendance(
                self._writer(),
                self._actor,
                self.meeting_id,
                member_id,
                status,
                deputy_id,
                reason,
            )
        except MdtError as exc:
            prompts.current.error(self, "Not saved", str(exc))
            self._put_back(member_id)
            return False
        self._saved[member_id] = (status, deputy_id)
        self._put_back(member_id)
        return True

    def _put_back(self, member_id: int) -> None:
        """Show what the database holds for a member, without saving it again."""
        status, deputy_id = self._saved[member_id]
        attend, deputy = self._combos[member_id]
        for combo in (attend, deputy):
            combo.blockSignals(True)
        if status is not None and attend.itemData(0) is None:
            attend.removeItem(0)  # recorded now: "Not recorded" is no longer an answer
        attend.setCurrentIndex(0 if status is None else max(attend.findData(status), 0))
        deputy.setCurrentIndex(0 if deputy_id is None else max(deputy.findData(deputy_id), 0))
        deputy.setEnabled(status == "present")
        for combo in (attend, deputy):
            combo.blockSignals(False)
