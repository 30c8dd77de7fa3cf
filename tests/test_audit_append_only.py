"""The audit only grows: no code path, and no one with a SQLite tool, can rewrite or remove
who did what."""

import pytest

from mdtdesk.core.driver import sqlite
from mdtdesk.core.register import save_case_record
from tests.helpers import record


def test_audit_rows_can_be_neither_changed_nor_deleted(db, db_path, today):
    save_case_record(db, "chair", record(0), today)
    rows = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert rows > 0
    # Through mdtdesk's own connection and through a plain one, as another program would.
    other = sqlite.connect(db_path)
    try:
        for conn in (db.conn, other):
            with pytest.raises(sqlite.IntegrityError, match="audit cannot be changed"):
                conn.execute("UPDATE audit SET actor = 'someone else'")
            with pytest.raises(sqlite.IntegrityError, match="audit cannot be changed"):
                conn.execute("DELETE FROM audit")
    finally:
        other.close()
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == rows
    assert {r[0] for r in db.execute("SELECT DISTINCT actor FROM audit")} == {"chair"}
