"""Restoring a backup: the backup checked, the current database kept aside, never deleted.

The backup is copied beside the database, checked whole (``integrity.full_check``) and only then
renamed into place; the current file is kept as ``NAME-before-restore-TIME.db``. A failure at
any step puts everything back as it was. A damaged database is set aside exactly as found,
never opened. Backups are made, listed and pruned by ``backups``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mdtdesk.core import encryption, integrity, migrations
from mdtdesk.core.backups import TIME_FORMAT, remove_with_sidecars
from mdtdesk.core.db import APPLICATION_ID, open_connection
from mdtdesk.core.driver import sqlite
from mdtdesk.core.durable import fsync_file, fsync_folder
from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

_TEMP_PREFIX = ".mdtdesk-restore-"
# Short enough that a restore refused because the window has the file open answers at once.
_LOCK_TIMEOUT_S = 2.0


def restore(db_path: str | Path, backup_path: str | Path, *, damaged: bool = False) -> Path | None:
    """Put the backup at ``backup_path`` in place of the database at ``db_path``.

    Refuses (MdtError) a backup that is not an mdtdesk database, fails ``integrity_check`` or
    was made by a newer mdtdesk, and a database that is open in mdtdesk or another program.
    The current file is kept aside, renamed with the time (with its ``-wal`` after a checkpoint
    where it opens, alongside where it does not): never deleted. Returns where it was kept, or
    None when there was no file at ``db_path``.

    ``damaged``: the current file is damaged (``open_check.damage``). It is then not opened at
    all, not even to fold its ``-wal`` in or to see whether another program has it open: it is
    kept aside exactly as it was found, with its ``-wal``, ``-shm`` and key file beside it. The
    app has no connection to it then, and its writer lock keeps other copies of mdtdesk away.
    """
    db_path = Path(db_path)
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise MdtError(f"There is no backup file at {backup_path}.")
    if not db_path.parent.is_dir():
        raise MdtError(f"The folder {db_path.parent} does not exist.")
    if encryption.is_encrypted(db_path) and not encryption.is_encrypted(backup_path):
        # Restoring it would leave the register readable by whoever finds the laptop.
        raise MdtError(
            f"{backup_path.name} is not encrypted, and the database is: restoring it would leave "
            f"the register unencrypted. Encrypt the backup first (mdtdesk encrypt --db "
            f"{backup_path}), then restore it. Nothing was changed."
        )
    try:
        descriptor, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=db_path.parent)
        os.close(descriptor)
    except OSError as error:
        raise MdtError(
            f"Could not write in {db_path.parent} ({error.strerror}). Check that the folder is "
            "writable and the disk is not full."
        ) from error
    temp = Path(name)
    aside = None
    try:
        shutil.copyfile(backup_path, temp)
        # The copy is what goes into place, so the copy is what is checked.
        _refuse_unless_restorable(temp, backup_path)
        fsync_file(temp)
        aside = _set_aside(db_path, damaged) if db_path.exists() else None
        # The backup's key file goes with it: it checks the passphrase the backup was made with.
        encryption.copy_key_file(backup_path, db_path)
        os.replace(temp, db_path)
    except BaseException as error:
        remove_with_sidecars(temp)
        if aside is not None:
            _put_back(aside, db_path)
        if isinstance(error, MdtError):
            raise
        if isinstance(error, OSError):
            log.exception("restore failed")
            raise MdtError(
                f"Could not restore {backup_path.name} ({error.strerror or error}). Check that "
                "the folder is writable and the disk is not full; nothing was changed."
            ) from error
        raise
    fsync_folder(db_path.parent)
    log.info("restored %s; previous file kept as %s", backup_path.name, aside and aside.name)
    return aside


def _refuse_unless_restorable(copy: Path, source: Path) -> None:
    try:
        conn = open_connection(copy)
    except MdtError as error:
        raise MdtError(
            f"{source} cannot be read as a database, so nothing was restored."
        ) from error
    try:
        try:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite.Error as error:
            raise MdtError(
                f"{source} is damaged or is not an mdtdesk backup, so nothing was restored."
            ) from error
        if not tables or app_id != APPLICATION_ID:
            raise MdtError(f"{source} is not an mdtdesk backup, so nothing was restored.")
        if conn.execute("PRAGMA user_version").fetchone()[0] > migrations.SCHEMA_VERSION:
            raise MdtError(
                f"{source} was made by a newer version of mdtdesk. Update mdtdesk to restore it."
            )
        try:
            rows = integrity.full_check(copy) or ["ok"]
        except MdtError:
            rows = ["unreadable"]
        if rows != ["ok"]:
            log.error("restore refused, integrity_check: %s", "; ".join(rows[:5]))
            raise MdtError(f"{source} is damaged (it fails its check), so nothing was restored.")
        # Back to a lone file before it goes into place, whatever mode the copy was in.
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _set_aside(db_path: Path, damaged: bool = False) -> Path:
    """Keep the current database under a new name with the time; return that name. A
    ``damaged`` file is not opened: it is renamed as it is."""
    stamp = dt.datetime.now(dt.UTC).strftime(TIME_FORMAT)
    aside = db_path.with_name(f"{db_path.stem}-before-restore-{stamp}{db_path.suffix}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = db_path.with_name(
            f"{db_path.stem}-before-restore-{stamp}-{counter}{db_path.suffix}"
        )
    if not damaged:
        _checkpoint_or_refuse(db_path)
    # Whatever is left of the WAL pair goes with the file (SQLite pairs them by name), so the
    # file kept aside is whole even when it could not be checkpointed.
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{db_path}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{aside}{suffix}"))
    if damaged:
        # Its key file as it is, even when it no longer matches the damaged start of the file:
        # it holds the salt and settings anyone trying to recover the file would need.
        key_file = encryption.key_file_path(db_path)
        if key_file.is_file():
            shutil.copyfile(key_file, encryption.key_file_path(aside))
    else:
        encryption.copy_key_file(db_path, aside)
    try:
        # A second name, then the restore replaces the first: there is never a moment with no
        # database at db_path.
        os.link(db_path, aside)
    except OSError:
        # Some file systems (FAT on a USB stick) have no hard links.
        os.replace(db_path, aside)
    return aside


def _put_back(aside: Path, db_path: Path) -> None:
    """Undo ``_set_aside`` after a failed restore, so "nothing was changed" stays true."""
    if db_path.exists():
        aside.unlink()  # only the second name the hard link gave it
    else:
        os.replace(aside, db_path)
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{aside}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{db_path}{suffix}"))


def _checkpoint_or_refuse(db_path: Path) -> None:
    """Fold the WAL into the file, or refuse when another connection has it open."""
    try:
        conn = open_connection(db_path, timeout=_LOCK_TIMEOUT_S)
    except MdtError:
        return  # it does not open: it is kept aside as it is
    try:
        # Leaving WAL mode needs the only connection: the check that nothing has it open, and
        # a checkpoint that removes the -wal file.
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite.Error as error:
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            raise MdtError(
                f"{db_path} is open in mdtdesk or another program. Close it there, then restore "
                "again; nothing was changed."
            ) from error
        log.warning("current database did not checkpoint before restore: %s", error)
    finally:
        conn.close()
