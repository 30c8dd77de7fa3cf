"""Proof of crash safety (issue 5): writers killed with SIGKILL at random moments, 200 times in
all, leave a database that passes ``integrity_check``, holds every acknowledged write and has no
import or meeting close half applied. The harness is tests/crash/harness.py; ``make bench``
runs 1,000 kills (benchmarks/bench_crash.py).

The seed is random per run (set MDTDESK_CRASH_SEED to repeat one) and is printed on failure.
"""

import dataclasses
import os
import random
from pathlib import Path

import pytest

from mdtdesk.core import agenda
from mdtdesk.core.case_import import apply_import, plan_import
from mdtdesk.core.db import open_database
from mdtdesk.core.driver import sqlite
from tests.crash.autosave_writer import notes
from tests.crash.harness import (
    IMPORT_PEOPLE,
    TODAY,
    WRITERS,
    prepare_autosave,
    prepare_close,
    prepare_import,
    run_kills,
)

# 200 kills in all; the autosave loop has the most moments worth hitting.
KILLS = {"autosave": 70, "import": 65, "close": 65}
SEED = int(os.environ.get("MDTDESK_CRASH_SEED") or random.randrange(1_000_000))


@pytest.mark.parametrize("name", list(KILLS))
def test_a_writer_killed_at_random_moments_leaves_every_acknowledged_write_whole(name, tmp_path):
    summary = run_kills(WRITERS[name], KILLS[name], SEED, work=tmp_path)

    assert summary.kills == KILLS[name]
    assert not summary.failures, f"{summary.line()}\n" + "\n".join(summary.failures[:20])
    # The kills landed across the work, not all before or after it.
    assert len(summary.states) > 1, summary.line()


def _checked(name, path, acks):
    conn = sqlite.connect(path, isolation_level=None)
    try:
        return WRITERS[name].check(conn, acks)[1]
    finally:
        conn.close()


def test_the_checks_catch_an_import_applied_in_two_transactions(tmp_path):
    template, (csv_path,) = prepare_import(tmp_path)
    db = open_database(template)
    plan = plan_import(db, Path(csv_path), TODAY)
    # What a kill between two transactions would leave: the first half of the file.
    apply_import(db, "crash", dataclasses.replace(plan, rows=plan.rows[:100]), TODAY)
    db.close()

    problems = _checked("import", template, [])

    assert f"import half applied: 100 of {IMPORT_PEOPLE} people" in problems


def test_the_checks_catch_a_close_half_applied_and_a_lost_acknowledgement(tmp_path):
    template, _ = prepare_close(tmp_path)
    conn = sqlite.connect(template, isolation_level=None)
    # The status written without its closed_at or audit row.
    conn.execute("UPDATE meetings SET status = 'closed'")
    conn.close()

    problems = _checked("close", template, ["ack item 99"])

    assert any(p.startswith("meeting 'closed', closed_at None, 0 close audits") for p in problems)
    assert "acknowledged item 99 missing" in problems


def test_the_checks_catch_torn_or_older_autosaved_notes(tmp_path):
    template, _ = prepare_autosave(tmp_path)
    db = open_database(template)
    agenda.save_discussion(db, "crash", 1, {"notes": notes(1, 3)[:-5]})
    db.close()

    problems = _checked("autosave", template, ["ack 1 3", "ack 2 1"])

    assert any(p.startswith("item 1: notes torn") for p in problems)
    assert "item 2: version 1 acknowledged, no notes stored" in problems


@pytest.mark.parametrize("name", ["autosave", "import", "close"])
def test_an_encrypted_database_killed_at_random_moments_is_just_as_whole(name, tmp_path):
    from mdtdesk.core import encryption

    try:
        summary = run_kills(WRITERS[name], 25, SEED, work=tmp_path, encrypted=True)
    finally:
        encryption.forget_all()
    assert summary.kills == 25
    assert not summary.failures, f"{summary.line()}\n" + "\n".join(summary.failures[:20])
    assert len(summary.states) > 1, summary.line()
