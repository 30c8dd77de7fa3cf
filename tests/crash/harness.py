"""The crash harness: run a writer in a subprocess, kill it with SIGKILL at a random moment, and
check the database it leaves behind.

Each writer (a small script beside this module) opens a copy of a prepared database, prints
``ready``, then writes through mdtdesk's core functions, printing an ``ack ...`` line after each
call returns. After the kill the database must pass ``PRAGMA integrity_check``, hold every
acknowledged write, and show no change half applied (every row its audit row, and the reverse).

``run_kills(WRITERS["import"], 100, seed=7)`` runs 100 kills; the same seed draws the same kill
delays, so a failure can be chased with the seed it prints.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mdtdesk.core.db import open_connection
from mdtdesk.core.driver import sqlite
from tests.crash import keys

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TODAY = dt.date(2026, 11, 23)
IMPORT_PEOPLE = 300
AUTOSAVE_ROUNDS = 40
ACTIONS_PER_ITEM = 2
CLOSE_CASES = 5


@dataclass
class Writer:
    """A kind of writer: its script, how to prepare its database, and how to check one."""

    name: str
    script: str
    # (work folder) -> (template database, extra arguments after the database's path)
    prepare: Callable[[Path], tuple[Path, list[str]]]
    # (connection, acknowledgements) -> (state seen, problems found)
    check: Callable[[sqlite.Connection, list[str]], tuple[str, list[str]]]


@dataclass
class Summary:
    """What ``run_kills`` did: kills made, failures found, time taken and the states seen."""

    writer: str
    seed: int
    kills: int = 0
    finished: int = 0  # runs that ended before their kill: checked, not counted as kills
    seconds: float = 0.0
    runtime: float = 0.0  # the writer's measured time from "ready" to done, unkilled
    failures: list[str] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)

    def line(self) -> str:
        """One line for a report."""
        states = ", ".join(f"{k} {v}" for k, v in sorted(self.states.items()))
        return (
            f"{self.writer}: {self.kills} kills, {len(self.failures)} failures in "
            f"{self.seconds:.1f} s ({self.finished} finished first; writer runs "
            f"{self.runtime * 1000:.0f} ms; seed {self.seed}; "
            f"states: {states})"
        )


# Preparing -----------------------------------------------------------------------------------


def _fresh(work: Path, name: str):
    from mdtdesk.core.db import open_database

    return open_database(work / name)


def _team(db, people: int) -> tuple[int, list[int]]:
    from tests.helpers import build_team, plan_meeting

    hood, _, cases = build_team(db, TODAY, people=people)
    return plan_meeting(db, hood, TODAY), cases


def prepare_autosave(work: Path) -> tuple[Path, list[str]]:
    """A meeting with three items, nothing said yet."""
    from mdtdesk.core import agenda

    db = _fresh(work, "autosave.db")
    meeting, cases = _team(db, 3)
    for case in cases:
        agenda.add_item(db, "chair", meeting, case, "review", sharing_override_reason="Risk")
    db.close()
    return work / "autosave.db", [str(AUTOSAVE_ROUNDS)]


def prepare_import(work: Path) -> tuple[Path, list[str]]:
    """An empty register and a clean case list of IMPORT_PEOPLE new people."""
    from tests.helpers import nhs

    _fresh(work, "import.db").close()
    path = work / "case-list.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(
            [
                "NHS Number",
                "Surname",
                "Forename",
                "Date of Birth",
                "Postcode",
                "Practice",
                "Long Term Conditions",
                "CFS",
            ]
        )
        for n in range(IMPORT_PEOPLE):
            rows.writerow(
                [nhs(n), f"Ashworth{n}", "Mona", "04/03/1938", "SK3 9AB", f"Practice {n % 4}"]
                + ["COPD", str(n % 9 + 1)]
            )
    return work / "import.db", [str(path)]


def prepare_close(work: Path) -> tuple[Path, list[str]]:
    """A planned meeting, its agenda still empty, and CLOSE_CASES referred cases."""
    db = _fresh(work, "close.db")
    _team(db, CLOSE_CASES)
    db.close()
    return work / "close.db", [str(ACTIONS_PER_ITEM)]


# Checking ------------------------------------------------------------------------------------


def _ids(conn: sqlite.Connection, sql: str, params=()) -> set[int]:
    return {row[0] for row in conn.execute(sql, params)}


def audited_rows_match(conn: sqlite.Connection, tables: list[str]) -> list[str]:
    """Every row of ``tables`` has its "created" audit row and every such audit row its row:
    a change and its audit are one transaction, so a kill leaves both or neither."""
    problems = []
    for table in tables:
        rows = _ids(conn, f"SELECT id FROM {table}")
        audited = _ids(
            conn,
            "SELECT entity_id FROM audit WHERE entity = ? AND field = 'created'",
            [table],
        )
        if rows != audited:
            problems.append(
                f"{table}: rows without an audit {sorted(rows - audited)[:5]}, "
                f"audits without a row {sorted(audited - rows)[:5]}"
            )
    return problems


def check_autosave(conn: sqlite.Connection, acks: list[str]) -> tuple[str, list[str]]:
    """Each item holds a whole version of its notes no older than the last acknowledged, and
    as many audit rows as versions saved."""
    from tests.crash.autosave_writer import notes

    acked: dict[int, int] = {}
    for ack in acks:
        _, item, version = ack.split()
        acked[int(item)] = int(version)
    problems = audited_rows_match(conn, ["discussions"])
    saved = 0
    for item, discussion, text in conn.execute(
        "SELECT i.id, d.id, d.notes FROM agenda_items i "
        "LEFT JOIN discussions d ON d.agenda_item_id = i.id ORDER BY i.id"
    ):
        least = acked.get(item, 0)
        if text is None:
            if least:
                problems.append(f"item {item}: version {least} acknowledged, no notes stored")
            continue
        version = int(text.split(" ", 1)[0][1:])
        saved += version
        if text != notes(item, version):
            problems.append(f"item {item}: notes torn ({len(text)} characters of v{version})")
        if version < least:
            problems.append(f"item {item}: v{version} stored, v{least} acknowledged")
        audits = conn.execute(
            "SELECT count(*) FROM audit WHERE entity = 'discussions' AND entity_id = ?",
            [discussion],
        ).fetchone()[0]
        if audits != version:
            problems.append(f"item {item}: v{version} stored with {audits} audit rows")
    # A state per tenth of the loop shows the kills spread over it.
    state = f"saves {10 * saved // (3 * AUTOSAVE_ROUNDS) * 10}%"
    return state, problems


def check_import(conn: sqlite.Connection, acks: list[str]) -> tuple[str, list[str]]:
    """None of the file's people or all of them, each with a case, a referral and audit rows."""
    people = conn.execute("SELECT count(*) FROM people").fetchone()[0]
    problems = audited_rows_match(conn, ["people", "cases", "referrals", "practices"])
    if people not in (0, IMPORT_PEOPLE):
        problems.append(f"import half applied: {people} of {IMPORT_PEOPLE} people")
    if "ack import" in acks and people != IMPORT_PEOPLE:
        problems.append(f"import acknowledged, {people} of {IMPORT_PEOPLE} people stored")
    cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    referrals = conn.execute("SELECT count(*) FROM referrals").fetchone()[0]
    if not people == cases == referrals:
        problems.append(f"{people} people, {cases} cases, {referrals} referrals")
    return ("all" if people else "none"), problems


