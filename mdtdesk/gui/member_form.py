"""The member form: add or edit one member of the MDT, and add an organisation on the way."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import members
from mdtdesk.core.db import explain_error
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.members import Member
from mdtdesk.core.vocabulary import ORGANISATION_KINDS
from mdtdesk.gui import prompts
from mdtdesk.gui.field_errors import FieldErrors, error_above, error_label
from mdtdesk.gui.forms.ui_member_form import Ui_MemberForm

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

# The fields with a message line above them, in the order they are shown.
FIELDS = ("name", "role", "organisation_id", "email", "phone")
NO_ORGANISATION = "Not set"


def _line_up_labels(form: QFormLayout) -> None:
    """Put each label level with its field, not with the message line above the field.

    The form aligns labels to the bottom of their row; a bottom margin of half the difference
    in height then centres the label on the field.
    """
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item else None
        if isinstance(label, QLabel) and label.buddy() is not None:
            lift = (label.buddy().sizeHint().height() - label.sizeHint().height()) // 2
            label.setContentsMargins(0, 0, 0, max(lift, 0))


def _grow_to_fit(dialog: QDialog) -> None:
    """Make a dialog tall enough for wrapped messages that have just appeared.

    A top-level window's minimum size ignores the extra lines of a word-wrapped label, which
    would otherwise be clipped.
    """
    layout = dialog.layout()
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width())
    if needed < 0:
        needed = dialog.sizeHint().height()
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


def _say_not_saved(parent: QWidget, exc: Exception) -> None:
    if isinstance(exc, sqlite.Error):
        log.exception("saving failed")
        text = f"{explain_error(exc, 'The database')} Your typing is kept."
    else:
        text = f"{exc} Your typing is kept."
    prompts.current.error(parent, "Not saved", text)


class MemberForm(QDialog):
    """Add a member (``member_id`` None) or edit one; emits ``saved(member_id)`` once committed."""

    saved = Signal(int)

    def __init__(
        self, db: Database, actor: str, member_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ui = Ui_MemberForm()
        self.ui.setupUi(self)
        self._db = db
        self._actor = actor
        self._member = members.load_member(db, member_id) if member_id else Member()
        self.organisation_dialog: OrganisationDialog | None = None
        ui = self.ui
        ui.left_hint.setObjectName("hint")
        ui.form_problem.hide()
        ui.left_hint.hide()
        self._errors = FieldErrors(summary=ui.form_problem, where="above")
        for name in FIELDS:
            self._errors.add(name, getattr(ui, name), getattr(ui, f"{name}_error"))
        for label in (ui.name_label, ui.role_label, ui.organisation_id_label):
            label.buddy().setAccessibleName(label.text().replace("&", ""))
        ui.email.setAccessibleName("Email")
        ui.phone.setAccessibleName("Phone")
        ui.role.lineEdit().setAccessibleName("Role")
        ui.role.addItems(members.role_suggestions(db))
        self._fill_organisations()

        save = ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        save.setToolTip("Save (Ctrl+S)")
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        ui.add_organisation.clicked.connect(self.add_organisation)
        ui.has_left.toggled.connect(self._explain_leaving)
        ui.email.editingFinished.connect(lambda: self._check_now("email"))

        self._load(self._member)
        self._loaded = self._snapshot()
        _line_up_labels(ui.member_form)
        self.setMinimumWidth(560)
        self.resize(max(620, self.sizeHint().width()), self.sizeHint().height())

    # -- filling in -------------------------------------------------------------------------

    def _fill_organisations(self, select: int | None = None) -> None:
        combo = self.ui.organisation_id
        combo.clear()
        combo.addItem(NO_ORGANISATION, None)
        for organisation in members.list_organisations(self._db):
            combo.addItem(organisation.name, organisation.id)
        combo.setCurrentIndex(max(combo.findData(select), 0))

    def _load(self, member: Member) -> None:
        ui = self.ui
        new = member.id is None
        ui.heading.setText("New member" if new else member.name)
        self.setWindowTitle("New member" if new else "Edit member")
        ui.name.setText(member.name)
        ui.role.setCurrentIndex(-1)
        ui.role.setEditText(member.role)
        ui.organisation_id.setCurrentIndex(
            max(ui.organisation_id.findData(member.organisation_id), 0)
        )
        ui.email.setText(member.email or "")
        ui.phone.setText(member.phone or "")
        ui.is_core.setChecked(member.is_core)
        ui.has_left.setChecked(not member.active)
        ui.name.setFocus()

    def _collect(self) -> Member:
        ui = self.ui
        return Member(
            id=self._member.id,
            name=ui.name.text(),
            role=ui.role.currentText(),
            organisation_id=ui.organisation_id.currentData(),
            email=ui.email.text() or None,
            phone=ui.phone.text() or None,
            is_core=ui.is_core.isChecked(),
            active=not ui.has_left.isChecked(),
        )

    def _snapshot(self) -> str:
        return repr(self._collect())

    def has_changes(self) -> bool:
        """True when something was changed since the form opened."""
        return self._snapshot() != self._loaded

    def _explain_leaving(self, leaving: bool) -> None:
        """Say what stays with someone marked as having left, before it is saved."""
        hint = self.ui.left_hint
        if not leaving or self._member.id is None or not self._member.active:
            hint.hide()
            return
        cases, actions = members.responsibilities(self._db, self._member.id)
        owns = []
        if cases:
            owns.append(f"key worker for {cases} open case{'s' if cases != 1 else ''}")
        if actions:
            owns.append(f"owner of {actions} open action{'s' if actions != 1 else ''}")
        if owns:
            hint.setText(
                f"{self._member.name} is {' and '.join(owns)}. These stay with them until "
                "you reassign them."
            )
        else:
            hint.setText("Their past actions and attendance are kept.")
        hint.show()
        _grow_to_fit(self)

    # -- organisations ----------------------------------------------------------------------

    def add_organisation(self) -> None:
        """Open the small form that adds an organisation, then choose it here."""
        dialog = OrganisationDialog(self._db, self._actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._organisation_added)
        dialog.destroyed.connect(lambda: setattr(self, "organisation_dialog", None))
        self.organisation_dialog = dialog
        dialog.open()

    def _organisation_added(self, org_id: int) -> None:
        self._fill_organisations(select=org_id)
        self._check_now("organisation_id")
        self.ui.organisation_id.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- checking and saving ----------------------------------------------------------------

    def _check_now(self, name: str) -> None:
        """Check one field as the user leaves it, so a slip is seen before pressing Save."""
        problems = members.validate_member(self._db, self._collect())
        self._errors.show(name, problems.get(name))
        _grow_to_fit(self)

    def _show_problems(self, problems: dict[str, str]) -> None:
        first = self._errors.show_all(problems)
        if not problems:
            return
        _grow_to_fit(self)
        getattr(self.ui, first or "name").setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        """Check and save; on success emit ``saved`` and close. Returns whether it saved."""
        try:
            saved = members.save_member(self._db, self._actor, self._collect())
        except ValidationError as exc:
            self._show_problems(exc.problems)
            return False
        except (sqlite.Error, MdtError) as exc:
            _say_not_saved(self, exc)
            return False
        self._show_problems({})
        self._member = saved
        self._loaded = self._snapshot()
        self.saved.emit(saved.id)
        self.accept()
        return True

    def reject(self) -> None:
        if self.has_changes() and not prompts.current.confirm(
            self,
            "Discard changes?",
            "You have changes to this member that are not saved. Discard them?",
            "Discard changes",
        ):
            return
        super().reject()


class OrganisationDialog(QDialog):
    """Add one organisation: its name and kind. Emits ``created(org_id)`` after the commit."""

    created = Signal(int)

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.setWindowTitle("Add organisation")
        heading = QLabel("Add an organisation")
        heading.setObjectName("heading")
        self.name = QLineEdit()
        self.name.setMaxLength(members.MAX_ORGANISATION)
        self.name.setAccessibleName("Organisation name")
        self.name.setPlaceholderText("For example, Age Well Stockport")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of organisation")
        for code, label in ORGANISATION_KINDS.items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(self.kind.findData("other"))
        self.errors = {"name": error_label("name"), "kind": error_label("kind")}
        self._errors = FieldErrors()
        form = QFormLayout()
        form.setVerticalSpacing(10)
        for name, text, widget in (("name", "&Name", self.name), ("kind", "&Kind", self.kind)):
            error = self.errors[name]
            self._errors.add(name, widget, error)
            holder = error_above(error, widget)
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, holder)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        _line_up_labels(form)
        self.setMinimumWidth(560)
        self.name.setFocus()

    def save(self) -> bool:
        """Add the organisation; on success emit ``created`` and close. Returns whether it did."""
        try:
            org_id = members.save_organisation(
                self._db, self._actor, self.name.text(), self.kind.currentData()
            )
        except ValidationError as exc:
            first = self._errors.show_all(exc.problems)
            _grow_to_fit(self)
            widget = self.name if first == "name" else self.kind
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        except (sqlite.Error, MdtError) as exc:
            _say_not_saved(self, exc)
            return False
        # Closed first, so the member form is active again when it moves to its organisation.
        self.accept()
        self.created.emit(org_id)
        return True
