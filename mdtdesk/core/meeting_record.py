"""Reads for the meeting's documents (minutes and agenda): who chaired, who is on the agenda,
what became of earlier actions, which actions leave the meeting, and how the record was amended.

Minutes are exported again and again (today as PDF, next month as DOCX for a complaint), so these
reads answer "as at the meeting" wherever the data allows: a meeting's matters arising do not
change because an action was finished a week later.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound

if TYPE_CHECKING:
    from sqlite_utils import Database


def _dicts(cursor: sqlite.Cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def meeting_people(db: Database | sqlite.Connection, meeting_id: int) -> dict:
    """The meeting's neighbourhood and the names and roles of its chair and minute-taker
    (None where not recorded). Raises NotFound when there is no such meeting."""
    cursor = db.execute(
        "SELECT n.name AS neighbourhood, c.name AS chair, c.role AS chair_role, "
        "t.name AS minute_taker, t.role AS minute_taker_role "
        "FROM meetings m JOIN neighbourhoods n ON n.id = m.neighbourhood_id "
        "LEFT JOIN members c ON c.id = m.chair_id "
        "LEFT JOIN members t ON t.id = m.minute_taker_id WHERE m.id = ?",
        [meeting_id],
    )
    rows = _dicts(cursor)
    if not rows:
        raise NotFound("This meeting no longer exists.")
    return rows[0]


def agenda_identities(db: Database | sqlite.Connection, meeting_id: int) -> list[dict]:
    """What identifies each person on the agenda (given_name, family_name, nhs_number,
    date_of_birth as a date, postcode, phone, address), once per person: the redactor's input."""
    cursor = db.execute(
        "SELECT DISTINCT p.id, p.given_name, p.family_name, p.nhs_number, p.date_of_birth, "
        "p.postcode, p.phone, p.address FROM agenda_items i JOIN cases c ON c.id = i.case_id "
        "JOIN people p ON p.id = c.person_id WHERE i.meeting_id = ? ORDER BY p.id",
        [meeting_id],
    )
    people = _dicts(cursor)
    for person in people:
        person.pop("id")
        born = person["date_of_birth"]
        person["date_of_birth"] = dt.date.fromisoformat(born[:10]) if born else None
    return people


# When an action stopped being open: its completion day, or else the day the audit saw its
# status leave "open" (an action marked not done has no completion day of its own).
_LEFT_OPEN = (
    "coalesce(a.completed_on, (SELECT date(max(au.at)) FROM audit au WHERE au.entity = 'actions' "
    "AND au.entity_id = a.id AND au.field = 'status' AND au.new IN ('done', 'cancelled')))"
)


def matters_arising_at(db: Database | sqlite.Connection, meeting_id: int) -> list[dict]:
    """The earlier actions for the cases on this agenda as they stood at this meeting, with what
    became of them, for the minutes.

    Each row is an action (the columns of core.actions.list_actions) plus ``raised_on`` (the day
    of the meeting that raised it), ``review``, ``review_reason`` and ``left_open_on``.
    ``review`` is what this meeting recorded (done, carried_on, not_done), or else:

    - "closed_before": finished or dropped after the case's previous meeting and before this
      one, without coming to a meeting (``left_open_on`` says when; ``status`` says how);
    - None: open at this meeting and not reviewed at it.

    Unlike core.actions.matters_arising, which serves the meeting while it runs, the answer does
    not change later: an action finished after this meeting still shows as open at it, and one
    closed before it is still reported. Actions a previous meeting already closed are left out.
    """
    meeting = db.execute(
        "SELECT starts_at, date(starts_at) FROM meetings WHERE id = ?", [meeting_id]
    ).fetchone()
    if meeting is None:
        raise NotFound("This meeting no longer exists.")
    cursor = db.execute(
        f"""
        SELECT a.id, a.case_id, a.raised_at_item_id, a.description, a.owner_id,
            m.name AS owner, m.role AS owner_role, o.name AS organisation, a.due_on, a.priority,
            a.status, a.completed_on, a.not_done_reason, p.nhs_number, p.given_name,
            p.family_name, date(earlier.starts_at) AS raised_on, rv.outcome AS review,
            rv.not_done_reason AS review_reason, {_LEFT_OPEN} AS left_open_on,
            (SELECT max(date(pm.starts_at)) FROM agenda_items pi
                JOIN meetings pm ON pm.id = pi.meeting_id
                WHERE pi.case_id = a.case_id AND pm.starts_at < :starts) AS previous_day,
            EXISTS (SELECT 1 FROM action_reviews pr JOIN meetings prm ON prm.id = pr.meeting_id
                WHERE pr.action_id = a.id AND prm.starts_at < :starts
                AND pr.outcome IN ('done', 'not_done')) AS closed_earlier
        FROM actions a
        JOIN cases c ON c.id = a.case_id
        JOIN people p ON p.id = c.person_id
        JOIN agenda_items raised ON raised.id = a.raised_at_item_id
        JOIN meetings earlier ON earlier.id = raised.meeting_id
        LEFT JOIN members m ON m.id = a.owner_id
        LEFT JOIN organisations o ON o.id = m.organisation_id
        LEFT JOIN action_reviews rv ON rv.action_id = a.id AND rv.meeting_id = :meeting
        WHERE a.case_id IN (SELECT case_id FROM agenda_items WHERE meeting_id = :meeting)
        AND earlier.id <> :meeting AND earlier.starts_at < :starts
        ORDER BY (SELECT min(position) FROM agenda_items
            WHERE meeting_id = :meeting AND case_id = a.case_id), a.due_on, a.id
        """,
        {"meeting": meeting_id, "starts": meeting[0]},
    )
    day = meeting[1]
    found = []
    for row in _dicts(cursor):
        previous_day = row.pop("previous_day")
        closed_earlier = row.pop("closed_earlier")
        if row["review"] is None:
            if closed_earlier:
                continue
            left = row["left_open_on"]
            if row["status"] != "open" and left is not None:
                if left < (previous_day or row["raised_on"]):
                    continue  # dealt with before the case's previous meeting
                if left <= day:
                    row["review"] = "closed_before"
                # Closed after this meeting: it was open here, and not reviewed.
        found.append(row)
    return found


