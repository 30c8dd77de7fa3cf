"""Care-plan actions: raised at an agenda item, owned by a member, carried until done.

An open action comes back at every meeting as a matter arising until it is marked done, carried
on, or not done with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.db import write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound, ValidationError
from mdtdesk.core.meetings import refuse_if_closed
from mdtdesk.core.objections import refuse_if_reason_needed
from mdtdesk.core.records import save_row
from mdtdesk.core.vocabulary import NOT_DONE_REASONS, PRIORITIES, REVIEW_OUTCOMES

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_DESCRIPTION = 2_000
# Every follow-up route skips a closed case, so nothing may be left open on one (hazard H-12).
NEW_ON_CLOSED_CASE = (
    "This case is closed, so no action can be added to it. To reopen it, choose a review date "
    "at the item that closed it; otherwise add a new referral for the person."
)
KEEP_OPEN_ON_CLOSED_CASE = (
    "This action's case is closed, so the action cannot stay open: no meeting would hear it "
    "again. Mark it done or not done instead."
)

_SELECT = """
    SELECT a.id, a.case_id, a.raised_at_item_id, a.description, a.owner_id,
        m.name AS owner, m.role AS owner_role, o.name AS organisation, a.due_on, a.priority,
        a.status, a.completed_on, a.not_done_reason, p.nhs_number, p.given_name,
        p.family_name, n.name AS neighbourhood, c.status AS case_status
    FROM actions a
    JOIN cases c ON c.id = a.case_id
    JOIN people p ON p.id = c.person_id
    LEFT JOIN neighbourhoods n ON n.id = p.neighbourhood_id
    LEFT JOIN members m ON m.id = a.owner_id
    LEFT JOIN organisations o ON o.id = m.organisation_id
