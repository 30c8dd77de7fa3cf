"""The command line on a damaged database: one plain line that says so and what to do, exit 1,
the file untouched; never "an unexpected problem" half-way through a listing."""

from __future__ import annotations

import pytest

from mdtdesk.core.db import open_database
from mdtdesk.core.integrity import check_database
from tests.test_cli import mdtdesk


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    """A demo database whose second half a disk fault has zeroed: its start reads, so only a
    look inside finds the damage."""
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "demo.db"
    made = mdtdesk("demo", "--db", path, "--patients", "30", "--seed", "4", tmp_path=folder)
    assert made.returncode == 0, made.stderr
    whole = path.read_bytes()
    half = len(whole) // 2
    path.write_bytes(whole[:half] + bytes(len(whole) - half))
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["cases"],
        ["cases", "--json"],
        ["meetings"],
        ["actions"],
        ["backup"],
        ["export", "minutes", "--meeting", "1", "--format", "pdf", "--out", "{folder}/m.pdf"],
        ["encrypt"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_command_on_a_damaged_database_says_so_and_changes_nothing(damaged, command):
    folder = damaged.parent
    before = damaged.read_bytes()
    args = [part.format(folder=folder) for part in command]
    result = mdtdesk(*args[:2], "--db", damaged, *args[2:], tmp_path=folder)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "damaged" in lines[0] and "mdtdesk restore --db" in lines[0]
    assert "unexpected" not in lines[0]
    assert damaged.read_bytes() == before
    assert not (folder / "m.pdf").exists()


def test_the_check_reports_damage_that_stops_it_as_a_finding(damaged):
    db = open_database(damaged, create=False)
    try:
        problems = check_database(db)
    finally:
        db.close()
    assert problems and "damaged" in problems[0]
