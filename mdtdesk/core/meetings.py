"""Meetings: creating them, who came, whether the meeting is quorate, running and closing it.

A closed meeting's record is locked: a later change is an amendment, made with a reason that the
audit keeps.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mdtdesk.core import audit
from mdtdesk.core.db import write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError, NotFound, ValidationError
from mdtdesk.core.records import save_row
from mdtdesk.core.vocabulary import ATTENDANCE

if TYPE_CHECKING:
    from sqlite_utils import Database

QUORUM_KEY = "quorum_rule"


@dataclass
class Meeting:
    """One neighbourhood MDT meeting. ``starts_at`` is local time; ``closed_at`` is UTC, set only
    by closing the meeting."""

    neighbourhood_id: int | None = None
    starts_at: dt.datetime | None = None
    planned_minutes: int = 90
    venue: str | None = None
    is_virtual: bool = False
    chair_id: int | None = None
    minute_taker_id: int | None = None
    status: str = "draft"
    id: int | None = None
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class QuorumRule:
    """The team's rule: these roles present, and at least this many people present."""

    required_roles: tuple[str, ...] = ("GP", "Social worker")
    minimum_present: int = 4


@dataclass
class Quorum:
    """Whether a meeting is quorate now, and if not, what is missing."""

    quorate: bool
    present: int
    minimum: int
    missing_roles: list[str] = field(default_factory=list)

    def statement(self) -> str:
        """The quorum in one sentence, as the minutes and the screen say it."""
        if self.quorate:
            return f"Quorate: {self.present} present (at least {self.minimum} needed)."
        needs = []
        if self.present < self.minimum:
            needs.append(f"{self.minimum - self.present} more present")
        if self.missing_roles:
            needs.append("a " + " and a ".join(self.missing_roles))
        return f"Not quorate: needs {' and '.join(needs)}."


def validate_meeting(meeting: Meeting) -> dict[str, str]:
    """A message per field in trouble; empty when the meeting can be saved."""
    problems = {}
    if meeting.neighbourhood_id is None:
        problems["neighbourhood_id"] = "Choose the neighbourhood."
    if meeting.starts_at is None:
        problems["starts_at"] = "Enter the date and time."
    if not 15 <= (meeting.planned_minutes or 0) <= 480:
        problems["planned_minutes"] = "Plan between 15 minutes and 8 hours."
    if not meeting.is_virtual and not (meeting.venue or "").strip():
        problems["venue"] = "Enter the venue, or mark the meeting as virtual."
    return problems


def save_meeting(db: Database, actor: str, meeting: Meeting) -> int:
    """Create or update a meeting's details (not its status); return its id."""
    problems = validate_meeting(meeting)
    if problems:
        raise ValidationError(problems)
    row = {
        "neighbourhood_id": meeting.neighbourhood_id,
        "starts_at": meeting.starts_at.isoformat(timespec="minutes"),
        "planned_minutes": meeting.planned_minutes,
        "venue": (meeting.venue or "").strip() or None,
        "is_virtual": int(meeting.is_virtual),
        "chair_id": meeting.chair_id,
        "minute_taker_id": meeting.minute_taker_id,
    }
    with write_transaction(db):
        if meeting.id is not None:
            refuse_if_closed(db, meeting.id, None)
        return save_row(db, actor, "meetings", meeting.id, row)


def load_meeting(db: Database | sqlite.Connection, meeting_id: int) -> Meeting:
    """One meeting. Raises NotFound when there is none."""
    row = db.execute(
        "SELECT neighbourhood_id, starts_at, planned_minutes, venue, is_virtual, chair_id, "
        "minute_taker_id, status, id, closed_at FROM meetings WHERE id = ?",
        [meeting_id],
    ).fetchone()
    if row is None:
        raise NotFound("This meeting no longer exists.")
    meeting = Meeting(*row)
    meeting.starts_at = dt.datetime.fromisoformat(row[1])
    meeting.is_virtual = bool(row[4])
    if row[9]:
        closed_at = dt.datetime.fromisoformat(row[9])
        # Stored as UTC; older rows may lack the offset.
        meeting.closed_at = closed_at if closed_at.tzinfo else closed_at.replace(tzinfo=dt.UTC)
    return meeting


