"""Checks that a database file is whole and consistent.

``check_database`` is the thorough check behind ``mdtdesk check``. ``full_check`` is SQLite's
``integrity_check`` of a file (a backup copy, a file about to be restored) spread over the
machine's processor cores: the check of a 300 MB copy is most of the time a backup takes.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mdtdesk.core import encryption
from mdtdesk.core.db import open_connection
from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

# More connections than this only wait on one another (and on the disk).
MAX_WORKERS = 4
# Read the file through the operating system's cache rather than copying each page into
# SQLite's own: a quarter less time for the whole check. SQLCipher turns it off by itself for
# an encrypted file. The maps are only ever read; a read error on a mapped page would end the
# process, so this is used on files just written or about to be replaced, not on the database
# in use.
_MMAP_BYTES = 0x7FFF0000
_CACHE_KIB = 16_000
# An encrypted page is decrypted and its checksum verified each time it comes into SQLite's
# cache, and checking a table's rows against its indexes reads the index pages again and again:
# with a cache that holds a big table's indexes (the audit's) the check of the 290 MB demo takes
# a fifth of the time it takes with 16 MB. Memory is taken only as pages are read.
_ENCRYPTED_CACHE_KIB = 128_000
_QUICK = "-- quick_check --"


def check_database(db: Database) -> list[str]:
    """Run SQLite's integrity and foreign-key checks and the search index's own check.

    Returns one plain sentence per problem found; an empty list means the database is clean.
    """
    problems = []
    try:
        for (message,) in db.execute("PRAGMA integrity_check"):
            if message != "ok":
                problems.append(f"Integrity check: {message}")
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite.DatabaseError as error:
        # Damage deep enough to stop the check itself (a page of the schema or of the search
        # index unreadable) is the answer the check is for, not a failure of it.
        log.warning("integrity check stopped: %s", error)
        return [f"The database is damaged: the check could not read all of it ({error})."]
    for table, rowid, parent, _ in broken:
        problems.append(f"Row {rowid} of {table} points to a missing row in {parent}.")
    try:
        db.execute("INSERT INTO people_search(people_search) VALUES ('integrity-check')")
    except sqlite.DatabaseError:
        problems.append("The case search index is damaged.")
    try:
        missing = db.execute(
            "SELECT (SELECT count(*) FROM people WHERE id NOT IN (SELECT rowid FROM people_search))"
            " + (SELECT count(*) FROM people_search WHERE rowid NOT IN (SELECT id FROM people))"
        ).fetchone()[0]
    except sqlite.DatabaseError:
        return problems  # the search index's own check has said it is damaged
    if missing:
        problems.append(f"The case search index is out of step with the register ({missing} rows).")
    return problems


def full_check(path: str | Path, workers: int | None = None) -> list[str]:
    """SQLite's ``PRAGMA integrity_check`` of the file at ``path``, read only; returns SQLite's
    messages (an empty list when the file is whole). Raises MdtError when the file cannot be
    opened at all (PassphraseNeeded for an encrypted file not unlocked).

    With one core it is the pragma itself. With more, the same checks are shared among
    ``workers`` connections (default: the cores, at most four), each on its own thread:
    ``PRAGMA quick_check`` of the whole file (every b-tree's pages and cells, pages used twice or
    never, the free list, NOT NULL and CHECK constraints, and the search index's own check) and
    ``PRAGMA integrity_check(table)`` of each table (its rows against its indexes, UNIQUE).
    Together they check everything the single pragma does; SQLite's per-table check cannot see
    pages that no table uses, which is why the whole-file quick check is one of the pieces.

    The file is read through a memory map: check copies (a backup, a file about to be
    restored), not the database the app has open.
    """
    workers = workers or min(_cores(), MAX_WORKERS)
    cache = _ENCRYPTED_CACHE_KIB if encryption.is_encrypted(path) else _CACHE_KIB
    conn = open_connection(path, read_only=True)
    try:
        _tune(conn, cache)
        if workers <= 1:
            return _messages(conn, "PRAGMA integrity_check")
        try:
            pieces = _pieces(conn)
        except sqlite.Error as error:
            return [str(error)]
    finally:
        conn.close()
    return _shared(path, pieces, workers, cache)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _tune(conn: sqlite.Connection, cache_kib: int) -> None:
    conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")


def _messages(conn: sqlite.Connection, pragma: str) -> list[str]:
    try:
        rows = [row[0] for row in conn.execute(pragma)]
    except sqlite.Error as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def _pieces(conn: sqlite.Connection) -> list[str]:
    """The checks to share out, the longest first so that no thread is left with a long one
    at the end: a table's check costs about its rows times one more than its indexes."""
    tables = conn.execute(
        "SELECT name, sql LIKE 'CREATE VIRTUAL%', (SELECT count(*) FROM sqlite_schema i"
        "                  WHERE i.type = 'index' AND i.tbl_name = t.name)"
        " FROM sqlite_schema t WHERE type = 'table'"
    ).fetchall()
    virtual = [name for name, is_virtual, _ in tables if is_virtual]
    weights = {}
    total_rows = 0
    for name, is_virtual, indexes in tables:
        if is_virtual:
            continue
        # A virtual table's own tables (the search index's segments) number their rows their
        # own way; they are small next to the register.
        shadow = any(name.startswith(f"{owner}_") for owner in virtual)
        rows = 1 if shadow else _rows(conn, name)
        total_rows += rows
        weights[f"PRAGMA integrity_check({_quoted(name)})"] = rows * (1 + indexes)
    # Virtual tables (the search index) are not checked one by one: the whole-file quick check
    # already asks each for its own check, which for FTS5 is the same with or without "quick".
    weights[_QUICK] = total_rows
    return sorted(weights, key=weights.get, reverse=True)


def _rows(conn: sqlite.Connection, table: str) -> int:
    # max(rowid) reads one path down the tree: a good enough guess of the rows, at no cost.
    try:
        return conn.execute(f"SELECT max(rowid) FROM {_quoted(table)}").fetchone()[0] or 0
    except sqlite.Error:
        return 1  # a WITHOUT ROWID table: small in mdtdesk (the search index's own)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shared(path: str | Path, pieces: list[str], workers: int, cache_kib: int) -> list[str]:
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for piece in pieces:
        todo.put(piece)
    found: list[list[str]] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            # Connections stay on the thread that made them.
            conn = open_connection(path, read_only=True)
        except BaseException as error:
            failures.append(error)
            return
        try:
            _tune(conn, cache_kib)
            while True:
                try:
                    piece = todo.get_nowait()
                except queue.Empty:
                    return
                pragma = "PRAGMA quick_check" if piece == _QUICK else piece
                messages = _messages(conn, pragma)
                if messages:
                    found.append(messages)
        finally:
            conn.close()

    threads = [threading.Thread(target=work, name=f"integrity-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    seen: dict[str, None] = {}
    for messages in found:
        seen.update(dict.fromkeys(messages))
    return list(seen)
