"""Reading the audit: who changed what, found by who made the change, whose case it was about,
which meeting, and when.

Rows come back in the words a person reads: the time in local time, the record and the field in
plain English, coded values as their labels, members and places by name. Nothing here writes.

Cost, measured on a 50,000-person demo (857,000 audit rows): the case and meeting filters read
the audit through ``audit_by_entity`` in a few milliseconds. The newest rows overall, one actor's,
or a range of days sort the whole audit (0.1 to 0.2 s). Indexes ``audit(at)`` and
``audit(actor, at)`` would make those milliseconds, but were left out: checking them would add
more than 2 s to every backup of that register (its ``integrity_check``), which runs far more
often than anyone opens this window. The queries are written to use such indexes if they come,
and not where a case or meeting narrows the rows more.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core import vocabulary as words
from mdtdesk.core.audit import CREATED
from mdtdesk.core.case_list import match_expression
from mdtdesk.core.dates import format_table_date, format_time
from mdtdesk.core.nhs_number import format_nhs_number

if TYPE_CHECKING:
    import sqlite3  # for the type only: connections come from core.db, whichever driver it uses

    from sqlite_utils import Database

DEFAULT_LIMIT = 500
EXPORTED = "exported"  # as core.exports writes it (not imported: that would load core.db)


@dataclass(frozen=True)
class AuditFilter:
    """Which audit rows to show; every filter left as None shows all.

    ``actor`` is who made the change, exactly as the audit names them (see ``actors``).
    ``person_id`` is a person on the register: rows about them, their cases and referrals, and
    their cases' agenda items, discussions, actions and action reviews. ``meeting_id``: rows about
    the meeting, its attendance, agenda items, discussions and action reviews, and the creation of
    the actions agreed at it. ``from_date`` and ``to_date`` are local calendar days, inclusive.
    """

    actor: str | None = None
    person_id: int | None = None
    meeting_id: int | None = None
    from_date: dt.date | None = None
    to_date: dt.date | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One audit row as a person reads it.

    ``record`` names the kind of record ("Action"), ``change`` what happened to it ("Created",
    "Exported" or the field changed, e.g. "Due"), ``about`` whose or which it is (a person, a
    meeting, a member). ``old`` and ``new`` are the values in words; empty when there is none.
    """

    id: int
    at: str  # as stored: UTC, ISO 8601
    when: str  # local time, e.g. "24 Nov 2026 2:30pm"
    who: str
    record: str
    change: str
    about: str
    old: str
    new: str
    reason: str


# -- finding rows -----------------------------------------------------------------------------

# Every kind of record that belongs to a person on the register, each reached through an index
# (cases_by_person, agenda_items_by_case, actions_by_case, the UNIQUE keys of referrals,
# discussions and action_reviews), so that SQLite reads the audit through audit_by_entity.
_OF_PERSON = """(
    (entity = 'people' AND entity_id = :person)
    OR (entity = 'cases' AND entity_id IN (SELECT id FROM cases WHERE person_id = :person))
    OR (entity = 'referrals' AND entity_id IN (SELECT r.id FROM cases c
        JOIN referrals r ON r.case_id = c.id WHERE c.person_id = :person))
    OR (entity = 'agenda_items' AND entity_id IN (SELECT i.id FROM cases c
        JOIN agenda_items i ON i.case_id = c.id WHERE c.person_id = :person))
    OR (entity = 'discussions' AND entity_id IN (SELECT d.id FROM cases c
        JOIN agenda_items i ON i.case_id = c.id
        JOIN discussions d ON d.agenda_item_id = i.id WHERE c.person_id = :person))
    OR (entity = 'actions' AND entity_id IN (SELECT a.id FROM cases c
        JOIN actions a ON a.case_id = c.id WHERE c.person_id = :person))
    OR (entity = 'action_reviews' AND entity_id IN (SELECT v.id FROM cases c
        JOIN actions a ON a.case_id = c.id
        JOIN action_reviews v ON v.action_id = a.id WHERE c.person_id = :person))
)"""

