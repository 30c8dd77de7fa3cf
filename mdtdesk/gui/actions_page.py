"""The Actions area: every action across meetings, filtered, marked done or not done in bulk, with
history. An open action whose case is closed says so, to be settled here (hazard H-12)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import actions, lookups
from mdtdesk.core.actions import ActionFilter
from mdtdesk.core.db import explain_error
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.vocabulary import NOT_DONE_REASONS
from mdtdesk.gui import prompts
from mdtdesk.gui.action_panels import ActionHistory, CompletionFigure
from mdtdesk.gui.actions_table_model import (
    ACTION_COLUMN,
    DUE_SOON,
    DUE_TODAY,
    OVERDUE,
    ActionsTableModel,
)
from mdtdesk.gui.tables import fit_columns, row_table, with_empty_state

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

MAX_COLUMN_WIDTH = 200
# The action's text takes what the others leave: a person's name and NHS number are shown whole,
# long owner and organisation names are cut short (their tooltips hold them whole).
WIDEST = {"Person": 255, "Owner": 150, "Organisation": 130}
FIT_ROWS = 40
STATUS_CHOICES = [("Open", "open"), ("Done", "done"), ("Not done", "cancelled"), ("All", None)]
MARK_DONE_KEYS = "Ctrl+D"
REOPEN_KEYS = "Ctrl+Shift+D"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class ActionsPage(QWidget):
    """All actions across meetings: filter them, mark several done at once, read their history.

    Reads through the window's plain connection; changes go through ``writer()`` (the window's
    sqlite-utils database) and the core's audited functions. Nothing is read until the page is
    first shown, so it costs the start of the app nothing.
    """

    saved = Signal(str)  # what was changed, for the status line ("Marked 3 actions done")

    def __init__(
        self,
        db: sqlite.Connection,
        writer: Callable[[], Database],
        actor: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("page")
        self._db = db
        self._writer = writer
        self._actor = actor
        self._loaded = False
        self.model = ActionsTableModel(db, self)

        title = QLabel("Actions")
        title.setObjectName("page_title")
        self.count = QLabel()
        self.count.setObjectName("count")
        self.reopen_button = QPushButton("&Reopen")
        self.reopen_button.setToolTip(
            f"Open the chosen done or not-done actions again ({REOPEN_KEYS})"
        )
        self.mark_not_done_button = QPushButton("Mark &not done…")
        self.mark_not_done_button.setToolTip(
            "Mark every chosen open action not done, choosing why (for example handed over to "
            "another team)"
        )
        self.mark_done_button = QPushButton("Mark &done")
        self.mark_done_button.setProperty("primary", True)
        self.mark_done_button.setToolTip(
            f"Mark every chosen open action done today ({MARK_DONE_KEYS})"
        )
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.reopen_button)
        top.addWidget(self.mark_not_done_button)
        top.addWidget(self.mark_done_button)

        self.completion = CompletionFigure()

        self.owner = self._combo("Owner", 18)
        self.organisation = self._combo("Organisation", 18)
        self.neighbourhood = self._combo("Neighbourhood", 16)
        self.status = self._combo("Action status", 7)
        for label, code in STATUS_CHOICES:
            self.status.addItem(label, code)
        self.overdue = QCheckBox("O&verdue only")
        self.overdue.setAccessibleName("Overdue only")
        self.overdue.setToolTip("Only open actions whose due date has passed")
        # Labels above their fields, as on NHS forms: five filters fit a 1366-pixel screen.
        filters = QGridLayout()
        filters.setHorizontalSpacing(16)
        filters.setVerticalSpacing(2)
        for column, (text, combo) in enumerate(
            (
                ("&Owner", self.owner),
                ("Or&ganisation", self.organisation),
                ("Neigh&bourhood", self.neighbourhood),
                ("Stat&us", self.status),
            )
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label, 0, column)
            filters.addWidget(combo, 1, column)
        filters.addWidget(self.overdue, 1, 4)
        for column in range(3):  # room to spare goes to the long names
            filters.setColumnStretch(column, 1)

        self.table = row_table(
            "Actions", self.model, QAbstractItemView.SelectionMode.ExtendedSelection
        )
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ACTION_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.stack, self.empty = with_empty_state(self.table)

        self.history = ActionHistory(db)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.completion)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        # Keyboard order follows what is on screen: filters, the list, its buttons, the history.
        order = [
            self.owner,
            self.organisation,
            self.neighbourhood,
            self.status,
            self.overdue,
            self.table,
            self.reopen_button,
            self.mark_not_done_button,
            self.mark_done_button,
            self.history.rows,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self.mark_done_action = self._shortcut(MARK_DONE_KEYS, self.mark_done)
        self.reopen_action = self._shortcut(REOPEN_KEYS, self.reopen)
        self.mark_done_button.clicked.connect(self.mark_done)
        self.reopen_button.clicked.connect(self.reopen)
        self.mark_not_done_button.clicked.connect(self.mark_not_done)
        for combo in (self.owner, self.organisation, self.neighbourhood, self.status):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue.toggled.connect(self._filters_changed)
        self.model.modelReset.connect(self._show_rows_or_why_not)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def _combo(self, name: str, length: int) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(length)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def _shortcut(self, keys: str, slot: Callable[[], None]) -> QAction:
        # Window-wide while the page is shown; the other areas' keys are not disturbed, as
        # a hidden page's shortcuts do not fire.
        action = QAction(self, shortcut=QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- reading ----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Another area (chair mode, members) may have changed actions since it was last shown.
        self.reload()

    def reload(self) -> None:
        """Read the filter choices, the list and the figure again, keeping what is chosen."""
        first = not self._loaded
        self._loaded = True
        self._fill(self.owner, "All owners", lookups.members(self._db, active_only=False))
        self._fill(self.organisation, "All organisations", actions.organisations(self._db))
        self._fill(self.neighbourhood, "All neighbourhoods", lookups.neighbourhoods(self._db))
        self.model.set_filter(self._current_filter())
        if first:
            self.fit_columns()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, choices: list[tuple[int, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for choice_id, label in choices:
            combo.addItem(label, choice_id)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _current_filter(self) -> ActionFilter:
        return ActionFilter(
            status=self.status.currentData(),
            overdue_on=self.model.today if self.overdue.isChecked() else None,
            owner_id=self.owner.currentData(),
            organisation_id=self.organisation.currentData(),
            neighbourhood_id=self.neighbourhood.currentData(),
        )

    def _filters_changed(self) -> None:
        self.model.set_filter(self._current_filter())
        self.fit_columns()

    def refresh(self, keep: list[int] | None = None) -> None:
        """Read the list again, choosing the actions ``keep`` (default: those chosen now)."""
        chosen = self.chosen_actions() if keep is None else keep
        current = self.table.currentIndex()
        position = current.row() if current.isValid() else 0
        self.model.refresh()
        rows = [r for r in map(self.model.row_of_action, chosen) if r is not None]
        if not rows and self.model.rowCount():
            rows = [min(position, self.model.rowCount() - 1)]
        self._choose_rows(rows)

    def _choose_rows(self, rows: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in rows:
            selection.select(
                self.model.index(row, 0),
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
        if rows:
            index = self.model.index(rows[0], 0)
            selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
            self.table.scrollTo(index)
        self._current_changed(self.table.currentIndex())

    def fit_columns(self) -> None:
        """Size the columns but the action's to the rows on screen; the action takes the rest."""
        fit_columns(
            self.table,
            [c for c in range(self.model.columnCount()) if c != ACTION_COLUMN],
            rows=FIT_ROWS,
            heading_room=24,
            widest=MAX_COLUMN_WIDTH,
            widest_by_heading=WIDEST,
        )

    def _show_rows_or_why_not(self) -> None:
        self.history.show_action(None)  # nothing is current after a reset
        self.completion.show_figure(*actions.completion(self._db, self.model.today))
        shown = self.model.rowCount()
        parts = [_plural(shown, "action")]
        late, soon = self.model.count_in(OVERDUE), self.model.count_in(DUE_SOON)
        soon += self.model.count_in(DUE_TODAY)
        if late:
            parts.append(f"{late:,} overdue")
        if soon:
            parts.append(f"{soon:,} due within 7 days")
        stranded = self.model.count_on_closed_cases()
        if stranded:
            where = "a closed case" if stranded == 1 else "closed cases"
            parts.append(f"{stranded:,} open on {where}")
        self.count.setText("  ·  ".join(parts))
        if shown:
            self.stack.setCurrentWidget(self.table)
            return
        which = self.model.action_filter
        if which.overdue_on is not None and which.status not in (None, "open"):
            text = (
                "“Overdue only” lists open actions only.\n"
                "Choose “Open” or “All” in Status, or clear “Overdue only”."
            )
        elif which.overdue_on is not None:
            text = "Nothing is overdue for these filters."
        elif which == ActionFilter():
            text = "There are no actions yet.\nActions are agreed in chair mode during a meeting."
        else:
            text = "No actions match these filters.\nChoose “All” in a filter to see more."
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def _current_changed(self, current, _previous=None) -> None:
        shown = current.isValid() and current.row() < self.model.rowCount()
        self.history.show_action(self.model.action(current.row()) if shown else None)

    def chosen_actions(self) -> list[int]:
        """The ids of the chosen rows, top to bottom."""
        return [row["id"] for row in self._chosen_rows()]

    def _chosen_rows(self) -> list[dict]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.action(row) for row in rows]

    # -- changing ---------------------------------------------------------------------------

    def mark_done(self) -> int:
        """Mark every chosen open action done today; return how many were marked."""
        chosen = self._chosen_rows()
        ids = [row["id"] for row in chosen if row["status"] == "open"]
        if not ids:
            self._tell("Choose one or more open actions in the list first (Shift+Down adds rows).")
            return 0
        # One transaction for them all: either every one is marked or none is.
        changed = self._change(
            lambda db: actions.mark_done(db, self._actor, ids),
            [row["id"] for row in chosen],
            "Nothing was changed.",
        )
        if changed is not None:
            skipped = len(chosen) - len(ids)
            also = f" ({skipped:,} chosen were not open)" if skipped else ""
            self.saved.emit(f"Marked {_plural(changed, 'action')} done{also}")
        return changed or 0

    def mark_not_done(self) -> int:
        """Mark every chosen open action not done, asking why; return how many were marked.

        This is how an open action of a closed case is settled here (hazard H-12), for example
        as handed over to another team.
        """
        chosen = self._chosen_rows()
        ids = [row["id"] for row in chosen if row["status"] == "open"]
        if not ids:
            self._tell("Choose one or more open actions in the list first (Shift+Down adds rows).")
            return 0
        words = prompts.current.ask_choice(
            self,
            "Mark not done",
            f"Why {'was this action' if len(ids) == 1 else f'were these {len(ids)} actions'} "
            "not done?",
            list(NOT_DONE_REASONS.values()),
        )
        if words is None:
            return 0
        why = next(code for code, said in NOT_DONE_REASONS.items() if said == words)
        changed = self._change(
            lambda db: actions.mark_not_done(db, self._actor, ids, why),
            [row["id"] for row in chosen],
            "Nothing was changed.",
        )
        if changed is not None:
            skipped = len(chosen) - len(ids)
            also = f" ({skipped:,} chosen were not open)" if skipped else ""
            self.saved.emit(f"Marked {_plural(changed, 'action')} not done{also}")
        return changed or 0

    def reopen(self) -> int:
        """Open the chosen done or not-done actions again; return how many were reopened.

        Actions of closed cases stay as they are: no meeting would hear them again (H-12).
        """
        chosen = self._chosen_rows()
        finished = [row for row in chosen if row["status"] != "open"]
        ids = [row["id"] for row in finished if row.get("case_status") != "closed"]
        if finished and not ids:
            self._tell(
                "An action of a closed case cannot be reopened: no meeting would hear it again. "
                "Add a new referral and raise the action there."
            )
            return 0
        if not ids:
            self._tell("Choose one or more done or not-done actions to reopen.")
            return 0

        def reopen_all(db) -> int:
            for action_id in ids:
                actions.carry_on(db, self._actor, action_id)
            return len(ids)

        changed = self._change(
            reopen_all, [row["id"] for row in chosen], "The list shows what was saved."
        )
        if changed is not None:
            kept = len(finished) - len(ids)
            also = f" ({kept:,} of closed cases stay as they are)" if kept else ""
            self.saved.emit(f"Reopened {_plural(changed, 'action')}{also}")
        return changed or 0

    def _change(
        self, work: Callable[[Database], int], keep: list[int], after_failure: str
    ) -> int | None:
        try:
            changed = work(self._writer())
        except sqlite.Error as exc:
            log.exception("changing actions failed")
            prompts.current.error(
                self, "Not changed", f"{explain_error(exc, 'The database')} {after_failure}"
            )
            changed = None
        except MdtError as exc:
            prompts.current.error(self, "Not changed", f"{exc} {after_failure}")
            changed = None
        self.refresh(keep=keep)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return changed

    def _tell(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)