"""
# The same, with what this meeting made of each action (matters arising).
_WITH_REVIEW = _SELECT.replace(
    "SELECT", "SELECT rv.outcome AS review, rv.not_done_reason AS review_reason,", 1
)


@dataclass(frozen=True)
class ActionFilter:
    """Which actions to list. None means any."""

    status: str | None = None
    overdue_on: dt.date | None = None  # open and due before this day
    owner_id: int | None = None
    organisation_id: int | None = None
    neighbourhood_id: int | None = None
    case_id: int | None = None


def add_action(
    db: Database,
    actor: str,
    item_id: int,
    description: str,
    owner_id: int | None,
    due_on: dt.date | None,
    priority: str = "normal",
    reason: str | None = None,
) -> int:
    """Raise an action at an agenda item for that item's case; return its id.

    On a closed meeting the action is an amendment, made only with a ``reason``. A closed case
    takes no new action: it would never come back to a meeting (hazard H-12). Refused while
    the item waits for the reason to discuss a person who objected to information sharing
    (``objections.refuse_if_reason_needed``): an action agreed is part of the discussion.
    """
    text = (description or "").strip()
    problems = {}
    if not text:
        problems["description"] = "Say what is to be done."
    elif len(text) > MAX_DESCRIPTION:
        problems["description"] = f"Keep it under {MAX_DESCRIPTION:,} characters."
    if owner_id is None:
        problems["owner_id"] = "Choose who will do it."
    if due_on is None:
        problems["due_on"] = "Choose when it is due."
    if priority not in PRIORITIES:
        problems["priority"] = "Choose the priority."
    if problems:
        raise ValidationError(problems)
    with write_transaction(db):
        row = db.execute(
            "SELECT meeting_id, case_id FROM agenda_items WHERE id = ?", [item_id]
        ).fetchone()
        if row is None:
            raise NotFound("This agenda item no longer exists.")
        meeting_id, case_id = row
        if case_id is None:
            raise ValidationError({"description": "Actions belong to a case's item."})
        refuse_if_closed(db, meeting_id, reason)
        refuse_if_reason_needed(db, item_id)
        if _case_is_closed(db, case_id):
            raise ValidationError({"description": NEW_ON_CLOSED_CASE})
        values = {
            "case_id": case_id,
            "raised_at_item_id": item_id,
            "description": text,
            "owner_id": owner_id,
            "due_on": due_on.isoformat(),
            "priority": priority,
            "status": "open",
        }
        return save_row(db, actor, "actions", None, values, reason)


def mark_done(db: Database, actor: str, action_ids: list[int], on: dt.date | None = None) -> int:
    """Mark one or several actions done in one transaction; return how many changed."""
    day = (on or dt.date.today()).isoformat()
    changed = 0
    with write_transaction(db):
        for action_id in action_ids:
            _require(db, action_id)
            before = db.execute("SELECT status FROM actions WHERE id = ?", [action_id]).fetchone()
            if before[0] != "done":
                row = {"status": "done", "completed_on": day, "not_done_reason": None}
                save_row(db, actor, "actions", action_id, row)
                changed += 1
    return changed


def mark_not_done(db: Database, actor: str, action_ids: int | Sequence[int], reason: str) -> int:
    """Close one or several actions as not done, with a reason from NOT_DONE_REASONS, in one
    transaction; return how many changed."""
    if reason not in NOT_DONE_REASONS:
        raise ValidationError({"not_done_reason": "Choose why it was not done."})
    ids = [action_ids] if isinstance(action_ids, int) else list(action_ids)
    changed = 0
    with write_transaction(db):
        for action_id in ids:
            _require(db, action_id)
            row = {"status": "cancelled", "completed_on": None, "not_done_reason": reason}
            before = db["actions"].get(action_id)
            if any(before[k] != v for k, v in row.items()):
                save_row(db, actor, "actions", action_id, row)
                changed += 1
    return changed


def carry_on(db: Database, actor: str, action_id: int, due_on: dt.date | None = None) -> None:
    """Keep an action open for the next meeting, perhaps with a new due date.

    Refused for an action of a closed case: no meeting would ever hear it again (hazard H-12).
    """
    with write_transaction(db):
        _require(db, action_id)
        _refuse_open_on_closed_case(db, action_id)
        row = {"status": "open", "completed_on": None, "not_done_reason": None}
        if due_on is not None:
            row["due_on"] = due_on.isoformat()
        save_row(db, actor, "actions", action_id, row)


def list_actions(db: Database | sqlite.Connection, which: ActionFilter | None = None) -> list[dict]:
    """Actions matching the filter, soonest due first, with person, owner and organisation,
    and ``case_status``: an open action whose case is closed comes back to no meeting, so the
    Actions area says so (hazard H-12)."""
    which = which or ActionFilter()
    clauses, params = [], []
    for column, value in (
        ("a.status", which.status),
        ("a.owner_id", which.owner_id),
        ("m.organisation_id", which.organisation_id),
        ("p.neighbourhood_id", which.neighbourhood_id),
        ("a.case_id", which.case_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if which.overdue_on is not None:
        clauses.append("a.status = 'open' AND a.due_on < ?")
        params.append(which.overdue_on.isoformat())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    cursor = db.execute(f"{_SELECT} {where} ORDER BY a.due_on, a.id", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def matters_arising(
    db: Database | sqlite.Connection, meeting_id: int, case_id: int | None = None
) -> list[dict]:
    """Actions raised at earlier meetings for the cases on this meeting's agenda (or one of
    them): every one still open, and every one already reviewed at this meeting, with ``review``
    (done, carried_on, not_done or None) and ``review_reason`` saying what the meeting made of it.
    """
    case_clause = (
        "a.case_id = :case"
        if case_id is not None
        else "a.case_id IN (SELECT case_id FROM agenda_items WHERE meeting_id = :meeting)"
    )
    cursor = db.execute(
        f"{_WITH_REVIEW} JOIN agenda_items raised ON raised.id = a.raised_at_item_id "
        "JOIN meetings earlier ON earlier.id = raised.meeting_id "
        "LEFT JOIN action_reviews rv ON rv.action_id = a.id AND rv.meeting_id = :meeting "
        f"WHERE {case_clause} AND earlier.id <> :meeting "
        "AND earlier.starts_at < (SELECT starts_at FROM meetings WHERE id = :meeting) "
        "AND (a.status = 'open' OR rv.id IS NOT NULL) "
        "ORDER BY a.case_id, a.due_on, a.id",
        {"meeting": meeting_id, "case": case_id},
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def review_action(
    db: Database,
    actor: str,
    meeting_id: int,
    action_id: int,
    outcome: str,
    not_done_reason: str | None = None,
    due_on: dt.date | None = None,
    reason: str | None = None,
) -> None:
    """Record what a meeting made of an earlier action (a matter arising), and change the action
    to match in the same transaction: done, carried on (still open, perhaps due later) or not
    done with a reason from NOT_DONE_REASONS. Asked again, the meeting's answer is replaced.
    Carrying on an action of a closed case is refused, as it would be left open where no
    meeting hears it again (hazard H-12).

    A closed meeting's answers change only as an amendment with a ``reason``; an amendment
    corrects that meeting's record but leaves the action as a later meeting's review left it.
    """
    if outcome not in REVIEW_OUTCOMES:
        raise ValidationError({"outcome": "Choose done, carried on or not done."})
    if outcome == "not_done" and not_done_reason not in NOT_DONE_REASONS:
        raise ValidationError({"not_done_reason": "Choose why it was not done."})
    with write_transaction(db):
        refuse_if_closed(db, meeting_id, reason)
        day = db.execute(
            "SELECT date(starts_at) FROM meetings WHERE id = ?", [meeting_id]
        ).fetchone()[0]
        _require(db, action_id)
        if outcome == "done":
            row = {"status": "done", "completed_on": day, "not_done_reason": None}
        elif outcome == "not_done":
            row = {"status": "cancelled", "completed_on": None, "not_done_reason": not_done_reason}
        else:
            row = {"status": "open", "completed_on": None, "not_done_reason": None}
            if due_on is not None:
                row["due_on"] = due_on.isoformat()
        reviewed_later = db.execute(
            "SELECT 1 FROM action_reviews r JOIN meetings m ON m.id = r.meeting_id "
            "WHERE r.action_id = ? AND m.starts_at > (SELECT starts_at FROM meetings WHERE id = ?)",
            [action_id, meeting_id],
        ).fetchone()
        if not reviewed_later:
            if row["status"] == "open":
                _refuse_open_on_closed_case(db, action_id)
            save_row(db, actor, "actions", action_id, row, reason)
        existing = db.execute(
            "SELECT id FROM action_reviews WHERE action_id = ? AND meeting_id = ?",
            [action_id, meeting_id],
        ).fetchone()
        review = {
            "action_id": action_id,
            "meeting_id": meeting_id,
            "outcome": outcome,
            "not_done_reason": not_done_reason if outcome == "not_done" else None,
        }
        save_row(db, actor, "action_reviews", existing[0] if existing else None, review, reason)


def raised_at(db: Database | sqlite.Connection, item_id: int) -> list[dict]:
    """The actions raised at one agenda item, in the order they were added."""
    cursor = db.execute(f"{_SELECT} WHERE a.raised_at_item_id = ? ORDER BY a.id", [item_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def completion(db: Database | sqlite.Connection, today: dt.date | None = None) -> tuple[int, int]:
    """(actions done by their due date, actions due by today): the decision-completion figure."""
    day = (today or dt.date.today()).isoformat()
    return db.execute(
        "SELECT coalesce(sum(status = 'done' AND completed_on <= due_on), 0), count(*) "
        "FROM actions WHERE due_on <= ? AND status <> 'cancelled'",
        [day],
    ).fetchone()


def organisations(db: Database | sqlite.Connection) -> list[tuple[int, str]]:
    """Organisations that have members, who can own actions, as (id, name), by name."""
    return list(
        db.execute(
            "SELECT id, name FROM organisations o "
            "WHERE EXISTS (SELECT 1 FROM members m WHERE m.organisation_id = o.id) "
            "ORDER BY name COLLATE NOCASE"
        )
    )


def _require(db: Database, action_id: int) -> None:
    if db.execute("SELECT 1 FROM actions WHERE id = ?", [action_id]).fetchone() is None:
        raise NotFound("This action no longer exists.")


def _case_is_closed(db: Database, case_id: int) -> bool:
    row = db.execute("SELECT status FROM cases WHERE id = ?", [case_id]).fetchone()
    return row is not None and row[0] == "closed"


def _refuse_open_on_closed_case(db: Database, action_id: int) -> None:
    """An open action on a closed case is never heard again: keep none open there (H-12)."""
    case_id = db.execute("SELECT case_id FROM actions WHERE id = ?", [action_id]).fetchone()[0]
    if _case_is_closed(db, case_id):
        raise ValidationError({"status": KEEP_OPEN_ON_CLOSED_CASE})
