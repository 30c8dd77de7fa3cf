"""One mdtdesk at a time writes to a database: an operating-system lock on a file beside it.

``acquire(db_path)`` takes an exclusive lock on ``<database>.lock`` (for ``mdtdesk.db``,
``mdtdesk.db.lock``) and keeps it until ``release()`` or the end of the process. A second mdtdesk,
on this computer or another one sharing the folder, is refused with ``DatabaseInUse``, whose
message says which computer has the database open and since when.

Why an operating-system lock and not a marker file: the system drops the lock when the process
ends however it ends (closed, killed, a power cut), so a lock file left behind by a process that
died blocks no one; the next mdtdesk simply takes it. The lock comes from the ``filelock``
library (``flock`` on Linux and macOS, ``LockFileEx`` on Windows), told to keep the file in place
and never to fall back to a marker file that a crash would leave standing.

Who holds the lock is written to a companion file, ``<database>.holder`` (computer, login,
process id and since when, in UTC). It is separate from the lock file because Windows forbids
other processes to read a locked byte range. It is read only after the lock was refused, so a
stale one left by a crash is never believed: the next holder overwrites it.

The same process asking twice (the app reopening the database after a restore, or a second
window) gets a second handle on the lock it already holds, never a refusal from itself: the lock
is counted, and the file is unlocked when the last handle is released. Letting go and taking it
again instead would leave a moment in which another mdtdesk could slip in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.errors import DatabaseError
from mdtdesk.core.file_access import write_problem

if TYPE_CHECKING:
    from filelock import FileLock

log = logging.getLogger(__name__)

_NAME_LIMIT = 64  # a computer or login name longer than this is cut: it is only shown


class DatabaseInUse(DatabaseError):
    """Another mdtdesk holds the database for writing. ``holder`` is who, when known."""

    def __init__(self, message: str, holder: LockInfo | None):
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class LockInfo:
    """Who holds a database's writer lock: computer name, login name, process id, and since
    when (an aware UTC datetime)."""

    computer: str
    user: str
    pid: int
    since: dt.datetime

    @classmethod
    def of_this_process(cls) -> LockInfo:
        """This process, as of now."""
        return cls(
            computer=_shown(socket.gethostname(), "an unnamed computer"),
            user=_shown(_login(), "another user"),
            pid=os.getpid(),
            since=dt.datetime.now(dt.UTC).replace(microsecond=0),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "computer": self.computer,
                "user": self.user,
                "pid": self.pid,
                "since": self.since.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        """The holder a file describes, or None when it is unreadable (half-written, damaged,
        from another program)."""
        try:
            data = json.loads(text)
            since = dt.datetime.fromisoformat(data["since"])
            if since.tzinfo is None:
                return None
            computer = _shown(data["computer"], "an unnamed computer")
            return cls(computer, _shown(data["user"], "another user"), int(data["pid"]), since)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


class WriterLock:
    """A handle on the writer lock of one database; ``release()`` (or leaving a ``with``
    block) lets go of this handle. Releasing twice is harmless."""

    def __init__(self, db_path: Path, key: str, info: LockInfo):
        self.db_path = db_path
        self.info = info
        self._key = key
        self._released = False

    @property
    def held(self) -> bool:
        """True until this handle is released."""
        return not self._released

    def release(self) -> None:
        """Let go of this handle; the file is unlocked when the process's last handle goes."""
        with _guard:
            if self._released:
                return
            self._released = True
            held = _held[self._key]
            held.handles -= 1
            if held.handles:
                return
            del _held[self._key]
            # The holder file goes first: once unlocked, another mdtdesk may write its own.
            _remove_quietly(holder_file(self.db_path))
            held.lock.release()
            log.info("writer lock released")

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


@dataclass
class _Held:
    lock: FileLock
    info: LockInfo
    handles: int


# The locks this process holds, by lock file: a second acquire shares the first (see above).
_held: dict[str, _Held] = {}
_guard = threading.Lock()


def lock_file(db_path: str | Path) -> Path:
    """The file the writer lock is taken on, beside the database."""
    path = Path(os.path.abspath(db_path))
    return path.with_name(path.name + ".lock")


def holder_file(db_path: str | Path) -> Path:
    """The file that says who holds the writer lock, beside the database."""
    path = Path(os.path.abspath(db_path))
    return path.with_name(path.name + ".holder")


