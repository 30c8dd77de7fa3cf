"""The check on open (core/open_check.py), the full check shared among cores
(integrity.full_check), and a restore over a damaged file that keeps it aside untouched.

The damaged files are made here from a whole synthetic register: a broken header (the first
bytes overwritten), a truncated file (cut to half) and random bytes, plus a few harder cases.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from mdtdesk.core import backups, encryption, integrity, open_check, restore
from mdtdesk.core.db import connect, open_database
from mdtdesk.core.driver import sqlite
from mdtdesk.core.register import save_case_record
from tests.helpers import record

SECRET = "correct horse battery"


def _fill(db, people: int = 60) -> None:
    for n in range(people):
        save_case_record(db, "chair", record(n), dt.date(2026, 11, 23))


@pytest.fixture
def whole(tmp_path) -> Path:
    """A whole register of 60 people (about 80 pages), closed, so its WAL is folded in."""
    path = tmp_path / "mdt.db"
    db = open_database(path)
    _fill(db)
    db.close()
    assert not Path(f"{path}-wal").exists()
    return path


def broken_header(path: Path) -> None:
    """The first 100 bytes (SQLite's header) overwritten with junk."""
    data = path.read_bytes()
    path.write_bytes(random.Random(1).randbytes(100) + data[100:])


def truncated(path: Path) -> None:
    """Cut to half its size, as a copy that stopped half-way leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path: Path) -> None:
    """Random bytes of the same size."""
    path.write_bytes(random.Random(2).randbytes(path.stat().st_size))


DAMAGES = [
    (broken_header, open_check.NOT_A_DATABASE),
    (truncated, open_check.CUT_SHORT),
    (random_bytes, open_check.NOT_A_DATABASE),
]
IDS = ["broken header", "truncated", "random bytes"]


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# -- the check on open --------------------------------------------------------------------------


def test_a_whole_file_passes_and_is_not_written(whole):
    before = _state(whole)
    assert open_check.damage(whole) is None
    assert _state(whole) == before


@pytest.mark.parametrize(("spoil", "message"), DAMAGES, ids=IDS)
def test_each_damage_is_found_and_nothing_is_written(whole, spoil, message):
    spoil(whole)
    before = _state(whole)
    assert open_check.damage(whole) == message
    assert _state(whole) == before


def test_a_header_with_the_right_start_but_nonsense_after_is_damaged(whole):
    data = bytearray(whole.read_bytes())
    data[16:24] = b"\x00\x03\x07\x09\x00\x11\x12\x13"  # page size 3, nonsense versions
    whole.write_bytes(bytes(data))
    assert open_check.damage(whole) == open_check.NOT_A_DATABASE


def test_a_cut_is_found_by_reading_when_the_header_cannot_tell(whole):
    # A header whose page count is not to be trusted (its check number differs): the cut is
    # found by SQLite's reading of the file, not by the header.
    data = bytearray(whole.read_bytes())
    data[92:96] = b"\xff\xff\xff\xff"
    whole.write_bytes(bytes(data[: len(data) // 2]))
    before = _state(whole)
    assert open_check.damage(whole) is not None
    assert _state(whole) == before


def test_a_damaged_page_of_a_small_table_is_found(whole):
    # The members table is empty; overwrite the first page of the meetings tree instead: the
    # table's own root page, which the check reads.
    conn = sqlite.connect(whole)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'meetings'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(whole.read_bytes())
    start = (root[0] - 1) * page_size
    data[start : start + page_size] = random.Random(3).randbytes(page_size)
    whole.write_bytes(bytes(data))
    assert open_check.damage(whole) == open_check.PART_DAMAGED


def test_an_empty_file_is_damaged(tmp_path):
    path = tmp_path / "mdt.db"
    path.write_bytes(b"")
    assert open_check.damage(path) == open_check.EMPTY


def test_no_file_and_another_programs_file_are_left_to_opening(tmp_path):
    assert open_check.damage(tmp_path / "nothing.db") is None
    other = tmp_path / "other.db"
    with sqlite.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert open_check.damage(other) is None  # opening it says it is not mdtdesk's


def test_pages_still_in_the_wal_are_not_mistaken_for_a_cut(tmp_path):
    path = tmp_path / "mdt.db"
    conn = connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the new pages stay in the -wal file
    db = open_database(path)
    _fill(db, 30)
    try:
        assert Path(f"{path}-wal").stat().st_size > 0
        assert open_check.damage(path) is None
    finally:
        db.close()
        conn.close()


# -- encrypted files ------------------------------------------------------------------------------


@pytest.fixture
def encrypted(tmp_path):
    path = tmp_path / "mdt.db"
    key = encryption.new_key(path, SECRET)
    conn = connect(path, key=key)
    conn.close()
    db = open_database(path)
    _fill(db, 40)
    db.close()
    yield path
    encryption.forget_all()


def test_an_encrypted_whole_file_passes(encrypted):
    assert open_check.damage(encrypted) is None


def test_an_encrypted_truncated_file_is_found(encrypted):
    truncated(encrypted)
    before = _state(encrypted)
    # Its header cannot be read without the key, so it is SQLite, reading, that finds it
    # shorter than it says: it refuses the file.
    assert open_check.damage(encrypted) == open_check.UNREADABLE
    assert _state(encrypted) == before


def test_an_encrypted_file_missing_only_its_last_page_is_found(encrypted):
    data = encrypted.read_bytes()
    encrypted.write_bytes(data[: len(data) - encryption.PAGE_SIZE])
    assert open_check.damage(encrypted) == open_check.UNREADABLE


def test_an_encrypted_file_with_a_broken_start_is_damaged_not_asked_for(encrypted):
    # Its salt no longer matches its key file: damaged, with no passphrase to ask for.
    broken_header(encrypted)
    encryption.forget_all()
    assert open_check.damage(encrypted) == open_check.NOT_A_DATABASE


def test_an_encrypted_file_is_checked_only_once_unlocked(encrypted):
    encryption.forget_all()
    with pytest.raises(encryption.PassphraseNeeded):
        open_check.damage(encrypted)


# -- the full check, shared among cores -----------------------------------------------------------


def _two_tables(path: Path) -> sqlite.Connection:
    conn = sqlite.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE t (a, b)")
    conn.execute("CREATE INDEX t_by_a ON t (a)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(n, 1000 - n) for n in range(1000)])
    conn.execute("CREATE TABLE big (x)")
    conn.executemany("INSERT INTO big VALUES (?)", [("y" * 500,) for _ in range(200)])
    conn.execute("COMMIT")
    return conn


def _index_out_of_step(path: Path) -> None:
    # The index now claims to be on b while it holds a: only the rows-against-index check
    # (integrity_check, not quick_check) sees it.
    conn = _two_tables(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX t_by_a ON t (b)' WHERE name = 't_by_a'"
    )
    conn.close()


def _pages_lost(path: Path) -> None:
    # Free pages dropped from the free list: no table uses them, so only a whole-file check
    # sees them (a table-by-table check cannot).
    conn = _two_tables(path)
    conn.execute("DROP TABLE big")
    conn.close()
    data = bytearray(path.read_bytes())
    data[32:40] = bytes(8)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("spoil", [_index_out_of_step, _pages_lost], ids=["index", "lost pages"])
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_shared_check_finds_what_integrity_check_finds(tmp_path, spoil, workers):
    path = tmp_path / "spoilt.db"
    spoil(path)
    with sqlite.connect(path) as conn:
        expected = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    assert expected != ["ok"]
    assert integrity.full_check(path, workers=workers)


@pytest.mark.parametrize("workers", [1, 3])
def test_the_shared_check_passes_a_whole_register(whole, workers):
    assert integrity.full_check(whole, workers=workers) == []


# -- restoring over a damaged file ----------------------------------------------------------------


@pytest.mark.parametrize(("spoil", "message"), DAMAGES, ids=IDS)
def test_restore_keeps_a_damaged_file_aside_untouched(whole, spoil, message, monkeypatch):
    good = backups.make_backup(whole, whole.parent / "good.db")
    spoil(whole)
    # What SQLite may have left beside it, kept with it.
    Path(f"{whole}-wal").write_bytes(b"wal as found")
    Path(f"{whole}-shm").write_bytes(b"shm as found")
    before = _state(whole)

    def must_not_open(_path):
        raise AssertionError("the damaged file was opened")

    monkeypatch.setattr(restore, "_checkpoint_or_refuse", must_not_open)
    aside = restore.restore(whole, good, damaged=True)

    assert aside is not None and _state(aside) == before
    assert Path(f"{aside}-wal").read_bytes() == b"wal as found"
    assert Path(f"{aside}-shm").read_bytes() == b"shm as found"
    assert not Path(f"{whole}-wal").exists() and not Path(f"{whole}-shm").exists()
    assert open_check.damage(whole) is None
    with sqlite.connect(whole) as conn:
        assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 60


def test_restore_over_a_damaged_encrypted_file_keeps_its_key_file(encrypted):
    good = backups.make_backup(encrypted, encrypted.parent / "good.db")
    key_file = encryption.key_file_path(encrypted).read_bytes()
    broken_header(encrypted)
    aside = restore.restore(encrypted, good, damaged=True)
    # Kept as it was, though it no longer matches the broken start: it holds the salt.
    assert encryption.key_file_path(aside).read_bytes() == key_file
    assert open_check.damage(encrypted) is None


def test_the_newest_good_backup_passes_over_a_damaged_one(whole):
    folder = backups.backup_folder(whole)
    folder.mkdir()
    now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
    older = backups.make_backup(whole, folder / backups.backup_name(whole, now))
    newer = backups.make_backup(
        whole, folder / backups.backup_name(whole, now + dt.timedelta(hours=1))
    )
    random_bytes(newer)
    assert backups.newest_good(whole).path == older
    random_bytes(older)
    assert backups.newest_good(whole) is None
