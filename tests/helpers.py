"""Small builders for tests: valid synthetic NHS numbers and case records."""

from __future__ import annotations

import datetime as dt
from itertools import count

from mdtdesk.core.nhs_number import check_digit
from mdtdesk.core.register import CaseRecord, Person, Referral


def nhs(n: int) -> str:
    """The n-th valid NHS number of the 999 test range (n from 0)."""
    found = -1
    for base in count():
        stem = f"999{base:06d}"
        digit = check_digit(stem)
        if digit is not None and len(set(stem + str(digit))) > 1:
            found += 1
            if found == n:
                return stem + str(digit)
    raise AssertionError("unreachable")


def record(n: int = 0, **person) -> CaseRecord:
    """A valid new case record for a synthetic person; ``person`` overrides their fields."""
    fields = {
        "nhs_number": nhs(n),
        "given_name": "Mona",
        "family_name": f"Ashworth{n}" if n else "Ashworth",
        "date_of_birth": dt.date(1938, 3, 4),
        "postcode": "SK3 9AB",
        "conditions": "COPD; heart failure",
    } | person
    return CaseRecord(
        person=Person(**fields),
        referral=Referral(
            referred_on=dt.date(2026, 11, 1),
            referrer="Dr A. Patel, GP",
            question="Can she stay safely at home with more support?",
        ),
    )


TEAM = [
    ("Dr Aisha Patel", "GP"),
    ("Siân Evans", "District nurse"),
    ("Tom Kershaw", "Social worker"),
    ("Mary O'Brien", "Pharmacist"),
    ("Joe Wright", "Care coordinator"),
]


def build_team(db, today: dt.date, people: int = 4):
    """A neighbourhood with five core members and ``people`` referred cases (the last objected to
    information sharing). Returns (neighbourhood id, {role: member id}, [case ids])."""
    from mdtdesk.core.register import save_case_record

    hood = db["neighbourhoods"].insert({"name": "Stockport West"}).last_pk
    org = db["organisations"].insert({"name": "Stockport Council", "kind": "council"}).last_pk
    members = {
        role: db["members"]
        .insert({"name": name, "role": role, "organisation_id": org, "is_core": 1})
        .last_pk
        for name, role in TEAM
    }
    cases = []
    for n in range(people):
        rec = record(n, neighbourhood_id=hood)
        if n == people - 1:
            rec.person.info_sharing = "objected"
            rec.person.info_sharing_on = today
            rec.person.info_sharing_recorded_by = "Nurse Evans"
        cases.append(save_case_record(db, "chair", rec, today).case_id)
    return hood, members, cases


def plan_meeting(db, hood: int, day: dt.date, venue: str = "Heaton Moor Hub") -> int:
    """A 2pm meeting of the neighbourhood on ``day``; returns its id."""
    from mdtdesk.core import meetings

    when = dt.datetime.combine(day, dt.time(14, 0))
    return meetings.save_meeting(
        db, "chair", meetings.Meeting(neighbourhood_id=hood, starts_at=when, venue=venue)
    )


def pdf_text(path) -> str:
    """Every page's text of a PDF, as pypdf reads it."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path) -> str:
    """A DOCX's words: paragraphs, table cells, and every header and footer."""
    from docx import Document as open_docx

    document = open_docx(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)