# A meeting's own records. An action agreed at it counts by its creation only: its later changes
# are made at later meetings (their action reviews) or in the Actions area, not at this one.
_OF_MEETING = """(
    (entity = 'meetings' AND entity_id = :meeting)
    OR (entity = 'attendance' AND entity_id IN
        (SELECT id FROM attendance WHERE meeting_id = :meeting))
    OR (entity = 'agenda_items' AND entity_id IN
        (SELECT id FROM agenda_items WHERE meeting_id = :meeting))
    OR (entity = 'discussions' AND entity_id IN (SELECT d.id FROM agenda_items i
        JOIN discussions d ON d.agenda_item_id = i.id WHERE i.meeting_id = :meeting))
    OR (entity = 'action_reviews' AND entity_id IN
        (SELECT id FROM action_reviews WHERE meeting_id = :meeting))
    OR (entity = 'actions' AND field = 'created' AND entity_id IN (SELECT a.id FROM agenda_items i
        JOIN actions a ON a.raised_at_item_id = i.id WHERE i.meeting_id = :meeting))
)"""


def utc_bound(day: dt.date) -> str:
    """The start of a local calendar day as the audit writes times (UTC ISO text), so that
    days can be compared with the stored text directly."""
    local_midnight = dt.datetime.combine(day, dt.time()).astimezone()  # naive: read as local
    return local_midnight.astimezone(dt.UTC).isoformat(timespec="seconds")


def _where(which: AuditFilter) -> tuple[str, dict]:
    clauses, params = [], {}
    # A case or a meeting narrows the audit to tens of rows through audit_by_entity. The unary
    # plus keeps SQLite from walking an index on the actor or the time instead (to save a sort):
    # with one actor behind most rows, that walk reads the whole audit.
    plus = "+" if which.person_id is not None or which.meeting_id is not None else ""
    if which.actor is not None:
        clauses.append(f"{plus}actor = :actor")
        params["actor"] = which.actor
    if which.person_id is not None:
        clauses.append(_OF_PERSON)
        params["person"] = which.person_id
    if which.meeting_id is not None:
        clauses.append(_OF_MEETING)
        params["meeting"] = which.meeting_id
    if which.from_date is not None:
        clauses.append(f"{plus}at >= :since")
        params["since"] = utc_bound(which.from_date)
    if which.to_date is not None:
        clauses.append(f"{plus}at < :until")
        params["until"] = utc_bound(which.to_date + dt.timedelta(days=1))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_sql(which: AuditFilter, limit: int = DEFAULT_LIMIT) -> tuple[str, dict]:
    """The query ``search`` runs, with its parameters (for EXPLAIN QUERY PLAN in tests)."""
    where, params = _where(which)
    order = "+at" if which.person_id is not None or which.meeting_id is not None else "at"
    sql = (
        f"SELECT id, at, actor, entity, entity_id, field, old, new, reason FROM audit {where} "
        f"ORDER BY {order} DESC, id DESC LIMIT :limit"
    )
    return sql, params | {"limit": limit}


def search(
    db: Database | sqlite3.Connection, which: AuditFilter, limit: int = DEFAULT_LIMIT
) -> list[AuditEntry]:
    """The audit rows ``which`` matches, newest first, at most ``limit`` of them, in words.

    Newest means by the time written in the row (then the order written). To know whether more
    rows match than are shown, ask for one more than you show.
    """
    if which.from_date and which.to_date and which.from_date > which.to_date:
        return []
    sql, params = search_sql(which, limit)
    rows = db.execute(sql, params).fetchall()
    names = _Names(db)
    about = _subjects(db, rows, names)
    return [_entry(row, about.get((row[3], row[4]), ""), names) for row in rows]


def actors(db: Database | sqlite3.Connection) -> list[str]:
    """Everyone who has made a change, each once, in alphabetical order."""
    if _indexed_by_actor(db):
        # Hop from one actor to the next through the index: a few lookups, not a full scan.
        sql = (
            "WITH RECURSIVE a(actor) AS (SELECT min(actor) FROM audit UNION ALL "
            "SELECT (SELECT min(actor) FROM audit WHERE actor > a.actor) FROM a "
            "WHERE a.actor IS NOT NULL) SELECT actor FROM a WHERE actor IS NOT NULL"
        )
    else:
        sql = "SELECT DISTINCT actor FROM audit"
    return sorted((row[0] for row in db.execute(sql)), key=lambda name: (name.casefold(), name))


def _indexed_by_actor(db: Database | sqlite3.Connection) -> bool:
    # The hops above cost a full scan each without an index that starts with the actor.
    found = db.execute(
        "SELECT 1 FROM pragma_index_list('audit') l, pragma_index_info(l.name) i "
        "WHERE i.seqno = 0 AND i.name = 'actor'"
    ).fetchone()
    return found is not None