def check_close(conn: sqlite.Connection, acks: list[str]) -> tuple[str, list[str]]:
    """The meeting open with every acknowledged item, action and status, or closed whole."""
    problems = audited_rows_match(conn, ["agenda_items", "actions", "meetings"])
    meeting, status, closed_at = conn.execute(
        "SELECT id, status, closed_at FROM meetings"
    ).fetchone()
    closes = conn.execute(
        "SELECT count(*) FROM audit WHERE entity = 'meetings' AND entity_id = ? "
        "AND field = 'status' AND new = 'closed'",
        [meeting],
    ).fetchone()[0]
    if (status == "closed") != (closed_at is not None) or (status == "closed") != bool(closes):
        problems.append(f"meeting {status!r}, closed_at {closed_at!r}, {closes} close audits")
    items = dict(conn.execute("SELECT id, status FROM agenda_items"))
    actions = _ids(conn, "SELECT id FROM actions")
    if status == "closed" and "pending" in items.values():
        problems.append(f"meeting closed with pending items: {items}")
    for ack in acks:
        words = ack.split()
        if words[1] == "item" and int(words[2]) not in items:
            problems.append(f"acknowledged item {words[2]} missing")
        elif words[1] == "action" and int(words[2]) not in actions:
            problems.append(f"acknowledged action {words[2]} missing")
        elif words[1] == "discussed" and (now := items.get(int(words[2]))) != "discussed":
            problems.append(f"item {words[2]} acknowledged discussed, is {now}")
        elif words[1] == "close" and status != "closed":
            problems.append(f"close acknowledged, meeting is {status!r}")
    # Marking an item discussed makes its referred case active in the same transaction.
    for item, item_status, case_status in conn.execute(
        "SELECT i.id, i.status, c.status FROM agenda_items i JOIN cases c ON c.id = i.case_id"
    ):
        if (item_status == "discussed") != (case_status == "active"):
            problems.append(f"item {item} {item_status} but its case {case_status}")
    state = status if status == "closed" else f"{status}, {len(items)} items"
    return state, problems


WRITERS = {
    "autosave": Writer("autosave", "autosave_writer.py", prepare_autosave, check_autosave),
    "import": Writer("import", "import_writer.py", prepare_import, check_import),
    "close": Writer("close", "close_writer.py", prepare_close, check_close),
}


# Running -------------------------------------------------------------------------------------


