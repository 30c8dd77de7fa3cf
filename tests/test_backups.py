"""Backups: a checked copy while the app writes, the retention schedule, and restore."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from mdtdesk.core import backups, restore
from mdtdesk.core.db import APPLICATION_ID, connect, open_connection, open_database
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.register import save_case_record
from tests.helpers import record

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _people(path: Path) -> list[str]:
    conn = sqlite.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT family_name FROM people ORDER BY id")]
    finally:
        conn.close()


def _add_person(path: Path, n: int) -> None:
    db = open_database(path)
    try:
        save_case_record(db, "chair", record(n), dt.date(2026, 11, 23))
    finally:
        db.close()


def _integrity(path: Path) -> list[str]:
    conn = open_connection(path)  # keyed, for a copy of an encrypted database
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- making a backup ----------------------------------------------------------------------------


def test_a_backup_is_checked_whole_and_holds_the_data(db_path, tmp_path):
    _add_person(db_path, 1)
    target = tmp_path / "copy.db"
    assert backups.make_backup(db_path, target) == target
    assert _integrity(target) == ["ok"]
    assert _people(target) == ["Ashworth1"]
    # A lone file: it needs no -wal beside it to be whole.
    assert _files(tmp_path) == {"mdt.db", "copy.db"}
    with sqlite.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_backup_while_another_connection_writes_is_one_consistent_snapshot(
    db_path, tmp_path, encrypted, monkeypatch
):
    setup = sqlite.connect(db_path, isolation_level=None)
    setup.execute("CREATE TABLE pairs (n INTEGER)")
    setup.close()
    copied_as_is = []
    if encrypted:
        from mdtdesk.core import encryption, passphrase

        passphrase.encrypt_database(db_path, "correct horse battery")
        monkeypatch.setattr(encryption, "_unlocked", dict(encryption._unlocked))
        as_is = backups._copy_pages_as_they_are
        monkeypatch.setattr(
            backups,
            "_copy_pages_as_they_are",
            lambda *args: copied_as_is.append(as_is(*args)),
        )
    stop = threading.Event()
    written = []

    def writer():
        # Each transaction adds two rows, so a consistent copy always holds an even number.
        conn = connect(db_path)
        n = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO pairs VALUES (?), (?)", [n, n])
            conn.execute("COMMIT")
            n += 1
            written.append(n)
            # Hundreds of commits a second, far more than autosave makes, but not back to
            # back: SQLite's busy handler is not fair, and a writer that never pauses starves
            # the backup's brief write lock (it then falls back to the backup API).
            time.sleep(0.001)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:
            pass
        app = connect(db_path)  # the window's own connection, open during the backup
        targets = [tmp_path / f"copy{i}.db" for i in range(3)]
        for target in targets:
            backups.make_backup(app, target)
        app.close()
    finally:
        stop.set()
        thread.join()
    for target in targets:
        assert _integrity(target) == ["ok"]
        conn = open_connection(target)
        count = conn.execute("SELECT count(*) FROM pairs").fetchone()[0]
        conn.close()
        assert count >= 100 and count % 2 == 0
    # An encrypted file is copied as it is (never decrypted), every time, not by the fallback.
    assert len(copied_as_is) == (3 if encrypted else 0)


def test_a_missing_folder_leaves_nothing_and_says_so(db_path, tmp_path):
    with pytest.raises(MdtError, match="does not exist"):
        backups.make_backup(db_path, tmp_path / "nowhere" / "copy.db")
    assert _files(tmp_path) == {"mdt.db"}


def test_a_folder_in_the_way_leaves_nothing_and_says_so(db_path, tmp_path):
    (tmp_path / "copy.db").mkdir()
    with pytest.raises(MdtError, match="is a folder"):
        backups.make_backup(db_path, tmp_path / "copy.db")
    assert _files(tmp_path) == {"mdt.db", "copy.db"}
    assert _files(tmp_path / "copy.db") == set()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_leaves_nothing_and_says_so(db_path, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(MdtError, match="writable"):
            backups.make_backup(db_path, folder / "copy.db")
        assert _files(folder) == set()
    finally:
        folder.chmod(0o700)


def test_a_copy_that_fails_its_check_is_not_kept(db_path, tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "_check_copy", lambda path, quick=False: "page 3 is damaged")
    target = tmp_path / "copy.db"
    # Its own kind of error: the window can tell "the database may be damaged" from a full disk.
    with pytest.raises(backups.CopyDamaged, match="failed its check"):
        backups.make_backup(db_path, target)
    assert _files(tmp_path) == {"mdt.db"}


def test_a_failed_backup_leaves_the_previous_one_in_place(db_path, tmp_path, monkeypatch):
    target = tmp_path / "copy.db"
    backups.make_backup(db_path, target)
    before = target.read_bytes()
    monkeypatch.setattr(backups, "_check_copy", lambda path, quick=False: "damaged")
    with pytest.raises(MdtError):
        backups.make_backup(db_path, target)
    assert target.read_bytes() == before
    assert _files(tmp_path) == {"mdt.db", "copy.db"}


def test_a_database_encrypted_while_it_is_backed_up_leaves_no_copy(db_path, tmp_path, monkeypatch):
    """Another program (mdtdesk encrypt) replaced the file during the copy: the copy may be
    of the file as it was, readable, so it is not kept."""
    _add_person(db_path, 1)
    copy = backups._copy

    def copy_then_replace(conn, temp, source_path):
        copy(conn, temp, source_path)
        replacement = tmp_path / "replacement.db"
        replacement.write_bytes(Path(source_path).read_bytes())
        os.replace(replacement, source_path)

    monkeypatch.setattr(backups, "_copy", copy_then_replace)
    with pytest.raises(MdtError, match="replaced while it was being backed up"):
        backups.make_backup(db_path, tmp_path / "copy.db")
    assert "copy.db" not in _files(tmp_path)
    assert not [name for name in _files(tmp_path) if name.endswith(".tmp")]


def test_another_programs_file_is_not_backed_up(tmp_path):
    other = tmp_path / "other.db"
    with sqlite.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(MdtError, match="not an mdtdesk database"):
        backups.make_backup(other, tmp_path / "copy.db")
    assert _files(tmp_path) == {"other.db"}


# -- where backups live, and when they are made -------------------------------------------------


def test_backups_are_named_by_time_and_listed_newest_first(db_path):
    first = backups.backup_if_due(db_path, now=NOW)
    assert first == db_path.parent / "backups" / "mdt-2026-11-23T120000Z.db"
    # Fresh: nothing is due.
    assert backups.backup_if_due(db_path, now=NOW + dt.timedelta(hours=23)) is None
    second = backups.backup_if_due(db_path, now=NOW + dt.timedelta(hours=25))
    listed = backups.list_backups(db_path.parent / "backups")
    assert [b.path for b in listed] == [second, first]
    assert listed[0].time == NOW + dt.timedelta(hours=25)
    assert listed[0].size == second.stat().st_size
    assert _integrity(second) == ["ok"]


def test_a_meeting_close_always_makes_one_even_in_the_same_second(db_path):
    first = backups.backup_if_due(db_path, now=NOW)
    again = backups.backup_if_due(db_path, now=NOW, max_age=dt.timedelta(0))
    assert again is not None and again != first
    # The newest of the day is the one the schedule keeps.
    assert [b.path for b in backups.list_backups(backups.backup_folder(db_path))] == [again]


def test_a_backup_from_the_command_line_in_the_same_second_gets_its_own_name(db_path):
    first = backups.new_backup_path(db_path, NOW)
    backups.make_backup(db_path, first)
    second = backups.new_backup_path(db_path, NOW)
    assert second != first and second.name.endswith("-2.db")
    assert oct(first.parent.stat().st_mode & 0o777) == oct(0o700)


def test_the_backups_of_another_database_in_the_same_folder_are_left_alone(db_path):
    other = db_path.with_name("demo.db")
    open_database(other).close()
    backups.backup_if_due(other, now=NOW)
    made = backups.backup_if_due(db_path, now=NOW)
    assert made is not None  # the demo's backup does not count as this database's
    assert {b.stem for b in backups.list_backups(backups.backup_folder(db_path))} == {
        "mdt",
        "demo",
    }
    assert [b.path for b in backups.list_backups(backups.backup_folder(db_path), "mdt")] == [made]


def test_the_folder_is_ignored_apart_from_backups(db_path):
    folder = backups.backup_folder(db_path)
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / ".mdtdesk-backup-abc.tmp").write_bytes(b"half")
    assert backups.list_backups(folder) == []
    assert backups.prune(folder, NOW) == []
    assert _files(folder) == {"notes.txt", ".mdtdesk-backup-abc.tmp"}


# -- the retention schedule ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_backup(tmp_path_factory) -> bytes:
    """The bytes of a small whole mdtdesk-marked SQLite file, for synthetic backups."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.db"
    with sqlite.connect(path) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE t (x)")
    return path.read_bytes()


