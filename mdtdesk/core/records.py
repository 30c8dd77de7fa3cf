"""Audited writes of single rows: the building block every core change function uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core import audit

if TYPE_CHECKING:
    from sqlite_utils import Database


def save_row(
    db: Database,
    actor: str,
    table: str,
    row_id: int | None,
    row: dict,
    reason: str | None = None,
) -> int:
    """Insert (``row_id`` None) or update one row and audit it; return its id.

    An insert is audited as one "created" row; an update as one row per changed field, and an
    update that changes nothing writes nothing. ``reason`` goes with the audit rows (an
    amendment's). Call inside the change's transaction.
    """
    if row_id is None:
        row_id = db[table].insert(row).last_pk
        audit.record(db, actor, table, row_id, [audit.created(row)], reason)
        return row_id
    old = db[table].get(row_id)
    changes = audit.diff(old, row)
    if changes:
        db[table].update(row_id, {f: row[f] for f, _, _ in changes})
        audit.record(db, actor, table, row_id, changes, reason)
    return row_id
