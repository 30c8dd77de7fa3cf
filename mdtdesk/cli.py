"""The command line. Imports no Qt unless it opens the window, so exports and checks start fast.

Every user error is one plain line on stderr and exit status 1; tracebacks go to the log file.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from mdtdesk import __version__
from mdtdesk.core.errors import MdtError

log = logging.getLogger("mdtdesk.cli")


class UsageError(MdtError):
    """The command line was wrong."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake as one plain line, like every other user error."""

    def error(self, message: str) -> None:
        raise UsageError(f"{message[0].upper()}{message[1:]}. See: {self.prog} --help")


def _db_option(parser: argparse.ArgumentParser, required: bool = False) -> None:
    # SUPPRESS keeps a sub-command from resetting a --db given before it.
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        required=required,
        default=argparse.SUPPRESS,
        help="the database file (default: mdtdesk.db in your data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command, with its help text."""
    parser = _Parser(
        prog="mdtdesk",
        description="Run neighbourhood MDT meetings. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"mdtdesk {__version__}")
    _db_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="make a database of synthetic demo data")
    _db_option(demo, required=True)
    demo.add_argument("--patients", type=int, default=300, help="how many people (default 300)")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    demo.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt it (passphrase from MDTDESK_PASSPHRASE, else asked); also when that is set",
    )

    imp = commands.add_parser("import", help="import a case list exported as CSV or XLSX")
    _db_option(imp, required=True)
    imp.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx file")
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would change and write nothing"
    )

    cases = commands.add_parser("cases", help="list the cases on the register")
    _db_option(cases, required=True)
    cases.add_argument("--json", action="store_true", help="print a JSON array")

    check = commands.add_parser("check", help="check the database file for damage")
    _db_option(check, required=True)

    meetings = commands.add_parser("meetings", help="list the meetings, newest first")
    _db_option(meetings, required=True)
    meetings.add_argument("--json", action="store_true", help="print a JSON array")

    acts = commands.add_parser("actions", help="list care-plan actions, soonest due first")
    _db_option(acts, required=True)
    acts.add_argument("--json", action="store_true", help="print a JSON array")
    acts.add_argument("--open", action="store_true", help="only actions still open")
    acts.add_argument(
        "--overdue", action="store_true", help="only open actions past their due date"
    )
    _export_commands(commands)
    _encryption_commands(commands)
    _backup_commands(commands)
    return parser


def _backup_commands(commands) -> None:
    backup = commands.add_parser("backup", help="make a checked copy of the database")
    _db_option(backup, required=True)
    backup.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="file to write (default: a new file in the backups folder beside the database)",
    )
    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the current file is kept)"
    )
    _db_option(restore, required=True)
    restore.add_argument(
        "--from", dest="source", required=True, type=Path, metavar="FILE", help="the backup"
    )


def _encryption_commands(commands) -> None:
    encrypt = commands.add_parser(
        "encrypt", help="encrypt an unencrypted database and its backups with a passphrase"
    )
    _db_option(encrypt, required=True)
    change = commands.add_parser("passphrase", help="change the passphrase of a database")
    _db_option(change, required=True)


