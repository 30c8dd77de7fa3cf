"""The import preview: what a case list file would change, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core.case_import import ImportPlan


class ImportPreview(QDialog):
    """Shows the counts and every rejected row; Import is offered only for a clean file."""

    importRequested = Signal(object)

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Import case list")
        self.setMinimumSize(640, 420)

        heading = QLabel(f"Import {plan.source_name}")
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        self.summary = QLabel(plan.summary())
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.advice = QLabel()
        self.advice.setWordWrap(True)

        self.rejected = QTableWidget(len(plan.rejected), 2)
        self.rejected.setAccessibleName("Rejected rows")
        self.rejected.setHorizontalHeaderLabels(["Row", "Why it was rejected"])
        self.rejected.verticalHeader().hide()
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rejected.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rejected.setWordWrap(True)
        for index, rejected in enumerate(plan.rejected):
            row_item = QTableWidgetItem(str(rejected.row))
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rejected.setItem(index, 0, row_item)
            self.rejected.setItem(index, 1, QTableWidgetItem(rejected.reason))
        self.rejected.resizeRowsToContents()

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(lambda: self.importRequested.emit(self.plan))
        self.buttons.rejected.connect(self.reject)

        if plan.rejected:
            self.advice.setProperty("role", "error")
            count = len(plan.rejected)
            self.advice.setText(
                f"Nothing will be imported while {count} row{' is' if count == 1 else 's are'} "
                "rejected. Fix the rows listed below in the file, save it, and import it again."
            )
            self.import_button.setEnabled(False)
            self.rejected.setFocus()
        elif plan.new + plan.updated == 0:
            self.advice.setText("Everyone in this file is already on the register, unchanged.")
            self.import_button.setEnabled(False)
        else:
            self.advice.setText(
                "Nothing has been written yet. Import adds the new people as referred cases and "
                "updates the others, all in one go."
            )
            self.import_button.setDefault(True)
            self.import_button.setFocus()
        if plan.ignored_columns:
            self.advice.setText(
                self.advice.text() + "\nColumns not used: " + ", ".join(plan.ignored_columns) + "."
            )

        self.busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.advice)
        layout.addWidget(self.rejected, 1)
        self.rejected.setVisible(bool(plan.rejected))
        if not plan.rejected:
            layout.addStretch(1)
        layout.addWidget(self.buttons)

    def set_busy(self, busy: bool) -> None:
        """While the import runs nothing here can be pressed, and Esc does not cancel it."""
        self.busy = busy
        for button in self.buttons.buttons():
            button.setEnabled(not busy)
        if busy:
            self.advice.setText("Importing… the case list updates when it is done.")

    def reject(self) -> None:
        if not self.busy:
            super().reject()
