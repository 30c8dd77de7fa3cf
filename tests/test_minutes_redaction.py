"""The redaction proof: identifiers of everyone on the agenda typed into every free-text field of
a meeting, in the ways a chair types them, and none survives in the redacted minutes.

``identifying_meeting`` and ``survivors`` are shared with the tests of the rendered files (PDF and
DOCX), which repeat the proof on the text taken out of each file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from unittest import mock

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.register import save_case_record
from mdtdesk.documents.minutes import build_minutes
from mdtdesk.documents.redaction import fold
from tests.helpers import TEAM, build_team, nhs, plan_meeting, record

TODAY = dt.date(2026, 11, 23)


@dataclass(frozen=True)
class Someone:
    """A person put on the agenda, with every identifier the register holds."""

    title: str
    given: str
    family: str
    nhs_number: str
    born: dt.date
    postcode: str
    phone: str

    def typed(self) -> str:
        """Every identifier of this person, in the forms people type them."""
        n, b = self.nhs_number, self.born
        return " ".join(
            [
                f"{self.given} said {self.family.upper()} is the name on the door;",
                f"{self.title.upper()} {self.family.upper()} / {self.family.lower()} /",
                f"{fold(self.given)} {fold(self.family).replace('-', ' ')}.",
                f"NHS {n[:3]} {n[3:6]} {n[6:]} or {n} or {n[:3]}-{n[3:6]}-{n[6:]}",
                f"or {n[:3]} - {n[3:6]} - {n[6:]} or {n[:3]}.{n[3:6]}.{n[6:]}.",
                f"Born {b.day}/{b.month}/{b.year % 100:02d}, {b:%d.%m.%Y}, {b:%d/%m/%Y},",
                f"{b.day} {b:%B %Y}, {b.day}th {b:%B %Y}, {b:%b} {b.day}, {b.year}, {b:%Y-%m-%d},",
                f"{b:%d-%b-%Y}.",
                f"Lives at {self.postcode.replace(' ', '')} ({self.postcode.lower()}),",
                f"phone {self.phone} or {self.phone.replace(' ', '')}",
                f"or ({self.phone[:4]}) {self.phone[5:]}.",
            ]
        )


PEOPLE = (
    Someone(
        "Mrs", "Mona", "Ashworth-Smith", nhs(0), dt.date(1938, 3, 4), "SK3 9AB", "0161 496 0123"
    ),
    Someone("Ms", "Siân", "Llewellyn", nhs(1), dt.date(1941, 11, 23), "SK4 2QT", "07700 900456"),
    Someone("Mr", "Łukasz", "Wójcik", nhs(2), dt.date(1950, 1, 9), "M19 2AB", "0161 496 0999"),
)


def chatter(*extra: str) -> str:
    """Free text naming everyone on the agenda in every form."""
    return " ".join([*extra, *(person.typed() for person in PEOPLE)])


def identifying_meeting(db) -> int:
    """A closed, amended meeting of three people (the last objected to sharing) whose every
    free-text field names all three, with an earlier meeting's actions as matters arising."""
    hood, members, _ = build_team(db, TODAY, people=0)
    cases = []
    for n, p in enumerate(PEOPLE):
        rec = record(
            n,
            title=p.title,
            given_name=p.given,
            family_name=p.family,
            date_of_birth=p.born,
            postcode=p.postcode,
            phone=p.phone,
            neighbourhood_id=hood,
        )
        rec.referral.question = chatter("Question:")
        if n == 2:
            rec.person.info_sharing = "objected"
            rec.person.info_sharing_on = TODAY
            rec.person.info_sharing_recorded_by = "Nurse Evans"
        cases.append(save_case_record(db, "chair", rec, TODAY).case_id)
    gp, nurse = members["GP"], members["District nurse"]

    first = plan_meeting(db, hood, TODAY - dt.timedelta(days=14))
    earlier = agenda.add_item(db, "chair", first, cases[0], "new_referral")
    kept = actions.add_action(db, "chair", earlier, chatter("Earlier:"), gp, TODAY)
    dropped = actions.add_action(db, "chair", earlier, chatter("Dropped:"), nurse, TODAY)
    carried = actions.add_action(db, "chair", earlier, chatter("Carried:"), nurse, TODAY)
    agenda.set_item_status(db, "chair", earlier, "discussed")
    meetings.close_meeting(db, "chair", first)
    # Dropped between the meetings (the audit dates it: the audit cannot be rewritten, so the
    # clock is set back), with a typed reason on the action itself as the demo and older data
    # keep it: the minutes show that reason too.
    between = f"{TODAY - dt.timedelta(days=7)}T10:00:00+00:00"
    with mock.patch("mdtdesk.core.audit.now", return_value=between):
        actions.mark_not_done(db, "chair", dropped, "other")
    db["actions"].update(dropped, {"not_done_reason": chatter("Why:")})

    meeting = plan_meeting(db, hood, TODAY)
    meetings.set_attendance(db, "chair", meeting, gp, "present")
    items = [
        agenda.add_item(db, "chair", meeting, case, kind, presenter_id=nurse, **extra)
        for case, kind, extra in (
            (cases[0], "review", {}),
            (cases[1], "new_referral", {}),
            (cases[2], "review", {"sharing_override_reason": chatter("Override:")}),
        )
    ]
    aob = agenda.add_item(db, "chair", meeting, None, "any_other_business", title=chatter("AOB"))
    for n, item in enumerate(items):
        values = {
            field: chatter(f"{field}:")
            for field in ("situation", "notes", "what_matters", "who_tells_person")
        }
        values["no_decision_reason" if n == 1 else "decision"] = chatter("Outcome:")
        agenda.save_discussion(db, "chair", item, values)
        actions.add_action(db, "chair", item, chatter("New:"), gp, TODAY + dt.timedelta(days=7))
        agenda.set_outcome(db, "chair", item, next_review_on=TODAY + dt.timedelta(days=28))
        agenda.set_item_status(db, "chair", item, "discussed")
    agenda.save_discussion(db, "chair", aob, {"notes": chatter("AOB notes:")})
    agenda.set_item_status(db, "chair", aob, "discussed")
    actions.review_action(db, "chair", meeting, kept, "done")
    actions.review_action(db, "chair", meeting, carried, "carried_on")
    meetings.close_meeting(db, "chair", meeting)
    agenda.save_discussion(
        db, "chair", items[0], {"decision": chatter("Amended:")}, reason=chatter("Reason:")
    )
    return meeting


