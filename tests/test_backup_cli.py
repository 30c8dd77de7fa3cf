"""`mdtdesk backup` and `mdtdesk restore` as a user meets them: one plain line, exit status."""

from __future__ import annotations

import pytest

from mdtdesk.core.driver import sqlite
from tests.test_cli import mdtdesk


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.db"
    result = mdtdesk("demo", "--db", path, "--patients", "20", "--seed", "3", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return path


def _one_plain_line(result):
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def _count(path):
    conn = sqlite.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        conn.close()


def test_backup_goes_to_the_backups_folder_and_says_where(demo, tmp_path):
    result = mdtdesk("backup", "--db", demo, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    made = list((tmp_path / "backups").glob("demo-*Z.db"))
    assert len(made) == 1
    assert str(made[0]) in result.stdout
    assert _count(made[0]) == 20


def test_backup_to_a_chosen_file(demo, tmp_path):
    out = tmp_path / "copy.db"
    result = mdtdesk("backup", "--db", demo, "--out", out, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    assert _count(out) == 20


def test_backup_never_overwrites_a_file(demo, tmp_path):
    out = tmp_path / "copy.db"
    out.write_text("mine")
    result = mdtdesk("backup", "--db", demo, "--out", out, tmp_path=tmp_path)
    _one_plain_line(result)
    assert "already exists" in result.stderr
    assert out.read_text() == "mine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/missing.db"], "There is no database"),
        (["--db", "{demo}", "--out", "{tmp}/nowhere/copy.db"], "does not exist"),
        ([], "required: --db"),
    ],
    ids=["no database", "no folder", "no --db"],
)
def test_backup_errors_are_one_plain_line(demo, tmp_path, args, message):
    args = [a.format(tmp=tmp_path, demo=demo) for a in args]
    result = mdtdesk("backup", *args, tmp_path=tmp_path)
    _one_plain_line(result)
    assert message in result.stderr


def test_restore_says_where_the_previous_file_is_kept(demo, tmp_path):
    out = tmp_path / "copy.db"
    assert mdtdesk("backup", "--db", demo, "--out", out, tmp_path=tmp_path).returncode == 0
    conn = sqlite.connect(demo)
    with conn:
        conn.execute("UPDATE people SET given_name = 'Changed'")
    conn.close()  # an open connection would (rightly) make restore refuse
    result = mdtdesk("restore", "--db", demo, "--from", out, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    kept = list(tmp_path.glob("demo-before-restore-*.db"))
    assert len(kept) == 1 and str(kept[0].name) in result.stdout
    with sqlite.connect(kept[0]) as conn:
        assert conn.execute("SELECT DISTINCT given_name FROM people").fetchall() == [("Changed",)]
    with sqlite.connect(demo) as conn:
        assert ("Changed",) not in conn.execute("SELECT DISTINCT given_name FROM people")


def test_restore_over_a_damaged_file_keeps_it_and_its_wal_exactly_as_found(demo, tmp_path):
    """A file whose second half a disk fault has zeroed, its WAL still beside it: the restore
    must not open it (a checkpoint would write the WAL into the damaged file), only set both
    aside."""
    import shutil

    out = tmp_path / "copy.db"
    assert mdtdesk("backup", "--db", demo, "--out", out, tmp_path=tmp_path).returncode == 0
    crashed = tmp_path / "crashed.db"
    conn = sqlite.connect(demo, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE people SET given_name = 'Changed'")
    for suffix in ("", "-wal"):  # the files as a crash leaves them: the changes in the WAL
        shutil.copyfile(f"{demo}{suffix}", f"{crashed}{suffix}")
    conn.close()
    whole = crashed.read_bytes()
    half = len(whole) // 2
    crashed.write_bytes(whole[:half] + bytes(len(whole) - half))  # and its second half lost
    damaged, wal = crashed.read_bytes(), (tmp_path / "crashed.db-wal").read_bytes()
    assert len(wal) > 10_000

    result = mdtdesk("restore", "--db", crashed, "--from", out, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "damaged file is kept, untouched" in result.stdout
    (kept,) = tmp_path.glob("crashed-before-restore-*.db")
    assert kept.read_bytes() == damaged
    assert (tmp_path / f"{kept.name}-wal").read_bytes() == wal
    assert _count(crashed) == 20


def test_restore_refuses_another_file_in_one_line(demo, tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 1000)
    before = demo.read_bytes()
    result = mdtdesk("restore", "--db", demo, "--from", garbage, tmp_path=tmp_path)
    _one_plain_line(result)
    assert "nothing was restored" in result.stderr
    assert demo.read_bytes() == before
    assert not list(tmp_path.glob("*before-restore*"))


def test_restore_needs_from(demo, tmp_path):
    result = mdtdesk("restore", "--db", demo, tmp_path=tmp_path)
    _one_plain_line(result)
    assert "--from" in result.stderr