def _synthetic(folder: Path, times, content: bytes) -> dict[dt.datetime, Path]:
    folder.mkdir(exist_ok=True)
    made = {}
    for when in times:
        path = folder / f"mdtdesk-{when.strftime('%Y-%m-%dT%H%M%SZ')}.db"
        path.write_bytes(content)
        made[when] = path
    return made


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def test_the_schedule_keeps_7_daily_4_weekly_and_12_monthly(tmp_path, tiny_backup):
    today = NOW.date()  # Monday 23 November 2026
    days = [today - dt.timedelta(days=n) for n in range(400)]
    times = [_at(day) for day in days] + [_at(today, 11)]  # two on the last day
    made = _synthetic(tmp_path / "backups", times, tiny_backup)

    deleted = backups.prune(tmp_path / "backups", NOW)

    kept = {
        when.date() if when != _at(today, 11) else "today, 11:00"
        for when, path in made.items()
        if path.exists()
    }
    d = dt.date
    daily = {today - dt.timedelta(days=n) for n in range(1, 7)} | {"today, 11:00"}
    weekly = {d(2026, 11, 22), d(2026, 11, 15), d(2026, 11, 8)}
    monthly = {
        d(2026, 10, 31),
        d(2026, 9, 30),
        d(2026, 8, 31),
        d(2026, 7, 31),
        d(2026, 6, 30),
        d(2026, 5, 31),
        d(2026, 4, 30),
        d(2026, 3, 31),
        d(2026, 2, 28),
        d(2026, 1, 31),
        d(2025, 12, 31),
    }
    assert kept == daily | weekly | monthly
    assert len(deleted) == len(made) - len(kept)
    assert made[_at(today)] in deleted  # the earlier of the two on one day