def _export_commands(commands) -> None:
    exp = commands.add_parser("export", help="write minutes, an agenda or a care plan to a file")
    documents = exp.add_subparsers(
        dest="document", metavar="DOCUMENT", parser_class=_Parser, required=True
    )
    helps = {
        "minutes": "a meeting's minutes, full or redacted",
        "agenda": "a meeting's agenda with start times",
        "careplan": "a person's care plan, written for them",
    }
    for name, text in helps.items():
        sub = documents.add_parser(name, help=text)
        _db_option(sub, required=True)
        if name == "careplan":
            sub.add_argument("--nhs-number", required=True, metavar="N", help="the person")
            sub.add_argument(
                "--large-print", action="store_true", help="body text of 16 pt or more"
            )
        else:
            sub.add_argument(
                "--meeting", required=True, type=int, metavar="ID", help="see: meetings"
            )
        if name == "minutes":
            sub.add_argument(
                "--redacted",
                action="store_true",
                help="for wider circulation: initials and NHS …567 only, identifiers removed",
            )
        sub.add_argument("--format", required=True, choices=["pdf", "docx"])
        sub.add_argument("--out", required=True, type=Path, metavar="FILE", help="file to write")


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit status."""
    from mdtdesk.logs import setup_logging

    log_file = setup_logging()
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _open_window(getattr(args, "db", None))
        if args.command not in WRITES:
            _unlock(getattr(args, "db", None))
            _refuse_if_damaged(getattr(args, "db", None))
            return COMMANDS[args.command](args)
        with _writing(getattr(args, "db", None)):
            if args.command not in ("demo", "encrypt", "passphrase", "restore"):
                _unlock(getattr(args, "db", None))
            if args.command not in ("demo", "restore"):
                _refuse_if_damaged(getattr(args, "db", None))
            return COMMANDS[args.command](args)
    except MdtError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`mdtdesk cases | head`): not an error. Point stdout at nothing
        # so Python's own flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        log.exception("unexpected error in the command line")
        where = f" Details are in {log_file}." if log_file else ""
        print(f"mdtdesk met an unexpected problem and stopped.{where}", file=sys.stderr)
        return 1


QT_PACKAGES = (
    "libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 "
    "libxcb-cursor0"
)


def _open_window(db_path: Path | None) -> int:
    no_display = not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display and not os.environ.get("QT_QPA_PLATFORM"):
        raise MdtError(
            "mdtdesk needs a desktop session to open its window, and none was found. The other "
            "commands work without one: see mdtdesk --help."
        )
    try:
        from mdtdesk.gui.app import run
    except ImportError as exc:
        log.exception("cannot load Qt")
        raise MdtError(
            "The window cannot start because Qt's system libraries are missing. On Debian or "
            f"Ubuntu install them with: sudo apt install {QT_PACKAGES}"
        ) from exc
    return run(db_path)


def _demo(args: argparse.Namespace) -> int:
    from mdtdesk.core.demo import build_demo

    secret = None
    if args.encrypt or os.environ.get(PASSPHRASE_VARIABLE):
        from mdtdesk.core.encryption import check_new_passphrase

        secret = _passphrase("Passphrase for the new database: ", new=True)
        check_new_passphrase(secret)
    summary = build_demo(args.db, patients=args.patients, seed=args.seed)
    if secret is not None:
        from mdtdesk.core.passphrase import encrypt_database

        encrypt_database(args.db, secret)
    print(
        f"Made {args.db}{' (encrypted)' if secret else ''}: {summary.people:,} people, "
        f"{summary.cases:,} cases, {summary.members:,} members, {summary.meetings:,} meetings, "
        f"{summary.actions:,} actions."
    )
    return 0


# -- passphrases -------------------------------------------------------------------------------

PASSPHRASE_VARIABLE = "MDTDESK_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "MDTDESK_NEW_PASSPHRASE"


def _passphrase(prompt: str, new: bool = False, variable: str = PASSPHRASE_VARIABLE) -> str:
    """A passphrase from the environment, else typed at the terminal (twice when ``new``).
    Never from an argument: arguments show in the process list and the shell's history."""
    given = os.environ.get(variable)
    if given:
        return given
    if not sys.stdin.isatty():
        raise MdtError(
            f"A passphrase is needed. Set {variable}, or run the command in a terminal to type it."
        )
    import getpass

    secret = getpass.getpass(prompt)
    if new:
        from mdtdesk.core.encryption import check_new_passphrase

        check_new_passphrase(secret, getpass.getpass("The same again: "))
    return secret


# Commands that write to the database (an export writes its audit row): one mdtdesk at a time.
WRITES = {"demo", "import", "encrypt", "passphrase", "restore", "export"}


def _writing(path: Path | None):
    """The writer lock on the database, refused in plain words when another mdtdesk has it open
    or the file or its folder cannot be written."""
    from mdtdesk.core import writer_lock
    from mdtdesk.core.db import default_database_path
    from mdtdesk.core.file_access import write_problem

    path = Path(path) if path is not None else default_database_path()
    problem = write_problem(path)
    if problem:
        raise MdtError(problem)
    return writer_lock.acquire(path)


def _unlock(path: Path | None) -> None:
    """Ask for the passphrase of an encrypted database the command is about to open."""
    from mdtdesk.core import encryption
    from mdtdesk.core.db import default_database_path, key_opens

    path = Path(path) if path is not None else default_database_path()
    if encryption.is_unlocked(path):
        return
    secret = _passphrase(f"Passphrase for {path.name}: ")
    encryption.unlock(path, secret, key_opens(path))


def _encrypt(args: argparse.Namespace) -> int:
    from mdtdesk.core.passphrase import encrypt_database

    if not args.db.is_file():
        raise MdtError(f"There is no database at {args.db}. Check the path.")
    from mdtdesk.core.encryption import is_encrypted

    if is_encrypted(args.db):  # a second run finishes the copies a first one left plain
        secret = _passphrase(f"Passphrase for {args.db.name}: ")
        finished = encrypt_database(args.db, secret)
        print(f"{args.db} was already encrypted; copies encrypted now: {len(finished)}.")
        return 0
    secret = _passphrase(f"New passphrase for {args.db.name}: ", new=True)
    encrypted = encrypt_database(args.db, secret)
    copies = f" and {len(encrypted)} of its copies" if encrypted else ""
    print(f"Encrypted {args.db}{copies}. Keep the passphrase safe: without it nothing opens.")
    return 0