def survivors(text: str) -> list[str]:
    """Every identifier of anyone on the agenda still in ``text`` (accents and case ignored):
    names, the NHS number spaced or not, the date of birth in any typed form and its year, the
    postcode with or without its space, the phone number. Members' names are allowed, and the
    team has a Siân too, so they are taken out first."""
    for name, _ in TEAM:
        text = text.replace(name, "[member]")
    folded = fold(text)
    squeezed = re.sub(r"[\s\-./]", "", folded)
    digits = re.sub(r"\D", "", folded)  # numbers however they were typed
    found = []
    for p in PEOPLE:
        for name in re.split(r"[\s\-]+", f"{p.given} {p.family}"):
            if re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded):
                found.append(name)
        for number in (p.nhs_number, re.sub(r"\D", "", p.phone)):
            if number in digits:
                found.append(number)
        if fold(p.postcode.replace(" ", "")) in squeezed:
            found.append(p.postcode)
        b = p.born
        # The year catches every form that spells it in full; the meeting may fall on the
        # birthday, so a day and month alone are allowed.
        for form in (str(b.year), f"{b.day}/{b.month}/{b:%y}", f"{b:%d/%m/%y}", f"{b:%d.%m.%y}"):
            if re.search(rf"(?<![\w/.]){re.escape(form)}(?![\w/.])", folded):
                found.append(form)
    return found


def test_the_fixture_really_types_every_identifier_everywhere(db):
    meeting = identifying_meeting(db)
    # Unredacted, the minutes are full of identifiers: the proof below is not vacuous.
    full = build_minutes(db, meeting).text()
    assert set(survivors(full)) >= {"Mona", "Wójcik", nhs(1), "1938", "SK3 9AB", "4/3/38"}


def test_no_identifier_of_anyone_on_the_agenda_survives_redaction(db):
    meeting = identifying_meeting(db)
    doc = build_minutes(db, meeting, redacted=True)
    text = doc.text()
    assert survivors(text) == [], text
    # Every field was there to be redacted: the markers show where identifiers were.
    for label in ("Question for the MDT", "Situation", "Discussion", "Decision", "No decision"):
        assert f"\n{label}: " in text
    for marker in ("Override:", "AOB notes:", "Amended:", "Reason:", "Earlier:", "New:"):
        assert marker in text
    assert "Not done: why:" in text  # the reason typed on an action dropped between meetings
    assert "[date of birth]" in text and "[postcode]" in text and "[phone number]" in text
    assert "M.A.S." in text
