"""Backups: a checked backup of the 50,000-person database, and opening it with its open check.

Budgets (issue 5): the backup, integrity check of the copy and fsync included, has a median of
at most 2 s over 3 runs; opening the database as the app does (``open_check.damage``, then
``connect``) takes at most 0.5 s. Both are measured on the plain demo database and on a copy of
it encrypted with SQLCipher, whose every page read is decrypted and checked.
"""

from __future__ import annotations

import shutil
import time

from benchmarks.common import Result, demo_database, median_seconds, work_dir

BACKUP_BUDGET_S = 2.0
OPEN_BUDGET_S = 0.5
PASSPHRASE = "benchmark passphrase"


def run() -> list[Result]:
    """Measure both budgets on the shared demo database, plain and encrypted."""
    plain = demo_database()
    results = _measure(plain, "")
    results += _measure(_encrypted_copy(plain), ", encrypted")
    return results


def _measure(path, label: str) -> list[Result]:
    from mdtdesk.core import integrity, open_check
    from mdtdesk.core.backups import make_backup
    from mdtdesk.core.db import connect

    target = work_dir() / "bench-backup.db"

    def backup():
        make_backup(path, target)

    def open_and_check():
        assert open_check.damage(path) is None
        connect(path, create=False).close()

    open_and_check()  # the first open warms the file cache, as a reopen finds it
    size_mb = path.stat().st_size / 1e6
    backup_s = median_seconds(backup, runs=3)
    started = time.perf_counter()
    assert integrity.full_check(target) == []
    check_s = time.perf_counter() - started
    open_s = median_seconds(open_and_check, runs=3)
    target.unlink(missing_ok=True)
    detail = f"{size_mb:.0f} MB; the check of the copy alone: {check_s:.2f} s"
    return [
        Result(f"backup (checked){label}", backup_s, BACKUP_BUDGET_S, " s", detail),
        Result(f"open + open check{label}", open_s, OPEN_BUDGET_S, " s", f"{size_mb:.0f} MB"),
    ]


def _encrypted_copy(plain):
    """The demo database copied and encrypted, built once per run."""
    from mdtdesk.core.passphrase import encrypt_database

    path = work_dir() / "demo-encrypted.db"
    if not path.exists():
        started = time.perf_counter()
        shutil.copyfile(plain, path)
        encrypt_database(path, PASSPHRASE)  # leaves its key unlocked in this process
        print(f"     (encrypted a copy of the demo in {time.perf_counter() - started:.1f} s)")
    return path
