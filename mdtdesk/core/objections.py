"""Objections to information sharing found on an agenda after the person was put on it (H-05).

``agenda.add_item`` asks for a reason before it puts a person who objected on an agenda. An
objection recorded later (in the case form, say) finds the person already there with no reason,
and nothing at the moment of adding can catch that. This module finds those items, records
the reason the team gives for discussing the person anyway, and holds the discussion back until
there is one: every core write that records an item's discussion refuses a held item
(``refuse_if_reason_needed``), and chair mode shows the hold. The minutes say what happened.

An item not yet discussed (pending, or deferred and perhaps taken up again) needs the reason
before its discussion. An item already discussed when the objection came to light cannot be
asked beforehand: it is still listed, a reason may still be recorded for it, and otherwise its
minutes say that no reason was recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.db import write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound, ValidationError
from mdtdesk.core.meetings import refuse_if_closed
from mdtdesk.core.records import save_row

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_REASON = 2_000
NO_REASON = (
    "Give the reason the team is discussing this person despite their objection. It is "
    "recorded with the item."
)
# Messages name nobody: they can reach the log. The screens add the person's name.
NOT_OBJECTED = (
    "This person has not objected to information sharing (or no longer does), so no reason is "
    "needed."
)

# Said when a write would record the discussion of an item held for a reason (see
# ``refuse_if_reason_needed``). It names nobody, like every message here.
HELD = (
    "This person objected to information sharing after being put on the agenda. Record why "
    "they are being discussed, or defer the item."
)

# Blank counts as none: a reason of spaces must not open the discussion.
_OBJECTED_WITHOUT_REASON = (
    "p.info_sharing = 'objected' AND trim(coalesce(i.sharing_override_reason, '')) = ''"
)


@dataclass(frozen=True)
class UnreasonedItem:
    """An agenda item about a person who objected to information sharing, with no reason
    recorded for discussing them anyway."""

    item_id: int
    case_id: int
    position: int
    status: str  # pending, discussed or deferred
    objected_on: dt.date | None  # when the objection was recorded, as the case form says

    @property
    def reason_needed(self) -> bool:
        """Whether the item's discussion must wait for a reason: it has not been discussed."""
        return needs_reason("objected", None, self.status)


def needs_reason(info_sharing: str | None, override_reason: str | None, status: str) -> bool:
    """Whether an item must have a reason recorded before its discussion goes ahead: the person
    objected, no reason is recorded, and the item is not yet discussed."""
    return (
        info_sharing == "objected" and not (override_reason or "").strip() and status != "discussed"
    )


def without_reason(db: Database | sqlite.Connection, meeting_id: int) -> list[UnreasonedItem]:
    """Every item of the meeting, in agenda order, whose person objected to information sharing
    and which has no reason recorded for discussing them anyway, whatever its status. Those not
    yet discussed have ``reason_needed``."""
    cursor = db.execute(
        "SELECT i.id, i.case_id, i.position, i.status, p.info_sharing_on "
        "FROM agenda_items i JOIN cases c ON c.id = i.case_id "
        "JOIN people p ON p.id = c.person_id "
        f"WHERE i.meeting_id = ? AND {_OBJECTED_WITHOUT_REASON} ORDER BY i.position, i.id",
        [meeting_id],
    )
    return [
        UnreasonedItem(item_id, case_id, position, status, _date(on))
        for item_id, case_id, position, status, on in cursor
    ]


def awaiting_reason(db: Database | sqlite.Connection, meeting_id: int) -> list[UnreasonedItem]:
    """The items of ``without_reason`` whose discussion must wait for a reason (not yet
    discussed): the ones chair mode holds back."""
    return [item for item in without_reason(db, meeting_id) if item.reason_needed]


def reason_needed(db: Database | sqlite.Connection, item_id: int) -> bool:
    """Whether this item's discussion must wait for a reason (see ``needs_reason``), read fresh
    from the database. False for an item without a person. Raises NotFound for no such item."""
    row = db.execute(
        "SELECT p.info_sharing, i.sharing_override_reason, i.status FROM agenda_items i "
        "LEFT JOIN cases c ON c.id = i.case_id LEFT JOIN people p ON p.id = c.person_id "
        "WHERE i.id = ?",
        [item_id],
    ).fetchone()
    if row is None:
        raise NotFound("This agenda item no longer exists.")
    return needs_reason(*row)


def refuse_if_reason_needed(db: Database | sqlite.Connection, item_id: int) -> None:
    """Refuse, with a ValidationError (``HELD``, under ``sharing_override_reason``) that names
    nobody, to record the discussion of an item that must wait for a reason (``reason_needed``).

    The one rule every write of a discussion goes through: its text (``agenda.save_discussion``),
    marking it discussed (``agenda.set_item_status``), its outcome (``agenda.set_outcome``) and
    an action raised at it (``actions.add_action``). Chair mode holds such an item on screen
    too, but the hold must not depend on which screen, command or script does the writing.
    Deferring it, or leaving it pending (not reached), is not a discussion and stays allowed.
    Call inside the write's transaction, before anything is written, so the check and the
    write see the same objection. Raises NotFound for no such item.
    """
    if reason_needed(db, item_id):
        # Keyed to the reason, not to the field written: the reason is what is missing, and a
        # caller can ask for it as the Meetings page does for ``agenda.add_item``.
        raise ValidationError({"sharing_override_reason": HELD})


def record_override_reason(
    db: Database,
    actor: str,
    item_id: int,
    override_reason: str,
    reason: str | None = None,
) -> None:
    """Record why the team discusses the person on ``item_id`` despite their objection to
    information sharing, in one audited transaction naming ``actor``.

    A reason already recorded is replaced (the audit keeps the old one). Refused, with a plain
    message, when ``override_reason`` is blank or too long, when the item has no person, or
    when the person has not objected. On a closed meeting it is an amendment, made only with
    ``reason`` (the amendment's), which the audit keeps.
    """
    text = (override_reason or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"sharing_override_reason": NO_REASON})
    if len(text) > MAX_REASON:
        raise ValidationError(
            {"sharing_override_reason": f"Keep the reason under {MAX_REASON:,} characters."}
        )
    with write_transaction(db):
        row = db.execute(
            "SELECT i.meeting_id, i.case_id, p.info_sharing FROM agenda_items i "
            "LEFT JOIN cases c ON c.id = i.case_id LEFT JOIN people p ON p.id = c.person_id "
            "WHERE i.id = ?",
            [item_id],
        ).fetchone()
        if row is None:
            raise NotFound("This agenda item no longer exists.")
        meeting_id, case_id, sharing = row
        if case_id is None:
            raise ValidationError({"sharing_override_reason": "This item is about no person."})
        refuse_if_closed(db, meeting_id, reason)
        if sharing != "objected":
            raise ValidationError({"sharing_override_reason": NOT_OBJECTED})
        save_row(db, actor, "agenda_items", item_id, {"sharing_override_reason": text}, reason)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None
