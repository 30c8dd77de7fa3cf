"""What chair mode reads while a meeting runs: the current case's card, its last decision, the
due-date presets for new actions, and when the meeting started.

Each read is one or two indexed queries: moving to the next item must load and paint within one
frame on a 50,000-person register (benchmarks/bench_chair.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.dates import age_on
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound

if TYPE_CHECKING:
    from sqlite_utils import Database

# When a neighbourhood has no next meeting planned and too few past ones to tell its rhythm.
USUAL_INTERVAL_DAYS = 14


@dataclass(frozen=True)
class LastDecision:
    """What an earlier meeting decided about the case (or why it could not decide)."""

    meeting_date: dt.date
    decision: str | None
    no_decision_reason: str | None


@dataclass(frozen=True)
class CaseCard:
    """The key facts of the person on the current item, as the chair needs them at a glance."""

    case_id: int
    nhs_number: str
    given_name: str
    family_name: str
    date_of_birth: dt.date
    age: int
    postcode: str | None
    practice: str | None
    conditions: str | None
    frailty_score: int | None
    lives_alone: bool
    carer: str | None
    communication_needs: str | None
    info_sharing: str
    info_sharing_on: dt.date | None
    sharing_override_reason: str | None
    case_status: str
    key_worker: str | None
    next_review_on: dt.date | None
    referral_reason: str | None
    question: str | None
    urgency: str | None
    last_decision: LastDecision | None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def case_card(db: Database | sqlite.Connection, item_id: int) -> CaseCard | None:
    """The card for an agenda item's case; None for an item without a case (any other business)."""
    cursor = db.execute(
        "SELECT c.id AS case_id, p.nhs_number, p.given_name, p.family_name, p.date_of_birth, "
        "p.postcode, pr.name AS practice, p.conditions, p.frailty_score, p.lives_alone, p.carer, "
        "p.communication_needs, p.info_sharing, p.info_sharing_on, i.sharing_override_reason, "
        "c.status AS case_status, kw.name || ', ' || kw.role AS key_worker, c.next_review_on, "
        "r.reason AS referral_reason, r.question, r.urgency, i.meeting_id, "
        "date(m.starts_at) AS meeting_day "
        "FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        "LEFT JOIN cases c ON c.id = i.case_id "
        "LEFT JOIN people p ON p.id = c.person_id "
        "LEFT JOIN practices pr ON pr.id = p.practice_id "
        "LEFT JOIN members kw ON kw.id = c.key_worker_id "
        "LEFT JOIN referrals r ON r.case_id = c.id WHERE i.id = ?",
        [item_id],
    )
    row = cursor.fetchone()
    if row is None:
        raise NotFound("This agenda item no longer exists.")
    values = dict(zip([d[0] for d in cursor.description], row, strict=True))
    if values["case_id"] is None:
        return None
    meeting_id, day = values.pop("meeting_id"), dt.date.fromisoformat(values.pop("meeting_day"))
    born = dt.date.fromisoformat(values["date_of_birth"])
    values.update(
        date_of_birth=born,
        age=age_on(born, day),
        lives_alone=bool(values["lives_alone"]),
        info_sharing_on=_date(values["info_sharing_on"]),
        next_review_on=_date(values["next_review_on"]),
        last_decision=last_decision(db, values["case_id"], meeting_id),
    )
    return CaseCard(**values)


def last_decision(
    db: Database | sqlite.Connection, case_id: int, before_meeting_id: int
) -> LastDecision | None:
    """The most recent decision (or recorded lack of one) for the case at an earlier meeting."""
    row = db.execute(
        "SELECT date(m.starts_at), d.decision, d.no_decision_reason "
        "FROM agenda_items i JOIN discussions d ON d.agenda_item_id = i.id "
        "JOIN meetings m ON m.id = i.meeting_id "
        "WHERE i.case_id = ? AND m.starts_at < (SELECT starts_at FROM meetings WHERE id = ?) "
        "AND (d.decision IS NOT NULL OR d.no_decision_reason IS NOT NULL) "
        "ORDER BY m.starts_at DESC LIMIT 1",
        [case_id, before_meeting_id],
    ).fetchone()
    if row is None:
        return None
    return LastDecision(dt.date.fromisoformat(row[0]), row[1], row[2])


