"""The case register: a person, their case and its referral, saved together.

Every write here runs in one transaction with its audit rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from mdtdesk.core import nhs_number
from mdtdesk.core.case_closing import (
    ACTIONS_ONLY_AT_CLOSING,
    ActionDecision,
    decide_open_actions,
)
from mdtdesk.core.db import write_transaction
from mdtdesk.core.errors import NotFound, ValidationError
from mdtdesk.core.postcode import normalise_postcode
from mdtdesk.core.records import save_row
from mdtdesk.core.vocabulary import CASE_STATUSES, CLOSED_REASONS, INFO_SHARING, URGENCIES

MAX_NAME = 100
MAX_TEXT = 20_000
EARLIEST_BIRTH = dt.date(1900, 1, 1)


@dataclass
class Person:
    """Who the case is about. Field names are the ``people`` columns."""

    nhs_number: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date | None = None
    title: str | None = None
    sex: str | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    practice_id: int | None = None
    neighbourhood_id: int | None = None
    conditions: str | None = None
    frailty_score: int | None = None
    lives_alone: bool = False
    carer: str | None = None
    communication_needs: str | None = None
    info_sharing: str = "not_recorded"
    info_sharing_on: dt.date | None = None
    info_sharing_recorded_by: str | None = None
    id: int | None = None


@dataclass
class Referral:
    """How the case started, with the SBAR summary and the question for the MDT."""

    referred_on: dt.date | None = None
    referrer: str | None = None
    reason: str | None = None
    question: str | None = None
    urgency: str = "routine"
    situation: str | None = None
    background: str | None = None
    assessment: str | None = None
    recommendation: str | None = None


@dataclass
class CaseRecord:
    """One case on the register as the case form shows it."""

    person: Person = field(default_factory=Person)
    referral: Referral = field(default_factory=Referral)
    status: str = "referred"
    closed_reason: str | None = None
    closed_on: dt.date | None = None
    key_worker_id: int | None = None
    next_review_on: dt.date | None = None
    opened_on: dt.date | None = None
    case_id: int | None = None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate(record: CaseRecord, today: dt.date | None = None) -> dict[str, str]:
    """Check a case record; return a message per field in trouble (empty when all is well).

    Tidies the NHS number and postcode in place when they are valid.
    """
    today = today or dt.date.today()
    person, referral = record.person, record.referral
    problems: dict[str, str] = {}

    try:
        person.nhs_number = nhs_number.parse(person.nhs_number)
    except nhs_number.InvalidNHSNumber as exc:
        problems["nhs_number"] = str(exc)
    for name, label in (("given_name", "given name"), ("family_name", "family name")):
        value = getattr(person, name)
        if _blank(value):
            problems[name] = f"Enter the {label}."
        elif len(value) > MAX_NAME:
            problems[name] = f"The {label} is longer than {MAX_NAME} characters."
        else:
            setattr(person, name, value.strip())
    if person.date_of_birth is None:
        problems["date_of_birth"] = "Enter the date of birth."
    elif person.date_of_birth > today:
        problems["date_of_birth"] = "The date of birth is in the future."
    elif person.date_of_birth < EARLIEST_BIRTH:
        problems["date_of_birth"] = "The date of birth is before 1900: check the year."
    if not _blank(person.postcode):
        try:
            person.postcode = normalise_postcode(person.postcode)
        except ValueError as exc:
            problems["postcode"] = str(exc)
    if person.frailty_score is not None and not 1 <= person.frailty_score <= 9:
        problems["frailty_score"] = "The Clinical Frailty Scale runs from 1 to 9."
    if person.info_sharing not in INFO_SHARING:
        problems["info_sharing"] = "Choose the information-sharing status."
    elif person.info_sharing != "not_recorded":
        if person.info_sharing_on is None:
            problems["info_sharing_on"] = "Enter the date this was recorded."
        elif person.info_sharing_on > today:
            problems["info_sharing_on"] = "This date is in the future."
        if _blank(person.info_sharing_recorded_by):
            problems["info_sharing_recorded_by"] = "Enter who recorded it."

    if referral.referred_on is None:
        problems["referred_on"] = "Enter the date of referral."
    elif referral.referred_on > today:
        problems["referred_on"] = "The referral date is in the future."
    if referral.urgency not in URGENCIES:
        problems["urgency"] = "Choose the urgency."
    texts = [("conditions", person.conditions), ("address", person.address)]
    texts += [(f.name, getattr(referral, f.name)) for f in fields(Referral)]
    for name, value in texts:
        if isinstance(value, str) and len(value) > MAX_TEXT:
            problems[name] = f"This is longer than {MAX_TEXT:,} characters: shorten it."

    if record.status not in CASE_STATUSES:
        problems["status"] = "Choose the case status."
    elif record.status == "closed" and record.closed_reason not in CLOSED_REASONS:
        problems["closed_reason"] = "Choose why the case is closing."
    return problems


def _tidy(text: str) -> str | None:
    """Stored text: one newline convention, no surrounding space, None for nothing."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip() or None


