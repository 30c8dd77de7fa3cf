"""Backups of the database: make, check, list and prune on a schedule (``restore`` puts one back).

A backup is an online copy made with SQLite's backup API, so it is safe while the window has
the database open (WAL). Each copy is written to a temporary file beside its target, checked
with ``PRAGMA integrity_check`` (shared among the processor's cores: ``integrity.full_check``),
flushed to disk and only then renamed into place: a failed or damaged copy never appears under
a backup's name.

Backups live in a ``backups`` folder beside the database, named by the database file's stem
and the UTC time (``mdtdesk-2026-11-23T091230Z.db``): never with patient data. The stem keeps
apart the backups of two databases kept in one folder, so one is never restored over the other.

The copy of an encrypted database is encrypted with the same key: see ``_copy``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mdtdesk.core import encryption, integrity
from mdtdesk.core.db import APPLICATION_ID, open_connection
from mdtdesk.core.driver import sqlite
from mdtdesk.core.durable import fsync_file, fsync_folder
from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

BACKUP_FOLDER = "backups"
MAX_AGE = dt.timedelta(hours=24)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
TIME_FORMAT = "%Y-%m-%dT%H%M%SZ"
_TEMP_PREFIX = ".mdtdesk-backup-"
# How long a backup waits for the window's commit in progress before copying.
_LOCK_TIMEOUT_S = 2.0
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<time>\d{4}-\d\d-\d\dT\d{6}Z)(?:-(?P<n>\d+))?\.db$",
)


class CopyDamaged(MdtError):
    """The copy failed its integrity check: the database itself may be damaged."""


@dataclass(frozen=True)
class Backup:
    """One backup file: when it was made (UTC, from its name), its size and where it is."""

    time: dt.datetime
    size: int
    path: Path
    stem: str


def backup_folder(db_path: str | Path) -> Path:
    """Where the backups of the database at ``db_path`` live by default."""
    return Path(db_path).resolve().parent / BACKUP_FOLDER


def backup_name(db_path: str | Path, now: dt.datetime | None = None) -> str:
    """A backup's file name: the database's stem and the UTC time, nothing else."""
    when = _utc(now or dt.datetime.now(dt.UTC))
    return f"{Path(db_path).stem}-{when.strftime(TIME_FORMAT)}.db"


def list_backups(folder: str | Path, stem: str | None = None) -> list[Backup]:
    """The backups in ``folder`` (only those of the database named ``stem``, if given), newest
    first. Files not named as backups (temporary copies, the user's own files) are ignored."""
    folder = Path(folder)
    found = []
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise MdtError(f"Could not read the backups folder {folder} ({error.strerror}).") from error
    for path in entries:
        match = _NAME.match(path.name)
        if not match or (stem is not None and match["stem"] != stem):
            continue
        try:
            when = dt.datetime.strptime(match["time"], TIME_FORMAT).replace(tzinfo=dt.UTC)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(when, size, path, match["stem"]))
    found.sort(key=lambda b: (b.time, int(_NAME.match(b.path.name)["n"] or 0)), reverse=True)
    return found


