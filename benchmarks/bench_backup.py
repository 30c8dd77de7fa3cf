"""Backups: a checked backup of the 50,000-person database, and opening it with its quick check.

Budgets (issue 5): the backup, integrity check of the copy and fsync included, has a median of
at most 2 s over 3 runs; opening the database as the app does (``open_database``) and running
``PRAGMA quick_check`` takes at most 0.5 s.
"""

from __future__ import annotations

from benchmarks.common import Result, demo_database, median_seconds, work_dir

BACKUP_BUDGET_S = 2.0
OPEN_BUDGET_S = 0.5


def run() -> list[Result]:
    """Measure both budgets on the shared demo database."""
    from mdtdesk.core.backups import make_backup
    from mdtdesk.core.db import open_database

    path = demo_database()
    target = work_dir() / "bench-backup.db"

    def backup():
        make_backup(path, target)

    def open_and_check():
        db = open_database(path, create=False)
        try:
            assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            db.close()

    open_and_check()  # the first open migrates nothing but warms the file cache, as a reopen is
    size_mb = path.stat().st_size / 1e6
    backup_s = median_seconds(backup, runs=3)
    open_s = median_seconds(open_and_check, runs=3)
    target.unlink(missing_ok=True)
    return [
        Result("backup (checked)", backup_s, BACKUP_BUDGET_S, " s", f"{size_mb:.0f} MB"),
        Result("open + quick_check", open_s, OPEN_BUDGET_S, " s", f"{size_mb:.0f} MB"),
    ]
