"""Encryption at rest: the passphrase, the key derived from it, and the key file.

An encrypted database is a SQLCipher file keyed with a raw 256-bit key, derived from the
passphrase with Argon2id. The salt is the 16 random bytes SQLCipher keeps at the very start of
the file, so a database, and every backup copied from it, carries its own salt: the passphrase
alone opens it.

Beside the database, and beside each backup, a small key file (``mdtdesk.db.key``) keeps a
copy of the salt, the Argon2id settings and a key check, a keyed hash of a fixed text. It says
that the file is encrypted (without it, a file that does not start as SQLite does is taken for
damaged, which a broken header or random bytes are), and the check tells a wrong passphrase from
a damaged file. It holds nothing secret. A backup's key file checks the passphrase the backup
was made with, which stays right after the database's passphrase changes.

Unlocked keys stay in this process's memory, filed by salt, so every later connection (the
autosave writer, a backup, an export) finds its key without asking again; they are never written
anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from mdtdesk.core.durable import fsync_file, fsync_folder
from mdtdesk.core.errors import DatabaseError, MdtError

SALT_BYTES = 16
KEY_BYTES = 32
KEY_FILE_SUFFIX = ".key"
MIN_PASSPHRASE_LENGTH = 10
# An encrypted file's pages are 16 KiB, not SQLite's 4 KiB: SQLCipher reads, authenticates and
# decrypts a page at a time, and the full check of a backup of the 50,000-person register takes
# two thirds of the time with a quarter as many pages (1.3 s, not 1.95 s), while a page of the
# case list reads no slower. Not kept in the file (an encrypted header says nothing), so the
# key file records it; entries written before it was recorded mean SQLite's 4 KiB.
PAGE_SIZE = 16384
_PAGE_SIZE_BEFORE_RECORDED = 4096
# Every SQLite file starts with these 16 bytes; an SQLCipher file starts with its salt instead.
_SQLITE_HEADER = b"SQLite format 3\x00"
_CHECK_TEXT = b"mdtdesk key check"
_FORMAT = "mdtdesk key file"

# Unlocked keys by salt: a database and its backups share a salt, so share a key.
_unlocked: dict[bytes, Key] = {}


class WrongPassphrase(MdtError):
    """The passphrase does not open the database."""


class PassphraseNeeded(DatabaseError):
    """The database is encrypted and this process has not been given its passphrase."""


@dataclass(frozen=True)
class KdfSettings:
    """Argon2id's costs: RFC 9106's second recommended setting (64 MiB, 3 passes, 4 lanes),
    about a fifth of a second on a hub laptop: slow for a guesser, quick for the chair."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True)
class Key:
    """A derived key, the salt it was derived with and the page size of the files it opens."""

    raw: bytes
    salt: bytes
    page_size: int = PAGE_SIZE

    def pragma(self) -> str:
        """The ``PRAGMA key`` statement that opens (or creates) a file with this key and salt.

        A raw key skips SQLCipher's own PBKDF2, so each new connection opens at once."""
        return f"PRAGMA key = \"x'{self.raw.hex()}{self.salt.hex()}'\""

    def page_size_pragma(self, schema: str = "main") -> str:
        """The statement that follows ``pragma()`` (or an ATTACH with the key) before the
        first read: SQLCipher cannot read the page size from an encrypted file."""
        return f"PRAGMA {schema}.cipher_page_size = {self.page_size}"


