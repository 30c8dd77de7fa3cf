"""A write that SQLite refuses for reasons outside mdtdesk (another program holds the file, it
cannot be written) reaches the user as a plain DatabaseError saying what to do, and changes
nothing."""

import datetime as dt

import pytest

from mdtdesk.core import agenda
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import DatabaseError
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def item(db):
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    return agenda.add_item(db, "chair", meeting, cases[0], "review")


def test_a_locked_database_is_explained(db, db_path, item):
    db.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="in use by another program") as refused:
            agenda.set_item_status(db, "chair", item, "deferred")
        assert isinstance(refused.value.__cause__, sqlite.OperationalError)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db["agenda_items"].get(item)["status"] == "pending"
    assert not db.conn.in_transaction


def test_a_database_that_cannot_be_written_is_explained(db, item):
    db.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(DatabaseError, match="cannot write to mdt.db"):
        agenda.save_discussion(db, "chair", item, {"notes": "Lives with her son"})
    db.conn.execute("PRAGMA query_only = OFF")
    assert agenda.items(db, db["agenda_items"].get(item)["meeting_id"])[0]["notes"] is None


def test_a_broken_rule_is_not_disguised(db, item):
    with pytest.raises(sqlite.IntegrityError):
        from mdtdesk.core.db import write_transaction

        with write_transaction(db):
            db.conn.execute("UPDATE agenda_items SET status = 'lost' WHERE id = ?", [item])