# -- choices for the filters ------------------------------------------------------------------


def find_people(
    db: Database | sqlite3.Connection, text: str, limit: int = 20
) -> list[tuple[int, str]]:
    """People on the register whose name or NHS number starts with the words of ``text``, as
    (person id, "ASHWORTH, Mona · 999 000 0018"), by name."""
    expression = match_expression(text)
    if expression is None:
        return []
    cursor = db.execute(
        "SELECT id, family_name, given_name, nhs_number FROM people WHERE id IN "
        "(SELECT rowid FROM people_search WHERE people_search MATCH ?) "
        "ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE, id LIMIT ?",
        [expression, limit],
    )
    return [(row[0], person_label(*row[1:])) for row in cursor]


def person_label(family_name: str, given_name: str, nhs_number: str) -> str:
    """A person as the audit window names them: "ASHWORTH, Mona · 999 000 0018"."""
    return f"{family_name.upper()}, {given_name} · {format_nhs_number(nhs_number)}"


def meeting_choices(db: Database | sqlite3.Connection) -> list[tuple[int, str]]:
    """Every meeting as (id, "24 Nov 2026 2pm · Stockport West"), newest first."""
    cursor = db.execute(
        "SELECT m.id, m.starts_at, n.name FROM meetings m "
        "JOIN neighbourhoods n ON n.id = m.neighbourhood_id ORDER BY m.starts_at DESC, m.id DESC"
    )
    return [(row[0], _meeting_label(row[1], row[2])) for row in cursor]


def _meeting_label(starts_at: str, neighbourhood: str) -> str:
    return f"{_moment(starts_at, local=False)} · {neighbourhood}"


# -- words ------------------------------------------------------------------------------------

RECORDS = {
    "people": "Person",
    "cases": "Case",
    "referrals": "Referral",
    "members": "Member",
    "organisations": "Organisation",
    "neighbourhoods": "Neighbourhood",
    "practices": "GP practice",
    "meetings": "Meeting",
    "attendance": "Attendance",
    "agenda_items": "Meeting item",
    "discussions": "Discussion",
    "actions": "Action",
    "action_reviews": "Action review",
    "team_settings": "Team settings",
}

# Fields whose name, without "_id" and underscores, would not read well; the rest read as named.
FIELDS = {
    CREATED: "Created",
    EXPORTED: "Exported",
    "nhs_number": "NHS number",
    "practice_id": "GP practice",
    "conditions": "Long-term conditions",
    "frailty_score": "Frailty (CFS)",
    "info_sharing": "Information sharing",
    "info_sharing_on": "Information sharing recorded on",
    "info_sharing_recorded_by": "Information sharing recorded by",
    "closed_reason": "Reason closed",
    "close_reason": "Reason closed",
    "next_review_on": "Next review",
    "reason": "Reason for referral",
    "question": "Question for the MDT",
    "starts_at": "Date and time",
    "planned_minutes": "Planned length",
    "is_virtual": "Virtual",
    "minute_taker_id": "Minute-taker",
    "sharing_override_reason": "Reason for sharing override",
    "notes": "Discussion notes",
    "no_decision_reason": "Reason for no decision",
    "what_matters": "What matters to the person",
    "who_tells_person": "Who tells the person",
    "description": "Action",
    "due_on": "Due",
    "completed_on": "Completed",
    "not_done_reason": "Reason not done",
    "is_core": "Core member",
    "active": "Still a member",
}

