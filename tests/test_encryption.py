"""Encryption at rest: what a finder of the laptop gets, and what the chair meets on a bad day."""

from __future__ import annotations

import datetime as dt

import pytest

from mdtdesk.core import backups, encryption, passphrase, restore
from mdtdesk.core.db import connect, key_opens, open_database, wrap
from mdtdesk.core.errors import DatabaseError, MdtError
from mdtdesk.core.register import save_case_record
from tests.helpers import nhs, record

SECRET = "correct horse battery"
# A name no other row could hold by chance, in the forms SQLite might store it.
NAME = "Quartermaine"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _forget_keys():
    yield
    encryption.forget_all()


def _register_someone(conn) -> None:
    db = wrap(conn)
    save_case_record(db, "chair", record(0, family_name=NAME), TODAY)
    for n in range(1, 30):  # enough pages that the WAL holds more than a header
        save_case_record(db, "chair", record(n), TODAY)


def _secrets_in(data: bytes) -> list[str]:
    number = nhs(0)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    found = []
    for text in (number, spaced, NAME, NAME.upper()):
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
            if encoded in data:
                found.append(text)
    return found


def _encrypted_db(tmp_path):
    path = tmp_path / "mdt.db"
    key = encryption.new_key(path, SECRET)
    conn = connect(path, key=key)
    _register_someone(conn)
    return path, conn


