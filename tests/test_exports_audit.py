"""Exports through a plain connection: `mdtdesk export` reads and writes without sqlite-utils
(a tenth of a second of a command budgeted in tenths), and audits exactly as before."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mdtdesk.core import audit
from mdtdesk.core.db import connect, connection_transaction, open_database, write_transaction
from mdtdesk.core.demo import build_demo
from mdtdesk.core.driver import sqlite
from mdtdesk.core.exports import exports, person_id, record_export
from mdtdesk.documents.export import ExportRequest, export
from tests.helpers import nhs
from tests.test_cli import ROOT


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, patients=120, seed=3)
    return path


@pytest.fixture
def conn(demo):
    connection = connect(demo, create=False)
    yield connection
    connection.close()


def _closed_meeting(conn: sqlite.Connection) -> int:
    return conn.execute("SELECT id FROM meetings WHERE status = 'closed' LIMIT 1").fetchone()[0]


def _audit_rows(conn: sqlite.Connection, entity: str, entity_id: int) -> list[tuple]:
    return conn.execute(
        "SELECT actor, entity, entity_id, field, old, new, reason FROM audit "
        "WHERE entity = ? AND entity_id = ? ORDER BY id",
        [entity, entity_id],
    ).fetchall()


# --- db.connection_transaction ----------------------------------------------------------------


def test_a_connection_transaction_commits_or_rolls_back_whole(db_path):
    conn = connect(db_path)
    try:
        with connection_transaction(conn):
            audit.record(conn, "tester", "meetings", 1, [("note", None, "kept")])
        with pytest.raises(RuntimeError), connection_transaction(conn):
            audit.record(conn, "tester", "meetings", 1, [("note", None, "undone")])
            raise RuntimeError("stop")
        assert not conn.in_transaction
        assert [row[5] for row in _audit_rows(conn, "meetings", 1)] == ["kept"]
    finally:
        conn.close()


def test_a_nested_connection_transaction_is_a_savepoint(db_path):
    conn = connect(db_path)
    try:
        with connection_transaction(conn):
            audit.record(conn, "tester", "meetings", 2, [("note", None, "outer")])
            with pytest.raises(ValueError), connection_transaction(conn):
                audit.record(conn, "tester", "meetings", 2, [("note", None, "inner")])
                raise ValueError("undo the inner block only")
            with connection_transaction(conn):
                audit.record(conn, "tester", "meetings", 2, [("note", None, "second inner")])
        assert [row[5] for row in _audit_rows(conn, "meetings", 2)] == ["outer", "second inner"]
    finally:
        conn.close()


def test_a_connection_transaction_takes_the_write_lock_at_the_start(db_path):
    conn, other = connect(db_path), sqlite.connect(str(db_path), timeout=0)
    try:
        with (
            connection_transaction(conn),
            pytest.raises(sqlite.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        conn.close()


# --- the audit through a plain connection -----------------------------------------------------


def test_audit_rows_written_through_a_connection_are_those_written_through_sqlite_utils(db_path):
    changes = [("status", "draft", "closed"), ("venue", None, "Hub")]
    db = open_database(db_path)
    try:
        with write_transaction(db):
            audit.record(db, "tester", "meetings", 3, changes, reason="why")
    finally:
        db.close()
    conn = connect(db_path)
    try:
        with connection_transaction(conn):
            assert audit.record(conn, "tester", "meetings", 4, changes, reason="why") == 2
        by_wrapper, by_connection = (_audit_rows(conn, "meetings", n) for n in (3, 4))
    finally:
        conn.close()
    assert [row[:2] + row[3:] for row in by_wrapper] == [row[:2] + row[3:] for row in by_connection]


def test_record_export_takes_a_connection_or_a_database(demo):
    conn = connect(demo, create=False)
    try:
        meeting = _closed_meeting(conn)
        before = len(exports(conn, "meetings", meeting))
        record_export(conn, "tester", "meetings", meeting, "Minutes, full, as PDF")
        assert not conn.in_transaction
    finally:
        conn.close()
    db = open_database(demo, create=False)
    try:
        record_export(db, "tester", "meetings", meeting, "Agenda, as PDF")
        recorded = exports(db, "meetings", meeting)
    finally:
        db.close()
    assert [e["what"] for e in recorded[before:]] == ["Minutes, full, as PDF", "Agenda, as PDF"]
    assert {e["actor"] for e in recorded[before:]} == {"tester"}


def test_person_id_is_the_register_id_of_the_number_or_none(conn):
    number, expected = conn.execute("SELECT nhs_number, id FROM people LIMIT 1").fetchone()
    assert person_id(conn, number) == expected
    known = {row[0] for row in conn.execute("SELECT nhs_number FROM people")}
    assert person_id(conn, next(nhs(n) for n in range(1000) if nhs(n) not in known)) is None


# --- export() through a plain connection ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_export_through_a_connection_writes_and_audits_minutes(conn, tmp_path, fmt):
    meeting = _closed_meeting(conn)
    request = ExportRequest("minutes", fmt, tmp_path / f"m.{fmt}", meeting_id=meeting)
    assert export(conn, "tester", request) == tmp_path / f"m.{fmt}"
    assert (tmp_path / f"m.{fmt}").stat().st_size > 1000
    assert exports(conn, "meetings", meeting)[-1]["what"] == request.describe()


def test_export_through_a_connection_audits_a_care_plan_against_the_person(conn, tmp_path):
    number, person = conn.execute(
        "SELECT p.nhs_number, p.id FROM people p JOIN cases c ON c.person_id = p.id "
        "WHERE c.status <> 'closed' LIMIT 1"
    ).fetchone()
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    request = ExportRequest("careplan", "pdf", tmp_path / "plan.pdf", nhs_number=spaced)
    export(conn, "tester", request)
    assert exports(conn, "people", person)[-1]["what"] == "Care plan, as PDF"


def test_mdtdesk_export_never_imports_sqlite_utils(demo, tmp_path):
    conn = connect(demo, create=False)
    try:
        meeting = _closed_meeting(conn)
    finally:
        conn.close()
    script = (
        "import json, sys\n"
        "from mdtdesk.cli import main\n"
        "codes = [main(['export', 'minutes', '--db', sys.argv[1], '--meeting', sys.argv[2],\n"
        "               '--format', f, '--out', sys.argv[3] + '.' + f]) for f in ('pdf', 'docx')]\n"
        "print(json.dumps([codes, 'sqlite_utils' in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(demo), str(meeting), str(tmp_path / "minutes")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    codes, imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert codes == [0, 0] and not imported