def make_backup(source: sqlite.Connection | str | Path, target: str | Path) -> Path:
    """Copy the database ``source`` (an open connection, or a path) to ``target``, checked.

    The copy is made with SQLite's backup API in one step, so it is one consistent snapshot even
    while another connection writes. It is then checked with ``integrity_check``, flushed to disk
    and renamed onto ``target``. On any failure nothing is left behind and an MdtError in plain
    words is raised. Returns ``target``.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise MdtError(f"The folder {folder} does not exist, so no backup was made.")
    if target.is_dir():
        raise MdtError(f"{target} is a folder, so no backup was made. Choose a file name.")
    try:
        descriptor, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=folder)
    except OSError as error:
        raise MdtError(
            f"Could not write a backup in {folder} ({error.strerror}). Check that the folder is "
            "writable and the disk is not full."
        ) from error
    os.close(descriptor)
    temp = Path(name)
    try:
        conn, opened_here = _source_connection(source)
        try:
            source_path = conn.execute("PRAGMA database_list").fetchone()[2]
            before = _identity(source_path)
            _copy(conn, temp, source_path)
        finally:
            if opened_here:
                conn.close()
        if _identity(source_path) != before:
            # Encrypted or restored meanwhile (by another program: mdtdesk's own window is kept
            # out by the writer lock). The copy may be of the file as it was, unencrypted.
            raise MdtError(
                "The database was replaced while it was being backed up (it was encrypted, or "
                "a backup was restored), so this copy was not kept. Back up again."
            )
        problem = _check_copy(temp)
        if problem:
            log.error("backup copy failed its check: %s", problem)
            raise CopyDamaged(
                "The backup copy failed its check, so it was not kept. Try again; if it keeps "
                "happening, run: mdtdesk check"
            )
        fsync_file(temp)
        # The key file first: a backup never stands without the file that says it is encrypted.
        encryption.copy_key_file(source_path, target)
        os.replace(temp, target)
        fsync_folder(folder)
    except BaseException as error:
        remove_with_sidecars(temp)
        if isinstance(error, MdtError):
            raise
        if isinstance(error, sqlite.Error):
            log.exception("backup failed")
            raise MdtError(_sqlite_message(error, "No backup was made")) from error
        if isinstance(error, OSError):
            log.exception("backup failed")
            raise MdtError(
                f"Could not write the backup {target.name} ({error.strerror or error}). Check "
                "that the folder is writable and the disk is not full."
            ) from error
        raise
    log.info("backup written: %s", target.name)
    return target


def prune(
    folder: str | Path,
    now: dt.datetime | None = None,
    stem: str | None = None,
    known_good: Path | None = None,
) -> list[Path]:
    """Delete backups the schedule no longer keeps; return the paths deleted.

    Keeps, for each database, the newest backup of each of the 7 most recent days, 4 most
    recent ISO weeks and 12 most recent months that have backups (counting periods with a
    backup, not calendar periods, so a laptop left in a drawer for a year still has its
    history). Never deletes the newest good backup, nor one dated after ``now`` (a clock put
    wrong once must not cost the backups made before). ``known_good`` is a backup just checked
    in full (by ``make_backup``): it is not checked again.
    """
    now = _utc(now or dt.datetime.now(dt.UTC))
    groups: dict[str, list[Backup]] = {}
    for backup in list_backups(folder, stem):
        groups.setdefault(backup.stem, []).append(backup)
    deleted = []
    for backups in groups.values():
        keep = _kept(backups, now, known_good)
        for backup in backups:
            if backup.path in keep:
                continue
            try:
                backup.path.unlink()
                encryption.key_file_path(backup.path).unlink(missing_ok=True)
            except FileNotFoundError:
                continue
            except OSError:
                log.warning("could not delete old backup %s", backup.path.name)
                continue
            deleted.append(backup.path)
    return deleted


def backup_if_due(
    db_path: str | Path, now: dt.datetime | None = None, max_age: dt.timedelta = MAX_AGE
) -> Path | None:
    """Back up the database at ``db_path`` into its backups folder if the newest backup is
    older than ``max_age`` (or there is none), then prune. Returns the new backup, or None.

    Called when the window opens a database and after a meeting closes (with ``max_age`` zero:
    a closed meeting is always worth a copy).
    """
    db_path = Path(db_path)
    now = _utc(now or dt.datetime.now(dt.UTC))
    folder = backup_folder(db_path)
    newest = list_backups(folder, db_path.stem)
    if newest and now - newest[0].time < max_age:
        return None
    made = make_backup(db_path, new_backup_path(db_path, now))
    prune(folder, now, db_path.stem, known_good=made)
    return made


def new_backup_path(db_path: str | Path, now: dt.datetime | None = None) -> Path:
    """Where the next backup of the database at ``db_path`` goes: its backups folder (made,
    owner-only, if need be) and a name by the time, numbered when that second already has one
    (a meeting closed just after the window opened)."""
    folder = backup_folder(db_path)
    try:
        # Owner-only: the backups hold the same personal data as the database.
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise MdtError(
            f"Could not create the backups folder {folder} ({error.strerror}). Check that the "
            "folder holding the database is writable."
        ) from error
    name = Path(backup_name(db_path, now))
    target, counter = folder / name, 1
    while target.exists():
        counter += 1
        target = folder / f"{name.stem}-{counter}{name.suffix}"
    return target


def newest_good(db_path: str | Path) -> Backup | None:
    """The newest backup of the database at ``db_path`` that passes ``quick_check``, or None.

    Encrypted backups not yet unlocked in this process cannot be checked and are passed over:
    unlock one first (its passphrase unlocks every backup of the same database).
    """
    db_path = Path(db_path)
    found = list_backups(backup_folder(db_path), db_path.stem)
    return _newest_good([b for b in found if encryption.is_unlocked(b.path)])


# -- helpers ----------------------------------------------------------------------------------


def _utc(when: dt.datetime) -> dt.datetime:
    # A naive time is taken as UTC, as backup names are.
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def _kept(backups: list[Backup], now: dt.datetime, known_good: Path | None = None) -> set[Path]:
    """The paths the schedule keeps among one database's backups (newest first)."""
    keep = {b.path for b in backups if b.time > now}
    past = [b for b in backups if b.time <= now]
    for count, period in (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    ):
        seen = []
        for backup in past:
            key = period(backup.time)
            if key in seen:
                continue
            seen.append(key)
            if len(seen) > count:
                break
            keep.add(backup.path)  # the newest of its period, as the list is newest first
    newest = backups[0].path if backups else None
    if known_good is not None and known_good == newest:
        keep.add(known_good)
    else:
        good = _newest_good(backups)
        if good is not None:
            keep.add(good.path)
    return keep