def _person_row(person: Person) -> dict:
    row = asdict(person)
    row.pop("id")
    row["lives_alone"] = int(bool(person.lives_alone))
    for key in ("date_of_birth", "info_sharing_on"):
        row[key] = row[key].isoformat() if row[key] else None
    for key, value in row.items():
        if isinstance(value, str):
            row[key] = _tidy(value)
    if person.info_sharing == "not_recorded":
        row["info_sharing_on"] = row["info_sharing_recorded_by"] = None
    return row


def _referral_row(referral: Referral) -> dict:
    row = asdict(referral)
    row["referred_on"] = referral.referred_on.isoformat() if referral.referred_on else None
    return {k: _tidy(v) if isinstance(v, str) else v for k, v in row.items()}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def save_case_record(
    db: Database,
    actor: str,
    record: CaseRecord,
    today: dt.date | None = None,
    action_decisions: Sequence[ActionDecision] = (),
) -> CaseRecord:
    """Create or update a person, their case and its referral in one audited transaction.

    A new case for someone already on the register (matched on NHS number) updates that person
    and, when they have no open case, opens a new one; it never duplicates them. Raises
    ValidationError with a message per field. Returns the record with its ids filled in.

    Closing a case that has open actions needs ``action_decisions``, one for each of them (see
    ``case_closing.decide_open_actions``; done is dated ``today``): without them the save is
    refused with OpenActionsOnClosing, which lists the actions, and nothing is changed.
    """
    today = today or dt.date.today()
    problems = validate(record, today)
    if problems:
        raise ValidationError(problems)
    person = record.person
    adopting = False
    with write_transaction(db):
        same_number = db.execute(
            "SELECT id FROM people WHERE nhs_number = ?",
            [person.nhs_number],
        ).fetchone()
        if person.id is None and same_number is not None:
            open_case = db.execute(
                "SELECT id FROM cases WHERE person_id = ? AND status <> 'closed'",
                [same_number[0]],
            ).fetchone()
            if open_case is not None and open_case[0] != record.case_id:
                # Named by neither name nor number: the message can reach the log, and the
                # case form says who it is as soon as the number is typed.
                raise ValidationError(
                    {
                        "nhs_number": "Someone on the register with this NHS number already "
                        "has an open case. Find them in the case list instead."
                    }
                )
            person.id = same_number[0]
            adopting = True
        elif person.id is not None and same_number is not None and same_number[0] != person.id:
            raise ValidationError(
                {
                    "nhs_number": "This NHS number belongs to someone else on the register. "
                    "Check the number."
                }
            )
        row = _person_row(person)
        if adopting:
            row = _keep_what_is_known(row)
        person.id = save_row(db, actor, "people", person.id, row)
        case_id = _save_case(db, actor, record, today, action_decisions)
        referral_id = db.execute("SELECT id FROM referrals WHERE case_id = ?", [case_id]).fetchone()
        save_row(
            db,
            actor,
            "referrals",
            referral_id[0] if referral_id else None,
            _referral_row(record.referral) | {"case_id": case_id},
        )
    return load_case_record(db, case_id)


