"""Encryption's cost: the suite's data operations on the 50,000-person register, encrypted against
the same register unencrypted, in one run.

Budget (issue 5): at most 15% slower in all. The operations, as the app runs them: the count and
first page of the case list for each of five searches, the minutes of the largest meeting and 50
autosave-sized commits, on one long-lived connection as the window keeps; opening a connection
and reading the first page of cases, as at start; and a checked backup. The two files are
measured turn about, so a change in the machine's load falls on both, and each run gives a
ratio of the two totals: the verdict is the median of those ratios. Each operation's figure is
also printed, so a cost hidden in the total shows.
"""

from __future__ import annotations

import shutil
import statistics
import time

from benchmarks.common import Result, demo_database, work_dir

BUDGET = 1.15
RUNS = 9
SECRET = "benchmark passphrase"


def _encrypted_copy(path):
    from mdtdesk.core.passphrase import encrypt_database

    copy = work_dir() / "encrypted.db"
    if not copy.exists():
        shutil.copyfile(path, copy)
        encrypt_database(copy, SECRET)
    return copy


def _searches(conn) -> list[str]:
    family, given = conn.execute(
        "SELECT family_name, given_name FROM people ORDER BY id LIMIT 1 OFFSET 777"
    ).fetchone()
    return [family.lower(), "copd", f"{given} {family}".lower(), "heart failure", "dementia"]


def _operations(path, meeting_id: int, searches: list[str]):
    from mdtdesk.core import case_list
    from mdtdesk.core.backups import make_backup
    from mdtdesk.core.db import connect, connection_transaction
    from mdtdesk.documents.minutes import build_minutes

    conn = connect(path, create=False)  # the window's connection, kept for the run

    def opening():
        fresh = connect(path, create=False)
        try:
            case_list.fetch_cases(fresh, case_list.CaseQuery(), 0, 100)
        finally:
            fresh.close()

    def filtering():
        for text in searches:
            query = case_list.CaseQuery(text=text)
            case_list.count_cases(conn, query)
            case_list.fetch_cases(conn, query, 0, 100)

    def minutes():
        build_minutes(conn, meeting_id)

    def commits():
        for n in range(50):
            with connection_transaction(conn):
                conn.execute(
                    "UPDATE team_settings SET value = ? WHERE key = 'bench'", [f"note {n}" * 40]
                )

    def backup():
        make_backup(path, work_dir() / f"{path.stem}-backup.db")

    return {
        "open": opening,
        "filter": filtering,
        "minutes": minutes,
        "commits": commits,
        "backup": backup,
    }


def run() -> list[Result]:
    """Time each operation on both files, turn about; the verdict is the median, over the runs,
    of each run's encrypted total against its unencrypted total."""
    from mdtdesk.core import encryption
    from mdtdesk.core.db import connect, connection_transaction

    plain = demo_database()
    encrypted = _encrypted_copy(plain)
    encryption.unlock(encrypted, SECRET, lambda key: True)
    for path in (plain, encrypted):
        conn = connect(path, create=False)
        with connection_transaction(conn):
            conn.execute("INSERT OR IGNORE INTO team_settings (key, value) VALUES ('bench', '')")
        conn.close()
    conn = connect(plain, create=False)
    meeting_id = conn.execute(
        "SELECT meeting_id FROM agenda_items GROUP BY meeting_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    searches = _searches(conn)
    conn.close()
    work = {
        "plain": _operations(plain, meeting_id, searches),
        "encrypted": _operations(encrypted, meeting_id, searches),
    }
    for kind in work.values():  # untimed: the file cache, the compiled modules
        for operation in kind.values():
            operation()
    times: dict[tuple[str, str], list[float]] = {}
    ratios = []
    for run in range(RUNS):
        # Each file goes first every other run: a backup's 200 MB still being written to disk
        # slows whatever follows it, and must not always fall on the same file.
        kinds = list(work) if run % 2 == 0 else list(reversed(work))
        totals = {}
        for kind in kinds:
            totals[kind] = 0.0
            for name, operation in work[kind].items():
                started = time.perf_counter()
                operation()
                elapsed = time.perf_counter() - started
                times.setdefault((kind, name), []).append(elapsed)
                totals[kind] += elapsed
        ratios.append(totals["encrypted"] / totals["plain"])
    median = {key: statistics.median(values) for key, values in times.items()}
    parts = []
    for name in work["plain"]:
        ratio = median["encrypted", name] / median["plain", name]
        plain_ms, encrypted_ms = (median[kind, name] * 1000 for kind in ("plain", "encrypted"))
        parts.append(f"{name} {plain_ms:.0f}→{encrypted_ms:.0f} ms ({ratio:.2f}×)")
    spread = f"runs {min(ratios):.2f}–{max(ratios):.2f}×"
    return [
        Result(
            "encrypted / unencrypted, data operations",
            statistics.median(ratios),
            BUDGET,
            "×",
            f"median of {RUNS} runs' ratios ({spread}); per operation, medians: "
            + "; ".join(parts),
        )
    ]
