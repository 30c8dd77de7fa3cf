"""The command line as a user meets it: a real process, its exit status and what it prints."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import nhs

ROOT = Path(__file__).resolve().parent.parent


def mdtdesk(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    # A private home keeps the log file and the default database out of the developer's own.
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME="", XDG_STATE_HOME="")
    return subprocess.run(
        [sys.executable, "-m", "mdtdesk", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def _no_traceback(result):
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    path = home / "demo.db"
    result = mdtdesk("demo", "--db", path, "--patients", "120", "--seed", "3", tmp_path=home)
    assert result.returncode == 0, result.stderr
    assert "120 people" in result.stdout
    return path


def test_demo_refuses_to_overwrite(demo, tmp_path):
    before = demo.stat().st_mtime_ns
    result = mdtdesk("demo", "--db", demo, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert demo.stat().st_mtime_ns == before
    _no_traceback(result)


def test_cases_json_has_the_promised_fields(demo, tmp_path):
    result = mdtdesk("cases", "--db", demo, "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    cases = json.loads(result.stdout)
    assert len(cases) >= 120
    for case in cases:
        assert len(case["nhs_number"]) == 10 and case["nhs_number"].isdigit()
        assert case["nhs_number"].startswith("999")
        assert case["given_name"] and case["family_name"]
        assert len(case["date_of_birth"]) == 10 and case["date_of_birth"][4] == "-"
        assert case["status"] in {"referred", "active", "closed"}
        assert "neighbourhood" in case
    assert {c["status"] for c in cases} == {"referred", "active", "closed"}


def test_cases_as_a_table(demo, tmp_path):
    result = mdtdesk("cases", "--db", demo, tmp_path=tmp_path)
    assert result.returncode == 0
    header, first = result.stdout.splitlines()[:2]
    assert header.startswith("NHS number")
    assert first[:3] == "999" and first[3] == " "


def test_check_says_clean(demo, tmp_path):
    result = mdtdesk("check", "--db", demo, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "is clean" in result.stdout


def test_check_finds_damage(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + os.urandom(4000))
    result = mdtdesk("check", "--db", broken, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "damaged" in result.stderr
    _no_traceback(result)


def _csv(path: Path, rows: list[str]) -> Path:
    header = "NHS Number,Surname,Forename,Date of Birth,Postcode,Registered Practice"
    path.write_bytes(("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    return path


def test_import_all_or_nothing_from_the_command_line(demo, tmp_path):
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(demo, db)
    before = json.loads(mdtdesk("cases", "--db", db, "--json", tmp_path=tmp_path).stdout)
    n = nhs(5000)
    spaced = f"{n[:3]} {n[3:6]} {n[6:]}"
    messy = _csv(
        tmp_path / "list.csv",
        [
            f"{spaced},Wójcik,Łukasz,01/02/1940,SK4 2QT,Heaton Moor Medical Centre",
            f"{nhs(5001)},Nguyễn,Hương,1941-03-04,SK1 3XE,Heaton Moor Medical Centre",
            f"{nhs(5002)[:9]}1,Kershaw,Brian,05-Jun-1939,SK7 1PL,Heaton Moor Medical Centre",
        ],
    )
    result = mdtdesk("import", "--db", db, messy, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "Row 4:" in result.stderr and "NHS number" in result.stderr
    assert "Nothing imported" in result.stderr
    _no_traceback(result)
    after = json.loads(mdtdesk("cases", "--db", db, "--json", tmp_path=tmp_path).stdout)
    assert after == before

    fixed = _csv(
        tmp_path / "fixed.csv",
        [
            f"{spaced},Wójcik,Łukasz,01/02/1940,SK4 2QT,Heaton Moor Medical Centre",
            f"{nhs(5001)},Nguyễn,Hương,1941-03-04,SK1 3XE,Heaton Moor Medical Centre",
        ],
    )
    dry = mdtdesk("import", "--db", db, fixed, "--dry-run", tmp_path=tmp_path)
    assert dry.returncode == 0 and "Would import" in dry.stdout and "2 new" in dry.stdout
    done = mdtdesk("import", "--db", db, fixed, tmp_path=tmp_path)
    assert done.returncode == 0 and "2 new" in done.stdout
    again = mdtdesk("import", "--db", db, fixed, tmp_path=tmp_path)
    assert again.returncode == 0 and "0 new" in again.stdout and "2 unchanged" in again.stdout
    cases = json.loads(mdtdesk("cases", "--db", db, "--json", tmp_path=tmp_path).stdout)
    assert sum(c["nhs_number"] == n for c in cases) == 1
    assert any(c["family_name"] == "Nguyễn" and c["given_name"] == "Hương" for c in cases)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cases", "--db", "{tmp}/missing.db"], "There is no database at"),
        (["import", "--db", "{tmp}/missing.db", "{tmp}/x.csv"], "There is no database at"),
        (["cases"], "The following arguments are required: --db"),
        (["frobnicate"], "invalid choice"),
        (["demo", "--db", "{tmp}/d.db", "--patients", "lots"], "invalid int value"),
    ],
)
def test_user_errors_are_one_plain_line(tmp_path, args, message):
    result = mdtdesk(*(a.format(tmp=tmp_path) for a in args), tmp_path=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)


def test_importing_an_empty_or_unreadable_file_is_explained(demo, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = mdtdesk("import", "--db", demo, empty, tmp_path=tmp_path)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)
    result = mdtdesk("import", "--db", demo, tmp_path / "nowhere.csv", tmp_path=tmp_path)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)


def test_a_reader_that_stops_early_is_not_an_error(demo, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME="", XDG_STATE_HOME="")
    result = subprocess.run(
        f"'{sys.executable}' -m mdtdesk cases --db '{demo}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.stdout.startswith("NHS number")
    assert result.stderr == ""


def test_meetings_json_has_the_promised_fields(demo, tmp_path):
    result = mdtdesk("meetings", "--db", demo, "--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    meetings = json.loads(result.stdout)
    assert meetings
    for meeting in meetings:
        assert isinstance(meeting["id"], int)
        assert len(meeting["date"]) == 10 and meeting["date"][4] == "-"
        assert meeting["neighbourhood"]
        assert meeting["status"] in {"draft", "in_progress", "closed"}
        assert isinstance(meeting["items"], int)
    assert {"draft", "closed"} <= {m["status"] for m in meetings}


def test_actions_json_and_its_filters(demo, tmp_path):
    everything = json.loads(mdtdesk("actions", "--db", demo, "--json", tmp_path=tmp_path).stdout)
    opened = json.loads(
        mdtdesk("actions", "--db", demo, "--json", "--open", tmp_path=tmp_path).stdout
    )
    overdue = json.loads(
        mdtdesk("actions", "--db", demo, "--json", "--overdue", tmp_path=tmp_path).stdout
    )
    for action in everything:
        assert len(action["nhs_number"]) == 10 and action["nhs_number"].isdigit()
        assert action["description"] and action["owner"]
        assert len(action["due"]) == 10
        assert action["status"] in {"open", "done", "cancelled"}
    assert {a["status"] for a in opened} == {"open"}
    assert overdue and set(a["id"] for a in overdue) <= set(a["id"] for a in opened)
    today = datetime.date.today().isoformat()
    assert all(a["due"] < today for a in overdue)
    assert len(everything) > len(opened)