_ACTION_STATUSES = words.ACTION_STATUSES | {"cancelled": "Not done"}  # as the Actions area says
_STATUSES = {
    "cases": words.CASE_STATUSES,
    "meetings": words.MEETING_STATUSES,
    "agenda_items": words.ITEM_STATUSES,
    "actions": _ACTION_STATUSES,
    "attendance": words.ATTENDANCE,
}
_KINDS = {"agenda_items": words.AGENDA_KINDS, "organisations": words.ORGANISATION_KINDS}
_CODES = {
    "closed_reason": words.CLOSED_REASONS,
    "close_reason": words.CLOSED_REASONS,
    "urgency": words.URGENCIES,
    "info_sharing": words.INFO_SHARING,
    "priority": words.PRIORITIES,
    "outcome": words.REVIEW_OUTCOMES,
    "not_done_reason": words.NOT_DONE_REASONS,
}
_DATES = set(
    "date_of_birth info_sharing_on opened_on closed_on next_review_on referred_on due_on "
    "completed_on".split()
)
_YES_NO = {"is_core", "active", "lives_alone", "is_virtual"}
_MINUTES = {"planned_minutes", "minutes_allowed"}
_MEMBER_IDS = set(
    "owner_id key_worker_id chair_id minute_taker_id presenter_id member_id deputy_for_id".split()
)
_PLACE_IDS = {
    "organisation_id": "organisations",
    "neighbourhood_id": "neighbourhoods",
    "practice_id": "practices",
}
# Links between records: the About column already says whose or which record it is.
_LINKS = {"person_id", "case_id", "meeting_id", "agenda_item_id", "raised_at_item_id", "action_id"}


def field_words(field: str | None) -> str:
    """A field of the audit in plain words, e.g. "due_on" → "Due"."""
    if not field:
        return ""
    if field in FIELDS:
        return FIELDS[field]
    return field.removesuffix("_id").replace("_", " ").capitalize()


def record_words(entity: str) -> str:
    """A kind of record in plain words, e.g. "agenda_items" → "Meeting item"."""
    return RECORDS.get(entity, entity.replace("_", " ").capitalize())


class _Names:
    """Members, organisations, neighbourhoods and practices by id: short lists, read once."""

    def __init__(self, db: Database | sqlite3.Connection):
        self.members = {
            row[0]: f"{row[1]} ({row[2]})"
            for row in db.execute("SELECT id, name, role FROM members")
        }
        # Table names from _PLACE_IDS only, never anything typed.
        self.places = {
            table: dict(db.execute(f"SELECT id, name FROM {table}"))
            for table in set(_PLACE_IDS.values())
        }

    def of(self, field: str, value: str) -> str:
        try:
            key = int(value)
        except ValueError:
            return value
        if field in _MEMBER_IDS:
            return self.members.get(key, value)
        return self.places[_PLACE_IDS[field]].get(key, value)


def value_words(entity: str, field: str, value, names: _Names | None = None) -> str:
    """A stored value in words: labels for codes, dates as "4 Mar 1938", yes or no, members and
    places by name (with ``names``). Empty for no value."""
    if value is None or value == "":
        return ""
    text = str(value)
    codes = (
        _STATUSES.get(entity)
        if field == "status"
        else _KINDS.get(entity)
        if field == "kind"
        else _CODES.get(field)
    )
    if codes is not None:
        return codes.get(text, text)
    if field in _DATES:
        try:
            return format_table_date(text)
        except ValueError:
            return text
    if field in _YES_NO:
        return "Yes" if text.lower() in ("1", "yes", "true") else "No"
    if field in _MINUTES:
        return f"{text} minutes"
    if field == "nhs_number":
        return format_nhs_number(text)
    if field == "starts_at":
        return _moment(text, local=False)
    if field == "closed_at":
        return _moment(text, local=True)
    if names is not None and (field in _MEMBER_IDS or field in _PLACE_IDS):
        return names.of(field, text)
    if field == "quorum_rule":
        return _quorum_words(text)
    return text


def _quorum_words(text: str) -> str:
    try:
        rule = json.loads(text)
        roles = ", ".join(rule["required_roles"]) or "no particular role"
        return f"At least {rule['minimum_present']} present, including: {roles}"
    except (ValueError, KeyError, TypeError):
        return text


def _created_words(entity: str, text: str | None, names: _Names) -> str:
    """A created record's fields (JSON) as "Status: Open · Due: 1 Dec 2026"."""
    if not text:
        return ""
    try:
        values = json.loads(text)
    except ValueError:
        return text
    if not isinstance(values, dict):
        return text
    return " · ".join(
        f"{field_words(field)}: {value_words(entity, field, value, names)}"
        for field, value in values.items()
        if field not in _LINKS and value not in (None, "")
    )


def local_time_words(at: str) -> str:
    """An audit time (UTC ISO text) as the local "24 Nov 2026 2:30pm"."""
    return _moment(at, local=True)


def _moment(text: str, local: bool) -> str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text or ""
    if local:
        # Stored as UTC; older rows may lack the offset.
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone()
    return f"{format_table_date(moment.date())} {format_time(moment)}"


