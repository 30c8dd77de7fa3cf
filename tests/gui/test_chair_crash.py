"""Nothing typed in a meeting is lost: chair mode is killed outright (SIGKILL, no chance to
tidy up) 1.5 seconds after the last keystroke, and the database holds every character."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mdtdesk.core import agenda
from mdtdesk.core.db import open_database
from tests.helpers import build_team, plan_meeting

TEXT = "Siân's daughter (Łucja) visits daily; falls twice in October. Wants to stay at home."
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_text_typed_in_chair_mode_survives_a_kill(db_path):
    db = open_database(db_path)
    hood, _, cases = build_team(db, dt.date(2026, 11, 23))
    meeting = plan_meeting(db, hood, dt.date(2026, 11, 23))
    item = agenda.add_item(db, "chair", meeting, cases[0], "review")
    db.close()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    typist = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "chair_typist.py"), str(db_path), str(meeting), TEXT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = typist.stdout.readline()
        assert line.strip() == "typed", typist.stderr.read()
        time.sleep(1.5)
        assert typist.poll() is None, "chair mode ended before it was killed"
        typist.send_signal(signal.SIGKILL)
        typist.wait(timeout=10)
    finally:
        if typist.poll() is None:
            typist.kill()
    assert typist.returncode == -signal.SIGKILL

    db = open_database(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = db.execute(
            "SELECT notes FROM discussions WHERE agenda_item_id = ?", [item]
        ).fetchone()
        assert notes is not None and notes[0] == TEXT
    finally:
        db.close()