def test_no_file_on_disk_holds_a_name_or_nhs_number_in_the_clear(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 10_000, "the WAL must hold the rows for the test to mean much"
    backup = backups.make_backup(conn, tmp_path / "mdt-2026-11-23T090000Z.db")
    for file in (path, wal, backup):
        assert _secrets_in(file.read_bytes()) == [], file.name
    conn.close()
    # The same scan finds them in an unencrypted database: it is not blind.
    plain = open_database(tmp_path / "plain.db")
    _register_someone(plain.conn)
    seen = (tmp_path / "plain.db").read_bytes() + (tmp_path / "plain.db-wal").read_bytes()
    assert NAME in _secrets_in(seen) and nhs(0) in _secrets_in(seen)


def test_a_wrong_passphrase_says_so_and_the_right_one_opens(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    conn.close()
    encryption.forget_all()
    with pytest.raises(encryption.PassphraseNeeded, match="encrypted"):
        connect(path)
    with pytest.raises(encryption.WrongPassphrase) as wrong:
        encryption.unlock(path, "correct horse batteri", key_opens(path))
    assert str(wrong.value).startswith("Wrong passphrase")
    assert "damaged" not in str(wrong.value) and "corrupt" not in str(wrong.value)
    encryption.unlock(path, SECRET, key_opens(path))
    assert connect(path).execute("SELECT count(*) FROM people").fetchone()[0] == 30


def test_a_damaged_encrypted_file_is_not_called_a_wrong_passphrase(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    encryption.forget_all()
    data = bytearray(path.read_bytes())
    data[100:200] = bytes(100)  # inside page 1, after the salt
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError) as error:
        encryption.unlock(path, SECRET, key_opens(path))
    assert not isinstance(error.value, encryption.WrongPassphrase)
    assert "damaged" in str(error.value)


def test_a_lost_key_file_is_found_again_from_a_backup_and_rewritten(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    (tmp_path / "backups").mkdir()
    backups.make_backup(conn, tmp_path / "backups" / "mdt-2026-11-20T090000Z.db")
    conn.close()
    encryption.forget_all()
    encryption.key_file_path(path).unlink()
    assert encryption.is_encrypted(path)  # known by its backup's key file, of the same salt
    encryption.unlock(path, SECRET, key_opens(path))
    assert encryption.key_file_path(path).exists()
    assert connect(path).execute("SELECT count(*) FROM people").fetchone()[0] == 30


def test_with_no_key_file_anywhere_the_file_cannot_be_told_from_a_damaged_one(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    conn.close()
    encryption.forget_all()
    encryption.key_file_path(path).unlink()
    assert not encryption.is_encrypted(path)
    with pytest.raises(DatabaseError, match="damaged"):
        connect(path)


def test_random_bytes_are_damaged_not_encrypted(tmp_path):
    path = tmp_path / "mdt.db"
    path.write_bytes(bytes(range(256)) * 64)
    assert not encryption.is_encrypted(path)
    with pytest.raises(DatabaseError, match="damaged"):
        connect(path, create=False)


def test_changing_the_passphrase_keeps_old_backups_on_the_old_one(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    old_backup = backups.make_backup(conn, folder / "mdt-2026-11-20T090000Z.db")
    conn.close()
    passphrase.change_passphrase(path, SECRET, "a different long phrase")
    encryption.forget_all()
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(path, SECRET, key_opens(path))
    encryption.unlock(path, "a different long phrase", key_opens(path))
    assert connect(path).execute("SELECT count(*) FROM people").fetchone()[0] == 30
    encryption.forget_all()
    # The backup's own key file still checks the passphrase it was made with.
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(old_backup, "a different long phrase", key_opens(old_backup))
    encryption.unlock(old_backup, SECRET, key_opens(old_backup))


def test_a_wrong_current_passphrase_changes_nothing(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    conn.close()
    before = path.read_bytes()
    with pytest.raises(encryption.WrongPassphrase):
        passphrase.change_passphrase(path, "not the passphrase", "a different long phrase")
    assert path.read_bytes() == before


def test_encrypting_an_old_database_encrypts_its_backups_and_keeps_every_row(tmp_path):
    path = tmp_path / "mdt.db"
    db = open_database(path)
    _register_someone(db.conn)
    folder = tmp_path / "backups"
    folder.mkdir()
    backups.make_backup(db.conn, folder / "mdt-2026-11-20T090000Z.db")
    db.conn.close()
    done = passphrase.encrypt_database(path, SECRET)
    assert [p.name for p in done] == ["mdt-2026-11-20T090000Z.db"]
    for file in [path, *folder.iterdir()]:
        if file.suffix == ".db":
            assert _secrets_in(file.read_bytes()) == [], file.name
    encryption.forget_all()
    encryption.unlock(path, SECRET, key_opens(path))
    conn = connect(path)
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 30
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_encrypting_and_changing_the_passphrase_keep_the_files_permissions(tmp_path):
    """IT may make the database readable by its owner only: the rewritten file stays so."""
    path = tmp_path / "mdt.db"
    db = open_database(path)
    _register_someone(db.conn)
    db.conn.close()
    path.chmod(0o600)
    passphrase.encrypt_database(path, SECRET)
    assert path.stat().st_mode & 0o777 == 0o600
    passphrase.change_passphrase(path, SECRET, "another good passphrase")
    assert path.stat().st_mode & 0o777 == 0o600


def test_encrypting_refuses_while_the_database_is_open_and_changes_nothing(tmp_path):
    path = tmp_path / "mdt.db"
    db = open_database(path)
    _register_someone(db.conn)
    db.conn.execute("BEGIN")
    db.conn.execute("SELECT count(*) FROM people").fetchone()  # a reader holds it
    with pytest.raises(MdtError, match="open in mdtdesk or another program"):
        passphrase.encrypt_database(path, SECRET)
    db.conn.execute("COMMIT")
    assert not encryption.is_encrypted(path)
    assert not encryption.key_file_path(path).exists()
    assert db.conn.execute("SELECT count(*) FROM people").fetchone()[0] == 30


def test_a_short_passphrase_is_refused_in_plain_words(tmp_path):
    with pytest.raises(MdtError, match="at least 10 characters"):
        encryption.new_key(tmp_path / "mdt.db", "short")
    assert not encryption.key_file_path(tmp_path / "mdt.db").exists()


def test_the_file_is_sqlcipher_4_with_hmac_sha256_and_16_kib_pages_as_the_readme_tells_it(
    tmp_path,
):
    """Another tool (IT's, years from now) opens the file with the key and these two settings,
    both also written in the key file."""
    import json
    import subprocess
    import sys

    path, conn = _encrypted_db(tmp_path)
    conn.close()
    key = encryption.key_for(path).pragma()
    script = (
        "import sqlcipher3.dbapi2 as d, sys\n"
        "c = d.connect(sys.argv[1])\n"
        "c.execute(sys.argv[2])\n"
        "c.execute('PRAGMA cipher_hmac_algorithm = HMAC_SHA256')\n"
        "c.execute('PRAGMA cipher_page_size = 16384')\n"
        "print(c.execute('SELECT count(*) FROM people').fetchone()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), key], capture_output=True, text=True
    )
    assert done.stdout.strip() == "30", done.stderr
    (entry,) = json.loads(encryption.key_file_path(path).read_text())["keys"]
    assert entry["page_size"] == 16384


def test_a_file_encrypted_with_4_kib_pages_before_the_key_file_recorded_them_still_opens(
    tmp_path,
):
    """Files encrypted before mdtdesk chose 16 KiB pages have 4 KiB ones, and key files that do
    not say so: they open with their passphrase, and a passphrase change moves them on."""
    import json

    path = tmp_path / "mdt.db"
    key = encryption.derive(SECRET, b"s" * 16, page_size=4096)
    encryption.write_key_file(path, key, encryption.KdfSettings())
    conn = connect(path, key=key)
    _register_someone(conn)
    assert int(conn.execute("PRAGMA page_size").fetchone()[0]) == 4096
    conn.close()
    key_file = encryption.key_file_path(path)
    content = json.loads(key_file.read_text())
    del content["keys"][0]["page_size"]  # as key files were written then
    key_file.write_text(json.dumps(content))
    encryption.forget_all()

    encryption.unlock(path, SECRET, key_opens(path))
    conn = connect(path, create=False)
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 30
    conn.close()
    passphrase.change_passphrase(path, SECRET, "a new passphrase here")
    encryption.forget_all()
    encryption.unlock(path, "a new passphrase here", key_opens(path))
    conn = connect(path, create=False)
    assert int(conn.execute("PRAGMA page_size").fetchone()[0]) == 16384
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 30
    conn.close()


def _with_backup(tmp_path):
    path, conn = _encrypted_db(tmp_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    backup = backups.make_backup(conn, folder / "mdt-2026-11-20T090000Z.db")
    conn.close()
    return path, backup


def test_a_backup_from_before_a_passphrase_change_restores_with_its_own_passphrase(tmp_path):
    path, old_backup = _with_backup(tmp_path)
    passphrase.change_passphrase(path, SECRET, "a different long phrase")
    encryption.forget_all()  # the next day: the chair opens with the new passphrase
    encryption.unlock(path, "a different long phrase", key_opens(path))
    # A new salt: the old backup is asked for its own passphrase, not tried with the new key.
    assert not encryption.is_unlocked(old_backup)
    assert backups.newest_good(path) is None  # unreadable with the new key, and said so
    encryption.unlock(old_backup, SECRET, key_opens(old_backup))
    # Unlocking the backup did not take the database's key away.
    assert connect(path).execute("SELECT count(*) FROM people").fetchone()[0] == 30
    assert backups.newest_good(path).path == old_backup
    restore.restore(path, old_backup)
    encryption.forget_all()
    encryption.unlock(path, SECRET, key_opens(path))
    assert connect(path).execute("SELECT count(*) FROM people").fetchone()[0] == 30


@pytest.mark.parametrize("stop", ["before the file is replaced", "before the key file is final"])
def test_a_passphrase_change_cut_short_leaves_a_file_its_passphrase_opens(
    tmp_path, monkeypatch, stop
):
    path, conn = _encrypted_db(tmp_path)
    conn.close()
    writes = []
    real_write = encryption.write_key_file

    def cut(*args, **kwargs):
        writes.append(args)
        if stop == "before the key file is final" and len(writes) == 2:
            raise KeyboardInterrupt  # the process dies here
        return real_write(*args, **kwargs)

    def no_rewrite(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(encryption, "write_key_file", cut)
    if stop == "before the file is replaced":
        monkeypatch.setattr(passphrase, "_rewrite", no_rewrite)
    with pytest.raises(KeyboardInterrupt):
        passphrase.change_passphrase(path, SECRET, "a different long phrase")
    monkeypatch.undo()
    encryption.forget_all()
    right = SECRET if stop == "before the file is replaced" else "a different long phrase"
    wrong = "a different long phrase" if right == SECRET else SECRET
    with pytest.raises(encryption.WrongPassphrase):  # called wrong, never "damaged"
        encryption.unlock(path, wrong, key_opens(path))
    encryption.unlock(path, right, key_opens(path))
    assert connect(path).execute("SELECT count(*) FROM people").fetchone()[0] == 30


def test_encrypting_reaches_files_set_aside_by_a_restore_and_a_second_run_finishes(
    tmp_path, monkeypatch
):
    path = tmp_path / "mdt.db"
    db = open_database(path)
    _register_someone(db.conn)
    (tmp_path / "backups").mkdir()
    first = backups.make_backup(db.conn, tmp_path / "backups" / "mdt-2026-11-20T090000Z.db")
    second = backups.make_backup(db.conn, tmp_path / "backups" / "mdt-2026-11-21T090000Z.db")
    db.conn.close()
    aside = restore.restore(path, first)  # the current file set aside, in the clear
    real_rewrite = passphrase._rewrite

    def full_disk_for_one(target, *args):
        if target == second:
            raise OSError(28, "No space left on device")
        return real_rewrite(target, *args)

    monkeypatch.setattr(passphrase, "_rewrite", full_disk_for_one)
    with pytest.raises(MdtError, match="run the same again") as error:
        passphrase.encrypt_database(path, SECRET)
    assert second.name in str(error.value)
    assert encryption.is_encrypted(path) and encryption.is_encrypted(aside)
    assert _secrets_in(aside.read_bytes()) == []
    assert not encryption.is_encrypted(second)
    monkeypatch.undo()
    assert passphrase.encrypt_database(path, SECRET) == [second]
    assert _secrets_in(second.read_bytes()) == []


def test_a_plain_backup_is_not_restored_over_an_encrypted_database(tmp_path):
    plain = open_database(tmp_path / "old.db")
    _register_someone(plain.conn)
    old = backups.make_backup(plain.conn, tmp_path / "old-copy.db")
    plain.conn.close()
    path, conn = _encrypted_db(tmp_path)
    conn.close()
    before = path.read_bytes()
    with pytest.raises(MdtError, match="not encrypted, and the database is"):
        restore.restore(path, old)
    assert path.read_bytes() == before