def test_a_year_in_a_drawer_costs_no_history(tmp_path, tiny_backup):
    # Periods are counted among the backups there are, not back from today.
    old = [_at(dt.date(2025, 6, 1) - dt.timedelta(days=n)) for n in range(10)]
    made = _synthetic(tmp_path / "backups", old, tiny_backup)
    backups.prune(tmp_path / "backups", NOW)
    assert sum(path.exists() for path in made.values()) >= 7


def test_the_newest_good_backup_is_never_deleted(tmp_path, tiny_backup):
    # Ten on one day: the schedule keeps only the newest, which is damaged.
    times = [_at(NOW.date(), hour) for hour in range(1, 11)]
    made = _synthetic(tmp_path / "backups", times, tiny_backup)
    made[times[-1]].write_bytes(b"this is not a database" * 100)

    backups.prune(tmp_path / "backups", NOW)

    assert made[times[-1]].exists()  # the newest, kept by the schedule
    assert made[times[-2]].exists()  # the newest that passes its check
    assert not made[times[-3]].exists()


def test_a_backup_dated_after_now_is_kept(tmp_path, tiny_backup):
    times = [NOW + dt.timedelta(days=30), NOW - dt.timedelta(hours=1), NOW - dt.timedelta(hours=2)]
    made = _synthetic(tmp_path / "backups", times, tiny_backup)
    backups.prune(tmp_path / "backups", NOW)
    assert [made[t].exists() for t in times] == [True, True, False]


def test_backup_if_due_prunes(db_path, tiny_backup):
    folder = backups.backup_folder(db_path)
    old = [_at(dt.date(2026, 11, 20), hour) for hour in (8, 9)]
    made = _synthetic(folder, [], tiny_backup)
    for when in old:
        path = folder / f"mdt-{when.strftime('%Y-%m-%dT%H%M%SZ')}.db"
        path.write_bytes(tiny_backup)
        made[when] = path
    backups.backup_if_due(db_path, now=NOW)
    assert not made[old[0]].exists() and made[old[1]].exists()


# -- restore --------------------------------------------------------------------------------------