def leaving_actions(db: Database | sqlite.Connection, meeting_id: int) -> list[dict]:
    """Every action the meeting leaves behind it: those raised at its items (whatever became of
    them since) and the earlier ones still open after it (carried on, or not reviewed). Rows as
    core.actions.list_actions, plus ``raised_here`` (1 or 0); ordered by due date."""
    here = _dicts(
        db.execute(
            "SELECT a.id, a.case_id, a.description, m.name AS owner, m.role AS owner_role, "
            "o.name AS organisation, a.due_on, a.priority, a.status, p.nhs_number, "
            "p.given_name, p.family_name, 1 AS raised_here "
            "FROM actions a JOIN agenda_items i ON i.id = a.raised_at_item_id "
            "JOIN cases c ON c.id = a.case_id JOIN people p ON p.id = c.person_id "
            "LEFT JOIN members m ON m.id = a.owner_id "
            "LEFT JOIN organisations o ON o.id = m.organisation_id "
            "WHERE i.meeting_id = ? ORDER BY a.id",
            [meeting_id],
        )
    )
    keys = ("id", "case_id", "description", "owner", "owner_role", "organisation", "due_on")
    keys += ("priority", "status", "nhs_number", "given_name", "family_name")
    carried = [
        {k: row[k] for k in keys} | {"raised_here": 0}
        for row in matters_arising_at(db, meeting_id)
        if row["review"] in ("carried_on", None)
    ]
    return sorted(here + carried, key=lambda a: (a["due_on"] or "9999", a["id"]))


# The records of one meeting whose amendments the minutes report. An action counts only when it
# was created as an amendment: a later meeting's review changes the same row for its own reasons.
_AMENDED = """
    SELECT at, reason FROM audit WHERE reason IS NOT NULL AND (
        (entity = 'meetings' AND entity_id = :meeting)
        OR (entity = 'attendance' AND entity_id IN
            (SELECT id FROM attendance WHERE meeting_id = :meeting))
        OR (entity = 'agenda_items' AND entity_id IN
            (SELECT id FROM agenda_items WHERE meeting_id = :meeting))
        OR (entity = 'discussions' AND entity_id IN (SELECT d.id FROM discussions d
            JOIN agenda_items i ON i.id = d.agenda_item_id WHERE i.meeting_id = :meeting))
        OR (entity = 'action_reviews' AND entity_id IN
            (SELECT id FROM action_reviews WHERE meeting_id = :meeting))
        OR (entity = 'actions' AND field = 'created' AND entity_id IN (SELECT a.id FROM actions a
            JOIN agenda_items i ON i.id = a.raised_at_item_id WHERE i.meeting_id = :meeting)))
    ORDER BY at, id
"""


def amendments(db: Database | sqlite.Connection, meeting_id: int) -> list[tuple[dt.datetime, str]]:
    """How a closed meeting's record was amended: (first time, reason) for each distinct reason
    given after the meeting closed, oldest first; times are UTC. Empty for an open meeting."""
    row = db.execute("SELECT closed_at FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        raise NotFound("This meeting no longer exists.")
    if not row[0]:
        return []
    closed = _utc(row[0])
    first: dict[str, dt.datetime] = {}
    for at, reason in db.execute(_AMENDED, {"meeting": meeting_id}):
        when, text = _utc(at), reason.strip()
        if when >= closed and text and text not in first:
            first[text] = when
    return sorted(((when, text) for text, when in first.items()), key=lambda pair: pair[0])


def _utc(text: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(text)
    # Stored as UTC; older rows may lack the offset.
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def next_planned_meeting(db: Database | sqlite.Connection, meeting_id: int) -> dict | None:
    """The neighbourhood's next meeting on a later day than this one, if one is planned:
    starts_at (a datetime), venue and is_virtual; None when none is."""
    cursor = db.execute(
        "SELECT n.starts_at, n.venue, n.is_virtual FROM meetings m JOIN meetings n "
        "ON n.neighbourhood_id = m.neighbourhood_id AND date(n.starts_at) > date(m.starts_at) "
        "WHERE m.id = ? ORDER BY n.starts_at LIMIT 1",
        [meeting_id],
    )
    rows = _dicts(cursor)
    if not rows:
        return None
    found = rows[0]
    found["starts_at"] = dt.datetime.fromisoformat(found["starts_at"])
    found["is_virtual"] = bool(found["is_virtual"])
    return found
