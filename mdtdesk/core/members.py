"""Members of the MDT and the organisations they work for.

A member who leaves is marked as having left (``active = 0``), never deleted: the actions they
owned, the cases they were key worker for and the meetings they attended keep pointing at them.
Every write here runs in one transaction with its audit rows.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.db import write_transaction
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import NotFound, ValidationError
from mdtdesk.core.records import save_row
from mdtdesk.core.vocabulary import ORGANISATION_KINDS

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_NAME = 100
MAX_CONTACT = 100
MAX_ORGANISATION = 150

# Offered in the role box; any other role may be typed.
ROLES = [
    "GP",
    "District nurse",
    "Community matron",
    "Social worker",
    "Mental health practitioner",
    "Pharmacist",
    "Physiotherapist",
    "Occupational therapist",
    "Care coordinator",
    "Voluntary sector link worker",
    "Housing officer",
    "Neighbourhood lead",
]

# Deliberately loose: one @, something either side, a dot in the domain. The real test of an
# address is whether mail arrives; this only catches a phone number typed in the wrong box.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


@dataclass
class Member:
    """A professional on the MDT. Field names are the ``members`` columns."""

    id: int | None = None
    name: str = ""
    role: str = ""
    organisation_id: int | None = None
    email: str | None = None
    phone: str | None = None
    is_core: bool = False
    active: bool = True


@dataclass(frozen=True)
class Organisation:
    """Where members work: a GP practice, trust, council team, charity or housing provider."""

    id: int
    name: str
    kind: str


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None


def validate_member(db: Database | sqlite.Connection, member: Member) -> dict[str, str]:
    """Check a member; return a message per field in trouble (empty when all is well).

    Tidies the text fields in place (surrounding and repeated spaces, blanks to None).
    """
    problems: dict[str, str] = {}
    member.name = _tidy(member.name) or ""
    member.role = _tidy(member.role) or ""
    member.email = _tidy(member.email)
    member.phone = _tidy(member.phone)
    if not member.name:
        problems["name"] = "Enter the member's name."
    elif len(member.name) > MAX_NAME:
        problems["name"] = f"The name is longer than {MAX_NAME} characters."
    if not member.role:
        problems["role"] = "Enter their role, for example District nurse."
    elif len(member.role) > MAX_NAME:
        problems["role"] = f"The role is longer than {MAX_NAME} characters."
    if member.email is not None:
        if len(member.email) > MAX_CONTACT:
            problems["email"] = f"The email address is longer than {MAX_CONTACT} characters."
        elif not _EMAIL.match(member.email):
            problems["email"] = (
                "Enter an email address like jo.bloggs@example.nhs.uk, or leave it empty."
            )
    if member.phone is not None and len(member.phone) > MAX_CONTACT:
        problems["phone"] = f"The phone number is longer than {MAX_CONTACT} characters."
    if member.organisation_id is not None:
        found = db.execute(
            "SELECT 1 FROM organisations WHERE id = ?", [member.organisation_id]
        ).fetchone()
        if found is None:
            problems["organisation_id"] = "This organisation no longer exists. Choose another."
    return problems


def _member_row(member: Member) -> dict:
    row = asdict(member)
    row.pop("id")
    # Stored as the 0/1 the columns hold, so the audit compares like with like.
    row["is_core"] = int(bool(member.is_core))
    row["active"] = int(bool(member.active))
    return row


def save_member(db: Database, actor: str, member: Member) -> Member:
    """Add (``member.id`` None) or change a member in one audited transaction.

    Raises ValidationError with a message per field, NotFound when the member being changed no
    longer exists. Returns the member as stored.
    """
    with write_transaction(db):
        problems = validate_member(db, member)
        if problems:
            raise ValidationError(problems)
        if member.id is not None and not _exists(db, member.id):
            raise NotFound("This member no longer exists. Reload the list of members.")
        member_id = save_row(db, actor, "members", member.id, _member_row(member))
    return load_member(db, member_id)


def _exists(db: Database | sqlite.Connection, member_id: int) -> bool:
    return db.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone() is not None


def load_member(db: Database | sqlite.Connection, member_id: int) -> Member:
    """Read one member. Raises NotFound when they do not exist."""
    row = db.execute(
        "SELECT id, name, role, organisation_id, email, phone, is_core, active "
        "FROM members WHERE id = ?",
        [member_id],
    ).fetchone()
    if row is None:
        raise NotFound("This member no longer exists. Reload the list of members.")
    mid, name, role, organisation_id, email, phone, is_core, active = row
    return Member(mid, name, role, organisation_id, email, phone, bool(is_core), bool(active))


def list_members(db: Database | sqlite.Connection, include_left: bool = False) -> list[dict]:
    """Members by name, each a dict of the member's columns plus ``organisation`` (its name).

    Those who have left are included only with ``include_left``.
    """
    where = "" if include_left else "WHERE m.active = 1"
    cursor = db.execute(
        "SELECT m.id, m.name, m.role, m.organisation_id, o.name AS organisation, m.email, "
        "m.phone, m.is_core, m.active FROM members m "
        f"LEFT JOIN organisations o ON o.id = m.organisation_id {where} "
        "ORDER BY m.name COLLATE NOCASE, m.id"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def role_suggestions(db: Database | sqlite.Connection) -> list[str]:
    """The usual roles, then any other role already given to a member, each once."""
    suggestions = list(ROLES)
    seen = {role.casefold() for role in ROLES}
    for (role,) in db.execute("SELECT DISTINCT role FROM members ORDER BY role COLLATE NOCASE"):
        if role.casefold() not in seen:
            seen.add(role.casefold())
            suggestions.append(role)
    return suggestions


def responsibilities(db: Database | sqlite.Connection, member_id: int) -> tuple[int, int]:
    """How many open cases a member is key worker for, and how many open actions they own.

    Worth saying before someone is marked as having left: these stay with them until reassigned.
    """
    cases = db.execute(
        "SELECT count(*) FROM cases WHERE key_worker_id = ? AND status <> 'closed'", [member_id]
    ).fetchone()[0]
    actions = db.execute(
        "SELECT count(*) FROM actions WHERE owner_id = ? AND status = 'open'", [member_id]
    ).fetchone()[0]
    return cases, actions


def list_organisations(db: Database | sqlite.Connection) -> list[Organisation]:
    """Every organisation, by name."""
    return [
        Organisation(*row)
        for row in db.execute(
            "SELECT id, name, kind FROM organisations ORDER BY name COLLATE NOCASE"
        )
    ]


def save_organisation(
    db: Database, actor: str, name: str, kind: str, org_id: int | None = None
) -> int:
    """Add (``org_id`` None) or rename an organisation in one audited transaction; return its id.

    Names are unique ignoring case and spacing. Raises ValidationError with a message per field
    (``name``, ``kind``).
    """
    name = _tidy(name) or ""
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "Enter the organisation's name."
    elif len(name) > MAX_ORGANISATION:
        problems["name"] = f"The name is longer than {MAX_ORGANISATION} characters."
    if kind not in ORGANISATION_KINDS:
        problems["kind"] = "Choose what kind of organisation this is."
    with write_transaction(db):
        if name and "name" not in problems:
            # Compared in Python: SQLite's NOCASE folds only ASCII, and these lists are short.
            wanted = name.casefold()
            for other in list_organisations(db):
                if other.name.casefold() == wanted and other.id != org_id:
                    problems["name"] = f"An organisation called {other.name} already exists."
                    break
        if problems:
            raise ValidationError(problems)
        if (
            org_id is not None
            and db.execute("SELECT 1 FROM organisations WHERE id = ?", [org_id]).fetchone() is None
        ):
            raise NotFound("This organisation no longer exists.")
        return save_row(db, actor, "organisations", org_id, {"name": name, "kind": kind})
