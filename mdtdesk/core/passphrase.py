"""Encrypting an unencrypted database, and changing the passphrase of an encrypted one.

Both write a whole new copy under the new key (SQLCipher's ``sqlcipher_export``), check it and
only then rename it over the old file, so a crash or a full disk at any moment leaves either the
old file or the new one, each whole. Both need the database to themselves: they refuse while
mdtdesk or another program has it open.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from mdtdesk.core import backups, encryption
from mdtdesk.core.db import APPLICATION_ID, open_connection
from mdtdesk.core.driver import sqlite
from mdtdesk.core.durable import fsync_file, fsync_folder
from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

_LOCK_TIMEOUT_S = 2.0


def encrypt_database(db_path: str | Path, passphrase: str) -> list[Path]:
    """Encrypt the unencrypted database at ``db_path`` with a key from ``passphrase``, and with
    the same key its unencrypted copies: its backups and the files set aside by restores, so no
    copy of the register stays readable.

    Run again on an encrypted database (with its passphrase), it finishes copies left plain.
    Returns the copies encrypted. Raises MdtError when the database is open elsewhere or cannot
    be written (the database is then as it was), or, naming them, when copies stay plain.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise MdtError(f"There is no database at {db_path}.")
    if encryption.is_encrypted(db_path):
        key = encryption.unlock(db_path, passphrase, _opens(db_path))
    else:
        key = encryption.new_key(db_path, passphrase)
        try:
            _rewrite(db_path, key)
        except BaseException:
            # A key file beside a file still plain would only puzzle whoever finds it.
            encryption.key_file_path(db_path).unlink(missing_ok=True)
            raise
    done, left = [], []
    for copy in _plain_copies(db_path):
        try:
            # The key file first: a crash after the rewrite must not leave an encrypted copy
            # that nothing marks as encrypted. Beside a plain file it is ignored.
            encryption.copy_key_file(db_path, copy)
            _rewrite(copy, key)
        except (MdtError, OSError):
            log.warning("a copy could not be encrypted: %s", copy.name)
            left.append(copy)
            continue
        done.append(copy)
    if left:
        names = ", ".join(path.name for path in left)
        raise MdtError(
            f"{db_path.name} is encrypted, but {len(left)} cop{'ies' if len(left) > 1 else 'y'} "
            f"could not be ({names}): check the disk has room, then run the same again to "
            "finish them."
        )
    return done


def _plain_copies(db_path: Path) -> list[Path]:
    """The unencrypted copies of the database: its backups, and files set aside by restores."""
    folder = backups.backup_folder(db_path)
    found = [backup.path for backup in backups.list_backups(folder, db_path.stem)]
    found += sorted(db_path.parent.glob(f"{db_path.stem}-before-restore-*{db_path.suffix}"))
    return [path for path in found if not encryption.is_encrypted(path)]


def change_passphrase(db_path: str | Path, old: str, new: str) -> None:
    """Re-encrypt the database at ``db_path`` under ``new``, after checking ``old``.

    A new salt too, so the backups made before (which keep the old passphrase) are told apart
    from the database by their salt, and each is asked for its own passphrase. Raises
    WrongPassphrase for a wrong ``old``.
    """
    db_path = Path(db_path)
    if not encryption.is_encrypted(db_path):
        raise MdtError(f"{db_path.name} is not encrypted. Encrypt it first.")
    current = encryption.unlock(db_path, old, _opens(db_path))
    encryption.check_new_passphrase(new)
    new_key = encryption.derive(new, secrets.token_bytes(encryption.SALT_BYTES))
    settings = encryption.KdfSettings()
    # Both keys in the key file while the file is replaced: a crash leaves either file, and
    # either finds its entry, so the passphrase that opens it is never called wrong.
    encryption.write_key_file(db_path, new_key, settings, also=current)
    encryption.remember(new_key)
    _rewrite(db_path, new_key, current)
    encryption.write_key_file(db_path, new_key, settings)


def _opens(db_path: Path):
    from mdtdesk.core.db import key_opens

    return key_opens(db_path)


def _rewrite(path: Path, key: encryption.Key, current: encryption.Key | None = None) -> None:
    """Replace the file at ``path`` with a copy encrypted with ``key``, checked first."""
    folder = path.parent
    try:
        descriptor, name = tempfile.mkstemp(prefix=".mdtdesk-encrypt-", suffix=".tmp", dir=folder)
        os.close(descriptor)
        os.unlink(name)  # the export must create the file itself, under the key
    except OSError as error:
        raise MdtError(
            f"Could not write in {folder} ({error.strerror}). Check that the folder is writable "
            "and the disk is not full; nothing was changed."
        ) from error
    temp = Path(name)
    try:
        conn = open_connection(path, timeout=_LOCK_TIMEOUT_S, key=current)
        try:
            _take_alone(conn, path)
            conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(temp), _key_text(key)])
            conn.execute(key.page_size_pragma("encrypted"))
            conn.execute("SELECT sqlcipher_export('encrypted')")
            # The export copies tables and rows; mdtdesk's mark and schema version go too.
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            conn.execute(f"PRAGMA encrypted.application_id = {APPLICATION_ID}")
            conn.execute("DETACH DATABASE encrypted")
        finally:
            conn.close()
        _check(temp, key)
        # SQLite made the copy with its own default permissions; the database keeps its own
        # (an IT admin's 0600 on a shared laptop must survive encryption).
        shutil.copymode(path, temp)
        fsync_file(temp)
        os.replace(temp, path)
        fsync_folder(folder)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, sqlite.Error):
            log.exception("encryption failed")
            raise MdtError(
                f"{path.name} could not be encrypted (the disk may be full or the file "
                "damaged); nothing was changed. The details are in the log file."
            ) from error
        raise


def _take_alone(conn, path: Path) -> None:
    """Fold the WAL into the file and make sure no one else has it open."""
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite.OperationalError as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise MdtError(
                f"{path.name} is open in mdtdesk or another program. Close it there and try "
                "again; nothing was changed."
            ) from error
        raise


def _check(temp: Path, key: encryption.Key) -> None:
    conn = open_connection(temp, read_only=True, key=key)
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    if rows != ["ok"]:
        log.error("encrypted copy failed its check: %s", "; ".join(rows[:5]))
        raise MdtError("The encrypted copy failed its check, so nothing was changed.")


def _key_text(key: encryption.Key) -> str:
    return f"x'{key.raw.hex()}{key.salt.hex()}'"
