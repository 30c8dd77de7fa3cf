"""What a person's care plan says, read from the register and the meetings: who they are, their
current (or most recent) case, what matters to them, what the team agreed, who is doing what and
who to contact.

The plan is for the person (documents/care_plan.py words it); this module only gathers the facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mdtdesk.core import nhs_number as nhs
from mdtdesk.core.actions import ActionFilter, list_actions
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound, ValidationError

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Contact:
    """A professional the person can contact: name, role, organisation, phone and email."""

    name: str
    role: str
    organisation: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class CarePlanFacts:
    """Everything a care plan draws on. Case fields are None when the person has no case;
    discussion fields are None when no meeting has discussed the case yet."""

    nhs_number: str
    title: str | None
    given_name: str
    family_name: str
    date_of_birth: dt.date
    practice: str | None
    carer: str | None
    communication_needs: str | None
    lives_alone: bool
    neighbourhood: str | None
    case_id: int | None = None
    case_status: str | None = None
    closed_on: dt.date | None = None
    closed_reason: str | None = None
    next_review_on: dt.date | None = None
    key_worker: Contact | None = None
    referral_reason: str | None = None
    question: str | None = None
    discussed_on: dt.date | None = None  # the latest meeting that discussed the case
    decided_on: dt.date | None = None  # the meeting of the latest decision (or lack of one)
    decision: str | None = None
    no_decision_reason: str | None = None
    what_matters: str | None = None
    open_actions: list[dict] = field(default_factory=list)
    next_meeting_on: dt.date | None = None  # the neighbourhood's next planned meeting


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def care_plan_facts(db: Database | sqlite.Connection, nhs_number: str) -> CarePlanFacts:
    """The facts for the care plan of the person with this NHS number (typed with or without
    spaces), from their open case, or their latest case when none is open.

    Raises ValidationError when the number is not a valid NHS number, and NotFound when no one
    on the register has it.
    """
    try:
        digits = nhs.parse(nhs_number)
    except nhs.InvalidNHSNumber as exc:
        raise ValidationError({"nhs_number": str(exc)}) from None
    cursor = db.execute(
        "SELECT p.id, p.nhs_number, p.title, p.given_name, p.family_name, p.date_of_birth, "
        "pr.name AS practice, p.carer, p.communication_needs, p.lives_alone, n.name AS hood, "
        "p.neighbourhood_id FROM people p LEFT JOIN practices pr ON pr.id = p.practice_id "
        "LEFT JOIN neighbourhoods n ON n.id = p.neighbourhood_id WHERE p.nhs_number = ?",
        [digits],
    )
    row = cursor.fetchone()
    if row is None:
        # The number is not echoed: the message can reach the log (the caller typed it).
        raise NotFound(
            "No one with this NHS number is on the register. Check the number, or add the "
            "person first."
        )
    person_id, *person, hood_id = row
    facts = {
        "nhs_number": person[0],
        "title": person[1],
        "given_name": person[2],
        "family_name": person[3],
        "date_of_birth": _date(person[4]),
        "practice": person[5],
        "carer": person[6],
        "communication_needs": person[7],
        "lives_alone": bool(person[8]),
        "neighbourhood": person[9],
        "next_meeting_on": _next_meeting(db, hood_id),
    }
    case = db.execute(
        "SELECT c.id, c.status, c.closed_on, c.closed_reason, c.next_review_on, "
        "k.name, k.role, o.name, k.phone, k.email, r.reason, r.question "
        "FROM cases c LEFT JOIN members k ON k.id = c.key_worker_id "
        "LEFT JOIN organisations o ON o.id = k.organisation_id "
        "LEFT JOIN referrals r ON r.case_id = c.id WHERE c.person_id = ? "
        "ORDER BY c.status = 'closed', c.opened_on DESC, c.id DESC LIMIT 1",
        [person_id],
    ).fetchone()
    if case is None:
        return CarePlanFacts(**facts)
    case_id, status, closed_on, closed_reason, review, *worker, reason, question = case
    facts.update(
        case_id=case_id,
        case_status=status,
        closed_on=_date(closed_on),
        closed_reason=closed_reason,
        next_review_on=_date(review),
        key_worker=Contact(*worker) if worker[0] else None,
        referral_reason=reason,
        question=question,
        open_actions=list_actions(db, ActionFilter(status="open", case_id=case_id)),
    )
    facts.update(_latest_discussion(db, case_id))
    return CarePlanFacts(**facts)


def _latest_discussion(db: Database | sqlite.Connection, case_id: int) -> dict:
    """The latest decision (or recorded lack of one) and the latest words on what matters: a
    review may record a decision without repeating what the person said before."""
    found = {}
    heard = db.execute(
        "SELECT max(date(m.starts_at)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        "WHERE i.case_id = ? AND (i.status = 'discussed' OR EXISTS "
        "(SELECT 1 FROM discussions d WHERE d.agenda_item_id = i.id))",
        [case_id],
    ).fetchone()
    if heard and heard[0]:
        found["discussed_on"] = _date(heard[0])
    decided = db.execute(
        "SELECT date(m.starts_at), d.decision, d.no_decision_reason FROM discussions d "
        "JOIN agenda_items i ON i.id = d.agenda_item_id JOIN meetings m ON m.id = i.meeting_id "
        "WHERE i.case_id = ? AND (d.decision IS NOT NULL OR d.no_decision_reason IS NOT NULL) "
        "ORDER BY m.starts_at DESC, i.id DESC LIMIT 1",
        [case_id],
    ).fetchone()
    if decided:
        found |= {
            "decided_on": _date(decided[0]),
            "decision": decided[1],
            "no_decision_reason": decided[2],
        }
    matters = db.execute(
        "SELECT d.what_matters FROM discussions d JOIN agenda_items i ON i.id = d.agenda_item_id "
        "JOIN meetings m ON m.id = i.meeting_id WHERE i.case_id = ? AND d.what_matters IS NOT NULL "
        "ORDER BY m.starts_at DESC, i.id DESC LIMIT 1",
        [case_id],
    ).fetchone()
    if matters:
        found["what_matters"] = matters[0]
    return found


def _next_meeting(db: Database | sqlite.Connection, hood_id: int | None) -> dt.date | None:
    """The day of the neighbourhood's next meeting not yet held (draft or running), from today:
    a draft left behind in the past is no one's next meeting."""
    if hood_id is None:
        return None
    row = db.execute(
        "SELECT min(date(starts_at)) FROM meetings WHERE neighbourhood_id = ? "
        "AND status <> 'closed' AND date(starts_at) >= date('now', 'localtime')",
        [hood_id],
    ).fetchone()
    return _date(row[0]) if row else None
