"""The new-meeting dialog: neighbourhood, date and time, venue or virtual, chair, minute-taker."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import lookups, meetings
from mdtdesk.core.dates import parse_date, parse_time
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.gui import prompts


class MeetingForm(QDialog):
    """Create a meeting. Emits ``saved(meeting_id)`` after the commit."""

    saved = Signal(int)

    def __init__(self, db, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New meeting")
        self._db, self._actor = db, actor
        heading = QLabel("New meeting")
        heading.setObjectName("heading")
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.neighbourhood = QComboBox()
        self.neighbourhood.addItem("Choose…", None)
        for hood_id, name in lookups.neighbourhoods(db):
            self.neighbourhood.addItem(name, hood_id)
        self.date = QLineEdit(placeholderText="dd/mm/yyyy")
        self.time = QLineEdit(placeholderText="2:30pm")
        self.length = QSpinBox(minimum=15, maximum=480, singleStep=15, value=90, suffix=" minutes")
        self.venue = QLineEdit(placeholderText="e.g. Heaton Moor Community Hub")
        self.virtual = QCheckBox("&Virtual meeting (video call)")
        self.chair = QComboBox()
        self.minute_taker = QComboBox()
        for combo in (self.chair, self.minute_taker):
            combo.addItem("Not set", None)
            for member_id, label in lookups.members(db):
                combo.addItem(label, member_id)

        form = QFormLayout()
        for label, widget in (
            ("&Neighbourhood", self.neighbourhood),
            ("&Date", self.date),
            ("&Time", self.time),
            ("&Planned length", self.length),
            ("V&enue", self.venue),
            ("", self.virtual),
            ("&Chair", self.chair),
            ("&Minute-taker", self.minute_taker),
        ):
            text = QLabel(label)
            text.setBuddy(widget)
            widget.setAccessibleName(label.replace("&", "") or "Virtual meeting")
            form.addRow(text, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.virtual.toggled.connect(lambda on: self.venue.setEnabled(not on))

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.neighbourhood.setFocus()

    def save(self) -> bool:
        """Check and create the meeting; on success emit ``saved`` and close."""
        problems = {}
        starts_at = None
        try:
            day = parse_date(self.date.text())
            starts_at = dt.datetime.combine(day, parse_time(self.time.text() or "x"))
        except ValueError as exc:
            problems["starts_at"] = str(exc)
        meeting = meetings.Meeting(
            neighbourhood_id=self.neighbourhood.currentData(),
            starts_at=starts_at,
            planned_minutes=self.length.value(),
            venue=self.venue.text(),
            is_virtual=self.virtual.isChecked(),
            chair_id=self.chair.currentData(),
            minute_taker_id=self.minute_taker.currentData(),
        )
        problems = meetings.validate_meeting(meeting) | problems
        if problems:
            self.problem.setText(" ".join(dict.fromkeys(problems.values())))
            self.problem.show()
            return False
        try:
            meeting_id = meetings.save_meeting(self._db, self._actor, meeting)
        except ValidationError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return False
        except MdtError as exc:
            prompts.current.error(self, "Not saved", f"{exc} Your typing is kept.")
            return False
        self.saved.emit(meeting_id)
        self.accept()
        return True