def next_meeting_date(db: Database | sqlite.Connection, meeting_id: int) -> dt.date:
    """The day of the neighbourhood's next meeting after this one: the planned one if there is
    one, otherwise this meeting's day plus the neighbourhood's usual interval."""
    row = db.execute(
        "SELECT neighbourhood_id, starts_at FROM meetings WHERE id = ?", [meeting_id]
    ).fetchone()
    if row is None:
        raise NotFound("This meeting no longer exists.")
    hood, starts_at = row
    day = dt.date.fromisoformat(starts_at[:10])
    planned = db.execute(
        "SELECT min(date(starts_at)) FROM meetings WHERE neighbourhood_id = ? "
        "AND date(starts_at) > date(?)",
        [hood, starts_at],
    ).fetchone()[0]
    if planned:
        return dt.date.fromisoformat(planned)
    earlier = [
        dt.date.fromisoformat(r[0])
        for r in db.execute(
            "SELECT DISTINCT date(starts_at) FROM meetings WHERE neighbourhood_id = ? "
            "AND date(starts_at) <= date(?) ORDER BY starts_at DESC LIMIT 7",
            [hood, starts_at],
        )
    ]
    gaps = [(a - b).days for a, b in zip(earlier, earlier[1:], strict=False)]
    interval = int(statistics.median(gaps)) if len(gaps) >= 2 else USUAL_INTERVAL_DAYS
    return day + dt.timedelta(days=max(interval, 1))


def due_presets(db: Database | sqlite.Connection, meeting_id: int) -> dict[str, dt.date]:
    """The due dates offered for a new action, counted from the meeting's day."""
    row = db.execute("SELECT date(starts_at) FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        raise NotFound("This meeting no longer exists.")
    day = dt.date.fromisoformat(row[0])
    return {
        "1 week": day + dt.timedelta(weeks=1),
        "2 weeks": day + dt.timedelta(weeks=2),
        "Next meeting": next_meeting_date(db, meeting_id),
    }


def started_at(db: Database | sqlite.Connection, meeting_id: int) -> dt.datetime | None:
    """When the meeting was first started in chair mode (UTC), read from the audit; None before."""
    row = db.execute(
        "SELECT min(at) FROM audit WHERE entity = 'meetings' AND entity_id = ? "
        "AND field = 'status' AND new = 'in_progress'",
        [meeting_id],
    ).fetchone()
    return dt.datetime.fromisoformat(row[0]) if row and row[0] else None


@dataclass(frozen=True)
class ItemOutcome:
    """What an item decided about its case's future, read fresh (the agenda row may be stale),
    with the case's own state and the meeting's day that the outcome panel counts from."""

    meeting_id: int
    case_id: int
    discussion_id: int | None  # None until something is recorded for the item
    meeting_day: dt.date
    next_review_on: dt.date | None  # the review this item set
    close_reason: str | None  # why this item closed the case
    case_status: str
    case_next_review_on: dt.date | None
    case_closed_reason: str | None

    @property
    def closed_elsewhere(self) -> bool:
        """The case is closed, but not by this item: its outcome cannot be changed here."""
        return self.case_status == "closed" and self.close_reason is None


def item_outcome(db: Database | sqlite.Connection, item_id: int) -> ItemOutcome | None:
    """The item's recorded outcome and its case's state; None for an item without a case."""
    row = db.execute(
        "SELECT i.meeting_id, i.case_id, d.id, date(m.starts_at), d.next_review_on, "
        "d.close_reason, c.status, c.next_review_on, c.closed_reason "
        "FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        "LEFT JOIN cases c ON c.id = i.case_id "
        "LEFT JOIN discussions d ON d.agenda_item_id = i.id WHERE i.id = ?",
        [item_id],
    ).fetchone()
    if row is None:
        raise NotFound("This agenda item no longer exists.")
    meeting_id, case_id, discussion_id, day, review, close_reason, *case_state = row
    if case_id is None:
        return None
    return ItemOutcome(
        meeting_id=meeting_id,
        case_id=case_id,
        discussion_id=discussion_id,
        meeting_day=dt.date.fromisoformat(day),
        next_review_on=_date(review),
        close_reason=close_reason,
        case_status=case_state[0],
        case_next_review_on=_date(case_state[1]),
        case_closed_reason=case_state[2],
    )
