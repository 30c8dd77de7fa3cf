from pathlib import Path

import pytest

from mdtdesk.core import migrations
from mdtdesk.core.case_list import CaseQuery, fetch_cases
from mdtdesk.core.db import APPLICATION_ID, open_database, write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import DatabaseError
from mdtdesk.core.integrity import check_database

FIXTURES = Path(__file__).parent / "fixtures"


def _load_v1(path: Path) -> None:
    conn = sqlite.connect(path)
    conn.executescript((FIXTURES / "v1.sql").read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()


def test_new_database_is_safe_by_default(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_schema_covers_the_domain(db):
    tables = set(db.table_names())
    assert {
        "people",
        "cases",
        "referrals",
        "members",
        "organisations",
        "practices",
        "neighbourhoods",
        "meetings",
        "attendance",
        "agenda_items",
        "discussions",
        "actions",
        "audit",
    } <= tables
    assert "info_sharing" in db["people"].columns_dict


def test_version_one_database_is_migrated_forward_keeping_its_data(tmp_path):
    path = tmp_path / "old.db"
    _load_v1(path)
    db = open_database(path)
    applied = [m.name for m in migrations.registry().applied(db)]
    assert applied == migrations.KNOWN
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.KNOWN)
    # The search index added by migration 2 covers people who existed before it.
    found = fetch_cases(db, CaseQuery(text="llewellyn", status=None), 0, 10)
    assert [row["given_name"] for row in found] == ["Siân"]
    assert fetch_cases(db, CaseQuery(text="SK3 9", status=None), 0, 10)[0]["family_name"] == (
        "Ashworth"
    )
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 1
    assert check_database(db) == []
    db.close()
    # Opening again applies nothing twice.
    open_database(path).close()


def test_missing_file_is_not_created_when_not_asked(tmp_path):
    with pytest.raises(DatabaseError, match="There is no database at"):
        open_database(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(tmp_path / "no" / "such" / "mdt.db")


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not an mdtdesk database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are meeting notes, not a database " * 50)
    with pytest.raises(DatabaseError, match="damaged or is not an mdtdesk database"):
        open_database(path)


def test_a_database_from_a_newer_version_is_refused(db_path):
    # What a later mdtdesk leaves behind: one more migration, and the schema version with it.
    conn = sqlite.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('mdtdesk', '9999_future', 'later')"
    )
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="newer version of mdtdesk"):
        open_database(db_path)


def test_a_half_known_history_is_refused_even_at_an_old_version(db_path):
    # A newer mdtdesk's migration recorded, but the version number behind: still refused.
    conn = sqlite.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('mdtdesk', '9999_future', 'later')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="newer version of mdtdesk"):
        open_database(db_path)


def test_write_transaction_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError), write_transaction(db):
        db.execute("INSERT INTO neighbourhoods (name) VALUES ('Marple & Werneth')")
        db.execute("INSERT INTO audit (at, actor, entity) VALUES ('now', 'me', 'x')")
        raise RuntimeError("power cut")
    assert db.execute("SELECT count(*) FROM neighbourhoods").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_a_committed_write_is_seen_by_a_new_connection(db, db_path):
    with write_transaction(db):
        db.execute("INSERT INTO neighbourhoods (name) VALUES ('Victoria')")
    other = open_database(db_path)
    assert other.execute("SELECT name FROM neighbourhoods").fetchall() == [("Victoria",)]
    other.close()


def test_check_reports_a_broken_foreign_key(db):
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(
        "INSERT INTO cases (person_id, status, opened_on) VALUES (4242, 'referred', '2026-01-01')"
    )
    problems = check_database(db)
    assert any("cases" in p and "people" in p for p in problems)
