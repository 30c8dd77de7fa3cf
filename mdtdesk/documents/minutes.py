"""The minutes of a meeting, as plain data (documents/model.py), in full or redacted.

The order follows issue 4: the meeting's title, date, time and place; who came; the quorum;
matters arising; each case in agenda order; any other business; the next meeting; every action
the meeting leaves behind, grouped by the owner's organisation. A closed meeting amended later
says when and why; a meeting not yet closed says it is a draft. The team's protective marking is
the Document's ``marking``, which the renderers print at the top and bottom of every page (a
copy in the body only repeated it).

Redacted minutes, for a wider circulation, name people by initials and the last three digits of
their NHS number, leave out dates of birth and addresses, and pass every piece of free text
through a Redactor built from the identifiers of everyone on the agenda. Members' names stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING

from mdtdesk.core import agenda, chair, meetings, objections
from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.driver import sqlite
from mdtdesk.core.meeting_record import (
    agenda_identities,
    amendments,
    leaving_actions,
    matters_arising_at,
    meeting_people,
    next_planned_meeting,
)
from mdtdesk.core.team_settings import protective_marking
from mdtdesk.core.vocabulary import ATTENDANCE, NOT_DONE_REASONS
from mdtdesk.documents.meeting_parts import (
    author,
    mdt_name,
    meeting_day,
    meeting_place,
    meeting_time,
    member,
    sentence,
    short_person,
)
from mdtdesk.documents.minutes_actions import raised_at_meeting, settled_here
from mdtdesk.documents.minutes_items import case_item, other_business
from mdtdesk.documents.model import Block, Document, Heading, PageBreak, Paragraph, Table
from mdtdesk.documents.redaction import Identity, Redactor

if TYPE_CHECKING:
    from sqlite_utils import Database

DRAFT = "Draft: not yet agreed"
REDACTED_NOTE = (
    "Redacted for wider circulation: people discussed are shown by their initials and the last "
    "three digits of their NHS number; dates of birth, addresses, phone numbers and postcodes "
    "are removed."
)
ATTENDANCE_ORDER = {"present": 0, "apologies": 1, "absent": 2}
NO_ORGANISATION = "Organisation not recorded"


def build_minutes(
    db: Database | sqlite.Connection, meeting_id: int, redacted: bool = False
) -> Document:
    """The minutes of a meeting; ``redacted`` for wider circulation. Raises NotFound when the
    meeting does not exist."""
    meeting = meetings.load_meeting(db, meeting_id)
    people = meeting_people(db, meeting_id)
    items = agenda.items(db, meeting_id)
    redact = _redactor(db, meeting_id) if redacted else _unchanged
    day = format_date(meeting.starts_at)
    title = f"Minutes of the {mdt_name(people['neighbourhood'])} meeting, {day}"
    subject = f"Minutes of the {mdt_name(people['neighbourhood'])}, {day}"
    if redacted:
        title += " (redacted)"
        subject += ", redacted for wider circulation"
    doc = Document(
        title=title, subject=subject, author=author(people), marking=protective_marking(db)
    )
    doc.add(*_title_area(db, meeting, people, redacted, redact))
    doc.add(*_attendance(db, meeting_id))
    doc.add(*_matters_arising(db, meeting, redacted, redact))

    cases = [item for item in items if item["case_id"] is not None]
    others = [item for item in items if item["case_id"] is None]
    doc.add(Heading("Cases discussed"))
    if not cases:
        doc.add(Paragraph("No cases were on the agenda."))
    numbers = {item["id"]: n for n, item in enumerate(items, start=1)}
    # Objections with no reason recorded: said in the minutes, never passed over in silence.
    unreasoned = {u.item_id: u for u in objections.without_reason(db, meeting_id)}
    day = meeting.starts_at.date()
    raised = raised_at_meeting(db, meeting_id)  # one query, not one per item
    for item in cases:
        here = raised.get(item["id"], [])
        objection = unreasoned.get(item["id"])
        doc.add(*case_item(numbers[item["id"]], item, here, redacted, redact, objection, day))
    doc.add(Heading("Any other business"))
    if not others:
        doc.add(Paragraph("None."))
    for item in others:
        doc.add(*other_business(numbers[item["id"]], item, redact))
    doc.add(Heading("Next meeting"), Paragraph(_next_meeting(db, meeting_id)))
    doc.add(*_actions_by_organisation(db, meeting_id, settled_here(raised), redacted, redact))
    return doc


def _unchanged(text: str | None) -> str | None:
    return text


def _redactor(db: Database | sqlite.Connection, meeting_id: int) -> Callable:
    """The redactor for everyone on the agenda, with every identifier the register holds."""
    identities = [
        Identity(
            given_name=p["given_name"],
            family_name=p["family_name"],
            nhs_number=p["nhs_number"],
            date_of_birth=p["date_of_birth"],
            postcode=p["postcode"],
            phone=p["phone"],
        )
        for p in agenda_identities(db, meeting_id)
    ]
    return Redactor(identities).redact


def _title_area(db, meeting, people: dict, redacted: bool, redact: Callable) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(meeting_day(meeting.starts_at), label="Date"),
        Paragraph(meeting_time(meeting), label="Time"),
        Paragraph(meeting_place(meeting.venue, meeting.is_virtual), label="Venue"),
        Paragraph(member(people["chair"], people["chair_role"]), label="Chair"),
        Paragraph(
            member(people["minute_taker"], people["minute_taker_role"]), label="Minutes taken by"
        ),
    ]
    if meeting.status != "closed":
        blocks.append(Paragraph(DRAFT, style="emphasis"))
    for when, reason in amendments(db, meeting.id):
        local = when.astimezone()
        blocks.append(
            Paragraph(
                f"Amended on {format_date(local.date())} at {format_time(local)}: {redact(reason)}",
                style="note",
            )
        )
    if redacted:
        blocks.append(Paragraph(REDACTED_NOTE, style="note"))
    return blocks


def _attendance(db, meeting_id: int) -> list[Block]:
    """Who came, who sent apologies, who deputised for whom; then the quorum."""
    rows = sorted(
        meetings.attendance(db, meeting_id),
        key=lambda a: (ATTENDANCE_ORDER.get(a["status"], 3), a["name"].casefold()),
    )
    blocks: list[Block] = [Heading("Attendance")]
    if rows:
        table = []
        for a in rows:
            status = ATTENDANCE.get(a["status"], a["status"])
            if a["deputy_for"]:
                status += f", deputising for {member(a['deputy_for'], a['deputy_for_role'])}"
            table.append(
                (a["name"], sentence(a["role"]), a["organisation"] or "Not recorded", status)
            )
        blocks.append(
            Table(("Name", "Role", "Organisation", "Attendance"), tuple(table), (3, 2.5, 3.5, 3))
        )
    else:
        blocks.append(Paragraph("No attendance was recorded."))
    statement = meetings.quorum(db, meeting_id).statement()
    blocks.append(Paragraph(statement))
    return blocks


def _matters_arising(db, meeting, redacted: bool, redact: Callable) -> list[Block]:
    """Actions from earlier meetings for the cases on this agenda, and what became of them."""
    arising = matters_arising_at(db, meeting.id)
    blocks: list[Block] = [Heading("Matters arising")]
    if not arising:
        blocks.append(Paragraph("No actions were outstanding from earlier meetings."))
        return blocks
    rows = tuple(
        (
            short_person(a, redacted),
            redact(a["description"]),
            member(a["owner"], a["owner_role"]),
            format_date(a["raised_on"]),
            _what_became(a, redact, meeting.starts_at.date()),
        )
        for a in arising
    )
    header = ("Person", "Action", "Owner", "Raised on", "What became of it")
    blocks.append(Table(header, rows, (3, 3.6, 2.6, 1.8, 3)))
    return blocks


def _what_became(action: dict, redact: Callable, day: dt.date) -> str:
    """The meeting's answer on an earlier action, in words, as at the meeting's ``day``."""
    review = action["review"]
    if review == "done":
        return "Done."
    if review == "carried_on":
        due = action["due_on"]
        if not due:
            return "Carried on."
        # A due date already past at the meeting is overdue, not "now due".
        when = "overdue since" if dt.date.fromisoformat(due[:10]) < day else "now due"
        return f"Carried on, {when} {format_date(due)}."
    if review == "not_done":
        reason = redact(NOT_DONE_REASONS.get(action["review_reason"], action["review_reason"]))
        return f"Not done: {reason[0].lower()}{reason[1:]}." if reason else "Not done."
    if review == "closed_before":
        on = format_date(action["left_open_on"])
        if action["status"] == "done":
            return f"Done on {on}, before this meeting."
        reason = action["not_done_reason"]
        reason = redact(NOT_DONE_REASONS.get(reason, reason)) if reason else None
        said = f": {reason[0].lower()}{reason[1:]}" if reason else ""
        return f"Not done{said} (recorded {on}, before this meeting)."
    return "Not reviewed at this meeting; still open."


def _next_meeting(db, meeting_id: int) -> str:
    """The next meeting's day, time and place when planned; otherwise "to be arranged", with
    the day the neighbourhood's usual rhythm suggests."""
    planned = next_planned_meeting(db, meeting_id)
    if planned:
        when = planned["starts_at"]
        place = meeting_place(planned["venue"], planned["is_virtual"])
        return f"{meeting_day(when)} at {format_time(when)}, {place}."
    expected = chair.next_meeting_date(db, meeting_id)
    return f"To be arranged (expected around {format_date(expected)})."