def _entry(row: tuple, about: str, names: _Names) -> AuditEntry:
    row_id, at, actor, entity, _entity_id, field, old, new, reason = row
    if field == CREATED:
        old_words, new_words = "", _created_words(entity, new, names)
    else:
        old_words = value_words(entity, field, old, names)
        new_words = value_words(entity, field, new, names)
    return AuditEntry(
        id=row_id,
        at=at,
        when=local_time_words(at),
        who=actor,
        record=record_words(entity),
        change=field_words(field),
        about=about,
        old=old_words,
        new=new_words,
        reason=reason or "",
    )


# -- what each row is about --------------------------------------------------------------------

_PERSON = "p.family_name, p.given_name, p.nhs_number"
_IDS = "IN (SELECT value FROM json_each(:ids))"
# For each kind of record: its id and the person it is about (or NULLs and another name).
_SUBJECT_SQL = {
    "people": f"SELECT p.id, {_PERSON}, NULL FROM people p WHERE p.id {_IDS}",
    "cases": f"SELECT c.id, {_PERSON}, NULL FROM cases c JOIN people p ON p.id = c.person_id "
    f"WHERE c.id {_IDS}",
    "referrals": f"SELECT r.id, {_PERSON}, NULL FROM referrals r JOIN cases c ON c.id = r.case_id "
    f"JOIN people p ON p.id = c.person_id WHERE r.id {_IDS}",
    "agenda_items": f"SELECT i.id, {_PERSON}, i.title FROM agenda_items i "
    f"LEFT JOIN cases c ON c.id = i.case_id LEFT JOIN people p ON p.id = c.person_id "
    f"WHERE i.id {_IDS}",
    "discussions": f"SELECT d.id, {_PERSON}, i.title FROM discussions d "
    "JOIN agenda_items i ON i.id = d.agenda_item_id LEFT JOIN cases c ON c.id = i.case_id "
    f"LEFT JOIN people p ON p.id = c.person_id WHERE d.id {_IDS}",
    "actions": f"SELECT a.id, {_PERSON}, NULL FROM actions a JOIN cases c ON c.id = a.case_id "
    f"JOIN people p ON p.id = c.person_id WHERE a.id {_IDS}",
    "action_reviews": f"SELECT v.id, {_PERSON}, NULL FROM action_reviews v "
    "JOIN actions a ON a.id = v.action_id JOIN cases c ON c.id = a.case_id "
    f"JOIN people p ON p.id = c.person_id WHERE v.id {_IDS}",
    "meetings": "SELECT m.id, NULL, NULL, NULL, m.starts_at || '|' || n.name FROM meetings m "
    f"JOIN neighbourhoods n ON n.id = m.neighbourhood_id WHERE m.id {_IDS}",
    "attendance": "SELECT t.id, NULL, NULL, NULL, m.starts_at || '|' || n.name FROM attendance t "
    "JOIN meetings m ON m.id = t.meeting_id JOIN neighbourhoods n ON n.id = m.neighbourhood_id "
    f"WHERE t.id {_IDS}",
}
_MEETING_SUBJECTS = {"meetings", "attendance"}


def _subjects(
    db: Database | sqlite3.Connection, rows: list[tuple], names: _Names
) -> dict[tuple[str, int], str]:
    """What each row's record is about, one query per kind of record on the page."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row[4] is not None:
            wanted.setdefault(row[3], set()).add(row[4])
    found: dict[tuple[str, int], str] = {}
    for entity, ids in wanted.items():
        if entity == "members":
            found |= {(entity, i): names.members[i] for i in ids if i in names.members}
            continue
        if entity in _PLACE_IDS.values():
            places = names.places[entity]
            found |= {(entity, i): places[i] for i in ids if i in places}
            continue
        sql = _SUBJECT_SQL.get(entity)
        if sql is None:
            continue
        for record_id, family, given, number, other in db.execute(
            sql, {"ids": json.dumps(sorted(ids))}
        ):
            if family is not None:
                text = person_label(family, given, number)
            elif entity in _MEETING_SUBJECTS:
                starts_at, _, hood = other.partition("|")
                text = _meeting_label(starts_at, hood)
            else:
                text = other or ""  # an item of any other business: its title
            found[(entity, record_id)] = text
    return found
