"""Making a written file survive a power cut: its bytes, and the rename that put it in place.

Shared by everything that writes a file whole and renames it (exports, backups, restores).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush a closed file's bytes to the disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable.

    On POSIX the rename itself is durable only once the folder is synced. Windows cannot open a
    folder this way, and some file systems (network shares) refuse: the file is complete either
    way, so a failure here is not worth failing the write for.
    """
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
