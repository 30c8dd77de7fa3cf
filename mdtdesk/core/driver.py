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
_settings = sqlite.connect(":memory:")
_settings.execute("PRAGMA cipher_log_level = NONE")
# Every page's MAC is HMAC-SHA256, not SQLCipher 4's default SHA-512: as strong a MAC, and
# computed in hardware on current laptops (SHA extensions): about a sixth less time to check a
# backup. A setting of the file format, with the page size (encryption.PAGE_SIZE): for another
# tool, PRAGMA cipher_hmac_algorithm = HMAC_SHA256 and PRAGMA cipher_page_size = 16384 after the
# key. Set as the process's default, so it holds for attached files too.
_settings.execute("PRAGMA cipher_default_hmac_algorithm = HMAC_SHA256")
_settings.close()