def acquire(db_path: str | Path) -> WriterLock:
    """Take the writer lock of the database at ``db_path`` for this process, without waiting.

    Call before opening the database for writing and keep the handle while it is open. Raises
    ``DatabaseInUse`` when another mdtdesk holds it, and ``DatabaseError`` when the lock file
    cannot be made or locked (a read-only folder, a drive without locking); either message can
    be shown as it is. Nothing is changed when it raises.
    """
    from filelock import FileLock, Timeout

    db = Path(os.path.abspath(db_path))
    path = lock_file(db)
    key = os.path.normcase(os.path.realpath(path))
    if not db.parent.is_dir():
        # filelock would make the missing folders: a mistyped path must change nothing.
        raise DatabaseError(write_problem(db) or _cannot_lock(path))
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.handles += 1
            return WriterLock(db, key, held.info)
        lock = FileLock(
            path,
            thread_local=False,  # the handle may be released on another thread than took it
            preserve_lock_file=True,  # never delete the file: holders must meet on one file
            fallback_to_soft=False,  # a marker-file lock would be left standing by a crash
        )
        try:
            lock.acquire(blocking=False)
        except Timeout:
            holder = read_holder(db)
            raise DatabaseInUse(in_use_message(holder), holder) from None
        except OSError as exc:
            log.warning("cannot take the writer lock: %s", type(exc).__name__)
            raise DatabaseError(write_problem(db) or _cannot_lock(path)) from exc
        info = LockInfo.of_this_process()
        try:
            _write_holder(holder_file(db), info)
        except OSError:
            # The lock holds all the same; only a refusal's wording loses who holds it.
            log.warning("cannot record who holds the writer lock")
        _held[key] = _Held(lock, info, 1)
        log.info("writer lock taken")
        return WriterLock(db, key, info)


def read_holder(db_path: str | Path) -> LockInfo | None:
    """Who took the writer lock last, as its holder file says; None when no file or unreadable.

    Only to be believed while the lock is held: a process that died leaves its file behind.
    ``DatabaseInUse.holder`` carries this, read at the moment the lock was refused.
    """
    try:
        text = holder_file(db_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return LockInfo.from_json(text)


def in_use_message(holder: LockInfo | None, now: dt.datetime | None = None) -> str:
    """The refusal to show when another mdtdesk holds the lock: where and since when (local
    time), and what to do. ``now`` (aware) is for tests."""
    ending = "Nothing was changed."
    if holder is None:
        return (
            "This database is open in another copy of mdtdesk. Close it there first, then try "
            f"again. {ending}"
        )
    since = _when(holder.since, now or dt.datetime.now(dt.UTC))
    if holder.computer != _shown(socket.gethostname(), "an unnamed computer"):
        return (
            f"This database is open in mdtdesk on {holder.computer} (since {since}). Close it "
            f"there first, then try again. {ending}"
        )
    if holder.user != _shown(_login(), "another user"):
        return (
            f"This database is open in mdtdesk on this computer by {holder.user} (since "
            f"{since}). Ask them to close it, then try again. {ending}"
        )
    return (
        f"This database is already open in another mdtdesk window on this computer (since "
        f"{since}). Close that window first, then try again. {ending}"
    )


def _when(since: dt.datetime, now: dt.datetime) -> str:
    local, today = since.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"{format_time(local)} today"
    if local.date() == today - dt.timedelta(days=1):
        return f"{format_time(local)} yesterday"
    return f"{format_time(local)} on {format_date(local.date())}"


def _write_holder(path: Path, info: LockInfo) -> None:
    # Written whole and moved into place, so a reader never sees half of it; where the move is
    # refused (Windows, while another process reads the old file) it is written in place.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(info.to_json(), encoding="utf-8")
    try:
        os.replace(temporary, path)
    except OSError:
        _remove_quietly(temporary)
        path.write_text(info.to_json(), encoding="utf-8")


def _remove_quietly(path: Path) -> None:
    # Already gone, or not ours to remove: nothing depends on it.
    with contextlib.suppress(OSError):
        path.unlink()


def _cannot_lock(path: Path) -> str:
    return (
        f"mdtdesk cannot lock {path}, so it cannot make sure that no other copy of mdtdesk "
        "writes to the database at the same time. Move the database to a folder on this "
        "computer's own drive, then try again. Nothing was changed."
    )


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or user list
        return "another user"


def _shown(value: object, otherwise: str) -> str:
    """A name fit to show (it may come from a file anyone could edit): printable, not too long,
    and ``otherwise`` when nothing is left."""
    text = "".join(ch for ch in str(value) if ch.isprintable()).strip()
    return text[:_NAME_LIMIT] or otherwise
