"""Short lists that fill choices: neighbourhoods, practices, members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database


def neighbourhoods(db: Database | sqlite.Connection) -> list[tuple[int, str]]:
    """Every neighbourhood as (id, name), by name."""
    return list(db.execute("SELECT id, name FROM neighbourhoods ORDER BY name"))


def practices(db: Database | sqlite.Connection) -> list[tuple[int, str]]:
    """Every GP practice as (id, name), by name."""
    return list(db.execute("SELECT id, name FROM practices ORDER BY name"))


def practice_neighbourhood(db: Database | sqlite.Connection, practice_id: int) -> int | None:
    """The neighbourhood a practice belongs to, if known."""
    row = db.execute(
        "SELECT neighbourhood_id FROM practices WHERE id = ?", [practice_id]
    ).fetchone()
    return row[0] if row else None


def member_label(db: Database | sqlite.Connection, member_id: int) -> str | None:
    """ "Name, role" for any member, with "(left)" for one no longer active."""
    row = db.execute(
        "SELECT name || ', ' || role || CASE WHEN active THEN '' ELSE ' (left)' END "
        "FROM members WHERE id = ?",
        [member_id],
    ).fetchone()
    return row[0] if row else None


def members_with_organisation(db: Database | sqlite.Connection) -> list[tuple]:
    """Active members as (id, name, role, organisation name or ""), by name."""
    return list(
        db.execute(
            "SELECT m.id, m.name, m.role, coalesce(o.name, '') FROM members m "
            "LEFT JOIN organisations o ON o.id = m.organisation_id "
            "WHERE m.active = 1 ORDER BY m.name"
        )
    )


def members(db: Database | sqlite.Connection, active_only: bool = True) -> list[tuple[int, str]]:
    """Members as (id, "Name, role"), by name."""
    where = "WHERE active = 1" if active_only else ""
    return list(db.execute(f"SELECT id, name || ', ' || role FROM members {where} ORDER BY name"))