def _keep_what_is_known(row: dict) -> dict:
    """A new referral for someone already on the register changes only what it fills in.

    Blank fields keep the record's values, and information sharing never steps back to "not
    recorded": losing a recorded objection would let the person reach an agenda unflagged.
    """
    kept = {k: v for k, v in row.items() if v is not None and not (k == "lives_alone" and not v)}
    if kept.get("info_sharing") == "not_recorded":
        for key in ("info_sharing", "info_sharing_on", "info_sharing_recorded_by"):
            kept.pop(key, None)
    return kept


def find_person(db: Database, number: str) -> tuple[Person, bool] | None:
    """The person with this NHS number, and whether they have an open case; None if unknown."""
    row = next(db["people"].rows_where("nhs_number = ?", [number]), None)
    if row is None:
        return None
    has_open = db.execute(
        "SELECT 1 FROM cases WHERE person_id = ? AND status <> 'closed'", [row["id"]]
    ).fetchone()
    return _person_from_row(row), has_open is not None


def _person_from_row(row: dict) -> Person:
    person = Person(**{f.name: row[f.name] for f in fields(Person)})
    person.date_of_birth = _date(row["date_of_birth"])
    person.info_sharing_on = _date(row["info_sharing_on"])
    person.lives_alone = bool(row["lives_alone"])
    return person


def _save_case(
    db: Database,
    actor: str,
    record: CaseRecord,
    today: dt.date,
    action_decisions: Sequence[ActionDecision],
) -> int:
    row = {
        "person_id": record.person.id,
        "status": record.status,
        "key_worker_id": record.key_worker_id,
        "next_review_on": _iso(record.next_review_on),
    }
    if record.case_id is None:
        row["opened_on"] = _iso(record.opened_on or record.referral.referred_on or today)
        current = None
    else:
        current = db.execute("SELECT status FROM cases WHERE id = ?", [record.case_id]).fetchone()
        if current is None:
            raise NotFound("This case no longer exists. Reload the case list.")
        if current[0] == "closed" and record.status != "closed":
            raise ValidationError(
                {
                    "status": "A closed case cannot be reopened. Add a new referral for "
                    "this person instead."
                }
            )
    closing = current is not None and current[0] != "closed" and record.status == "closed"
    if closing:
        decide_open_actions(db, actor, record.case_id, action_decisions, today)
    elif action_decisions:
        raise ValidationError({"status": ACTIONS_ONLY_AT_CLOSING})
    if record.status == "closed":
        row["closed_reason"] = record.closed_reason
        row["next_review_on"] = None  # a closed case is not reviewed
        already_closed = current is not None and current[0] == "closed"
        if not already_closed:
            row["closed_on"] = _iso(today)
    else:
        row["closed_reason"] = None
    return save_row(db, actor, "cases", record.case_id, row)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load_case_record(db: Database, case_id: int) -> CaseRecord:
    """Read one case, its person and its referral. Raises NotFound when it does not exist."""
    try:
        case = db["cases"].get(case_id)
    except NotFoundError as exc:
        raise NotFound("This case no longer exists. Reload the case list.") from exc
    person = _person_from_row(db["people"].get(case["person_id"]))
    rrow = next(db["referrals"].rows_where("case_id = ?", [case_id]), None)
    referral = Referral()
    if rrow:
        referral = Referral(**{f.name: rrow[f.name] for f in fields(Referral)})
        referral.referred_on = _date(rrow["referred_on"])
    return CaseRecord(
        person=person,
        referral=referral,
        status=case["status"],
        closed_reason=case["closed_reason"],
        closed_on=_date(case["closed_on"]),
        key_worker_id=case["key_worker_id"],
        next_review_on=_date(case["next_review_on"]),
        opened_on=_date(case["opened_on"]),
        case_id=case_id,
    )
