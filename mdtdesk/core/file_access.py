"""Can mdtdesk write the database where it is? Asked before opening it for writing, so a
read-only file or folder is refused with a reason and what to do, not met as an SQLite error on
the first save.

SQLite in WAL mode writes two files beside the database (``-wal`` and ``-shm``) and mdtdesk
keeps its writer lock there too, so the folder must be writable as well as the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

# Any write bit at all: a file with none is marked read-only on purpose (on Windows this is the
# Read-only attribute), even for an account such as root or an administrator that could write.
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
_JOURNALS = ("-wal", "-shm")


def write_problem(db_path: str | Path) -> str | None:
    """Why mdtdesk could not save to the database at ``db_path``, or None when it can.

    The reason is plain English and says what to do. Checked: the folder exists; the database
    file and its journal files (where they exist) are not read-only; and a new file can be made
    in the folder, which SQLite needs for its journal. A missing database file is not a problem
    here: it is created when the folder is writable.
    """
    path = Path(os.path.abspath(db_path))
    folder = path.parent
    if not folder.is_dir():
        return f"The folder {folder} does not exist. Check the path, or create the folder first."
    if path.exists() and _file_read_only(path):
        return (
            f"The database file {path} is read-only, so mdtdesk cannot save to it. Turn off "
            "Read-only in the file's properties or ask IT for permission to change it; or copy "
            "it to a folder you can write to (such as Documents) and open the copy. Nothing "
            "was changed."
        )
    for suffix in _JOURNALS:
        journal = path.with_name(path.name + suffix)
        if journal.exists() and _file_read_only(journal):
            return (
                f"The database's journal file {journal} is read-only, so mdtdesk cannot save. "
                "Do not delete it: it may hold the latest changes. Ask IT to make it writable, "
                "or close mdtdesk and copy the database together with its -wal and -shm files "
                "to a folder you can write to. Nothing was changed."
            )
    if _folder_read_only(folder):
        return (
            f"The folder {folder} is read-only, so mdtdesk cannot keep its journal beside the "
            "database and cannot save. Move the database to a folder you can write to (such as "
            "Documents), or ask IT for permission to write to this folder. Nothing was changed."
        )
    return None


def _file_read_only(path: Path) -> bool:
    # os.access answers for this account (and a read-only drive); the mode bits catch a file
    # marked read-only that an all-powerful account could still write.
    return not os.access(path, os.W_OK) or not path.stat().st_mode & _WRITE_BITS


def _folder_read_only(folder: Path) -> bool:
    if sys.platform != "win32":
        # On Windows a folder's Read-only attribute does not stop writing (Explorer sets it on
        # customised folders), so the mode bits mean something only elsewhere.
        if not folder.stat().st_mode & _WRITE_BITS:
            return True
        if not os.access(folder, os.W_OK | os.X_OK):
            return True
    # The proof: Windows permissions (ACLs) and some network drives are invisible to the checks
    # above, so make and remove a small file where the journal would go.
    return not _can_create_in(folder)


def _can_create_in(folder: Path) -> bool:
    try:
        handle, name = tempfile.mkstemp(prefix=".mdtdesk-write-check-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    # Made but not removed would still mean writing works, which is the question asked.
    with contextlib.suppress(OSError):
        os.remove(name)
    return True