def file_salt(path: str | Path) -> bytes | None:
    """The first 16 bytes of a file that does not start as SQLite does: the salt, if it is
    encrypted. None for a plain SQLite file, an empty or missing one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SALT_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DatabaseError(
            f"{Path(path).name} could not be read ({error.strerror}). Check the drive it is on."
        ) from error
    if len(head) < SALT_BYTES or head == _SQLITE_HEADER:
        return None
    return head


def _encrypted_salt(path: str | Path) -> bytes | None:
    salt = file_salt(path)
    if salt is None or salt in _unlocked or _read_key_file(path, salt) is not None:
        return salt
    return salt if _sibling_key_file(Path(path), salt) is not None else None


def _sibling_key_file(path: Path, salt: bytes) -> Path | None:
    """A key file of the same salt near ``path`` (a backup's, beside it or in the backups
    folder): a database whose own key file was lost, or copied without it, is still known."""
    for folder in (path.parent, path.parent / "backups"):
        try:
            candidates = sorted(folder.glob(f"*{KEY_FILE_SUFFIX}"))
        except OSError:
            continue
        for candidate in candidates:
            database = candidate.with_name(candidate.name[: -len(KEY_FILE_SUFFIX)])
            if _read_key_file(database, salt) is not None:
                return candidate
    return None


def is_encrypted(path: str | Path) -> bool:
    """Whether the file at ``path`` is an encrypted database: its salt has a key file beside it,
    or a key unlocked in this process. Other files that are not SQLite are damaged."""
    return _encrypted_salt(path) is not None


def key_for(path: str | Path) -> Key | None:
    """The unlocked key for the encrypted file at ``path``; None for a plain (or damaged) one.

    Raises PassphraseNeeded when the file is encrypted and its passphrase has not been given."""
    salt = _encrypted_salt(path)
    if salt is None:
        return None
    key = _unlocked.get(salt)
    if key is None:
        raise PassphraseNeeded(f"{Path(path).name} is encrypted. Enter its passphrase to open it.")
    return key


def is_unlocked(path: str | Path) -> bool:
    """Whether ``path`` opens now without a passphrase: plain, or already unlocked."""
    salt = _encrypted_salt(path)
    return salt is None or salt in _unlocked


def derive(
    passphrase: str,
    salt: bytes,
    settings: KdfSettings | None = None,
    page_size: int = PAGE_SIZE,
) -> Key:
    """The key for ``passphrase`` with ``salt``, by Argon2id, for files of ``page_size``."""
    settings = settings or KdfSettings()
    raw = hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=settings.time_cost,
        memory_cost=settings.memory_kib,
        parallelism=settings.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return Key(raw, salt, page_size)


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> None:
    """Refuse a passphrase too short to protect the file, or one typed differently twice."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        raise MdtError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters. Three random "
            "words that you will remember work well."
        )
    if repeated is not None and passphrase != repeated:
        raise MdtError("The two passphrases are not the same. Type them again.")


def new_key(db_path: str | Path, passphrase: str, salt: bytes | None = None) -> Key:
    """Derive the key for a database about to be written with ``passphrase``, write its key
    file and keep the key unlocked. A new salt is drawn unless ``salt`` is given (a changed
    passphrase keeps its file's salt)."""
    check_new_passphrase(passphrase)
    settings = KdfSettings()
    key = derive(passphrase, salt or secrets.token_bytes(SALT_BYTES), settings)
    write_key_file(db_path, key, settings)
    remember(key)
    return key


def unlock(db_path: str | Path, passphrase: str, opens=None) -> Key:
    """Check ``passphrase`` against the encrypted database at ``db_path`` and keep its key.

    ``opens(key) -> bool`` says whether the file reads with a key (``db.key_opens``): the key
    check alone is not trusted, since a passphrase change cut short can leave the key file one
    step behind the database. Raises WrongPassphrase, or DatabaseError when the passphrase is
    right but the file cannot be read.
    """
    salt = _encrypted_salt(db_path)
    if salt is None:
        raise MdtError(f"{Path(db_path).name} is not encrypted; it needs no passphrase.")
    stored = _read_key_file(db_path, salt)
    settings = KdfSettings(**stored["settings"]) if stored else KdfSettings()
    key = derive(passphrase, salt, settings, stored["page_size"] if stored else PAGE_SIZE)
    checked = stored is not None and hmac.compare_digest(_check(key), stored["check"])
    if opens is None or opens(key):
        if not checked:
            write_key_file(db_path, key, settings)
        remember(key)
        return key
    if checked:
        raise DatabaseError(
            f"The passphrase is right, but {Path(db_path).name} cannot be read: it is damaged. "
            "Restore the newest backup."
        )
    if stored is None:
        raise WrongPassphrase(
            "Wrong passphrase, or the file is damaged (its key file is missing, so mdtdesk "
            "cannot tell which). Check the passphrase and try again."
        )
    raise WrongPassphrase("Wrong passphrase. Check it (and Caps Lock) and try again.")