def _actions_by_organisation(
    db, meeting_id: int, settled: set[int], redacted: bool, redact: Callable
) -> list[Block]:
    """Every action the meeting leaves behind, grouped by the owner's organisation, so each
    organisation can find its own list. An action raised and settled at the meeting (``settled``,
    ids) is not work left behind: its item's New actions say what became of it."""
    leaving = [a for a in leaving_actions(db, meeting_id) if a["id"] not in settled]
    blocks: list[Block] = [PageBreak(), Heading("Actions by organisation")]
    if not leaving:
        blocks.append(Paragraph("This meeting left no actions open."))
        return blocks

    def organisation(action: dict) -> str:
        return action["organisation"] or NO_ORGANISATION

    ordered = sorted(
        leaving,
        key=lambda a: (organisation(a) == NO_ORGANISATION, organisation(a).casefold()),
    )
    header = ("Person", "Action", "Owner", "Due", "Raised at")
    for name, group in groupby(ordered, key=organisation):
        rows = tuple(
            (
                short_person(a, redacted),
                redact(a["description"]),
                member(a["owner"], a["owner_role"]),
                format_date(a["due_on"]) or "No date",
                "This meeting" if a["raised_here"] else "Earlier meeting",
            )
            for a in group
        )
        blocks += [Heading(name, level=2), Table(header, rows, (3, 3.6, 2.6, 1.8, 1.8))]
    return blocks
