"""A meeting's agenda: its items, their order and state, what was discussed, and suggestions.

Suggestions close the loop of DESIGN.md section 1: new referrals, reviews falling due, items
deferred or not reached last time, and cases with overdue actions all come back to the next
meeting of their neighbourhood.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.case_closing import (
    ACTIONS_ONLY_AT_CLOSING,
    ActionDecision,
    decide_open_actions,
)
from mdtdesk.core.chair import item_outcome
from mdtdesk.core.db import write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound, ValidationError
from mdtdesk.core.meetings import refuse_if_closed
from mdtdesk.core.objections import refuse_if_reason_needed
from mdtdesk.core.records import save_row
from mdtdesk.core.vocabulary import AGENDA_KINDS, CLOSED_REASONS, ITEM_STATUSES

if TYPE_CHECKING:
    from sqlite_utils import Database

DISCUSSION_FIELDS = (
    "situation",
    "notes",
    "decision",
    "no_decision_reason",
    "what_matters",
    "who_tells_person",
)
MAX_NOTE = 50_000


@dataclass(frozen=True)
class Suggestion:
    """A case the next meeting should hear, who it is about, and why."""

    case_id: int
    kind: str
    reason: str
    given_name: str
    family_name: str
    nhs_number: str


def add_item(
    db: Database,
    actor: str,
    meeting_id: int,
    case_id: int | None,
    kind: str,
    minutes_allowed: int = 10,
    presenter_id: int | None = None,
    sharing_override_reason: str | None = None,
    title: str | None = None,
) -> int:
    """Put a case (or, for any other business, a titled item) at the end of the agenda.

    A person who objected to information sharing is refused unless an override reason is given;
    the reason is recorded with the item.
    """
    if kind not in AGENDA_KINDS:
        raise ValidationError({"kind": "Choose the kind of item."})
    if not 1 <= minutes_allowed <= 120:
        raise ValidationError({"minutes_allowed": "Allow between 1 and 120 minutes."})
    if case_id is None and not (title or "").strip():
        raise ValidationError({"title": "Give the item a title, or choose a case."})
    with write_transaction(db):
        refuse_if_closed(db, meeting_id, None)
        if case_id is not None:
            _check_case(db, meeting_id, case_id, sharing_override_reason)
        position = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?",
            [meeting_id],
        ).fetchone()[0]
        row = {
            "meeting_id": meeting_id,
            "case_id": case_id,
            "kind": kind,
            "position": position,
            "minutes_allowed": minutes_allowed,
            "presenter_id": presenter_id,
            "status": "pending",
            "sharing_override_reason": (sharing_override_reason or "").strip() or None,
            "title": (title or "").strip() or None,
        }
        return save_row(db, actor, "agenda_items", None, row)


def _check_case(db: Database, meeting_id: int, case_id: int, override: str | None) -> None:
    # The messages name nobody: they can reach the log, and the screen that shows them already
    # shows who is being added.
    row = db.execute(
        "SELECT p.info_sharing, c.status FROM cases c JOIN people p ON p.id = c.person_id "
        "WHERE c.id = ?",
        [case_id],
    ).fetchone()
    if row is None:
        raise NotFound("This case no longer exists.")
    sharing, status = row
    if status == "closed":
        raise ValidationError(
            {"case_id": "This person's case is closed. Add a new referral for them first."}
        )
    on_agenda = db.execute(
        "SELECT 1 FROM agenda_items WHERE meeting_id = ? AND case_id = ?", [meeting_id, case_id]
    ).fetchone()
    if on_agenda:
        raise ValidationError({"case_id": "This person is already on this agenda."})
    if sharing == "objected" and not (override or "").strip():
        raise ValidationError(
            {
                "sharing_override_reason": "This person objected to information sharing. Give "
                "the reason for discussing them anyway; it is recorded with the item."
            }
        )


def move_item(db: Database, actor: str, item_id: int, new_position: int) -> None:
    """Move an item to ``new_position`` (1 is first), shifting the others to make room."""
    with write_transaction(db):
        row = db.execute("SELECT meeting_id FROM agenda_items WHERE id = ?", [item_id]).fetchone()
        if row is None:
            raise NotFound("This agenda item no longer exists.")
        refuse_if_closed(db, row[0], None)
        order = [
            r[0]
            for r in db.execute(
                "SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id", [row[0]]
            )
        ]
        order.remove(item_id)
        order.insert(max(0, min(new_position - 1, len(order))), item_id)
        for position, other in enumerate(order, start=1):
            save_row(db, actor, "agenda_items", other, {"position": position})


def set_item_status(
    db: Database, actor: str, item_id: int, status: str, reason: str | None = None
) -> None:
    """Mark an item pending, discussed or deferred.

    Marking discussed is refused while the item waits for the reason to discuss a person who
    objected to information sharing (``objections.refuse_if_reason_needed``); deferring it, or
    leaving it pending (not reached), is not. A closed meeting's item changes only as an
    amendment with a ``reason``.
    """
    if status not in ITEM_STATUSES:
        raise ValidationError({"status": "Choose pending, discussed or deferred."})
    with write_transaction(db):
        meeting_id = _meeting_of(db, item_id)
        refuse_if_closed(db, meeting_id, reason)
        if status == "discussed":
            refuse_if_reason_needed(db, item_id)
        save_row(db, actor, "agenda_items", item_id, {"status": status}, reason)
        if status == "discussed":
            # Heard by the MDT, a referral becomes an active case.
            case = db.execute(
                "SELECT c.id FROM agenda_items i JOIN cases c ON c.id = i.case_id "
                "WHERE i.id = ? AND c.status = 'referred'",
                [item_id],
            ).fetchone()
            if case:
                save_row(db, actor, "cases", case[0], {"status": "active"}, reason)


def save_discussion(
    db: Database, actor: str, item_id: int, values: dict[str, str | None], reason: str | None = None
) -> None:
    """Save what was said about an item: the autosave target, so a no-change save writes nothing.

    A closed meeting's discussion changes only as an amendment with a ``reason``. Refused
    while the item waits for the reason to discuss a person who objected to information sharing
    (``objections.refuse_if_reason_needed``), unless the save would change nothing.
    """
    unknown = set(values) - set(DISCUSSION_FIELDS)
    if unknown:
        raise ValueError(f"not discussion fields: {sorted(unknown)}")
    for name, value in values.items():
        if value is not None and len(value) > MAX_NOTE:
            raise ValidationError({name: f"This is longer than {MAX_NOTE:,} characters."})
    tidy = {k: (v.replace("\r\n", "\n").strip() or None) if v else None for k, v in values.items()}
    with write_transaction(db):
        refuse_if_closed(db, _meeting_of(db, item_id), reason)
        existing = db.execute(
            "SELECT id FROM discussions WHERE agenda_item_id = ?", [item_id]
        ).fetchone()
        if existing is None and not any(tidy.values()):
            return  # nothing said yet: no empty record, no audit row
        if existing is not None:
            stored = db["discussions"].get(existing[0])
            if all(stored[name] == value for name, value in tidy.items()):
                # Records nothing, so it is no discussion to hold back; refusing it would have
                # chair mode call text "not saved" that is saved.
                return
        refuse_if_reason_needed(db, item_id)
        row = {"agenda_item_id": item_id, **tidy}
        save_row(db, actor, "discussions", existing[0] if existing else None, row, reason)


def set_outcome(
    db: Database,
    actor: str,
    item_id: int,
    next_review_on: dt.date | None = None,
    close_reason: str | None = None,
    reason: str | None = None,
    action_decisions: Sequence[ActionDecision] = (),
) -> None:
    """Record the item's outcome and apply it to the case in the same transaction: the next
    review date, or the case closed with a reason from CLOSED_REASONS (on the meeting's day).

    Closing a case that has open actions needs ``action_decisions``, one for each of them (see
    ``case_closing.decide_open_actions``): without them the closing is refused with
    OpenActionsOnClosing, which lists the actions, and nothing is changed. The decisions are
    written in the closing's transaction (done on the meeting's day) and recorded as this
    meeting's answer on the actions it hears as matters arising.

    Changing a closing outcome back to a review reopens the case this item closed, so a slip of
    the chair's hand is undone; a case closed elsewhere stays closed. Reopening leaves the
    action decisions made at the closing as they were: an action marked done or not done stays
    so (it can be reopened in the Actions area, or a new one raised). An amended review date for
    an earlier meeting corrects its record, and reaches the case only when no later meeting has
    since decided the case's future; a closing always reaches it.

    Refused while the item waits for the reason to discuss a person who objected to
    information sharing (``objections.refuse_if_reason_needed``).
    """
    if (next_review_on is None) == (close_reason is None):
        raise ValidationError({"outcome": "Give a next review date, or close the case."})
    if close_reason is not None and close_reason not in CLOSED_REASONS:
        raise ValidationError({"close_reason": "Choose why the case is closing."})
    with write_transaction(db):
        now = item_outcome(db, item_id)
        if now is None:
            raise ValidationError({"outcome": "Only a case's item has an outcome."})
        refuse_if_closed(db, now.meeting_id, reason)
        refuse_if_reason_needed(db, item_id)
        if next_review_on is not None and next_review_on < now.meeting_day:
            raise ValidationError({"next_review_on": "The next review must be after the meeting."})
        if now.closed_elsewhere:
            raise ValidationError(
                {"outcome": "This case was closed elsewhere. Add a new referral to review it."}
            )
        if close_reason is not None and now.case_status != "closed":
            decide_open_actions(
                db,
                actor,
                now.case_id,
                action_decisions,
                now.meeting_day,
                meeting_id=now.meeting_id,
                reason=reason,
            )
        elif action_decisions:
            raise ValidationError({"outcome": ACTIONS_ONLY_AT_CLOSING})
        outcome = {
            "agenda_item_id": item_id,
            "next_review_on": next_review_on.isoformat() if next_review_on else None,
            "close_reason": close_reason,
        }
        save_row(db, actor, "discussions", now.discussion_id, outcome, reason)
        case = (
            {
                "status": "closed",
                "closed_on": now.meeting_day.isoformat(),
                "closed_reason": close_reason,
            }
            if close_reason is not None
            else {"status": "active", "closed_on": None, "closed_reason": None}
        )
        case["next_review_on"] = outcome["next_review_on"]
        # A closing is final whenever it is recorded (news of a death can come late); a review
        # date from an amended earlier meeting must not undo what a later meeting decided.
        if close_reason is not None or not _decided_later(db, now.case_id, now.meeting_id):
            save_row(db, actor, "cases", now.case_id, case, reason)


def items(db: Database | sqlite.Connection, meeting_id: int) -> list[dict]:
    """The agenda in order, each item with its person, presenter and discussion."""
    cursor = db.execute(
        "SELECT i.id, i.position, i.kind, i.status, i.minutes_allowed, i.case_id, i.title, "
        "i.sharing_override_reason, p.nhs_number, p.given_name, p.family_name, "
        "p.date_of_birth, p.info_sharing, r.question, pr.name AS presenter, "
        + ", ".join(f"d.{f}" for f in DISCUSSION_FIELDS)
        + ", d.next_review_on, d.close_reason"
        + " FROM agenda_items i LEFT JOIN cases c ON c.id = i.case_id "
        "LEFT JOIN people p ON p.id = c.person_id "
        "LEFT JOIN referrals r ON r.case_id = c.id "
        "LEFT JOIN members pr ON pr.id = i.presenter_id "
        "LEFT JOIN discussions d ON d.agenda_item_id = i.id "
        "WHERE i.meeting_id = ? ORDER BY i.position, i.id",
        [meeting_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def planned_minutes(db: Database | sqlite.Connection, meeting_id: int) -> tuple[int, int]:
    """(minutes the agenda allows in all, minutes the meeting is planned to last)."""
    return db.execute(
        "SELECT (SELECT coalesce(sum(minutes_allowed), 0) FROM agenda_items "
        "WHERE meeting_id = m.id), m.planned_minutes FROM meetings m WHERE m.id = ?",
        [meeting_id],
    ).fetchone()


def suggestions(db: Database | sqlite.Connection, meeting_id: int) -> list[Suggestion]:
    """Cases the meeting should hear, each once, most pressing reason first.

    New referrals since the neighbourhood's last closed meeting; reviews due by the meeting's
    date; items deferred or not reached at the last meeting; cases with overdue actions. Cases
    already on the agenda or closed are left out.
    """
    meeting = db.execute(
        "SELECT neighbourhood_id, date(starts_at) FROM meetings WHERE id = ?", [meeting_id]
    ).fetchone()
    if meeting is None:
        raise NotFound("This meeting no longer exists.")
    hood, day = meeting
    last = db.execute(
        "SELECT id, date(starts_at) FROM meetings WHERE neighbourhood_id = ? AND status = 'closed' "
        "AND starts_at < (SELECT starts_at FROM meetings WHERE id = ?) "
        "ORDER BY starts_at DESC LIMIT 1",
        [hood, meeting_id],
    ).fetchone()
    last_id, last_day = last if last else (None, "0000-00-00")
    who = "c.id, p.given_name, p.family_name, p.nhs_number"
    open_here = (
        "FROM cases c JOIN people p ON p.id = c.person_id WHERE c.status <> 'closed' "
        "AND p.neighbourhood_id = :hood AND c.id NOT IN "
        "(SELECT case_id FROM agenda_items WHERE meeting_id = :meeting AND case_id IS NOT NULL)"
    )
    params = {
        "hood": hood,
        "meeting": meeting_id,
        "day": day,
        "last_day": last_day,
        "last_id": last_id,
    }
    queries = [
        (
            "review",
            "Deferred or not reached at the last meeting",
            f"SELECT {who} {open_here} AND c.id IN (SELECT case_id FROM agenda_items "
            "WHERE meeting_id = :last_id AND status IN ('deferred', 'pending'))",
        ),
        (
            "new_referral",
            "New referral since the last meeting",
            f"SELECT {who} {open_here} AND c.status = 'referred' AND c.opened_on > :last_day",
        ),
        (
            "review",
            "Has overdue actions",
            # A set built once: as a correlated EXISTS the planner walked every overdue action
            # for every case (70 s on 50,000 people).
            f"SELECT {who} {open_here} AND c.id IN (SELECT case_id FROM actions "
            "WHERE status = 'open' AND due_on < :day)",
        ),
        (
            "review",
            "Review due",
            f"SELECT {who} {open_here} AND c.next_review_on <= :day",
        ),
    ]
    seen: set[int] = set()
    found = []
    for kind, reason, sql in queries:
        for case_id, *person in db.execute(sql + " ORDER BY c.id", params):
            if case_id not in seen:
                seen.add(case_id)
                found.append(Suggestion(case_id, kind, reason, *person))
    return found


def _decided_later(db: Database, case_id: int, meeting_id: int) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
            "JOIN discussions d ON d.agenda_item_id = i.id "
            "WHERE i.case_id = ? AND (d.next_review_on IS NOT NULL OR d.close_reason IS NOT NULL) "
            "AND m.starts_at > (SELECT starts_at FROM meetings WHERE id = ?)",
            [case_id, meeting_id],
        ).fetchone()
        is not None
    )


def _meeting_of(db: Database, item_id: int) -> int:
    row = db.execute("SELECT meeting_id FROM agenda_items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise NotFound("This agenda item no longer exists.")
    return row[0]