def list_meetings(db: Database | sqlite.Connection) -> list[dict]:
    """Every meeting, newest first, with its neighbourhood and number of agenda items."""
    cursor = db.execute(
        "SELECT m.id, m.starts_at, n.name AS neighbourhood, m.status, m.venue, m.is_virtual, "
        "(SELECT count(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items "
        "FROM meetings m JOIN neighbourhoods n ON n.id = m.neighbourhood_id "
        "ORDER BY m.starts_at DESC, m.id DESC"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def set_attendance(
    db: Database,
    actor: str,
    meeting_id: int,
    member_id: int,
    status: str,
    deputy_for_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Record a member as present, sending apologies or absent, perhaps as someone's deputy."""
    if status not in ATTENDANCE:
        raise ValidationError({"status": "Choose present, apologies or absent."})
    if deputy_for_id == member_id:
        raise ValidationError({"deputy_for_id": "A member cannot deputise for themselves."})
    with write_transaction(db):
        refuse_if_closed(db, meeting_id, reason)
        existing = db.execute(
            "SELECT id FROM attendance WHERE meeting_id = ? AND member_id = ?",
            [meeting_id, member_id],
        ).fetchone()
        row = {
            "meeting_id": meeting_id,
            "member_id": member_id,
            "status": status,
            "deputy_for_id": deputy_for_id,
        }
        save_row(db, actor, "attendance", existing[0] if existing else None, row, reason)


def attendance(db: Database | sqlite.Connection, meeting_id: int) -> list[dict]:
    """Who was recorded at a meeting, with role, organisation and whom they deputised for."""
    cursor = db.execute(
        "SELECT a.member_id, m.name, m.role, o.name AS organisation, a.status, "
        "a.deputy_for_id, d.name AS deputy_for, d.role AS deputy_for_role "
        "FROM attendance a JOIN members m ON m.id = a.member_id "
        "LEFT JOIN organisations o ON o.id = m.organisation_id "
        "LEFT JOIN members d ON d.id = a.deputy_for_id "
        "WHERE a.meeting_id = ? ORDER BY a.status, m.name",
        [meeting_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def quorum_rule(db: Database | sqlite.Connection) -> QuorumRule:
    """The team's quorum rule (a default until the team sets its own)."""
    row = db.execute("SELECT value FROM team_settings WHERE key = ?", [QUORUM_KEY]).fetchone()
    if row is None:
        return QuorumRule()
    data = json.loads(row[0])
    return QuorumRule(tuple(data["required_roles"]), int(data["minimum_present"]))


def set_quorum_rule(db: Database, actor: str, rule: QuorumRule) -> None:
    """Change the team's quorum rule (audited)."""
    if rule.minimum_present < 1:
        raise ValidationError({"minimum_present": "At least one person must be present."})
    value = json.dumps(
        {"required_roles": list(rule.required_roles), "minimum_present": rule.minimum_present}
    )
    with write_transaction(db):
        old = db.execute("SELECT value FROM team_settings WHERE key = ?", [QUORUM_KEY]).fetchone()
        db.execute(
            "INSERT INTO team_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [QUORUM_KEY, value],
        )
        audit.record(
            db, actor, "team_settings", None, [(QUORUM_KEY, old[0] if old else None, value)]
        )


def quorum(db: Database | sqlite.Connection, meeting_id: int) -> Quorum:
    """Whether the meeting is quorate under the team's rule, counting deputies in the role they
    cover."""
    rule = quorum_rule(db)
    present = db.execute(
        "SELECT m.role, d.role FROM attendance a JOIN members m ON m.id = a.member_id "
        "LEFT JOIN members d ON d.id = a.deputy_for_id "
        "WHERE a.meeting_id = ? AND a.status = 'present'",
        [meeting_id],
    ).fetchall()
    roles = {role.casefold() for pair in present for role in pair if role}
    missing = [r for r in rule.required_roles if r.casefold() not in roles]
    count = len(present)
    return Quorum(
        quorate=count >= rule.minimum_present and not missing,
        present=count,
        minimum=rule.minimum_present,
        missing_roles=missing,
    )


def start_meeting(db: Database, actor: str, meeting_id: int) -> None:
    """Move a draft meeting to in progress (chair mode opens it)."""
    with write_transaction(db):
        status = _status(db, meeting_id)
        if status == "closed":
            raise MdtError("This meeting is closed. Amend its record instead of running it again.")
        if status == "draft":
            save_row(db, actor, "meetings", meeting_id, {"status": "in_progress"})


def close_meeting(
    db: Database, actor: str, meeting_id: int, now: dt.datetime | None = None
) -> None:
    """Close a meeting, locking its record. Refused while any agenda item is still pending:
    each must be discussed or deferred first, so nothing falls off the list."""
    with write_transaction(db):
        if _status(db, meeting_id) == "closed":
            return
        pending = db.execute(
            "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND status = 'pending'",
            [meeting_id],
        ).fetchone()[0]
        if pending:
            item = "item is" if pending == 1 else "items are"
            raise MdtError(
                f"{pending} agenda {item} still pending. Discuss or defer each one, then close "
                "the meeting."
            )
        closed_at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        save_row(db, actor, "meetings", meeting_id, {"status": "closed", "closed_at": closed_at})


def _status(db: Database, meeting_id: int) -> str:
    row = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        raise NotFound("This meeting no longer exists.")
    return row[0]


def refuse_if_closed(db: Database, meeting_id: int, reason: str | None) -> None:
    """Refuse a change to a closed meeting unless it is an amendment: with a reason, which the
    audit keeps. Call inside the change's transaction."""
    if _status(db, meeting_id) == "closed" and not (reason or "").strip():
        raise MdtError(
            "This meeting is closed, so its record is locked. Give a reason to amend it."
        )
