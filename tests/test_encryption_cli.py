"""The command line with an encrypted database: the passphrase from MDTDESK_PASSPHRASE or the
terminal, never an argument; plain one-line refusals; SQLCipher's own lines never shown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from mdtdesk.core import encryption, writer_lock
from tests.test_cli import ROOT

SECRET = "correct horse battery"


def run(*args, tmp_path, secret=None, new_secret=None):
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME="", XDG_STATE_HOME="")
    env.pop("MDTDESK_PASSPHRASE", None)
    if secret is not None:
        env["MDTDESK_PASSPHRASE"] = secret
    if new_secret is not None:
        env["MDTDESK_NEW_PASSPHRASE"] = new_secret
    return subprocess.run(
        [sys.executable, "-m", "mdtdesk", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,  # no terminal: the passphrase cannot be asked for
        timeout=120,
    )


def one_plain_line(result) -> str:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    path = home / "enc.db"
    made = run("demo", "--db", path, "--patients", "20", tmp_path=home, secret=SECRET)
    assert made.returncode == 0, made.stderr
    assert "(encrypted)" in made.stdout
    return path, home


def test_demo_with_a_passphrase_is_encrypted_and_without_one_is_not(encrypted, tmp_path):
    path, _ = encrypted
    assert encryption.is_encrypted(path)
    plain = run("demo", "--db", tmp_path / "plain.db", "--patients", "5", tmp_path=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert not encryption.is_encrypted(tmp_path / "plain.db")


def test_the_passphrase_comes_from_the_environment(encrypted):
    path, home = encrypted
    listed = run("cases", "--db", path, tmp_path=home, secret=SECRET)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) > 20


def test_with_no_passphrase_and_no_terminal_it_says_what_to_do(encrypted):
    path, home = encrypted
    line = one_plain_line(run("cases", "--db", path, tmp_path=home))
    assert "MDTDESK_PASSPHRASE" in line


def test_a_wrong_passphrase_is_one_plain_line_without_sqlciphers_own(encrypted):
    path, home = encrypted
    result = run("cases", "--db", path, tmp_path=home, secret="not the passphrase")
    line = one_plain_line(result)
    assert line.startswith("Wrong passphrase")
    assert "hmac" not in result.stderr.lower() and "sqlcipher" not in result.stderr.lower()


def test_a_passphrase_is_never_taken_from_an_argument(tmp_path):
    result = run("encrypt", "--db", tmp_path / "x.db", "--passphrase", SECRET, tmp_path=tmp_path)
    line = one_plain_line(result)
    assert "unrecognized arguments" in line or "--passphrase" in line


def test_encrypt_then_change_the_passphrase(tmp_path):
    path = tmp_path / "mdt.db"
    assert run("demo", "--db", path, "--patients", "5", tmp_path=tmp_path).returncode == 0
    done = run("encrypt", "--db", path, tmp_path=tmp_path, secret=SECRET)
    assert done.returncode == 0, done.stderr
    assert "Encrypted" in done.stdout and encryption.is_encrypted(path)
    changed = run(
        "passphrase", "--db", path, tmp_path=tmp_path, secret=SECRET, new_secret="new long phrase"
    )
    assert changed.returncode == 0, changed.stderr
    assert "old one" in changed.stdout
    assert one_plain_line(run("check", "--db", path, tmp_path=tmp_path, secret=SECRET))
    ok = run("check", "--db", path, tmp_path=tmp_path, secret="new long phrase")
    assert ok.returncode == 0, ok.stderr


def test_restoring_a_backup_from_before_a_passphrase_change_asks_for_its_own(tmp_path):
    path = tmp_path / "mdt.db"
    assert (
        run("demo", "--db", path, "--patients", "5", tmp_path=tmp_path, secret=SECRET).returncode
        == 0
    )
    old = tmp_path / "old.db"
    assert (
        run("backup", "--db", path, "--out", old, tmp_path=tmp_path, secret=SECRET).returncode == 0
    )
    new = "new long phrase"
    assert (
        run("passphrase", "--db", path, tmp_path=tmp_path, secret=SECRET, new_secret=new).returncode
        == 0
    )
    before = path.read_bytes()

    refused = one_plain_line(
        run("restore", "--db", path, "--from", old, tmp_path=tmp_path, secret=new)
    )
    assert refused.startswith("Wrong passphrase for the backup old.db")
    assert "when the backup was made" in refused
    assert path.read_bytes() == before
    done = run("restore", "--db", path, "--from", old, tmp_path=tmp_path, secret=SECRET)
    assert done.returncode == 0, done.stderr
    assert run("check", "--db", path, tmp_path=tmp_path, secret=SECRET).returncode == 0


def test_a_write_while_another_mdtdesk_has_the_database_is_refused(tmp_path):
    path = tmp_path / "mdt.db"
    assert run("demo", "--db", path, "--patients", "5", tmp_path=tmp_path).returncode == 0
    csv = tmp_path / "cases.csv"
    csv.write_text("nhs_number\n", encoding="utf-8")
    before = path.read_bytes()
    with writer_lock.acquire(path):
        line = one_plain_line(run("import", "--db", path, csv, tmp_path=tmp_path))
        # Reading is not writing: the list still works beside the open window.
        assert run("cases", "--db", path, tmp_path=tmp_path).returncode == 0
    assert "already open" in line and "Nothing was changed" in line
    assert path.read_bytes() == before