def passphrase_matches(db_path: str | Path, passphrase: str) -> bool:
    """Whether ``passphrase`` gives the key already unlocked for ``db_path`` (for the idle
    lock, which must not reopen anything). False for a plain file."""
    salt = file_salt(db_path)
    if salt is None or salt not in _unlocked:
        return False
    stored = _read_key_file(db_path, salt)
    settings = KdfSettings(**stored["settings"]) if stored else KdfSettings()
    return hmac.compare_digest(derive(passphrase, salt, settings).raw, _unlocked[salt].raw)


def remember(key: Key) -> None:
    """Keep ``key`` unlocked for this process."""
    _unlocked[key.salt] = key


def forget_all() -> None:
    """Drop every unlocked key (tests; a process that should ask again)."""
    _unlocked.clear()


def key_file_path(db_path: str | Path) -> Path:
    """Where the key file of the database at ``db_path`` lives: beside it, ``.key`` added."""
    path = Path(db_path)
    return path.with_name(path.name + KEY_FILE_SUFFIX)


def write_key_file(
    db_path: str | Path, key: Key, settings: KdfSettings, also: Key | None = None
) -> Path:
    """Write the key file (salt, settings, key check) whole: a temporary file, flushed, then
    renamed, so a crash leaves the old one or the new one.

    ``also`` keeps a second entry, for the file's other key while a passphrase change replaces
    the file: whichever file a crash leaves in place, its key file has its entry."""
    entries = [_entry(key, settings)]
    if also is not None:
        stored = _read_key_file(db_path, also.salt)
        entries.append(_entry(also, KdfSettings(**stored["settings"]) if stored else settings))
    content = {"format": _FORMAT, "version": 2, "keys": entries}
    return _write_whole(key_file_path(db_path), json.dumps(content, indent=2) + "\n")


def _entry(key: Key, settings: KdfSettings) -> dict:
    return {
        "kdf": "argon2id",
        "settings": asdict(settings),
        "salt": key.salt.hex(),
        "check": _check(key).hex(),
        "page_size": key.page_size,
    }


def _write_whole(target: Path, text: str) -> Path:
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        fsync_file(temp)
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise DatabaseError(
            f"Could not write the key file {target.name} ({error.strerror}). Check that the "
            "folder is writable and the disk is not full."
        ) from error
    fsync_folder(target.parent)
    return target


def copy_key_file(db_path: str | Path, copy_path: str | Path) -> Path | None:
    """Give a copy of an encrypted database (a backup, a restored file) the key file of the
    file it was copied from. None when that file has no key file (it is not encrypted)."""
    salt = file_salt(db_path)
    stored = _read_key_file(db_path, salt) if salt else None
    if stored is None:
        return None
    content = key_file_path(db_path).read_text(encoding="utf-8")
    return _write_whole(key_file_path(copy_path), content)


def _read_key_file(db_path: str | Path, salt: bytes) -> dict | None:
    """The key file's settings and check for ``salt``, when the file exists, is whole and has
    an entry for that salt."""
    try:
        content = json.loads(key_file_path(db_path).read_text(encoding="utf-8"))
        if content.get("format") != _FORMAT:
            return None
        for entry in content["keys"]:
            if bytes.fromhex(entry["salt"]) == salt:
                settings = {k: int(v) for k, v in entry["settings"].items()}
                KdfSettings(**settings)
                return {
                    "settings": settings,
                    "check": bytes.fromhex(entry["check"]),
                    "page_size": int(entry.get("page_size", _PAGE_SIZE_BEFORE_RECORDED)),
                }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return None


def _check(key: Key) -> bytes:
    return hmac.new(key.raw, _CHECK_TEXT, hashlib.sha256).digest()
