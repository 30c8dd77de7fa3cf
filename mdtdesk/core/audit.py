"""The audit trail: who changed what, when. Rows are written inside the change's transaction."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database

Change = tuple[str, Any, Any]  # field, old value, new value

# The trail's two shapes: a record's creation is one "created" row holding the record as JSON
# in ``new``; a change is one row per field with its old and new value.
CREATED = "created"
# One encoder for every record: json.dumps with options builds a new encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=str)


def default_actor() -> str:
    """Who the audit names until people sign in as a member: the computer's login name."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (getpass raises several kinds)
        return "unknown user"


def now() -> str:
    """The current time as stored in the audit: UTC, ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def created(values: Mapping[str, Any]) -> Change:
    """The audit change for a new record: its filled-in fields as JSON."""
    return (CREATED, None, creation_text(values))


def creation_text(values: Mapping[str, Any]) -> str:
    """A new record's filled-in fields as the JSON text a "created" row holds."""
    return _JSON.encode({k: v for k, v in values.items() if v is not None and v != ""})


def diff(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[Change]:
    """The fields of ``new`` whose value differs from ``old`` (all set ones when no ``old``)."""
    old = old or {}
    changes = []
    for field, value in new.items():
        before = _text(old.get(field))
        after = _text(value)
        if before != after and not (before in (None, "") and after in (None, "")):
            changes.append((field, before, after))
    return changes


def record(
    db: Database | sqlite.Connection,
    actor: str,
    entity: str,
    entity_id: int | None,
    changes: Iterable[Change],
    reason: str | None = None,
) -> int:
    """Write one audit row per change and return how many were written.

    ``reason`` says why, where the record requires one (an amendment to closed minutes). Call
    inside the transaction that makes the change, so both commit or neither does. Takes a plain
    connection too (inside ``db.connection_transaction``), for a write on a path that has no
    other need of sqlite-utils.
    """
    if not actor:
        raise ValueError("every audited change needs an actor")
    at = now()
    rows = [
        (at, actor, entity, entity_id, field, _text(old), _text(new), reason)
        for field, old, new in changes
    ]
    write_rows(db, rows)
    return len(rows)


def write_rows(db: Database | sqlite.Connection, rows: list[tuple]) -> None:
    """Write prepared rows of (at, actor, entity, entity_id, field, old, new[, reason]).

    For bulk work such as an import, where a call of ``record`` per record would cost more than
    the inserts it audits. Call inside the change's transaction. Takes a plain connection too.
    """
    conn = db if isinstance(db, sqlite.Connection) else db.conn
    # One statement for the whole batch; rows without a reason get none.
    conn.executemany(
        "INSERT INTO audit (at, actor, entity, entity_id, field, old, new, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (row if len(row) == 8 else (*row, None) for row in rows),
    )


def history(db: Database | sqlite.Connection, entity: str, entity_id: int) -> list[dict]:
    """Every audit row about one record, oldest first: at, actor, field, old, new, reason.

    Takes a plain connection too, so screens that read through one can show a history.
    """
    cursor = db.execute(
        "SELECT at, actor, field, old, new, reason FROM audit "
        "WHERE entity = ? AND entity_id = ? ORDER BY id",
        [entity, entity_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
