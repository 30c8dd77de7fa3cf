"""Closing a case with nothing left open (hazard H-12 of the clinical safety hazard log).

Every follow-up route skips a closed case: agenda suggestions leave it out and it cannot be put
on an agenda, so its actions can never come back as matters arising. An action still open when
its case closes would be an agreed action lost. So a case with open actions closes only with a
decision on every one of them, done or not done with a reason, written in the closing's own
transaction (``agenda.set_outcome`` and ``register.save_case_record`` call ``decide_open_actions``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import ValidationError
from mdtdesk.core.records import save_row
from mdtdesk.core.vocabulary import NOT_DONE_REASONS

if TYPE_CHECKING:
    from sqlite_utils import Database

# The field the refusals are reported against: the case's status is what cannot change yet.
FIELD = "status"
DONE, NOT_DONE = "done", "not_done"
# Decisions given where no case is closing: a caller's mistake, refused rather than ignored.
ACTIONS_ONLY_AT_CLOSING = "Open actions are decided only as their case closes. Nothing was changed."


@dataclass(frozen=True)
class OpenAction:
    """An open action of a case, as the chair sees it before closing the case."""

    id: int
    description: str
    owner: str | None
    owner_role: str | None
    organisation: str | None
    due_on: dt.date | None
    priority: str


@dataclass(frozen=True)
class ActionDecision:
    """What becomes of one open action as its case closes: ``done``, or ``not_done`` with a
    ``not_done_reason`` from NOT_DONE_REASONS."""

    action_id: int
    outcome: str
    not_done_reason: str | None = None

    @classmethod
    def done(cls, action_id: int) -> ActionDecision:
        """The action was done."""
        return cls(action_id, DONE)

    @classmethod
    def not_done(cls, action_id: int, reason: str) -> ActionDecision:
        """The action was not done, and will not be: ``reason`` is a NOT_DONE_REASONS code."""
        return cls(action_id, NOT_DONE, reason)


class OpenActionsOnClosing(ValidationError):
    """Closing a case was refused because it has open actions without a decision; nothing was
    changed. ``open_actions`` lists every open action of the case (``OpenAction``), for the
    chair to decide each one and close again."""

    def __init__(self, open_actions: Sequence[OpenAction]):
        self.open_actions = tuple(open_actions)
        count = len(self.open_actions)
        if count == 1:
            message = (
                "This case still has 1 open action. Mark it done or not done before closing "
                "the case."
            )
        else:
            message = (
                f"This case still has {count} open actions. Mark each one done or not done "
                "before closing the case."
            )
        super().__init__({FIELD: message})


def open_actions(db: Database | sqlite.Connection, case_id: int) -> list[OpenAction]:
    """The case's open actions, soonest due first, with their owners: what must each be decided
    before the case can close."""
    cursor = db.execute(
        "SELECT a.id, a.description, m.name, m.role, o.name, a.due_on, a.priority "
        "FROM actions a LEFT JOIN members m ON m.id = a.owner_id "
        "LEFT JOIN organisations o ON o.id = m.organisation_id "
        "WHERE a.case_id = ? AND a.status = 'open' ORDER BY a.due_on IS NULL, a.due_on, a.id",
        [case_id],
    )
    return [
        OpenAction(
            id=row[0],
            description=row[1],
            owner=row[2],
            owner_role=row[3],
            organisation=row[4],
            due_on=dt.date.fromisoformat(row[5][:10]) if row[5] else None,
            priority=row[6],
        )
        for row in cursor
    ]


def decide_open_actions(
    db: Database,
    actor: str,
    case_id: int,
    decisions: Sequence[ActionDecision],
    on: dt.date,
    meeting_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Apply a decision to every open action of a case that is closing, audited under ``actor``
    (and ``reason``, an amendment's). Call inside the closing's transaction, before it writes.

    Refused, with nothing written: a decision that is not done or not done with a reason
    (ValidationError); a decision for an action that is not an open action of this case, or two
    for one action (ValidationError); any open action left without a decision
    (OpenActionsOnClosing). A case with no open actions and no decisions passes untouched.

    Done is dated ``on``. At a meeting (``meeting_id``), an action raised at an earlier meeting
    is also recorded as that meeting's answer on it, as a matter arising, so its minutes say
    what became of it.
    """
    for decision in decisions:
        if decision.outcome not in (DONE, NOT_DONE):
            raise ValidationError({FIELD: "Choose done or not done for each open action."})
        if decision.outcome == NOT_DONE and decision.not_done_reason not in NOT_DONE_REASONS:
            raise ValidationError({FIELD: "Choose why each action marked not done was not done."})
    listed = open_actions(db, case_id)
    open_ids = {action.id for action in listed}
    decided = [decision.action_id for decision in decisions]
    strangers = sorted(set(decided) - open_ids)
    if strangers or len(decided) != len(set(decided)):
        which = ", ".join(str(n) for n in strangers) if strangers else "an action"
        raise ValidationError(
            {
                FIELD: f"A decision was given for {which}, which is not an open action of this "
                "case (or was decided twice). Nothing was changed: look at the case's open "
                "actions again and decide each one once."
            }
        )
    if open_ids - set(decided):
        raise OpenActionsOnClosing(listed)
    earlier = _raised_before(db, meeting_id) if meeting_id is not None else set()
    for decision in decisions:
        if decision.outcome == DONE:
            row = {"status": "done", "completed_on": on.isoformat(), "not_done_reason": None}
        else:
            row = {
                "status": "cancelled",
                "completed_on": None,
                "not_done_reason": decision.not_done_reason,
            }
        save_row(db, actor, "actions", decision.action_id, row, reason)
        if decision.action_id in earlier:
            _record_review(db, actor, meeting_id, decision, reason)


def _raised_before(db: Database, meeting_id: int) -> set[int]:
    """Actions raised at meetings before this one: the ones it hears as matters arising."""
    return {
        row[0]
        for row in db.execute(
            "SELECT a.id FROM actions a JOIN agenda_items i ON i.id = a.raised_at_item_id "
            "JOIN meetings earlier ON earlier.id = i.meeting_id "
            "WHERE earlier.id <> :meeting AND a.status = 'open' "
            "AND earlier.starts_at < (SELECT starts_at FROM meetings WHERE id = :meeting)",
            {"meeting": meeting_id},
        )
    }


def _record_review(
    db: Database, actor: str, meeting_id: int, decision: ActionDecision, reason: str | None
) -> None:
    existing = db.execute(
        "SELECT id FROM action_reviews WHERE action_id = ? AND meeting_id = ?",
        [decision.action_id, meeting_id],
    ).fetchone()
    review = {
        "action_id": decision.action_id,
        "meeting_id": meeting_id,
        "outcome": decision.outcome,
        "not_done_reason": decision.not_done_reason if decision.outcome == NOT_DONE else None,
    }
    save_row(db, actor, "action_reviews", existing[0] if existing else None, review, reason)
