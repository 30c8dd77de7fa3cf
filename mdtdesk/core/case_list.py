"""The case list: filter, sort and page through cases without loading them all.

The text filter searches names, NHS number, postcode and long-term conditions through the
``people_search`` full-text index, each word as a prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database

# Sort keys a person can choose, with their ORDER BY; ties go by case id so pages are stable.
SORTS = {
    "name": "p.family_name COLLATE NOCASE {dir}, p.given_name COLLATE NOCASE {dir}, p.id {dir}",
    "nhs_number": "p.nhs_number {dir}",
    "date_of_birth": "p.date_of_birth {dir}, p.id {dir}",
    "postcode": "p.postcode {dir}, p.id {dir}",
    "neighbourhood": "n.name {dir}",
    "practice": "pr.name {dir}",
    "status": "c.status {dir}",
    "key_worker": "m.name {dir}",
    "next_review_on": "c.next_review_on IS NULL, c.next_review_on {dir}",
    "referred_on": "r.referred_on {dir}",
    "info_sharing": "p.info_sharing {dir}",
    "conditions": "p.conditions COLLATE NOCASE {dir}",
}

# Status filter choices beyond the three statuses themselves.
OPEN = "open"
ANY = None
NO_NEIGHBOURHOOD = 0

_COLUMNS = """
    c.id AS case_id, p.id AS person_id, p.nhs_number, p.given_name, p.family_name,
    p.date_of_birth, p.postcode, n.name AS neighbourhood, pr.name AS practice, c.status,
    c.closed_reason, c.next_review_on, m.name AS key_worker, p.conditions, p.info_sharing,
    p.frailty_score, r.urgency, r.referred_on
"""
_FROM = """
    FROM {people_then_cases}
    LEFT JOIN neighbourhoods n ON n.id = p.neighbourhood_id
    LEFT JOIN practices pr ON pr.id = p.practice_id
    LEFT JOIN members m ON m.id = c.key_worker_id
    LEFT JOIN referrals r ON r.case_id = c.id
"""
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows: text typed in the filter, status, neighbourhood and sort."""

    text: str = ""
    status: str | None = OPEN
    neighbourhood_id: int | None = None
    sort: str = "name"
    descending: bool = False


def match_expression(text: str) -> str | None:
    """An FTS5 query finding every word of ``text`` as a prefix; None when there is no word.

    Each word is quoted, so nothing typed can be read as FTS5 syntax.
    """
    words = _WORD.findall(text or "")
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


# How the text filter joins the rest of the query. Measured on 50,000 people: sorting every match
# costs 70 ms when a word matches nearly everyone ("999", "sk"), while walking the sort's index
# and stopping at the page's end costs 4-7 ms; walking the index for a rare word costs 7 ms
# where sorting its few matches costs 0.1 ms. So the plan follows how many people match.
_IN_MATCHES = "p.id IN (SELECT rowid FROM people_search WHERE people_search MATCH ?)"
_EACH_ROW_MATCHES = (
    "EXISTS (SELECT 1 FROM people_search s WHERE s.rowid = p.id AND people_search MATCH ?)"
)
_JOIN = "cases c JOIN people p ON p.id = c.person_id"
_PEOPLE_WALK = "people p INDEXED BY {} CROSS JOIN cases c ON c.person_id = p.id"
_CASES_WALK = "cases c INDEXED BY {} CROSS JOIN people p ON p.id = c.person_id"
# The sorts that can be read in order from an index, so that a page stops at its end.
_WALKS = {
    "name": _PEOPLE_WALK.format("people_by_name"),
    "nhs_number": _PEOPLE_WALK.format("sqlite_autoindex_people_1"),  # its UNIQUE constraint
    "date_of_birth": _PEOPLE_WALK.format("people_by_birth"),
    "postcode": _PEOPLE_WALK.format("people_by_postcode"),
    "status": _CASES_WALK.format("cases_by_status"),
    "next_review_on": _CASES_WALK.format("cases_by_review"),
}
# Undated reviews come last either way, so a descending review order mixes directions, which an
# index cannot be read in: walking it then costs seconds, sorting the matches milliseconds.
_ASCENDING_WALKS_ONLY = {"next_review_on"}
FEW_MATCHES = 300
NEARLY_ALL = 0.9


def _plan(
    db: Database | sqlite.Connection, query: CaseQuery, expression: str | None
) -> tuple[str, str]:
    """The text clause and the join order for one page of the case list."""
    walk = _WALKS.get(query.sort)
    if query.sort in _ASCENDING_WALKS_ONLY and query.descending:
        walk = None
    if expression is None or walk is None:
        return _IN_MATCHES, _JOIN
    matches = db.execute(
        "SELECT count(*) FROM people_search WHERE people_search MATCH ?", [expression]
    ).fetchone()[0]
    if matches <= FEW_MATCHES:
        return _IN_MATCHES, _JOIN
    people = db.execute("SELECT max(rowid) FROM people").fetchone()[0] or 1
    if matches >= NEARLY_ALL * people:
        return _EACH_ROW_MATCHES, walk
    return _IN_MATCHES, walk


def _where(query: CaseQuery, text_clause: str = _IN_MATCHES) -> tuple[str, list]:
    clauses, params = [], []
    expression = match_expression(query.text)
    if expression:
        clauses.append(text_clause)
        params.append(expression)
    if query.status == OPEN:
        clauses.append("c.status <> 'closed'")
    elif query.status is not None:
        clauses.append("c.status = ?")
        params.append(query.status)
    if query.neighbourhood_id == NO_NEIGHBOURHOOD:
        clauses.append("p.neighbourhood_id IS NULL")
    elif query.neighbourhood_id is not None:
        clauses.append("p.neighbourhood_id = ?")
        params.append(query.neighbourhood_id)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _order(query: CaseQuery) -> str:
    direction = "DESC" if query.descending else "ASC"
    return SORTS[query.sort].format(dir=direction) + f", c.id {direction}"


def count_cases(db: Database | sqlite.Connection, query: CaseQuery) -> int:
    """How many cases the query matches."""
    where, params = _where(query)
    if "p." not in where:
        return db.execute(f"SELECT count(*) FROM cases c {where}", params).fetchone()[0]
    return db.execute(f"SELECT count(*) FROM {_JOIN} {where}", params).fetchone()[0]


def fetch_cases(
    db: Database | sqlite.Connection, query: CaseQuery, offset: int, limit: int
) -> list[dict]:
    """One page of the case list, as dicts keyed by column name."""
    text_clause, join = _plan(db, query, match_expression(query.text))
    where, params = _where(query, text_clause)
    sql = (
        f"SELECT {_COLUMNS} {_FROM.format(people_then_cases=join)} {where} "
        f"ORDER BY {_order(query)} LIMIT ? OFFSET ?"
    )
    cursor = db.execute(sql, [*params, limit, offset])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def iter_cases(db: Database | sqlite.Connection, query: CaseQuery | None = None) -> Iterator[dict]:
    """Every case the query matches (all cases by default), streamed one at a time."""
    query = query or CaseQuery(status=ANY)
    where, params = _where(query)
    joins = _FROM.format(people_then_cases=_JOIN)
    sql = f"SELECT {_COLUMNS} {joins} {where} ORDER BY {_order(query)}"
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))
