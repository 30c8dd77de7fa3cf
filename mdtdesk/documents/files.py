"""Writing export files safely: all of the new file or none of it, never half.

A renderer writes to a temporary file in the target's folder; only a complete, flushed file is
renamed onto the target. A failed export leaves no partial file and the previous file untouched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from mdtdesk.core.durable import fsync_file, fsync_folder
from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

# The temporary name says nothing about the document: file names end up in recent-file lists,
# backups and logs, where a patient's name must not.
_TEMP_PREFIX = ".mdtdesk-export-"
_TEMP_SUFFIX = ".tmp"


def _check_folder(target: Path) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise MdtError(
            f"The folder {folder} does not exist. Choose another folder, or create this one, "
            "then export again."
        )
    if target.is_dir():
        raise MdtError(f"{target} is a folder. Choose a file name for the export, then try again.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise MdtError(
            f"You do not have permission to save files in {folder}. Choose another folder, "
            "such as your Documents folder, then export again."
        )
    return folder


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write ``target`` through ``write(temp_path)``, all or nothing.

    ``write`` writes the whole file at the path it is given (a temporary file in the target's
    folder, so the final rename stays on one file system). The temporary file is flushed to disk,
    then renamed over ``target``. If anything fails the temporary file is removed, ``target`` is
    left as it was, and the error is raised: an MdtError in plain words for a missing or
    read-only folder or a failed write to disk, the writer's own error otherwise.
    """
    target = Path(target)
    folder = _check_folder(target)
    try:
        descriptor, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as error:
        raise MdtError(
            f"Could not create a file in {folder} ({error.strerror}). Choose another folder, "
            "then export again."
        ) from error
    os.close(descriptor)
    temp = Path(name)
    try:
        write(temp)
        fsync_file(temp)
        # mkstemp makes the file readable by its owner only. Replacing a file keeps that file's
        # permissions; a new file keeps owner-only, which suits a file of personal data.
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError) and _elsewhere(error, folder):
            # Not the export's folder or disk: a file of mdtdesk's own (a template) is missing,
            # and blaming a full disk would send the user the wrong way.
            log.error("export failed reading %s", Path(error.filename).name, exc_info=error)
            raise MdtError(
                f"Could not make {target.name}: a file mdtdesk needs "
                f"({Path(error.filename).name}) could not be read. Reinstall mdtdesk; the "
                "details are in the log file. Nothing was written."
            ) from error
        if isinstance(error, PermissionError):
            raise MdtError(
                f"Could not save {target.name}: permission was refused. If the file is open in "
                "another program (such as Word or a PDF viewer), close it, then export again."
            ) from error
        if isinstance(error, OSError):
            raise MdtError(
                f"Could not save {target.name} ({error.strerror or error}). Check that the "
                "disk is not full and the folder is still there, then export again."
            ) from error
        raise
    fsync_folder(folder)


def _elsewhere(error: OSError, folder: Path) -> bool:
    """Whether an error names a file outside the export's folder (so not the file written)."""
    return bool(error.filename) and Path(error.filename).resolve().parent != folder.resolve()
