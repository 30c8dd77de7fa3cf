"""The case form: add or edit a person with their case and referral, with messages by each field.

Closing a case with open actions first asks what became of each one (``close_case_dialog``), and
saves the decisions with the closing.
"""

from __future__ import annotations

import logging
from dataclasses import fields

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlite_utils import Database

from mdtdesk.core import case_closing, lookups, register
from mdtdesk.core.case_closing import ActionDecision
from mdtdesk.core.dates import format_short_date, parse_date
from mdtdesk.core.db import explain_error
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.nhs_number import InvalidNHSNumber, format_nhs_number, parse
from mdtdesk.core.register import CaseRecord, Person, Referral
from mdtdesk.core.vocabulary import CASE_STATUSES, CLOSED_REASONS, INFO_SHARING, URGENCIES
from mdtdesk.gui import prompts
from mdtdesk.gui.close_case_dialog import ask_decisions
from mdtdesk.gui.field_errors import FieldErrors, error_above, error_label
from mdtdesk.gui.forms.ui_case_form import Ui_CaseForm

log = logging.getLogger(__name__)

FRAILTY = [
    "Very fit",
    "Fit",
    "Managing well",
    "Living with very mild frailty",
    "Living with mild frailty",
    "Living with moderate frailty",
    "Living with severe frailty",
    "Living with very severe frailty",
    "Terminally ill",
]
SEXES = ["Female", "Male", "Other", "Not known"]
KEPT_OPEN = (
    "The case was not closed: its open actions need a decision first. Nothing was saved; "
    "your other changes are still here."
)
DATE_FIELDS = {"date_of_birth", "info_sharing_on", "referred_on", "next_review_on"}
CASE_FIELDS = ("status", "closed_reason", "key_worker_id", "next_review_on")
TAB_OF = {
    **{f.name: 0 for f in fields(Person)},
    **{f.name: 1 for f in fields(Referral)},
    **{name: 2 for name in (*CASE_FIELDS, "info_sharing", "info_sharing_on")},
    "info_sharing_recorded_by": 2,
}


