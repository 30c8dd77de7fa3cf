"""Proof of crash safety (issue 5): writers killed with SIGKILL at random moments, 200 times in
all, leave a database that passes ``integrity_check``, holds every acknowledged write and has no
import or meeting close half applied. The harness is tests/crash/harness.py; ``make bench``
runs 1,000 kills (benchmarks/bench_crash.py).

The seed is random per run (set MDTDESK_CRASH_SEED to repeat one) and is printed on failure.
"""

import os
import random

import pytest

from tests.crash.harness import WRITERS, run_kills

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
