"""One mdtdesk writes to a database at a time: a second process is refused in plain English,
a lock left by a process that died is taken over, and the same process asking twice shares its
lock. Other processes here are real ones (subprocess), since the lock is the operating system's.
Also: the check that the database and its folder can be written."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from mdtdesk.core import file_access, writer_lock
from mdtdesk.core.errors import DatabaseError
from mdtdesk.core.writer_lock import DatabaseInUse, LockInfo

ROOT = Path(__file__).resolve().parents[1]

# A second mdtdesk: takes the lock (optionally pretending to be another computer), says so,
# and holds it until told to let go on its standard input.
HOLDER = """
import socket, sys
if sys.argv[2]:
    socket.gethostname = lambda: sys.argv[2]
from mdtdesk.core import writer_lock
lock = writer_lock.acquire(sys.argv[1])
print("held", flush=True)
sys.stdin.readline()
lock.release()
"""

# Another mdtdesk starting up: tries once, says what happened.
PROBE = """
import sys
from mdtdesk.core import writer_lock
try:
    writer_lock.acquire(sys.argv[1])
except writer_lock.DatabaseInUse as refused:
    print("refused:", refused)
else:
    print("taken")
"""


def _holder(db_path, computer: str = "") -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), computer],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    if line.strip() != "held":
        proc.kill()
        pytest.fail(f"the holder did not take the lock: {proc.communicate()[1]}")
    return proc


def _let_go(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.communicate("\n", timeout=30)


def _probe(db_path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def db_file(tmp_path):
    # The lock does not care what the database holds; it is never opened here.
    path = tmp_path / "mdtdesk.db"
    path.write_bytes(b"")
    return path


def test_a_second_mdtdesk_is_refused_saying_which_computer_and_since_when(db_file):
    other = _holder(db_file, computer="HUB-LAPTOP-3")
    try:
        holder_before = writer_lock.holder_file(db_file).read_text()
        with pytest.raises(DatabaseInUse) as refused:
            writer_lock.acquire(db_file)
        since = refused.value.holder.since.astimezone()
        assert str(refused.value) == (
            f"This database is open in mdtdesk on HUB-LAPTOP-3 (since {_clock(since)} today). "
            "Close it there first, then try again. Nothing was changed."
        )
        assert refused.value.holder.pid == other.pid
        assert isinstance(refused.value, DatabaseError)  # caught wherever opening fails
        # Being refused changed nothing: the holder's record is whole, and it still holds.
        assert writer_lock.holder_file(db_file).read_text() == holder_before
        assert _probe(db_file).startswith("refused: This database is open in mdtdesk on HUB-")
    finally:
        _let_go(other)
    assert other.returncode == 0, other.stderr.read()
    # Closed there, it opens here; the record now names this process.
    with writer_lock.acquire(db_file) as lock:
        assert lock.held
        assert writer_lock.read_holder(db_file).pid == os.getpid()
    assert not writer_lock.holder_file(db_file).exists()  # released: no one to name


def test_the_same_computer_is_named_as_another_window(db_file):
    other = _holder(db_file)
    try:
        with pytest.raises(DatabaseInUse, match="already open in another mdtdesk window on this"):
            writer_lock.acquire(db_file)
    finally:
        _let_go(other)


def test_a_lock_left_by_a_process_that_was_killed_is_taken_over(db_file):
    other = _holder(db_file, computer="HUB-LAPTOP-3")
    other.kill()  # SIGKILL: no clean-up runs, as in a power cut
    other.wait(timeout=30)
    if sys.platform != "win32":
        assert other.returncode == -signal.SIGKILL
    # What it left behind still says it holds the lock...
    assert writer_lock.lock_file(db_file).exists()
    assert writer_lock.read_holder(db_file).pid == other.pid
    # ...but the operating system let go of it with the process.
    lock = writer_lock.acquire(db_file)
    try:
        assert writer_lock.read_holder(db_file).pid == os.getpid()
        # A real lock again, not just a rewritten record: the next one is refused.
        assert _probe(db_file).startswith(
            "refused: This database is already open in another mdtdesk window on this computer"
        )
    finally:
        lock.release()
    assert _probe(db_file) == "taken"


def test_a_stale_record_naming_another_computer_does_not_block(db_file):
    dead = LockInfo(
        "HUB-LAPTOP-3", "nurse", 999_999, dt.datetime(2026, 11, 2, 9, 12, tzinfo=dt.UTC)
    )
    writer_lock.lock_file(db_file).write_text("")
    writer_lock.holder_file(db_file).write_text(dead.to_json())
    with writer_lock.acquire(db_file):
        assert writer_lock.read_holder(db_file).computer == socket.gethostname()[:64]


def test_the_same_process_asking_twice_shares_its_lock_until_the_last_release(db_file):
    first = writer_lock.acquire(db_file)
    second = writer_lock.acquire(Path(os.path.relpath(db_file)))  # spelt differently
    assert first.held and second.held and second.info == first.info
    first.release()
    first.release()  # twice is harmless, and does not give away the second handle
    assert not first.held
    assert _probe(db_file).startswith("refused:")
    second.release()
    assert _probe(db_file) == "taken"


def test_a_folder_that_is_not_there_is_explained(tmp_path):
    with pytest.raises(DatabaseError, match="The folder .*missing does not exist") as refused:
        writer_lock.acquire(tmp_path / "missing" / "mdtdesk.db")
    assert not isinstance(refused.value, DatabaseInUse)
    assert not (tmp_path / "missing").exists()  # a mistyped path makes no folders


NOW = dt.datetime(2026, 11, 23, 15, 0).astimezone()


def _at(day: int, hour: int, minute: int) -> LockInfo:
    since = dt.datetime(2026, 11, day, hour, minute).astimezone().astimezone(dt.UTC)
    return LockInfo("HUB-LAPTOP-3", "asha", 4242, since)


def _clock(when: dt.datetime) -> str:
    from mdtdesk.core.dates import format_time

    return format_time(when)


def test_since_when_is_told_in_local_time_as_people_say_it():
    say = writer_lock.in_use_message
    assert "(since 9:12am today)" in say(_at(23, 9, 12), NOW)
    assert "(since 4:30pm yesterday)" in say(_at(22, 16, 30), NOW)
    assert "(since 9am on 2 November 2026)" in say(_at(2, 9, 0), NOW)


def test_who_holds_it_is_told_as_plainly_as_is_known(monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "HUB-LAPTOP-3")
    monkeypatch.setattr(writer_lock, "_login", lambda: "asha")
    say = writer_lock.in_use_message
    assert say(_at(23, 9, 12), NOW).startswith(
        "This database is already open in another mdtdesk window on this computer (since 9:12am"
    )
    monkeypatch.setattr(writer_lock, "_login", lambda: "tom")
    assert say(_at(23, 9, 12), NOW).startswith(
        "This database is open in mdtdesk on this computer by asha (since 9:12am today). Ask "
    )
    assert say(None) == (
        "This database is open in another copy of mdtdesk. Close it there first, then try "
        "again. Nothing was changed."
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{half",
        "[]",
        '{"computer": "A"}',
        '{"computer": "A", "user": "b", "pid": 1, "since": "2026-11-23T09:12:00"}',
    ],
)
def test_an_unreadable_record_names_no_one(db_file, text):
    writer_lock.holder_file(db_file).write_text(text)
    assert writer_lock.read_holder(db_file) is None


def test_a_name_from_the_record_is_shown_safely(db_file):
    record = _at(23, 9, 12).to_json().replace("HUB-LAPTOP-3", "HUB\\u001b[2J" + "X" * 200)
    writer_lock.holder_file(db_file).write_text(record)
    computer = writer_lock.read_holder(db_file).computer
    assert computer.isprintable() and computer.startswith("HUB[2J") and len(computer) == 64
    assert json.loads(record)["pid"] == 4242


# -- can the database be written where it is ------------------------------------------------
# The tests run as root in CI, and root writes through a missing write permission. So the
# mode-bit checks are proven with chmod (they read the bits, as root too), the account check
# with a subprocess run as an ordinary user, and the make-a-file proof by making it fail.


def test_a_writable_database_and_folder_raise_no_problem(db_file):
    assert file_access.write_problem(db_file) is None
    assert file_access.write_problem(db_file.with_name("new.db")) is None  # made on first open
    assert sorted(p.name for p in db_file.parent.iterdir()) == ["mdtdesk.db"]  # probe tidied


def test_a_read_only_database_file_is_refused_with_what_to_do(db_file):
    db_file.chmod(0o444)
    problem = file_access.write_problem(db_file)
    assert problem.startswith(f"The database file {db_file} is read-only, so mdtdesk cannot")
    assert "Turn off Read-only" in problem and "Nothing was changed." in problem


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_read_only_journal_file_is_refused_and_not_to_be_deleted(db_file, suffix):
    journal = db_file.with_name(db_file.name + suffix)
    journal.write_bytes(b"")
    journal.chmod(0o444)
    problem = file_access.write_problem(db_file)
    assert problem.startswith(f"The database's journal file {journal} is read-only")
    assert "Do not delete it" in problem


@pytest.mark.skipif(sys.platform == "win32", reason="a Windows folder's Read-only bit is moot")
def test_a_read_only_folder_is_refused_because_the_journal_lives_there(db_file):
    folder = db_file.parent
    folder.chmod(0o555)
    try:
        problem = file_access.write_problem(db_file)
    finally:
        folder.chmod(0o755)
    assert problem.startswith(
        f"The folder {folder} is read-only, so mdtdesk cannot keep its journal beside the database"
    )
    assert "Move the database to a folder you can write to" in problem


def test_a_folder_that_refuses_new_files_is_refused(db_file, monkeypatch):
    # As a Windows permission or a read-only network share would: the bits look writable.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(file_access.tempfile, "mkstemp", refuse)
    assert file_access.write_problem(db_file).startswith(f"The folder {db_file.parent} is read")


def test_a_missing_folder_is_named(tmp_path):
    assert file_access.write_problem(tmp_path / "gone" / "mdtdesk.db") == (
        f"The folder {tmp_path / 'gone'} does not exist. Check the path, or create the folder "
        "first."
    )


CHECK = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("file_access", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(module.write_problem(sys.argv[2]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX accounts")
def test_an_account_without_write_permission_is_refused():
    # A folder and file that look writable by their bits (0o755, 0o644) but belong to another
    # account: only os.access sees the problem. As root, ask as the account "nobody", running a
    # copy of the module (it needs only the standard library) where that account can read it.
    with tempfile.TemporaryDirectory() as made, tempfile.TemporaryDirectory() as code:
        folder = Path(made)
        database = folder / "mdtdesk.db"
        database.write_bytes(b"")
        database.chmod(0o644)
        module = Path(code) / "file_access.py"
        module.write_bytes(Path(file_access.__file__).read_bytes())
        for path in (folder, Path(code)):
            path.chmod(0o755)
        module.chmod(0o644)
        interpreter = os.path.realpath(sys.executable)
        command = [interpreter, "-I", "-c", CHECK, str(module), str(database)]
        if os.geteuid() == 0:
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, user=65534, cwd=code, timeout=60
                )
            except PermissionError:
                pytest.skip(f"the account nobody cannot run {interpreter}")
        else:
            database.chmod(0o444)
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"The database file {database} is read-only"), done.stdout
