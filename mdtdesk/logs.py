"""Where tracebacks go: a rotating log file in the user's log folder, never the terminal."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs


def log_path() -> Path:
    """The log file mdtdesk writes to."""
    return platformdirs.user_log_path("mdtdesk", appauthor=False) / "mdtdesk.log"


def setup_logging() -> Path | None:
    """Send log records to the log file; return its path, or None when it cannot be written.

    Log messages never carry patient data: they name what failed, not whose record.
    """
    path = log_path()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        root.addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
