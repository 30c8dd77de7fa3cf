"""The agenda sent out before a meeting, as plain data (documents/model.py): when and where, then
one row per item with its planned start time (the meeting's start plus the minutes allowed to
the items before it), the person or the title, the kind of item, who presents it, its minutes and
the question for the MDT; then the planned total against the meeting's length.

The agenda goes to the MDT's members, who need to find the records before the meeting: people
are named in full, with their NHS number.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from mdtdesk.core import agenda, meetings
from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.driver import sqlite
from mdtdesk.core.meeting_record import meeting_people
from mdtdesk.core.team_settings import protective_marking
from mdtdesk.core.vocabulary import AGENDA_KINDS
from mdtdesk.documents.meeting_parts import (
    author,
    mdt_name,
    meeting_day,
    meeting_place,
    meeting_time,
    member,
    short_person,
)
from mdtdesk.documents.model import Block, Bullets, Document, Heading, Paragraph, Table

if TYPE_CHECKING:
    from sqlite_utils import Database

HEADER = ("Time", "No.", "Person or item", "Kind", "Presenter", "Mins", "Question for the MDT")
# Wide enough that "12:45pm", "No." and "Mins" never break inside a word (looked at as PDF).
WIDTHS = (1.6, 0.9, 3.2, 1.7, 2.1, 1.1, 3.8)


def start_times(starts_at: dt.datetime, items: list[dict]) -> list[dt.datetime]:
    """When each item is planned to start: the meeting's start plus the minutes allowed to the
    items before it."""
    times, at = [], starts_at
    for item in items:
        times.append(at)
        at += dt.timedelta(minutes=item["minutes_allowed"])
    return times


def build_agenda(db: Database | sqlite.Connection, meeting_id: int) -> Document:
    """The agenda of a meeting. Raises NotFound when the meeting does not exist."""
    meeting = meetings.load_meeting(db, meeting_id)
    people = meeting_people(db, meeting_id)
    items = agenda.items(db, meeting_id)
    mdt, day = mdt_name(people["neighbourhood"]), format_date(meeting.starts_at)
    doc = Document(
        title=f"Agenda of the {mdt} meeting, {day}",
        subject=f"Agenda of the {mdt}, {day}",
        author=author(people),
        marking=protective_marking(db),
    )
    doc.add(
        Paragraph(meeting_day(meeting.starts_at), label="Date"),
        Paragraph(meeting_time(meeting), label="Time"),
        Paragraph(meeting_place(meeting.venue, meeting.is_virtual), label="Venue"),
        Paragraph(member(people["chair"], people["chair_role"]), label="Chair"),
        Paragraph(
            member(people["minute_taker"], people["minute_taker_role"]), label="Minutes taken by"
        ),
        Heading("Items"),
    )
    if not items:
        doc.add(Paragraph("No items are on the agenda yet."))
    else:
        rows = tuple(
            (
                format_time(at),
                str(number),
                short_person(item, redacted=False) if item["case_id"] else item["title"] or "",
                AGENDA_KINDS.get(item["kind"], item["kind"]),
                item["presenter"] or "",
                str(item["minutes_allowed"]),
                item["question"] or "",
            )
            for number, (item, at) in enumerate(
                zip(items, start_times(meeting.starts_at, items), strict=True), start=1
            )
        )
        doc.add(Table(HEADER, rows, WIDTHS))
    doc.add(_total(db, meeting_id, meeting))
    doc.add(*_apologies(db, meeting_id))
    return doc


def _total(db, meeting_id: int, meeting: meetings.Meeting) -> Paragraph:
    """The minutes the items take against the minutes the meeting has, and when it would end."""
    allowed, planned = agenda.planned_minutes(db, meeting_id)
    ends = format_time(meeting.starts_at + dt.timedelta(minutes=allowed))
    if allowed > planned:
        text = (
            f"The items take {_minutes(allowed)}, {allowed - planned} more than the {planned} "
            f"planned: the meeting would end at {ends}."
        )
    else:
        text = f"The items take {allowed} of the {_minutes(planned)} planned, ending at {ends}."
    return Paragraph(text, label="Planned time")


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def _apologies(db, meeting_id: int) -> list[Block]:
    """Apologies already received, so the chair can see who will be missing."""
    sent = [a for a in meetings.attendance(db, meeting_id) if a["status"] == "apologies"]
    if not sent:
        return []
    names = tuple(
        f"{a['name']}, {a['role']}, {a['organisation']}"
        if a["organisation"]
        else f"{a['name']}, {a['role']}"
        for a in sent
    )
    return [Heading("Apologies received"), Bullets(names)]
