"""The one place that opens a database: location, pragmas, migrations, transactions.

Importing this module does not import sqlite-utils: the first screen needs only a connection.

Every connection, to the database or to a copy of it, is made by ``open_connection``: it
applies the key of an encrypted file (see ``encryption``).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from mdtdesk.core import encryption, migrations
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import DatabaseError

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024
# Marks the file as mdtdesk's ("MDTD"), so another program's SQLite file is refused, not migrated.
APPLICATION_ID = 0x4D445444
# Names for the savepoints of nested connection_transaction blocks: unique in the process.
_savepoints = itertools.count(1)


def data_dir() -> Path:
    """The user's data folder for mdtdesk (database, backups, logs)."""
    return platformdirs.user_data_path("mdtdesk", appauthor=False)


def default_database_path() -> Path:
    """Where the database lives when no ``--db`` is given."""
    return data_dir() / "mdtdesk.db"


def open_database(path: str | Path | None = None, *, create: bool = True) -> Database:
    """Open (or, when ``create``, create) the database at ``path`` and bring its schema up to date.

    Returns a sqlite-utils Database over the connection ``connect`` makes. Raises DatabaseError
    with a message for the user when the file is missing, not an mdtdesk database, made by a
    newer mdtdesk, damaged, locked or unwritable.
    """
    return wrap(connect(path, create=create))


def wrap(conn: sqlite.Connection) -> Database:
    """A sqlite-utils Database over a connection made by ``connect``."""
    from sqlite_utils import Database

    # No sqlite-utils plugins: mdtdesk uses none, and scanning for them slows every open.
    # recursive_triggers off: sqlite-utils turns it on by default, and a connection's trigger
    # behaviour must not depend on whether (or when) it was wrapped.
    return Database(conn, execute_plugins=False, recursive_triggers=False)


def connect(
    path: str | Path | None = None, *, create: bool = True, key: encryption.Key | None = None
) -> sqlite.Connection:
    """Open the database as a plain connection: checked, configured and migrated.

    Sets WAL, ``synchronous=FULL``, foreign keys and a busy timeout. Reading needs nothing more,
    so the window can show the case list before sqlite-utils (a tenth of a second to import) is
    loaded for the first write; see ``wrap``. An encrypted file needs its passphrase given first
    (``encryption.unlock``); ``key`` creates a new database encrypted with that key.
    """
    target = Path(path) if path is not None else default_database_path()
    if path is None:
        target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        if not create:
            raise DatabaseError(
                f"There is no database at {target}. Check the path, or make a demo database "
                f"with: mdtdesk demo --db {target}"
            )
        if not target.parent.is_dir():
            raise DatabaseError(f"The folder {target.parent} does not exist. Create it first.")
    elif target.is_dir():
        raise DatabaseError(f"{target} is a folder, not a database file.")

    conn = open_connection(target, key=key)
    try:
        _check_identity(conn, target)
        _configure(conn)
        _migrate(conn, target)
    except DatabaseError:
        conn.close()
        raise
    except sqlite.Error as exc:
        conn.close()
        log.exception("cannot prepare database")
        raise explain_error(exc, target) from exc
    return conn


def open_connection(
    path: str | Path,
    *,
    read_only: bool = False,
    timeout: float = BUSY_TIMEOUT_MS / 1000,
    key: encryption.Key | None = None,
) -> sqlite.Connection:
    """A bare connection to the file at ``path`` (a database or a backup), keyed when the file
    is encrypted, with no transaction opened behind the caller's back (``isolation_level``
    None). Nothing is read yet. Raises PassphraseNeeded for an encrypted file not unlocked.
    """
    key = key or encryption.key_for(path)
    target = Path(path)
    try:
        if read_only:
            conn = sqlite.connect(
                f"{target.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=timeout,
                isolation_level=None,
            )
        else:
            conn = sqlite.connect(str(target), timeout=timeout, isolation_level=None)
        if key is not None:
            # Before any read: the key applies from the first page.
            conn.execute(key.pragma())
            conn.execute(key.page_size_pragma())
    except sqlite.Error as exc:
        log.exception("cannot open database")
        raise explain_error(exc, target) from exc
    return conn