def _newest_good(backups: list[Backup]) -> Backup | None:
    # Every newer backup is kept by the schedule; checking stops at the first that passes, so
    # this usually costs one quick check.
    for backup in backups:
        if _check_copy(backup.path, quick=True) is None:
            return backup
    return None


def _source_connection(source) -> tuple[sqlite.Connection, bool]:
    if isinstance(source, sqlite.Connection):
        return source, False
    path = Path(source)
    if not path.is_file():
        raise MdtError(f"There is no database at {path}, so no backup was made.")
    conn = open_connection(path, timeout=5)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite.Error:
        conn.close()
        raise
    if app_id != APPLICATION_ID:
        conn.close()
        raise MdtError(f"{path} is not an mdtdesk database, so no backup was made.")
    return conn, True


def _identity(path: str) -> tuple | None:
    """Which file is at ``path``: replacing it (encrypting, restoring) gives a new one."""
    if not path:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, encryption.file_salt(path)


def _copy(conn: sqlite.Connection, temp: Path, source_path: str) -> None:
    """Copy the database of ``conn`` (the file at ``source_path``) to ``temp``."""
    # An encrypted database's copy is encrypted with the same key and salt, so the passphrase
    # that opens the database opens its backups, and nothing is ever written in the clear.
    key = encryption.key_for(source_path) if source_path else None
    if key is not None:
        try:
            _copy_pages_as_they_are(Path(source_path), temp, key)
            return
        except (sqlite.Error, OSError, MdtError):
            log.warning("backup: the encrypted file could not be copied as it is; copying by pages")
            remove_with_sidecars(temp)
    copy = open_connection(temp, key=key)
    try:
        # The copy is a temporary file until it is checked, flushed (fsync_file) and renamed:
        # a journal or a flush of its own while it is written would protect nothing, and the
        # flush waits until after the check, while the disk writes the pages in the meantime.
        copy.execute("PRAGMA journal_mode = OFF")
        copy.execute("PRAGMA synchronous = OFF")
        # pages=-1: the whole copy in one step, one read transaction, one consistent snapshot;
        # in WAL mode the window's writes carry on meanwhile.
        conn.backup(copy, pages=-1)
        # A lone file, not a WAL pair: a backup must be whole on its own when copied elsewhere.
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def _copy_pages_as_they_are(source: Path, temp: Path, key: encryption.Key) -> None:
    """Copy an encrypted database's file and its WAL byte for byte, still encrypted, then fold
    the WAL into the copy: the backup API would decrypt every page and encrypt it again, more
    than doubling the time of a backup.

    The copy is one consistent state because the write lock is held while the two files are
    read: no commit can add to the WAL, and no checkpoint can restart it. A checkpoint may still
    copy WAL pages into the file meanwhile, but only pages whose newer version is in the WAL
    being copied, which wins when the copy is opened. The copy is checked in full afterwards
    like any other, and a copy that fails falls back to the backup API.
    """
    holder = open_connection(source, key=key, timeout=_LOCK_TIMEOUT_S * 5)
    try:
        holder.execute("BEGIN IMMEDIATE")
        try:
            shutil.copyfile(source, temp)
            wal = Path(f"{source}-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{temp}-wal"))
        finally:
            holder.execute("ROLLBACK")
    finally:
        holder.close()
    copy = open_connection(temp, key=key)
    try:
        # No flush of its own while the WAL is folded in: the copy is flushed once, after its
        # check (make_backup), while the disk writes its pages in the meantime. Flushing here
        # made every encrypted backup wait for all 200 MB to reach the disk before the check.
        copy.execute("PRAGMA synchronous = OFF")
        # A lone file, not a WAL pair: a backup must be whole on its own when copied elsewhere.
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def _check_copy(path: Path, quick: bool = False) -> str | None:
    """None when the file at ``path`` is a whole mdtdesk database; else what is wrong."""
    try:
        conn = open_connection(path, read_only=True)
    except MdtError as error:
        return str(error)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return "not an mdtdesk database"
        if quick:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
            return None if rows == ["ok"] else "; ".join(rows[:5])
    except sqlite.Error as error:
        return str(error)
    finally:
        conn.close()
    try:
        rows = integrity.full_check(path)
    except MdtError as error:
        return str(error)
    return "; ".join(rows[:5]) or None


def _sqlite_message(error: sqlite.Error, outcome: str) -> str:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"{outcome}: the database was busy. Try again in a moment."
    if "full" in text:
        return f"{outcome}: the disk is full. Free some space and try again."
    if "not a database" in text or "malformed" in text:
        return f"{outcome}: the database is damaged. Run: mdtdesk check"
    return f"{outcome}: the database could not be read. The details are in the log file."


def remove_with_sidecars(path: Path) -> None:
    """Delete a copy and whatever SQLite or mdtdesk left beside it (journal, WAL, key file)."""
    for suffix in ("", "-journal", "-wal", "-shm", encryption.KEY_FILE_SUFFIX):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()
