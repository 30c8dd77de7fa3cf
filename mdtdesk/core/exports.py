"""The audit of documents leaving mdtdesk: every export of minutes, an agenda or a care plan is
recorded against the meeting or the person, with who exported it, when, and in what form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core import audit
from mdtdesk.core.db import connection_transaction, write_transaction
from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database

EXPORTED = "exported"


def record_export(
    db: Database | sqlite.Connection, actor: str, entity: str, entity_id: int, description: str
) -> None:
    """Record that a document about ``entity`` (a meeting or a person) was exported, e.g.
    "Minutes, redacted, as PDF". The file's name and folder are not kept.

    Takes a plain connection too: ``mdtdesk export`` reads and writes through one, sparing the
    command the import of sqlite-utils."""
    if isinstance(db, sqlite.Connection):
        with connection_transaction(db):
            audit.record(db, actor, entity, entity_id, [(EXPORTED, None, description)])
        return
    with write_transaction(db):
        audit.record(db, actor, entity, entity_id, [(EXPORTED, None, description)])


def person_id(db: Database | sqlite.Connection, nhs_number: str) -> int | None:
    """The register's id of the person with this NHS number (ten digits, as stored), or None.

    A plain query, where ``register.find_person`` would load the whole person through
    sqlite-utils: an export's audit needs only the id."""
    row = db.execute("SELECT id FROM people WHERE nhs_number = ?", [nhs_number]).fetchone()
    return None if row is None else row[0]


def exports(db: Database | sqlite.Connection, entity: str, entity_id: int) -> list[dict]:
    """The exports of one meeting or person, oldest first: at, actor and what."""
    return [
        {"at": row["at"], "actor": row["actor"], "what": row["new"]}
        for row in audit.history(db, entity, entity_id)
        if row["field"] == EXPORTED
    ]
