"""Chair mode's outcome of an item: when the case is reviewed again, or that it is closed and why.

Every change is saved at once through ``agenda.set_outcome``; what is shown after a change is what
the database holds, read again. Closing a case with open actions first asks what became of each
one (``close_case_dialog``), and saves the decisions with the closing.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mdtdesk.core import agenda, case_closing, chair
from mdtdesk.core.case_closing import ActionDecision
from mdtdesk.core.dates import format_date, format_short_date, parse_date
from mdtdesk.core.errors import MdtError
from mdtdesk.core.vocabulary import CLOSED_REASONS
from mdtdesk.gui import prompts
from mdtdesk.gui.chair_panel import ChairPanel
from mdtdesk.gui.close_case_dialog import ask_decisions
from mdtdesk.gui.styling import set_style_property

NO_OUTCOME = "No outcome yet: choose a review date or close the case."
NO_CASE = "Any other business has no case, so it has no outcome."
NO_ITEM = "Choose an agenda item to record its outcome."
CHOOSE_REASON = "Choose why the case is closing."
KEPT_OPEN = "Not closed: the case and its open actions are as they were."
SUGGESTED_WEEKS = 8


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _decided(decisions: list[ActionDecision]) -> str:
    """What the closing did to the case's open actions, e.g. ". 1 action done, 2 not done"."""
    if not decisions:
        return ""
    done = sum(d.outcome == "done" for d in decisions)
    parts = []
    if done:
        parts.append(f"{done} action{'' if done == 1 else 's'} done")
    if len(decisions) - done:
        noun = "" if parts else (" action" if len(decisions) - done == 1 else " actions")
        parts.append(f"{len(decisions) - done}{noun} not done")
    return ". " + ", ".join(parts)