def _start(writer: Writer, db: Path, args: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env[keys.VARIABLE] = keys.SECRET  # used only when the database is encrypted
    return subprocess.Popen(
        [sys.executable, str(HERE / writer.script), str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    if line.strip() != b"ready":
        proc.kill()
        _, err = proc.communicate()
        raise RuntimeError(f"writer did not start: {line!r} {err.decode()[-2000:]}")


def _lines(out: bytes) -> list[str]:
    # A line cut short by the kill has no newline: it was never wholly written, so not counted.
    text = out.decode()
    whole = text.split("\n")[:-1]
    return [line for line in whole if line.startswith("ack ")]


def _copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.name
    for suffix in ("", "-wal", "-shm", ".key"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    key_file = Path(f"{template}.key")
    if key_file.exists():  # an encrypted run: the copy is known as encrypted by its key file
        shutil.copyfile(key_file, Path(f"{target}.key"))
    return target


def _check(writer: Writer, db: Path, acks: list[str]) -> tuple[str, list[str]]:
    # A fresh connection, as the next start of mdtdesk would make: it recovers the WAL. Made
    # by mdtdesk's own opener, which applies the key of an encrypted run.
    conn = open_connection(db)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchall()
        if verdict != [("ok",)]:
            return "damaged", [f"integrity_check: {verdict[:5]}"]
        return writer.check(conn, acks)
    except sqlite.DatabaseError as exc:
        # A file too damaged even to check ("malformed") is a failure to report, not a crash
        # of the harness.
        return "damaged", [f"cannot read the database: {exc}"]
    finally:
        conn.close()


def measure(writer: Writer, template: Path, args: list[str], folder: Path) -> float:
    """Run the writer to its end once, unkilled; return its time from "ready" to exit.

    Also the control: a finished run must pass the same check with every write acknowledged.
    """
    db = _copy(template, folder)
    proc = _start(writer, db, args)
    _wait_ready(proc)
    started = time.perf_counter()
    out, err = proc.communicate(timeout=120)
    runtime = time.perf_counter() - started
    if proc.returncode != 0 or not out.endswith(b"done\n"):
        raise RuntimeError(f"{writer.name} writer failed unkilled: {err.decode()[-2000:]}")
    state, problems = _check(writer, db, _lines(out))
    if problems:
        raise RuntimeError(f"{writer.name} writer's finished run fails its check: {problems}")
    return runtime


def kill_once(
    writer: Writer, template: Path, args: list[str], folder: Path, delay: float
) -> tuple[str, list[str]]:
    """Start the writer, SIGKILL it ``delay`` seconds after it is ready, and check the file."""
    db = _copy(template, folder)
    proc = _start(writer, db, args)
    try:
        _wait_ready(proc)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    acks = _lines(out)
    state, problems = _check(writer, db, acks)
    if proc.returncode != -signal.SIGKILL:
        # The writer finished before the kill: still checked, but not counted as a crash.
        state = "finished"
    return state, problems


def run_kills(
    writer: Writer | str,
    count: int,
    seed: int,
    *,
    jobs: int = 2,
    work: Path | None = None,
    encrypted: bool = False,
) -> Summary:
    """Kill ``writer`` ``count`` times at random moments of its work and check after each.

    The delays are drawn uniformly over the writer's measured runtime from ``seed`` (one draw
    per kill number, so the same seed gives the same delays whatever ``jobs`` runs at once).
    ``jobs`` writers run side by side: each kill is a fresh process on its own copy.
    ``encrypted`` runs it all on an encrypted database (its WAL encrypted too).
    """
    if isinstance(writer, str):
        writer = WRITERS[writer]
    summary = Summary(writer.name, seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"mdtdesk-crash-{writer.name}-", dir=work) as tmp:
        tmp_path = Path(tmp)
        template, args = writer.prepare(tmp_path)
        if encrypted:
            from mdtdesk.core.passphrase import encrypt_database

            encrypt_database(template, keys.SECRET)  # and keeps its key unlocked here
        summary.runtime = measure(writer, template, args, tmp_path / "control")

        def one(index: int) -> tuple[int, float, str, list[str]]:
            delay = random.Random(seed * 1_000_003 + index).uniform(0, summary.runtime)
            state, problems = kill_once(
                writer, template, args, tmp_path / f"slot-{index % jobs}", delay
            )
            return index, delay, state, problems

        # Runs side by side share nothing: each of a batch has its own slot (folder). A writer
        # that finished before its kill is checked too, but a further kill is drawn for it.
        index = 0
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            while summary.kills < count:
                batch = range(index, index + min(jobs, count - summary.kills))
                index = batch.stop
                for number, delay, state, problems in pool.map(one, batch):
                    if state == "finished":
                        summary.finished += 1
                    else:
                        summary.kills += 1
                        summary.states[state] += 1
                    if problems:
                        summary.failures.append(
                            f"kill {number} at {delay * 1000:.0f} ms (seed {seed}): "
                            + "; ".join(problems)
                        )
    summary.seconds = time.perf_counter() - started
    return summary


def main() -> None:
    """``python -m tests.crash.harness WRITER COUNT [SEED]``: run kills and print the summary."""
    name, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1_000_000)
    summary = run_kills(name, count, seed)
    print(summary.line())
    for failure in summary.failures[:20]:
        print("  " + failure)
    sys.exit(1 if summary.failures else 0)


if __name__ == "__main__":
    main()