def key_opens(path: str | Path):
    """A test for ``encryption.unlock``: whether a key reads the file at ``path``."""

    def opens(key: encryption.Key) -> bool:
        conn = open_connection(path, read_only=True, key=key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite.DatabaseError:
            return False
        finally:
            conn.close()
        return True

    return opens


def _configure(conn: sqlite.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Some SQLCipher builds turn recursive triggers on by default; mdtdesk's triggers assume off.
    conn.execute("PRAGMA recursive_triggers = OFF")
    # 64 MiB of pages kept decrypted: the window's one long-lived connection then decrypts a page
    # once, not at every look (an encrypted register is otherwise twice as slow to filter). The
    # cache grows only as pages are read, and a hub laptop has the memory.
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        log.warning("journal mode is %s, not WAL", mode)
    conn.execute("PRAGMA synchronous = FULL")


def _check_identity(conn: sqlite.Connection, target: Path) -> None:
    """Refuse another program's SQLite file before anything (even WAL mode) is written to it."""
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if tables and app_id != APPLICATION_ID:
        raise DatabaseError(f"{target} is not an mdtdesk database. Choose another file.")


def _migrate(conn: sqlite.Connection, target: Path) -> None:
    # user_version is written with every migration, so an up-to-date file is known at once.
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > migrations.SCHEMA_VERSION:
        raise DatabaseError(
            f"{target} was made by a newer version of mdtdesk. Update mdtdesk to open it."
        )
    if version == migrations.SCHEMA_VERSION:
        return
    db = wrap(conn)
    registry = migrations.registry()
    applied = {m.name for m in registry.applied(db)}
    if applied - set(migrations.KNOWN):
        raise DatabaseError(
            f"{target} was made by a newer version of mdtdesk. Update mdtdesk to open it."
        )
    with write_transaction(db):
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        registry.apply(db)
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION}")


def explain_error(exc: sqlite.Error, target: str | Path) -> DatabaseError:
    """Turn an SQLite error into a DatabaseError a person can act on."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text:
        return DatabaseError(f"{target} is damaged or is not an mdtdesk database.")
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"{target} is in use by another program. Close it there and try again."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseError(
            f"mdtdesk cannot write to {target}. Check that the file and its folder are writable."
        )
    if "full" in text:
        return DatabaseError(
            f"There is no room left to save to {target}. Free some disk space and try again."
        )
    if "disk i/o" in text:
        return DatabaseError(
            f"{target} could not be read or written (a disk error). Check the drive it is on "
            "and try again."
        )
    return DatabaseError(
        f"mdtdesk could not use {target}. Try again; if it keeps happening, the details are in "
        "the log file."
    )


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run a block as one transaction that commits on success and rolls back on any error.

    Takes the write lock at the start (``BEGIN IMMEDIATE``) so two writers queue on the busy
    timeout instead of failing half-way. Nested calls become savepoints.
    """
    with connection_transaction(db.conn):
        yield db


@contextlib.contextmanager
def _explained(conn: sqlite.Connection) -> Iterator[None]:
    """Turn SQLite's operational errors (locked, read-only, disk full, I/O) into a
    DatabaseError a person can act on; the original stays attached as its cause for the log.
    Constraint errors pass unchanged: they are the calling code's to explain."""
    try:
        yield
    except sqlite.OperationalError as exc:
        row = conn.execute("PRAGMA database_list").fetchone() if _usable(conn) else None
        name = Path(row[2]).name if row and row[2] else "The database"
        raise explain_error(exc, name) from exc


def _usable(conn: sqlite.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlite.Error:
        return False
    return True


@contextlib.contextmanager
def connection_transaction(conn: sqlite.Connection) -> Iterator[sqlite.Connection]:
    """``write_transaction`` for a plain connection made by ``connect``: one transaction that
    takes the write lock at the start (``BEGIN IMMEDIATE``), commits on success and rolls back
    on any error; nested calls become savepoints.

    For a small write on a path that otherwise only reads, such as the audit row after an
    export: wrapping the connection for ``write_transaction`` would import sqlite-utils, a
    tenth of a second of a command that takes half a second.
    """
    if conn.in_transaction:
        savepoint = f"mdtdesk_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {savepoint}")
        try:
            yield conn
        except BaseException:
            # An error that ended the whole transaction took the savepoint with it.
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {savepoint}")
        return
    with _explained(conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