def _change_passphrase(args: argparse.Namespace) -> int:
    from mdtdesk.core.passphrase import change_passphrase

    if not args.db.is_file():
        raise MdtError(f"There is no database at {args.db}. Check the path.")
    old = _passphrase(f"Current passphrase for {args.db.name}: ")
    new = _passphrase("New passphrase: ", new=True, variable=NEW_PASSPHRASE_VARIABLE)
    change_passphrase(args.db, old, new)
    print(
        f"Changed the passphrase of {args.db}. Backups made before now still open with the old one."
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from mdtdesk.core.audit import default_actor
    from mdtdesk.core.case_import import apply_import, plan_import
    from mdtdesk.core.db import open_database

    db = open_database(args.db, create=False)
    try:
        plan = plan_import(db, args.file)
        if plan.rejected:
            for rejected in plan.rejected:
                print(f"Row {rejected.row}: {rejected.reason}", file=sys.stderr)
            count = len(plan.rejected)
            rows = "row was" if count == 1 else "rows were"
            print(
                f"Nothing imported: {count} {rows} rejected. Fix them in the file and import "
                "again.",
                file=sys.stderr,
            )
            return 1
        if not args.dry_run:
            plan = apply_import(db, default_actor(), plan)
        verb = "Would import" if args.dry_run else "Imported"
        print(f"{verb} {plan.source_name}: {plan.summary()}")
        return 0
    finally:
        db.close()


def _cases(args: argparse.Namespace) -> int:
    from mdtdesk.core.case_list import iter_cases
    from mdtdesk.core.db import open_database

    db = open_database(args.db, create=False)
    try:
        rows = iter_cases(db)
        if args.json:
            _write_json_array(_case_json(row) for row in rows)
        else:
            _write_case_table(rows)
    finally:
        db.close()
    return 0


def _case_json(row: dict) -> dict:
    return {
        "case_id": row["case_id"],
        "nhs_number": row["nhs_number"],
        "given_name": row["given_name"],
        "family_name": row["family_name"],
        "date_of_birth": row["date_of_birth"],
        "postcode": row["postcode"],
        "practice": row["practice"],
        "neighbourhood": row["neighbourhood"],
        "status": row["status"],
        "closed_reason": row["closed_reason"],
        "key_worker": row["key_worker"],
        "next_review": row["next_review_on"],
        "conditions": row["conditions"],
    }


def _write_json_array(items) -> None:
    # Streamed, so 50,000 cases never sit in memory as one string.
    out = sys.stdout
    out.write("[")
    for index, item in enumerate(items):
        out.write(",\n" if index else "\n")
        out.write(json.dumps(item, ensure_ascii=False))
    out.write("\n]\n")


def _write_case_table(rows) -> None:
    from mdtdesk.core.dates import format_date
    from mdtdesk.core.nhs_number import format_nhs_number

    print(f"{'NHS number':<13} {'Name':<32} {'Date of birth':<18} {'Status':<9} Neighbourhood")
    for row in rows:
        name = f"{row['family_name'].upper()}, {row['given_name']}"
        print(
            f"{format_nhs_number(row['nhs_number']):<13} {name[:32]:<32} "
            f"{format_date(row['date_of_birth']):<18} {row['status']:<9} "
            f"{row['neighbourhood'] or ''}"
        )


def _check(args: argparse.Namespace) -> int:
    from mdtdesk.core.db import open_database
    from mdtdesk.core.integrity import check_database

    db = open_database(args.db, create=False)
    try:
        problems = check_database(db)
    finally:
        db.close()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{args.db} is not clean: restore a backup.", file=sys.stderr)
        return 1
    print(f"{args.db} is clean.")
    return 0


def _meetings(args: argparse.Namespace) -> int:
    from datetime import datetime

    from mdtdesk.core.dates import format_date, format_time
    from mdtdesk.core.db import connect
    from mdtdesk.core.meetings import list_meetings
    from mdtdesk.core.vocabulary import MEETING_STATUSES

    conn = connect(args.db, create=False)
    try:
        rows = list_meetings(conn)
    finally:
        conn.close()
    if args.json:
        _write_json_array(
            {
                "id": row["id"],
                "date": row["starts_at"][:10],
                "starts_at": row["starts_at"],
                "neighbourhood": row["neighbourhood"],
                "status": row["status"],
                "items": row["items"],
                "venue": "Virtual" if row["is_virtual"] else row["venue"],
            }
            for row in rows
        )
        return 0
    print(f"{'ID':>5}  {'Date':<18} {'Time':<8} {'Status':<12} {'Items':>5}  Neighbourhood")
    for row in rows:
        when = datetime.fromisoformat(row["starts_at"])
        print(
            f"{row['id']:>5}  {format_date(when.date()):<18} {format_time(when):<8} "
            f"{MEETING_STATUSES[row['status']]:<12} {row['items']:>5}  {row['neighbourhood']}"
        )
    return 0


def _actions(args: argparse.Namespace) -> int:
    import datetime as dt

    from mdtdesk.core.actions import ActionFilter, list_actions
    from mdtdesk.core.dates import format_table_date
    from mdtdesk.core.db import connect
    from mdtdesk.core.nhs_number import format_nhs_number

    which = ActionFilter(
        status="open" if args.open else None,
        overdue_on=dt.date.today() if args.overdue else None,
    )
    conn = connect(args.db, create=False)
    try:
        rows = list_actions(conn, which)
    finally:
        conn.close()
    if args.json:
        _write_json_array(
            {
                "id": row["id"],
                "nhs_number": row["nhs_number"],
                "person": f"{row['given_name']} {row['family_name']}",
                "description": row["description"],
                "owner": row["owner"],
                "owner_role": row["owner_role"],
                "organisation": row["organisation"],
                "due": row["due_on"],
                "priority": row["priority"],
                "status": row["status"],
                "completed_on": row["completed_on"],
                "not_done_reason": row["not_done_reason"],
            }
            for row in rows
        )
        return 0
    print(f"{'Due':<12} {'Status':<10} {'NHS number':<13} {'Owner':<24} Action")
    for row in rows:
        print(
            f"{format_table_date(row['due_on']):<12} {row['status']:<10} "
            f"{format_nhs_number(row['nhs_number']):<13} {(row['owner'] or '')[:24]:<24} "
            f"{row['description']}"
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    from mdtdesk.core.audit import default_actor

    # A plain connection: building a document only reads, and the audit row is one small
    # write; sqlite-utils would add a tenth of a second to a command budgeted in tenths.
    from mdtdesk.core.db import connect
    from mdtdesk.documents.export import ExportRequest, export

    request = ExportRequest(
        kind=args.document,
        format=args.format,
        target=args.out,
        meeting_id=getattr(args, "meeting", None),
        nhs_number=getattr(args, "nhs_number", None),
        redacted=getattr(args, "redacted", False),
        large_print=getattr(args, "large_print", False),
    )
    db = connect(args.db, create=False)
    try:
        written = export(db, default_actor(), request)
    finally:
        db.close()
    print(f"Wrote {written}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from mdtdesk.core import backups

    if not args.db.is_file():
        raise MdtError(f"There is no database at {args.db}. Check the path.")
    target = backups.new_backup_path(args.db) if args.out is None else args.out
    if target.exists() and not target.is_dir():
        raise MdtError(f"{target} already exists. Choose another file name.")
    written = backups.make_backup(args.db, target)
    print(f"Backed up {args.db} to {written} (checked).")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from mdtdesk.core import restore
    from mdtdesk.core.encryption import WrongPassphrase

    try:
        _unlock(args.source)
    except WrongPassphrase as error:
        raise MdtError(
            f"Wrong passphrase for the backup {args.source.name}. A backup opens with the "
            "passphrase the database had when the backup was made. Nothing was changed."
        ) from error
    problem = _damage(args.db)
    aside = restore.restore(args.db, args.source, damaged=problem is not None)
    if aside is None:
        print(f"Restored {args.source} to {args.db}.")
    elif problem is not None:
        print(
            f"Restored {args.source} to {args.db}. The damaged file is kept, untouched, as {aside}."
        )
    else:
        print(f"Restored {args.source} to {args.db}. The previous file is kept as {aside}.")
    return 0


def _refuse_if_damaged(path: Path | None) -> None:
    """Stop before a command reads a damaged database: say so, and how to get the data back,
    rather than fail half-way through its output with an unexpected problem."""
    from mdtdesk.core import backups
    from mdtdesk.core.db import default_database_path

    path = Path(path) if path is not None else default_database_path()
    if not path.is_file():
        return  # the command says there is no database there
    problem = _damage(path)
    if problem:
        raise MdtError(
            f"{path}: {problem} Nothing was changed. Keep this file for IT, and restore the newest "
            f"good backup (they are in {backups.backup_folder(path)}): "
            f"mdtdesk restore --db {path} --from FILE"
        )


def _damage(path: Path) -> str | None:
    """What is wrong with the database about to be replaced, read only, so that a damaged file
    is set aside exactly as found rather than opened (``restore.restore(damaged=True)``)."""
    from mdtdesk.core import encryption, open_check

    if encryption.is_encrypted(path) and not encryption.is_unlocked(path):
        # Its passphrase is not needed to replace it; setting it aside opens it only if whole.
        return None
    return open_check.damage(path)


COMMANDS = {
    "export": _export,
    "demo": _demo,
    "import": _import,
    "cases": _cases,
    "check": _check,
    "meetings": _meetings,
    "actions": _actions,
    "backup": _backup,
    "restore": _restore,
    "encrypt": _encrypt,
    "passphrase": _change_passphrase,
}
