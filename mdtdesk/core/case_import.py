"""Import a case list exported by a GP-system search (EMIS, SystmOne) into the case register.

Two steps, so that nothing is written before the chair has seen what will happen:

* ``plan_import`` reads the file, checks every row and compares it with the register. It writes
  nothing and returns an ImportPlan: how many people are new, updated or unchanged, and every
  rejected row with its row number as Excel shows it and the reason in plain English.
* ``apply_import`` writes a plan that has no rejected rows, all or nothing, in one transaction
  with its audit rows, and returns the counts of what it did.

People are matched on NHS number and updated, never duplicated; a blank cell never wipes a value
already held. A new person gets a new 'referred' case with a referral; so does someone already on
the register whose cases are all closed (a re-referral). Someone with an open case is only updated.

Patient details never go into log messages: only counts and error types are logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from mdtdesk.core import audit
from mdtdesk.core.db import explain_error, write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import DatabaseError, MdtError
from mdtdesk.core.import_rows import ImportRow, RejectedRow, check_file

log = logging.getLogger(__name__)

REFERRER = "GP system search import"
REFERRAL_REASON = "Imported from a case list"
# The people columns an import can set, in the order they are written.
PERSON_COLUMNS = (
    "title",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "phone",
    "practice_id",
    "neighbourhood_id",
    "conditions",
    "frailty_score",
)
# Well under SQLite's limit on parameters in one statement.
_CHUNK = 500


@dataclass
class ImportPlan:
    """What an import will do (from plan_import) or did (from apply_import).

    ``updated`` includes ``re_referred``: people already on the register whose cases were all
    closed, who are given a new 'referred' case. ``rows`` and ``rejected`` (whose reasons may
    quote a value as typed) are kept out of ``repr``, so that logging a plan cannot leak them.
    """

    source_name: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list, repr=False)
    ignored_columns: list[str] = field(default_factory=list)
    re_referred: int = 0
    new_practices: list[str] = field(default_factory=list)
    new_neighbourhoods: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    applied: bool = False
    changed_since_preview: bool = False
    rows: list[ImportRow] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """True when the plan can be applied: no rejected rows and at least one row."""
        return not self.rejected and bool(self.rows)

    @property
    def total(self) -> int:
        """Every data row of the file that was not blank."""
        return self.new + self.updated + self.unchanged + len(self.rejected)

    def summary(self) -> str:
        """The counts in one sentence, e.g. ``"3 new, 1 updated, 40 unchanged, 2 rejected."``."""
        parts = [f"{self.new:,} new", f"{self.updated:,} updated", f"{self.unchanged:,} unchanged"]
        if self.rejected:
            parts.append(f"{len(self.rejected):,} rejected")
        text = ", ".join(parts) + "."
        if self.re_referred:
            one = self.re_referred == 1
            who = (
                "1 person whose cases were"
                if one
                else f"{self.re_referred:,} people whose cases were"
            )
            if self.applied:
                text += f" {who} all closed {'was' if one else 'were'} given a new case."
            else:
                text += f" {who} all closed will be given a new case."
        verb = "Added" if self.applied else "Will add"
        for kind, names in (
            ("practice", self.new_practices),
            ("neighbourhood", self.new_neighbourhoods),
        ):
            if names:
                plural = "s" if len(names) > 1 else ""
                text += f" {verb} {len(names)} new {kind}{plural}: {', '.join(names)}."
        return text


# Comparing with the register --------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class _Places:
    """Practices and neighbourhoods by name key; ones not yet in the database have ids < 0."""

    practices: dict[str, tuple[int, int | None]]
    neighbourhoods: dict[str, int]
    new_practices: list[tuple[str, int | None]] = field(default_factory=list)
    new_neighbourhoods: list[str] = field(default_factory=list)


def _places(conn: sqlite.Connection, rows: list[ImportRow]) -> _Places:
    neighbourhoods = {
        _name_key(n): i for i, n in conn.execute("SELECT id, name FROM neighbourhoods")
    }
    practices = {
        _name_key(n): (i, nb)
        for i, n, nb in conn.execute("SELECT id, name, neighbourhood_id FROM practices")
    }
    places = _Places(practices, neighbourhoods)
    for row in rows:
        nb_id = None
        if row.neighbourhood:
            key = _name_key(row.neighbourhood)
            if key not in neighbourhoods:
                places.new_neighbourhoods.append(row.neighbourhood)
                neighbourhoods[key] = -len(places.new_neighbourhoods)
            nb_id = neighbourhoods[key]
        if row.practice:
            key = _name_key(row.practice)
            if key not in practices:
                # A new practice belongs to the neighbourhood of the first row that names it.
                places.new_practices.append((row.practice, nb_id))
                practices[key] = (-len(places.new_practices), nb_id)
    return places


@dataclass
class _Outcome:
    inserts: list[tuple[ImportRow, dict[str, Any]]] = field(default_factory=list)
    # person id, the changed columns with their new values, and the audit's view of the change
    updates: list[tuple[int, dict[str, Any], list[audit.Change]]] = field(default_factory=list)
    reopen: list[int] = field(default_factory=list)
    unchanged: int = 0


def _existing_people(
    conn: sqlite.Connection, numbers: list[str]
) -> dict[str, tuple[int, dict[str, Any], bool]]:
    """NHS number -> (person id, importable columns, has an open case), for those on file."""
    found = {}
    columns = ", ".join(f"p.{c}" for c in PERSON_COLUMNS)
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        sql = (
            f"SELECT p.nhs_number, p.id, {columns}, EXISTS (SELECT 1 FROM cases c "
            "WHERE c.person_id = p.id AND c.status <> 'closed') "
            f"FROM people p WHERE p.nhs_number IN ({marks})"
        )
        for record in conn.execute(sql, chunk):
            found[record[0]] = (
                record[1],
                dict(zip(PERSON_COLUMNS, record[2:-1], strict=True)),
                bool(record[-1]),
            )
    return found


def _decide(conn: sqlite.Connection, rows: list[ImportRow], places: _Places) -> _Outcome:
    existing = _existing_people(conn, [row.nhs_number for row in rows])
    outcome = _Outcome()
    for row in rows:
        target = dict(row.values)
        practice_neighbourhood = None
        if row.practice:
            target["practice_id"], practice_neighbourhood = places.practices[
                _name_key(row.practice)
            ]
        if row.neighbourhood:
            target["neighbourhood_id"] = places.neighbourhoods[_name_key(row.neighbourhood)]
        elif practice_neighbourhood is not None:
            target["neighbourhood_id"] = practice_neighbourhood
        person = existing.get(row.nhs_number)
        if person is None:
            outcome.inserts.append((row, target))
            continue
        person_id, old, has_open_case = person
        changes = audit.diff(old, target)
        if changes:
            changed = {name: target[name] for name, _, _ in changes}
            outcome.updates.append((person_id, changed, changes))
        if not has_open_case:
            outcome.reopen.append(person_id)
        if not changes and has_open_case:
            outcome.unchanged += 1
    return outcome


def _counted(plan: ImportPlan, places: _Places, outcome: _Outcome) -> ImportPlan:
    updated = {person_id for person_id, _, _ in outcome.updates} | set(outcome.reopen)
    return replace(
        plan,
        new=len(outcome.inserts),
        updated=len(updated),
        unchanged=outcome.unchanged,
        re_referred=len(outcome.reopen),
        new_practices=[name for name, _ in places.new_practices],
        new_neighbourhoods=list(places.new_neighbourhoods),
    )


def plan_import(db: Database, path: Path, today: dt.date | None = None) -> ImportPlan:
    """Read a case list and compare it with the register, writing nothing.

    Returns the plan to show the user: counts of new, updated and unchanged people, every
    rejected row with its reason, the ignored columns, and the practices and neighbourhoods that
    would be added. Raises MdtError (one sentence saying what to do) when the file cannot be
    read, is empty or lacks a required column.
    """
    today = today or dt.date.today()
    checked = check_file(Path(path), today)
    plan = ImportPlan(
        source_name=checked.source_name,
        rejected=checked.rejected,
        ignored_columns=checked.ignored_columns,
        columns=checked.columns,
        rows=checked.rows,
    )
    places = _places(db.conn, plan.rows)
    return _counted(plan, places, _decide(db.conn, plan.rows, places))


# Writing ----------------------------------------------------------------------------------


def _create_places(db: Database, actor: str, places: _Places) -> None:
    created_neighbourhoods: dict[int, int] = {}
    for index, name in enumerate(places.new_neighbourhoods, start=1):
        new_id = db.conn.execute("INSERT INTO neighbourhoods (name) VALUES (?)", [name]).lastrowid
        created_neighbourhoods[-index] = new_id
        audit.record(db, actor, "neighbourhoods", new_id, [audit.created({"name": name})])
    for name, placeholder in places.new_practices:
        nb_id = created_neighbourhoods.get(placeholder, placeholder)
        new_id = db.conn.execute(
            "INSERT INTO practices (name, neighbourhood_id) VALUES (?, ?)", [name, nb_id]
        ).lastrowid
        row = {"name": name, "neighbourhood_id": nb_id}
        audit.record(db, actor, "practices", new_id, [audit.created(row)])


def _next_id(conn: sqlite.Connection, table: str) -> int:
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def _write(db: Database, actor: str, outcome: _Outcome, today: dt.date) -> None:
    """Write the outcome with bulk statements.

    Ids are assigned here rather than read back after each insert: the transaction holds the
    write lock, so nobody else can take them meanwhile.
    """
    conn = db.conn
    at = audit.now()
    audit_rows: list[tuple] = []
    next_person = _next_id(conn, "people")
    new_people = []
    for person_id, (row, values) in enumerate(outcome.inserts, start=next_person):
        new_people.append((person_id, row.nhs_number, *(values.get(c) for c in PERSON_COLUMNS)))
        created = {"nhs_number": row.nhs_number} | {
            c: values[c] for c in PERSON_COLUMNS if c in values
        }
        audit_rows.append(
            (at, actor, "people", person_id, audit.CREATED, None, audit.creation_text(created))
        )
    conn.executemany(
        f"INSERT INTO people (id, nhs_number, {', '.join(PERSON_COLUMNS)}) "
        f"VALUES ({', '.join('?' * (len(PERSON_COLUMNS) + 2))})",
        new_people,
    )

    # Rows changing the same columns share one UPDATE statement.
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for person_id, changed, changes in outcome.updates:
        groups.setdefault(tuple(changed), []).append((*changed.values(), person_id))
        audit_rows.extend((at, actor, "people", person_id, *change) for change in changes)
    for columns, params in groups.items():
        assignments = ", ".join(f"{name} = ?" for name in columns)
        conn.executemany(f"UPDATE people SET {assignments} WHERE id = ?", params)

    case_people = [p[0] for p in new_people] + outcome.reopen
    first_case, first_referral = _next_id(conn, "cases"), _next_id(conn, "referrals")
    opened = today.isoformat()
    cases, referrals = [], []
    for i, person_id in enumerate(case_people):
        case_id, referral_id = first_case + i, first_referral + i
        cases.append((case_id, person_id, opened))
        referrals.append((referral_id, case_id, opened, REFERRER, REFERRAL_REASON))
        case = {"person_id": person_id, "status": "referred", "opened_on": opened}
        referral = {
            "case_id": case_id,
            "referred_on": opened,
            "referrer": REFERRER,
            "reason": REFERRAL_REASON,
        }
        audit_rows.append(
            (at, actor, "cases", case_id, audit.CREATED, None, audit.creation_text(case))
        )
        audit_rows.append(
            (
                at,
                actor,
                "referrals",
                referral_id,
                audit.CREATED,
                None,
                audit.creation_text(referral),
            )
        )
    conn.executemany(
        "INSERT INTO cases (id, person_id, status, opened_on) VALUES (?, ?, 'referred', ?)", cases
    )
    conn.executemany(
        "INSERT INTO referrals (id, case_id, referred_on, referrer, reason) VALUES (?, ?, ?, ?, ?)",
        referrals,
    )
    audit.write_rows(db, audit_rows)


def apply_import(
    db: Database, actor: str, plan: ImportPlan, today: dt.date | None = None
) -> ImportPlan:
    """Write a clean plan to the register in one transaction: all of it or, on any error, none.

    Refuses (MdtError, nothing written) a plan with rejected rows or no rows. The comparison with
    the register is made again inside the transaction, so the counts returned are what was
    written even if the register changed since the preview (``changed_since_preview`` says so).
    Every created or changed record is audited under ``actor`` in the same transaction.
    """
    if not actor:
        raise ValueError("an import needs an actor for the audit")
    if plan.rejected:
        count = len(plan.rejected)
        rows = "1 row has a problem" if count == 1 else f"{count:,} rows have problems"
        raise MdtError(
            f"Nothing was imported because {rows}: fix the rows listed in {plan.source_name} "
            "and import it again."
        )
    if not plan.rows:
        raise MdtError("The file has no rows to import.")
    today = today or dt.date.today()
    try:
        with write_transaction(db):
            places = _places(db.conn, plan.rows)
            _create_places(db, actor, places)
            outcome = _decide(db.conn, plan.rows, _places(db.conn, plan.rows))
            _write(db, actor, outcome, today)
    except (sqlite.Error, DatabaseError) as exc:
        # The transaction explains SQLite's operational errors; the import says it in its own
        # words, from SQLite's original.
        cause = exc.__cause__ if isinstance(exc.__cause__, sqlite.Error) else exc
        log.error("case import rolled back (%s)", type(cause).__name__)
        raise _database_problem(cause) from None
    done = _counted(plan, places, outcome)
    done.applied = True
    done.changed_since_preview = (done.new, done.updated, done.unchanged) != (
        plan.new,
        plan.updated,
        plan.unchanged,
    )
    log.info(
        "case import: %d new, %d updated (%d re-referred), %d unchanged",
        done.new,
        done.updated,
        done.re_referred,
        done.unchanged,
    )
    return done


def _database_problem(exc: sqlite.Error) -> MdtError:
    """A message for a failed import that never shows SQLite's own words."""
    text = str(exc).lower()
    if "full" in text:
        return MdtError(
            "Nothing was imported because the disk is full: free some space and try again."
        )
    known = (
        "locked",
        "busy",
        "readonly",
        "read-only",
        "unable to open",
        "not a database",
        "malformed",
    )
    if any(word in text for word in known):
        return MdtError(f"Nothing was imported. {explain_error(exc, 'The database')}")
    return MdtError(
        "Nothing was imported because the database refused a change: try again, and if it "
        "happens again, report it with the time it happened."
    )
