"""The actions raised at a meeting, read once for the whole of its minutes, with what became of
each one at the meeting itself.

An action raised at an item can be settled before the meeting is over: most often the case is
closed at the same item and the chair marks the action done or not done in the closing's dialog
(hazard H-12). The minutes then say so beside the action, and do not list it among the work the
meeting leaves behind. What happens to an action after its meeting belongs to a later meeting's
minutes: as at this one, it was open.

The read belongs with core/meeting_record.py's other reads for the meeting's documents; it is
kept here, beside the only document that uses it, until it moves there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite
from mdtdesk.core.vocabulary import NOT_DONE_REASONS

if TYPE_CHECKING:
    from sqlite_utils import Database

OPEN, DONE, NOT_DONE = "Open", "Done", "Not done"

# The change that settled an action last (its status leaving "open"): when (UTC), and whether it
# came with a reason, which only an amendment of a closed meeting's record carries.
_SETTLING = (
    "(SELECT {column} FROM audit au WHERE au.entity = 'actions' AND au.entity_id = a.id "
    "AND au.field = 'status' AND au.new IN ('done', 'cancelled') ORDER BY au.id DESC LIMIT 1)"
)

# Settled at the meeting: no longer open; marked done or not done while the meeting's record was
# open (before it closed, or not closed yet) or by an amendment of it; and never heard at a
# meeting since (a later meeting's answer on an action this one left open). By the record, not
# the calendar: a meeting written up the next morning is still that meeting.
_RAISED = f"""
    SELECT a.id, a.raised_at_item_id AS item_id, a.description, m.name AS owner,
        m.role AS owner_role, o.name AS organisation, a.due_on, a.status, a.not_done_reason,
        (a.status IN ('done', 'cancelled')
            AND NOT EXISTS (SELECT 1 FROM action_reviews r WHERE r.action_id = a.id)
            AND (meeting.closed_at IS NULL
                OR datetime({_SETTLING.format(column="au.at")}) <= datetime(meeting.closed_at)
                OR {_SETTLING.format(column="au.reason")} IS NOT NULL)) AS settled_here
    FROM actions a
    JOIN agenda_items i ON i.id = a.raised_at_item_id
    JOIN meetings meeting ON meeting.id = i.meeting_id
    LEFT JOIN members m ON m.id = a.owner_id
    LEFT JOIN organisations o ON o.id = m.organisation_id
    WHERE i.meeting_id = ?
    ORDER BY a.id
"""


def raised_at_meeting(db: Database | sqlite.Connection, meeting_id: int) -> dict[int, list[dict]]:
    """The actions raised at each item of the meeting, by item id, in the order they were added:
    one query for the whole meeting. Each row has id, item_id, description, owner, owner_role,
    organisation, due_on, status and not_done_reason as stored now, and ``settled_here``: True
    when the action was marked done or not done at this meeting (see the module's docstring)."""
    cursor = db.execute(_RAISED, [meeting_id])
    names = [d[0] for d in cursor.description]
    by_item: dict[int, list[dict]] = {}
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        row["settled_here"] = bool(row["settled_here"])
        by_item.setdefault(row["item_id"], []).append(row)
    return by_item


def settled_here(raised: dict[int, list[dict]]) -> set[int]:
    """The ids of the actions in ``raised`` (as ``raised_at_meeting`` returns) that the meeting
    settled, so no longer left open by it."""
    return {a["id"] for actions in raised.values() for a in actions if a["settled_here"]}


def status_at_meeting(action: dict, redact: Callable[[str | None], str | None]) -> str:
    """What became of an action raised at the meeting, as the meeting left it: "Open", "Done",
    or "Not done: handed over to another team" (the reason from NOT_DONE_REASONS, passed through
    ``redact`` as every stored text is)."""
    if not action["settled_here"]:
        return OPEN
    if action["status"] == "done":
        return DONE
    code = action["not_done_reason"]
    reason = redact(NOT_DONE_REASONS.get(code, code)) if code else None
    return f"{NOT_DONE}: {reason[0].lower()}{reason[1:]}" if reason else NOT_DONE
