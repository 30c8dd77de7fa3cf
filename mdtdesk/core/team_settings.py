"""The team's settings for its documents, kept in the database with the data they govern (like
the quorum rule in core/meetings.py), so every laptop that opens the team's file prints the same.

The protective marking is printed in the header or footer of every page of the minutes, the agenda
and the care plans (DESIGN.md section 4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core import audit
from mdtdesk.core.db import write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlite_utils import Database

MARKING_KEY = "protective_marking"
# The core cannot import documents/, so the default lives here too; a test keeps
# documents.model.DEFAULT_MARKING equal to it.
DEFAULT_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE: PERSONAL"
# A marking is one line in a page's header: longer would wrap or be cut off.
MAX_MARKING = 80


def protective_marking(db: Database | sqlite.Connection) -> str:
    """The marking the team prints on every page (the default until the team sets its own)."""
    row = db.execute("SELECT value FROM team_settings WHERE key = ?", [MARKING_KEY]).fetchone()
    return row[0] if row else DEFAULT_PROTECTIVE_MARKING


def set_protective_marking(db: Database, actor: str, text: str) -> str:
    """Change the team's protective marking (audited); return the marking as saved.

    Spaces are tidied. Refused (ValidationError) when empty, longer than MAX_MARKING characters
    or on more than one line.
    """
    marking = " ".join((text or "").split())
    if not marking:
        raise ValidationError(
            {"protective_marking": "Enter the protective marking, e.g. OFFICIAL-SENSITIVE."}
        )
    if "\n" in (text or "").strip() or "\r" in (text or "").strip():
        raise ValidationError({"protective_marking": "Keep the marking on one line."})
    if len(marking) > MAX_MARKING:
        raise ValidationError(
            {"protective_marking": f"Keep the marking under {MAX_MARKING} characters."}
        )
    with write_transaction(db):
        old = db.execute("SELECT value FROM team_settings WHERE key = ?", [MARKING_KEY]).fetchone()
        if old is not None and old[0] == marking:
            return marking  # unchanged: no audit row
        db.execute(
            "INSERT INTO team_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [MARKING_KEY, marking],
        )
        audit.record(
            db, actor, "team_settings", None, [(MARKING_KEY, old[0] if old else None, marking)]
        )
    return marking