class OutcomePanel(ChairPanel):
    """Record what the meeting decided about a case's future: review again on a date, or close.

    Reads through ``conn``; writes through ``writer()`` and ``agenda.set_outcome``.
    ``actions_decided`` is emitted after a closing that also decided the case's open actions, so
    that panels showing those actions (matters arising, the item's actions) can read them again.
    """

    actions_decided = Signal()

    def _build(self) -> None:
        self._item: dict | None = None
        self._reason: str | None = None
        self._outcome: chair.ItemOutcome | None = None

        heading = QLabel("Outcome")
        heading.setObjectName("section")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.review = QRadioButton("Re&view again on")
        self.review.setAccessibleName("Review again")
        self.review_date = QLineEdit(placeholderText="dd/mm/yyyy")
        self.review_date.setAccessibleName("Next review date")
        self.review_date.setMaximumWidth(150)
        self.in_4_weeks = QPushButton("4 wee&ks")
        self.in_4_weeks.setAccessibleName("Review in 4 weeks")
        self.in_3_months = QPushButton("3 &months")
        self.in_3_months.setAccessibleName("Review in 3 months")
        self.close_case = QRadioButton("C&lose the case")
        self.close_case.setAccessibleName("Close the case")
        self.close_reason = QComboBox()
        self.close_reason.addItem("Choose why…", None)
        for code, label in CLOSED_REASONS.items():
            self.close_reason.addItem(label, code)
        self.close_reason.setAccessibleName("Reason for closing")
        reason_label = QLabel("Rea&son")
        reason_label.setBuddy(self.close_reason)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.review)
        self.choice.addButton(self.close_case)

        self.inputs = QWidget()
        grid = QGridLayout(self.inputs)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.addWidget(self.review, 0, 0)
        review_row = QHBoxLayout()
        review_row.setSpacing(8)
        for widget in (self.review_date, self.in_4_weeks, self.in_3_months):
            review_row.addWidget(widget)
        review_row.addStretch(1)
        grid.addLayout(review_row, 0, 1)
        grid.addWidget(self.close_case, 1, 0)
        close_row = QHBoxLayout()
        close_row.setSpacing(8)
        close_row.addWidget(reason_label)
        close_row.addWidget(self.close_reason)
        close_row.addStretch(1)
        grid.addLayout(close_row, 1, 1)
        grid.setColumnStretch(1, 1)

        self.result = QLabel()
        self.result.setObjectName("hint")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Outcome saved")
        self.problem = QLabel()
        self.problem.setObjectName("form_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.inputs)
        layout.addWidget(self.problem)
        layout.addWidget(self.result)
        layout.addStretch(1)

        # User actions only (clicked, activated, returnPressed): refilling never saves.
        self.review.clicked.connect(self._review_chosen)
        self.close_case.clicked.connect(self._close_chosen)
        self.review_date.returnPressed.connect(self._apply_date)
        self.review_date.editingFinished.connect(self._date_left)
        self.in_4_weeks.clicked.connect(lambda: self._review_in(weeks=4))
        self.in_3_months.clicked.connect(lambda: self._review_in(months=3))
        self.close_reason.activated.connect(self._reason_chosen)
        self.show_item(0, None, None, False)

    # -- showing an item --------------------------------------------------------------------

    def show_item(
        self, meeting_id: int, item: dict | None, reason: str | None, read_only: bool
    ) -> None:
        """Show the outcome of ``item`` (an ``agenda.items`` row) as the database holds it.

        ``reason`` is the amendment reason while a closed meeting is amended; ``read_only``
        disables every input.
        """
        self._item, self._reason = item, reason
        self._outcome = chair.item_outcome(self._conn, item["id"]) if item else None
        self.result.clear()
        self._refill()
        closed_elsewhere = self._outcome is not None and self._outcome.closed_elsewhere
        self.inputs.setEnabled(self._outcome is not None and not read_only and not closed_elsewhere)

    def _refill(self) -> None:
        """Set every input to the outcome read last (``self._outcome``)."""
        self._show_problem(None)
        outcome = self._outcome
        self.choice.setExclusive(False)
        self.review.setChecked(bool(outcome and outcome.next_review_on))
        self.close_case.setChecked(bool(outcome and outcome.close_reason))
        self.choice.setExclusive(True)
        self.close_reason.setCurrentIndex(
            max(self.close_reason.findData(outcome.close_reason if outcome else None), 0)
        )
        self.review_date.setText(format_short_date(self._suggested_date()))
        if self._item is None:
            self.hint.setText(NO_ITEM)
        elif outcome is None:
            self.hint.setText(NO_CASE)
        elif outcome.closed_elsewhere:
            why = CLOSED_REASONS.get(outcome.case_closed_reason, "")
            self.hint.setText(
                f"This case was closed elsewhere ({why}). Add a new referral to review it again."
            )
        elif not (outcome.next_review_on or outcome.close_reason):
            self.hint.setText(NO_OUTCOME)
        else:
            self.hint.clear()
        self.hint.setVisible(bool(self.hint.text()))

    def _suggested_date(self) -> dt.date | None:
        outcome = self._outcome
        if outcome is None:
            return None
        if outcome.next_review_on:
            return outcome.next_review_on
        known = outcome.case_next_review_on
        if known and known > outcome.meeting_day:
            return known
        return outcome.meeting_day + dt.timedelta(weeks=SUGGESTED_WEEKS)

    # -- choosing ----------------------------------------------------------------------------

    def _review_chosen(self) -> None:
        self._apply_date()
        self.review_date.setFocus(Qt.FocusReason.OtherFocusReason)

    def _review_in(self, weeks: int = 0, months: int = 0) -> None:
        if self._outcome is None:
            return
        day = add_months(self._outcome.meeting_day, months) + dt.timedelta(weeks=weeks)
        self.review_date.setText(format_short_date(day))
        self._apply_date()

    def _date_left(self) -> None:
        # Leaving the field applies a date the user changed; a suggestion passed over is not one.
        if self.review_date.isModified():
            self._apply_date()

    def _apply_date(self) -> None:
        if not self.inputs.isEnabled():
            return
        self.review_date.setModified(False)
        try:
            day = parse_date(self.review_date.text())
        except ValueError as exc:
            self._refill_choice()
            self._show_problem(f"Review date: {exc}", date_wrong=True)
            return
        if self._outcome and self._outcome.next_review_on == day:
            self.review.setChecked(True)
            self._show_problem(None)
            return
        self._save(next_review_on=day)

    def _close_chosen(self) -> None:
        if self.close_reason.currentData() is None:
            self._show_problem(CHOOSE_REASON)
            self.close_reason.setFocus(Qt.FocusReason.OtherFocusReason)
            self.close_reason.showPopup()
            return
        self._reason_chosen()

    def _reason_chosen(self) -> None:
        code = self.close_reason.currentData()
        outcome = self._outcome
        if outcome is None or not self.inputs.isEnabled():
            return
        if code is None:
            self._refill_choice()
            return
        if outcome.close_reason == code:
            self.close_case.setChecked(True)
            self._show_problem(None)
            return
        decisions: list[ActionDecision] = []
        if outcome.close_reason is None:
            # Closing now. Open actions would never come back (H-12): each is decided first, in
            # a dialog that also stands for the confirmation.
            still_open = case_closing.open_actions(self._conn, outcome.case_id)
            if still_open:
                decided = ask_decisions(self, still_open, self._person(), CLOSED_REASONS[code])
                if decided is None:
                    self._kept_open()
                    return
                decisions = decided
            elif not self._confirm_close(code):
                self._refill_choice()
                return
        self.close_case.setChecked(True)
        self._save(close_reason=code, action_decisions=decisions)

    def _person(self) -> str:
        return f"{self._item.get('given_name') or ''} {self._item.get('family_name') or ''}".strip()

    def _kept_open(self) -> None:
        """The chair cancelled the closing: show the outcome as saved, and say nothing changed."""
        self._outcome = chair.item_outcome(self._conn, self._item["id"])
        self._refill_choice()
        self.result.setText(KEPT_OPEN)
        self.close_case.setFocus(Qt.FocusReason.OtherFocusReason)

    def _confirm_close(self, code: str) -> bool:
        return prompts.current.confirm(
            self,
            "Close the case",
            f"Close {self._person()}'s case ({CLOSED_REASONS[code]})? It comes off the caseload. "
            "Choosing a review date at this item again reopens it.",
            "Close case",
        )

    def _refill_choice(self) -> None:
        """Put the radios and reason back as saved, keeping a typed date to correct."""
        typed = self.review_date.text()
        self._refill()
        self.review_date.setText(typed)

    def _save(
        self,
        next_review_on: dt.date | None = None,
        close_reason: str | None = None,
        action_decisions: list[ActionDecision] | None = None,
    ) -> None:
        try:
            agenda.set_outcome(
                self._writer(),
                self._actor,
                self._item["id"],
                next_review_on=next_review_on,
                close_reason=close_reason,
                reason=self._reason,
                action_decisions=action_decisions or (),
            )
        except MdtError as exc:
            self._outcome = chair.item_outcome(self._conn, self._item["id"])
            self._refill_choice()
            problems = getattr(exc, "problems", {})
            self._show_problem(str(exc), date_wrong="next_review_on" in problems)
            return
        self._outcome = chair.item_outcome(self._conn, self._item["id"])
        self._refill()
        if self._outcome.close_reason:
            why = CLOSED_REASONS[self._outcome.close_reason]
            self.result.setText(f"Saved: case closed ({why}){_decided(action_decisions or [])}")
            self.saved.emit("Case closed")
            if action_decisions:
                self.actions_decided.emit()
        else:
            self.result.setText(f"Saved: review on {format_date(self._outcome.next_review_on)}")
            self.saved.emit("Review date saved")

    def _show_problem(self, text: str | None, date_wrong: bool = False) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))
        if text:
            self.result.clear()
        set_style_property(self.review_date, "invalid", date_wrong)
