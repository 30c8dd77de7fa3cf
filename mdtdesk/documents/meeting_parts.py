"""Words the meeting documents (minutes and agenda) share: how a meeting's day, time and place are
written, how a person on the agenda is named in full or redacted, and who a member is."""

from __future__ import annotations

import datetime as dt

from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.identifiers import initials, nhs_tail
from mdtdesk.core.meetings import Meeting
from mdtdesk.core.nhs_number import format_nhs_number

NO_AUTHOR = "mdtdesk"


def meeting_day(starts_at: dt.datetime) -> str:
    """ "Tuesday 24 November 2026"."""
    return f"{starts_at:%A} {format_date(starts_at)}"


def meeting_time(meeting: Meeting) -> str:
    """ "2pm to 3:30pm": the start and the planned end."""
    ends = meeting.starts_at + dt.timedelta(minutes=meeting.planned_minutes)
    return f"{format_time(meeting.starts_at)} to {format_time(ends)}"


def meeting_place(venue: str | None, is_virtual: bool) -> str:
    """The venue, or "Virtual" (with the platform, when one was typed as the venue)."""
    if is_virtual:
        return f"Virtual ({venue})" if venue else "Virtual"
    return venue or "Venue to be confirmed"


def mdt_name(neighbourhood: str) -> str:
    """ "Stockport West neighbourhood MDT"."""
    return f"{neighbourhood} neighbourhood MDT"


def author(people: dict) -> str:
    """Who the file names as its author: the meeting's chair, or mdtdesk when none is set."""
    return people.get("chair") or NO_AUTHOR


def member(name: str | None, role: str | None) -> str:
    """ "Siân Evans, District nurse"; "Not recorded" when there is no one."""
    if not name:
        return "Not recorded"
    return f"{name}, {role}" if role else name


def sentence(text: str | None) -> str:
    """``text`` with a capital first letter, as a table cell starts ("Social worker"); roles are
    stored as typed, often in lower case to sit inside a sentence."""
    return f"{text[0].upper()}{text[1:]}" if text else ""


def full_name(row: dict) -> str:
    """The person's name as the register holds it."""
    return f"{row['given_name']} {row['family_name']}"


def short_person(row: dict, redacted: bool) -> str:
    """The person in a table cell: name and NHS number in full ("Mona Ashworth, 999 000 0000")
    or, redacted, initials and the number's last three digits ("M.A., NHS …567")."""
    if redacted:
        return f"{initials(row['given_name'], row['family_name'])}, {nhs_tail(row['nhs_number'])}"
    return f"{full_name(row)}, {format_nhs_number(row['nhs_number'])}"


def heading_person(row: dict, redacted: bool) -> str:
    """The person in an item's heading: the name, or their initials when redacted."""
    return initials(row["given_name"], row["family_name"]) if redacted else full_name(row)


def identifiers(row: dict, redacted: bool) -> str:
    """The line under an item's heading. In full, the NHS number and date of birth; redacted,
    the last three digits of the NHS number only (no date of birth, no address)."""
    if redacted:
        return nhs_tail(row["nhs_number"])
    born = format_date(row["date_of_birth"]) or "not recorded"
    return f"NHS number {format_nhs_number(row['nhs_number'])}, date of birth {born}"
