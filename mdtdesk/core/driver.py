"""The SQLite driver every mdtdesk connection uses: SQLCipher's build of SQLite (sqlcipher3).

A connection given no key is plain SQLite, so unencrypted files (a demo, a register made before
encryption) open through the same driver as encrypted ones. Code that opens or catches anything
imports ``sqlite`` from here, never the standard ``sqlite3``: this driver's connection and
exception classes are its own, and ``except sqlite3.Error`` would not catch them.
"""

from __future__ import annotations

import sys

import sqlcipher3
from sqlcipher3 import dbapi2 as sqlite

__all__ = ["sqlite"]

# sqlite-utils takes pysqlite3 in place of the standard sqlite3 when it can import it. Naming
# SQLCipher's build so makes sqlite-utils' own error handling (savepoint release, feature probes)
# catch this driver's errors. It has to be in place before sqlite-utils is first imported, which
# is why mdtdesk.core's package imports this module.
sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlite)

# SQLCipher writes its own error lines (a wrong key's "hmac check failed") to stderr, which would
# land on the user's terminal. The level is process-wide; mdtdesk explains failures itself.
_quiet = sqlite.connect(":memory:")
_quiet.execute("PRAGMA cipher_log_level = NONE")
_quiet.close()