def test_restore_keeps_the_current_file_aside_and_puts_the_backup_in_place(db_path, tmp_path):
    _add_person(db_path, 1)
    copy = backups.make_backup(db_path, tmp_path / "copy.db")
    _add_person(db_path, 2)

    aside = restore.restore(db_path, copy)

    assert aside is not None and aside.parent == db_path.parent
    assert aside.name.startswith("mdt-before-restore-") and aside.suffix == ".db"
    assert _people(db_path) == ["Ashworth1"]
    assert _people(aside) == ["Ashworth1", "Ashworth2"]  # nothing is ever deleted
    assert _integrity(aside) == ["ok"]
    assert copy.exists()
    # The restored file opens as the app opens it, and is whole.
    conn = connect(db_path, create=False)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
    assert not any(p.name.startswith(".mdtdesk-restore-") for p in db_path.parent.iterdir())


def test_restore_into_an_empty_place_keeps_nothing_aside(db_path, tmp_path):
    copy = backups.make_backup(db_path, tmp_path / "copy.db")
    fresh = tmp_path / "fresh.db"
    assert restore.restore(fresh, copy) is None
    assert _integrity(fresh) == ["ok"]


def test_restore_is_refused_while_the_database_is_open(db_path, tmp_path):
    copy = backups.make_backup(db_path, tmp_path / "copy.db")
    app = connect(db_path)
    try:
        before = _files(tmp_path)
        with pytest.raises(MdtError, match="is open in mdtdesk or another program"):
            restore.restore(db_path, copy)
        assert _files(tmp_path) == before
    finally:
        app.close()


def _truncated(tmp_path: Path, db_path: Path) -> Path:
    _add_person(db_path, 1)
    whole = backups.make_backup(db_path, tmp_path / "whole.db").read_bytes()
    path = tmp_path / "truncated.db"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _garbage(tmp_path: Path, db_path: Path) -> Path:
    path = tmp_path / "garbage.db"
    path.write_bytes(os.urandom(64 * 1024))
    return path


def _other_sqlite(tmp_path: Path, db_path: Path) -> Path:
    path = tmp_path / "other.db"
    with sqlite.connect(path) as conn:
        conn.execute("CREATE TABLE people (family_name TEXT)")
        conn.execute("INSERT INTO people VALUES ('Someone')")
    return path


def _empty(tmp_path: Path, db_path: Path) -> Path:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_garbage, "damaged or is not an mdtdesk backup"),
        (_truncated, "is damaged"),
        (_other_sqlite, "is not an mdtdesk backup"),
        (_empty, "is not an mdtdesk backup"),
    ],
    ids=["random bytes", "truncated", "another program's SQLite file", "empty file"],
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(db_path, tmp_path, make, message):
    bad = make(tmp_path, db_path)
    before = db_path.read_bytes()
    files = _files(tmp_path)
    with pytest.raises(MdtError, match=message):
        restore.restore(db_path, bad)
    assert db_path.read_bytes() == before
    assert _files(tmp_path) == files


def test_restore_of_a_missing_backup_says_so(db_path, tmp_path):
    with pytest.raises(MdtError, match="There is no backup file"):
        restore.restore(db_path, tmp_path / "nope.db")


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_restore_that_fails_at_the_last_step_changes_nothing(
    db_path, tmp_path, monkeypatch, hard_links
):
    _add_person(db_path, 1)
    copy = backups.make_backup(db_path, tmp_path / "copy.db")
    _add_person(db_path, 2)
    if not hard_links:  # as on a FAT USB stick: the file is renamed aside, not linked
        monkeypatch.setattr(restore.os, "link", _no_links)
    real_replace = os.replace

    def replace(source, target):
        if Path(target) == db_path and Path(source).name.startswith(".mdtdesk-restore-"):
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(restore.os, "replace", replace)
    with pytest.raises(MdtError, match="nothing was changed"):
        restore.restore(db_path, copy)
    monkeypatch.undo()
    assert _people(db_path) == ["Ashworth1", "Ashworth2"]
    assert sorted(p.name for p in db_path.parent.iterdir() if "before-restore" in p.name) == []


def _no_links(source, target):
    raise OSError(1, "Operation not permitted")


def test_a_backup_just_made_is_not_checked_again_when_pruning(db_path, monkeypatch):
    checked = []
    real = backups._check_copy
    monkeypatch.setattr(
        backups, "_check_copy", lambda path, quick=False: checked.append(quick) or real(path, quick)
    )
    assert backups.backup_if_due(db_path, now=NOW) is not None
    assert checked == [False]  # the full check of the copy, and no quick check after it
