"""The check made each time the app opens a database: is the file whole enough to use?

It must be quick (the 300 MB register opens, checked, in well under half a second) and must
write nothing to the file, so it reads only what tells most about a file's health:

- the first 100 bytes (a plain file's header: its page size and how many pages it says it has),
  or, for an encrypted file, that its key file beside it belongs to it;
- the file's size against the pages the database says it has (pages still in the ``-wal`` file
  allowed for): a file cut short fails here;
- the list of tables (the schema), read through SQLite on a read-only connection;
- the first and last rows of every table, which reads each table's tree from its root to both
  ends: the last pages of a file are among those read;
- SQLite's ``quick_check`` of the small tables (the team, meetings, settings): all their pages.

A full ``integrity_check`` of a 300 MB register takes several seconds, so it is not made here.
It is made, on a snapshot copy, by every automatic backup (the day's first start, and after a
meeting closes): a copy that fails it is not kept (``backups.CopyDamaged``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mdtdesk.core import encryption
from mdtdesk.core.db import APPLICATION_ID, open_connection
from mdtdesk.core.driver import sqlite

log = logging.getLogger(__name__)

# Tables with no more rows than this are checked page by page (a few milliseconds in all).
SMALL_TABLE_ROWS = 20_000
_SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_BYTES = 100
_WAL_HEADER_BYTES = 32
_WAL_FRAME_HEADER_BYTES = 24

EMPTY = (
    "The database file is empty: everything that was in it is gone from this file. It may have "
    "been cut short by a disk problem or a copy that did not finish."
)
NOT_A_DATABASE = (
    "The start of the database file is damaged (or the file is not a database at all), so "
    "mdtdesk cannot read any of it."
)
CUT_SHORT = (
    "The database file is shorter than it should be: part of it is missing. It may have been "
    "cut short by a disk problem or a copy that did not finish."
)
UNREADABLE = (
    "The database file is damaged, or part of it is missing: mdtdesk cannot read the list of "
    "what it holds."
)
PART_DAMAGED = (
    "Part of the database file is damaged, so mdtdesk cannot be sure that what it shows is right."
)


def damage(db_path: str | Path) -> str | None:
    """What is wrong with the database file at ``db_path``, in plain English, or None when it
    is whole enough to open. Reads the file only: nothing is written to it.

    None also when there is no file there, or it is another program's SQLite file, or it is
    locked: opening the database says what to do about those. An encrypted file must be
    unlocked first (``encryption.unlock``); else PassphraseNeeded is raised. A file that does
    not start as SQLite does and has no key file of its own beside it is damaged, not encrypted.
    """
    path = Path(db_path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            return None
        with open(path, "rb") as handle:
            head = handle.read(_HEADER_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("cannot read the database to check it: %s", error.strerror)
        return None  # unreadable, not damaged: opening it says what to do
    if size == 0:
        return EMPTY
    if head.startswith(_SQLITE_HEADER):
        problem = _header_problem(head, size)
        if problem:
            return problem
    elif not encryption.is_encrypted(path):
        return NOT_A_DATABASE
    return _contents_problem(path, size)


def _header_problem(head: bytes, size: int) -> str | None:
    """What the 100-byte header of a plain SQLite file says is wrong."""
    if len(head) < _HEADER_BYTES:
        return CUT_SHORT
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if (
        page_size < 512
        or page_size & (page_size - 1)
        or head[18] not in (1, 2)
        or head[19] not in (1, 2)
        or head[21:24] != b"\x40\x20\x20"  # the payload fractions SQLite requires
    ):
        return NOT_A_DATABASE
    if size % page_size:
        return CUT_SHORT  # a file cut part-way through a page
    pages = int.from_bytes(head[28:32], "big")
    # The header's page count holds when its change counter matches (SQLite writes both; a
    # file written by a very old SQLite may not). A checkpoint grows the file before the
    # header says it is bigger, so a whole file is never shorter than its header says.
    valid = head[24:28] == head[92:96] and pages > 0
    if valid and size < pages * page_size:
        return CUT_SHORT
    return None


def _contents_problem(path: Path, size: int) -> str | None:
    # Read only: a damaged file must reach the damaged-file screen exactly as it was found.
    conn = open_connection(path, read_only=True)
    try:
        return _read_contents(conn, path, size)
    except sqlite.Error as error:
        text = str(error).lower()
        if any(word in text for word in ("locked", "busy", "readonly", "read-only")):
            # In use elsewhere, or a rollback journal only a writer may play back: not damage.
            return None
        log.warning("database check failed: %s", error)
        return PART_DAMAGED
    finally:
        conn.close()


def _read_contents(conn: sqlite.Connection, path: Path, size: int) -> str | None:
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_schema").fetchall()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite.DatabaseError as error:
        if any(word in str(error).lower() for word in ("locked", "busy")):
            return None
        log.warning("database schema unreadable: %s", error)
        return UNREADABLE
    tables = [(name, sql or "") for kind, name, sql in schema if kind == "table"]
    if tables and app_id != APPLICATION_ID:
        return None  # another program's file: opening it says so
    # int(): on an encrypted file SQLCipher answers the page size as text.
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    if pages > size // page_size + _wal_frames(path, page_size):
        return CUT_SHORT
    if conn.execute("PRAGMA freelist_count").fetchone()[0] > pages:
        return PART_DAMAGED
    for name, sql in tables:
        if sql.upper().startswith("CREATE VIRTUAL"):
            continue  # the search index's rows are in its own tables, checked as the others
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            # One query each: SQLite reads just one path down the tree only for a lone min or max.
            low = conn.execute(f"SELECT min(rowid) FROM {quoted}").fetchone()[0]
            high = conn.execute(f"SELECT max(rowid) FROM {quoted}").fetchone()[0]
        except sqlite.OperationalError as error:
            if "no such column" in str(error).lower():
                continue  # WITHOUT ROWID: two small tables of the search index
            raise
        if high is not None and high - (low or 0) < SMALL_TABLE_ROWS:
            rows = [row[0] for row in conn.execute(f"PRAGMA quick_check({quoted})")]
            if rows != ["ok"]:
                log.warning("quick_check of a table: %s", "; ".join(rows[:5]))
                return PART_DAMAGED
    return None


def _wal_frames(path: Path, page_size: int) -> int:
    """How many pages the ``-wal`` file beside ``path`` could hold (0 with none)."""
    try:
        wal = Path(f"{path}-wal").stat().st_size
    except OSError:
        return 0
    return max(0, wal - _WAL_HEADER_BYTES) // (page_size + _WAL_FRAME_HEADER_BYTES)
