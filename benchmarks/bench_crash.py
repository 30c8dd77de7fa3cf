"""Crash safety: 1,000 SIGKILLs of mdtdesk's writers at random moments, no failure allowed.

Budget: 0 failures. After each kill of a writer (the autosave loop, a case-list import, a meeting
close) the database passes ``integrity_check``, holds every acknowledged write and has nothing
half applied. The harness is tests/crash/harness.py; ``make test`` runs 200 of these kills.
"""

from __future__ import annotations

import random

from benchmarks.common import Result, work_dir

# 1,000 kills in all, shared as in the test: the autosave loop has the most moments to hit.
KILLS = {"autosave": 340, "import": 330, "close": 330}


def run() -> list[Result]:
    from tests.crash.harness import run_kills

    # A new seed each run explores new moments; a failure's lines name it to repeat the run.
    seed = random.randrange(1_000_000)
    results = []
    for name, count in KILLS.items():
        summary = run_kills(name, count, seed, work=work_dir())
        detail = f"{summary.kills} kills in {summary.seconds:.0f} s, seed {seed}"
        if summary.failures:
            detail += "; first: " + summary.failures[0]
        results.append(Result(f"failures after {name} kills", len(summary.failures), 0, "", detail))
    return results
