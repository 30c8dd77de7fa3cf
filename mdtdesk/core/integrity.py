"""Checks that a database file is whole and consistent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database


def check_database(db: Database) -> list[str]:
    """Run SQLite's integrity and foreign-key checks and the search index's own check.

    Returns one plain sentence per problem found; an empty list means the database is clean.
    """
    problems = []
    for (message,) in db.execute("PRAGMA integrity_check"):
        if message != "ok":
            problems.append(f"Integrity check: {message}")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in broken:
        problems.append(f"Row {rowid} of {table} points to a missing row in {parent}.")
    try:
        db.execute("INSERT INTO people_search(people_search) VALUES ('integrity-check')")
    except sqlite.DatabaseError:
        problems.append("The case search index is damaged.")
    missing = db.execute(
        "SELECT (SELECT count(*) FROM people WHERE id NOT IN (SELECT rowid FROM people_search))"
        " + (SELECT count(*) FROM people_search WHERE rowid NOT IN (SELECT id FROM people))"
    ).fetchone()[0]
    if missing:
        problems.append(f"The case search index is out of step with the register ({missing} rows).")
    return problems