class CaseForm(QDialog):
    """Add a new case (``case_id`` None) or edit one. Emits ``saved(case_id)`` after the commit."""

    saved = Signal(int)

    def __init__(
        self, db: Database, actor: str, case_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ui = Ui_CaseForm()
        self.ui.setupUi(self)
        self._db = db
        self._actor = actor
        self._record = register.load_case_record(db, case_id) if case_id else CaseRecord()
        self._errors = FieldErrors(summary=self.ui.form_problem, where="by")
        self._fill_choices()
        self._attach_error_labels()
        self.ui.heading.setObjectName("heading")
        self.ui.form_problem.hide()
        save = self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        save.setToolTip("Save (Ctrl+S)")
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.ui.status.currentIndexChanged.connect(self._status_changed)
        self.ui.practice_id.currentIndexChanged.connect(self._practice_changed)
        self.ui.nhs_number.editingFinished.connect(self._check_nhs_number)
        for name in DATE_FIELDS:
            widget = getattr(self.ui, name)
            widget.editingFinished.connect(lambda n=name: self._check_date(n))
        self._load(self._record)
        self._loaded = self._snapshot()
        self.setMinimumSize(640, 480)
        screen = self.screen().availableGeometry()
        self.resize(min(820, screen.width() - 40), min(760, screen.height() - 60))

    # -- filling in -------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        ui = self.ui
        ui.sex.addItem("", None)
        for sex in SEXES:
            ui.sex.addItem(sex, sex)
        for combo, items in (
            (ui.practice_id, lookups.practices(self._db)),
            (ui.neighbourhood_id, lookups.neighbourhoods(self._db)),
            (ui.key_worker_id, lookups.members(self._db)),
        ):
            combo.addItem("Not set", None)
            for item_id, label in items:
                combo.addItem(label, item_id)
        ui.frailty_score.addItem("Not assessed", None)
        for score, words in enumerate(FRAILTY, start=1):
            ui.frailty_score.addItem(f"{score}: {words}", score)
        for combo, vocabulary in (
            (ui.urgency, URGENCIES),
            (ui.status, CASE_STATUSES),
            (ui.info_sharing, INFO_SHARING),
        ):
            for code, label in vocabulary.items():
                combo.addItem(label, code)
        ui.closed_reason.addItem("Choose a reason", None)
        for code, label in CLOSED_REASONS.items():
            ui.closed_reason.addItem(label, code)

    def _attach_error_labels(self) -> None:
        """Put a message line above every field, hidden until that field has a problem."""
        for form in (self.ui.person_form, self.ui.referral_form, self.ui.case_form):
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                widget = item.widget()
                name = widget.objectName()
                holder = QWidget()
                error = error_label(name)
                form.removeWidget(widget)
                holder.setLayout(error_above(error, widget))
                form.setWidget(row, QFormLayout.ItemRole.FieldRole, holder)
                label = label_item.widget().text() if label_item else ""
                widget.setAccessibleName(label.replace("&", "") or widget.text().replace("&", ""))
                self._errors.add(name, widget, error)

    def _load(self, record: CaseRecord) -> None:
        ui = self.ui
        new = record.case_id is None
        person = record.person
        ui.heading.setText("New case" if new else f"{person.given_name} {person.family_name}")
        self.setWindowTitle("New case" if new else "Edit case")
        values = {f.name: getattr(person, f.name) for f in fields(Person)}
        values |= {f.name: getattr(record.referral, f.name) for f in fields(Referral)}
        values |= {name: getattr(record, name) for name in CASE_FIELDS}
        values["nhs_number"] = format_nhs_number(person.nhs_number)
        self._show(values)
        ui.nhs_number.setFocus()
        if not new and record.status == "closed":
            # A closed case is never reopened from here: a new referral opens a new case.
            for code in ("referred", "active"):
                ui.status.model().item(ui.status.findData(code)).setEnabled(False)
        self._status_changed()

    def _show(self, values: dict, only_blank: bool = False) -> None:
        """Put values into their fields; with ``only_blank``, leave what was typed alone."""
        for name, value in values.items():
            widget = getattr(self.ui, name, None)
            if widget is None or value is None and only_blank:
                continue
            if only_blank and name != "info_sharing":
                try:
                    if self._value(name) not in (None, False):
                        continue
                except ValueError:
                    continue
            if isinstance(widget, QLineEdit):
                widget.setText(format_short_date(value) if name in DATE_FIELDS else (value or ""))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QComboBox):
                self._select(widget, value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))

    def _select(self, combo: QComboBox, value) -> None:
        """Choose ``value``, adding it when the list does not offer it (a key worker who has
        left, a sex written another way), so that saving never changes what was not edited."""
        index = combo.findData(value)
        if index < 0 and value is not None:
            label = str(value)
            if combo is self.ui.key_worker_id:
                label = lookups.member_label(self._db, value) or "A former member"
            combo.addItem(label, value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    # -- reading back -----------------------------------------------------------------------

    def _value(self, name: str):
        widget = getattr(self.ui, name)
        if isinstance(widget, QLineEdit):
            text = widget.text().strip()
            if name in DATE_FIELDS:
                return parse_date(text) if text else None
            return text or None
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip() or None
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        raise TypeError(name)

    def _collect(self) -> tuple[CaseRecord, dict[str, str]]:
        """The record as typed, and a message for each date that could not be read."""
        problems: dict[str, str] = {}

        def read(name: str):
            try:
                return self._value(name)
            except ValueError as exc:
                problems[name] = str(exc)
                return None

        person = Person(**{f.name: read(f.name) for f in fields(Person) if f.name != "id"})
        person.id = self._record.person.id
        person.nhs_number = self.ui.nhs_number.text()
        referral = Referral(**{f.name: read(f.name) for f in fields(Referral)})
        record = CaseRecord(
            person=person,
            referral=referral,
            **{name: read(name) for name in CASE_FIELDS},
            case_id=self._record.case_id,
        )
        return record, problems

    def _snapshot(self) -> tuple:
        record, problems = self._collect()
        return (repr(record), tuple(sorted(problems.items())))

    def has_changes(self) -> bool:
        """True when something was typed since the form opened or was last saved."""
        return self._snapshot() != self._loaded

    # -- checking and saving ----------------------------------------------------------------

    def _check_nhs_number(self) -> None:
        text = self.ui.nhs_number.text()
        if not text.strip():
            return
        try:
            digits = parse(text)
        except InvalidNHSNumber as exc:
            self._errors.show("nhs_number", str(exc))
            return
        self.ui.nhs_number.setText(format_nhs_number(digits))
        self._errors.show("nhs_number", None)
        if self._record.case_id is None:
            self._recognise(digits)

    def _recognise(self, digits: str) -> None:
        """A new case for someone already on the register: say so, and fill in what is known."""
        found = register.find_person(self._db, digits)
        if found is None:
            self.ui.heading.setText("New case")
            return
        person, has_open_case = found
        name = f"{person.given_name} {person.family_name}"
        if has_open_case:
            self._errors.show(
                "nhs_number",
                f"{name} already has an open case. Close this form and find them in the case "
                "list instead.",
            )
            return
        self.ui.heading.setText(f"New referral for {name}, already on the register")
        values = {f.name: getattr(person, f.name) for f in fields(Person) if f.name != "id"}
        values.pop("nhs_number")
        self._show(values, only_blank=True)

    def _check_date(self, name: str) -> None:
        try:
            value = self._value(name)
        except ValueError as exc:
            self._errors.show(name, str(exc))
            return
        self._errors.show(name, None)
        if value is not None:
            getattr(self.ui, name).setText(format_short_date(value))

    def _show_problems(self, problems: dict[str, str]) -> None:
        # The fields were added tab by tab, so the first in error is on the earliest tab.
        first = self._errors.show_all(problems)
        if first is None:
            return
        self.ui.tabs.setCurrentIndex(TAB_OF.get(first, 0))
        getattr(self.ui, first).setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        """Check and save; on success emit ``saved`` and close. Returns whether it saved."""
        record, problems = self._collect()
        problems = register.validate(record) | problems
        if problems:
            self._show_problems(problems)
            return False
        decisions: list[ActionDecision] = []
        if self._closing(record):
            # Open actions would never come back once the case is closed (H-12): each is
            # decided first, and saved with the closing.
            still_open = case_closing.open_actions(self._db, record.case_id)
            if still_open:
                person = f"{record.person.given_name} {record.person.family_name}"
                decided = ask_decisions(
                    self, still_open, person, CLOSED_REASONS[record.closed_reason]
                )
                if decided is None:
                    self._kept_open()
                    return False
                decisions = decided
        try:
            saved = register.save_case_record(
                self._db, self._actor, record, action_decisions=decisions
            )
        except ValidationError as exc:
            self._show_problems(exc.problems)
            return False
        except sqlite.Error as exc:
            log.exception("saving a case failed")
            prompts.current.error(
                self, "Not saved", f"{explain_error(exc, 'The database')} Your typing is kept."
            )
            return False
        except MdtError as exc:
            prompts.current.error(self, "Not saved", f"{exc} Your typing is kept.")
            return False
        self._show_problems({})
        self._record = saved
        self._loaded = self._snapshot()
        self.saved.emit(saved.case_id)
        self.accept()
        return True

    def _closing(self, record: CaseRecord) -> bool:
        """Whether saving ``record`` closes a case that is open now."""
        return (
            record.case_id is not None
            and self._record.status != "closed"
            and record.status == "closed"
        )

    def _kept_open(self) -> None:
        """The closing was cancelled: the status shows what is saved, the other typing stays."""
        self._errors.show_all({})
        self._select(self.ui.status, self._record.status)
        self._status_changed()
        self.ui.form_problem.setText(KEPT_OPEN)
        self.ui.form_problem.show()
        self.ui.tabs.setCurrentIndex(TAB_OF["status"])
        self.ui.status.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        if self.has_changes() and not prompts.current.confirm(
            self,
            "Discard changes?",
            "You have typed changes that are not saved. Discard them?",
            "Discard changes",
        ):
            return
        super().reject()

    def _status_changed(self) -> None:
        closing = self.ui.status.currentData() == "closed"
        self.ui.closed_reason.setEnabled(closing)
        if not closing:
            self.ui.closed_reason.setCurrentIndex(0)

    def _practice_changed(self) -> None:
        practice = self.ui.practice_id.currentData()
        if practice is None or self.ui.neighbourhood_id.currentData() is not None:
            return
        hood = lookups.practice_neighbourhood(self._db, practice)
        if hood is not None:
            self.ui.neighbourhood_id.setCurrentIndex(self.ui.neighbourhood_id.findData(hood))
