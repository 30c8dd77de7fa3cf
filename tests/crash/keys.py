"""The passphrase of an encrypted run of the crash harness, handed to each writer."""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "MDTDESK_PASSPHRASE"
SECRET = "crash harness passphrase"


def unlock_if_encrypted(path: str | Path) -> None:
    """Unlock the database a writer is about to open, when the harness made it encrypted.

    Runs before the writer says "ready", so the key's derivation never shifts a kill."""
    from mdtdesk.core import encryption
    from mdtdesk.core.db import key_opens

    if encryption.is_encrypted(path):
        encryption.unlock(path, os.environ[VARIABLE], key_opens(path))
