"""Minutes built as plain data from the database: what they say, in what order, full and
redacted; matters arising as they stood at the meeting; amendments. (The redaction proof is in
test_minutes_redaction.py; the demo database in test_documents_demo.py.)"""

import datetime as dt

import pytest

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.dates import format_date, format_time
from mdtdesk.core.errors import NotFound
from mdtdesk.core.meeting_record import (
    agenda_identities,
    amendments,
    leaving_actions,
    matters_arising_at,
    meeting_people,
)
from mdtdesk.core.team_settings import set_protective_marking
from mdtdesk.documents.minutes import DRAFT, build_minutes
from mdtdesk.documents.model import Heading, Paragraph, Table
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)  # a Monday


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def held(db):
    """Two meetings of Stockport West: the first raised four actions for case 0; the second
    (today) heard cases 0, 1 and 2, and any other business, reviewed the earlier actions, raised
    new ones and closed. Returns a namespace of ids."""
    hood, members, cases = build_team(db, TODAY)
    trust = db["organisations"].insert({"name": "Stockport NHS Foundation Trust"}).last_pk
    ruth = (
        db["members"]
        .insert({"name": "Ruth Lee", "role": "District nurse", "organisation_id": trust})
        .last_pk
    )
    first = plan_meeting(db, hood, _days(-14))
    item = agenda.add_item(db, "chair", first, cases[0], "new_referral")
    agenda.save_discussion(db, "chair", item, {"decision": "Refer to falls clinic"})
    raised = {
        name: actions.add_action(db, "chair", item, name, owner, due)
        for name, owner, due in (
            ("Phone daughter", members["GP"], _days(-3)),
            ("Home visit", members["District nurse"], _days(3)),
            ("Refer to memory clinic", members["Social worker"], _days(-1)),
            ("Order a walking frame", ruth, _days(-10)),
            ("Check smoke alarms", members["Care coordinator"], _days(7)),
        )
    }
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", first)
    # Done between the meetings, from the actions list: it never comes to a meeting.
    actions.mark_done(db, "chair", [raised["Order a walking frame"]], on=_days(-7))

    second = plan_meeting(db, hood, TODAY)
    meetings.save_meeting(
        db,
        "chair",
        meetings.Meeting(
            id=second,
            neighbourhood_id=hood,
            starts_at=dt.datetime.combine(TODAY, dt.time(14, 0)),
            venue="Heaton Moor Hub",
            chair_id=members["GP"],
            minute_taker_id=members["Care coordinator"],
        ),
    )
    for role, status in (
        ("GP", "present"),
        ("Social worker", "present"),
        ("Pharmacist", "present"),
    ):
        meetings.set_attendance(db, "chair", second, members[role], status)
    meetings.set_attendance(db, "chair", second, members["District nurse"], "apologies")
    meetings.set_attendance(db, "chair", second, members["Care coordinator"], "absent")
    meetings.set_attendance(
        db, "chair", second, ruth, "present", deputy_for_id=members["District nurse"]
    )
    review = agenda.add_item(
        db, "chair", second, cases[0], "review", 15, presenter_id=members["GP"]
    )
    referral = agenda.add_item(db, "chair", second, cases[1], "new_referral", 10)
    closing = agenda.add_item(db, "chair", second, cases[2], "review", 5)
    aob = agenda.add_item(db, "chair", second, None, "any_other_business", title="Winter plan")
    agenda.save_discussion(
        db,
        "chair",
        review,
        {
            "situation": "Two more falls.",
            "notes": "Daughter worried.\nPhysio keen to start.",
            "decision": "Strength and balance at home",
            "what_matters": "Staying in her flat",
            "who_tells_person": "Ruth Lee on Friday",
        },
    )
    new = actions.add_action(db, "chair", review, "Start exercises", ruth, _days(14))
    agenda.set_outcome(db, "chair", review, next_review_on=_days(28))
    agenda.save_discussion(
        db, "chair", referral, {"no_decision_reason": "Awaiting the hospital letter"}
    )
    agenda.set_outcome(db, "chair", referral, next_review_on=_days(14))
    agenda.save_discussion(db, "chair", closing, {"decision": "Managing well"})
    agenda.set_outcome(db, "chair", closing, close_reason="goals_met")
    agenda.save_discussion(db, "chair", aob, {"notes": "Beds are short; escalate early."})
    actions.review_action(db, "chair", second, raised["Phone daughter"], "done")
    actions.review_action(db, "chair", second, raised["Home visit"], "carried_on", due_on=_days(14))
    actions.review_action(
        db, "chair", second, raised["Refer to memory clinic"], "not_done", "person_declined"
    )
    for each in (review, referral, closing, aob):
        agenda.set_item_status(db, "chair", each, "discussed")
    meetings.close_meeting(db, "chair", second)

    class Ids:
        pass

    ids = Ids()
    ids.__dict__.update(
        db=db, hood=hood, members=members, cases=cases, first=first, second=second,
        raised=raised, new=new, review=review, ruth=ruth,
    )  # fmt: skip
    return ids


def _headings(doc, level=None):
    return [b.text for b in doc.blocks if isinstance(b, Heading) and level in (None, b.level)]


def _labelled(doc, label):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.label == label]


def _table_after(doc, heading):
    start = next(
        i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text == heading
    )
    return next(b for b in doc.blocks[start:] if isinstance(b, Table))


def test_the_sections_come_in_the_order_of_the_issue(held):
    doc = build_minutes(held.db, held.second)
    assert _headings(doc, 1) == [
        "Attendance",
        "Matters arising",
        "Cases discussed",
        "Any other business",
        "Next meeting",
        "Actions by organisation",
    ]
    items = [h for h in _headings(doc, 2) if h[0].isdigit()]
    assert items == [
        "1. Mona Ashworth (review)",
        "2. Mona Ashworth1 (new referral)",
        "3. Mona Ashworth2 (review)",
        "4. Winter plan",  # any other business, numbered as on the agenda
    ]
    assert all(b.outline for b in doc.blocks if isinstance(b, Heading))


def test_the_title_area_says_what_when_where_and_who(held):
    doc = build_minutes(held.db, held.second)
    assert doc.title == "Minutes of the Stockport West neighbourhood MDT meeting, 23 November 2026"
    assert doc.subject == "Minutes of the Stockport West neighbourhood MDT, 23 November 2026"
    assert doc.author == "Dr Aisha Patel"
    text = doc.text()
    for line in (
        "Date: Monday 23 November 2026",
        "Time: 2pm to 3:30pm",
        "Venue: Heaton Moor Hub",
        "Chair: Dr Aisha Patel, GP",
        "Minutes taken by: Joe Wright, Care coordinator",
    ):
        assert line in text
    assert DRAFT not in text
    assert doc.marking == "OFFICIAL-SENSITIVE: PERSONAL"


def test_the_teams_marking_is_used(held):
    set_protective_marking(held.db, "chair", "OFFICIAL-SENSITIVE: MDT ONLY")
    doc = build_minutes(held.db, held.second)
    # The renderers print it at the top and bottom of every page; the body does not repeat it.
    assert doc.marking == "OFFICIAL-SENSITIVE: MDT ONLY"
    assert "OFFICIAL-SENSITIVE" not in doc.text()
    assert build_minutes(held.db, held.second, redacted=True).marking == doc.marking


def test_attendance_with_deputies_and_the_quorum(held):
    doc = build_minutes(held.db, held.second)
    rows = _table_after(doc, "Attendance").rows
    # Present first, then apologies, then absent; by name within each.
    assert [(r[0], r[3]) for r in rows] == [
        ("Dr Aisha Patel", "Present"),
        ("Mary O'Brien", "Present"),
        ("Ruth Lee", "Present, deputising for Siân Evans, District nurse"),
        ("Tom Kershaw", "Present"),
        ("Siân Evans", "Apologies"),
        ("Joe Wright", "Absent"),
    ]
    assert rows[2][1:3] == ("District nurse", "Stockport NHS Foundation Trust")
    assert "Attendance\n" in doc.text()
    assert "\nQuorate: 4 present (at least 4 needed).\nMatters arising\n" in doc.text()


def test_matters_arising_say_what_became_of_each_earlier_action(held):
    doc = build_minutes(held.db, held.second)
    table = _table_after(doc, "Matters arising")
    became = {row[1]: row[4] for row in table.rows}
    assert became == {
        "Phone daughter": "Done.",
        "Home visit": f"Carried on, now due {format_date(_days(14))}.",
        "Refer to memory clinic": "Not done: person declined.",
        "Order a walking frame": f"Done on {format_date(_days(-7))}, before this meeting.",
        "Check smoke alarms": "Not reviewed at this meeting; still open.",
    }
    assert table.rows[0][0] == "Mona Ashworth, " + _spaced(held.db, held.cases[0])
    assert {row[3] for row in table.rows} == {format_date(_days(-14))}


def test_matters_arising_stay_as_they_were_at_the_meeting(held):
    before = build_minutes(held.db, held.second).text()
    # After the meeting the unreviewed action is finished: the minutes still say it was open.
    actions.mark_done(held.db, "chair", [held.raised["Check smoke alarms"]], on=_days(2))
    assert build_minutes(held.db, held.second).text() == before
    # A third meeting hears only what is still open, and not what the second closed.
    third = plan_meeting(held.db, held.hood, _days(14))
    agenda.add_item(held.db, "chair", third, held.cases[0], "review")
    arising = {a["description"]: a["review"] for a in matters_arising_at(held.db, third)}
    assert arising == {
        "Home visit": None,
        "Start exercises": None,
        "Check smoke alarms": "closed_before",  # finished between the second and third
    }


def test_each_case_has_its_identifiers_discussion_decision_and_outcome(held):
    doc = build_minutes(held.db, held.second)
    text = doc.text()
    assert f"NHS number {_spaced(held.db, held.cases[0])}, date of birth 4 March 1938" in text
    assert "Question for the MDT: Can she stay safely at home with more support?" in text
    assert "Situation: Two more falls." in text
    assert "Discussion: Daughter worried.\nPhysio keen to start." in text
    assert "Decision: Strength and balance at home" in text
    assert "What matters to the person: Staying in her flat" in text
    assert "Who tells the person: Ruth Lee on Friday" in text
    assert "Presented by: Dr Aisha Patel" in text
    assert "No decision: Awaiting the hospital letter" in text
    assert _labelled(doc, "Outcome") == [
        f"Review again on {format_date(_days(28))}.",
        f"Review again on {format_date(_days(14))}.",
        "Case closed: goals met.",
    ]
    new = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == "New actions")
    assert new.rows == (
        (
            "Start exercises",
            "Ruth Lee, District nurse",
            "Stockport NHS Foundation Trust",
            format_date(_days(14)),
            "Open",
        ),
    )
    assert text.count("New actions: None.") == 2


def test_any_other_business_and_the_next_meeting(held):
    doc = build_minutes(held.db, held.second)
    text = doc.text()
    assert "Any other business\n4. Winter plan\nDiscussion: Beds are short; escalate early." in text
    # None planned: to be arranged, with the date the rhythm suggests (a fortnight).
    assert f"To be arranged (expected around {format_date(_days(14))})." in text
    planned = plan_meeting(held.db, held.hood, _days(21), venue="Bramhall Hub")
    text = build_minutes(held.db, held.second).text()
    assert "Monday 14 December 2026 at 2pm, Bramhall Hub." in text and planned


def test_actions_are_grouped_by_the_owners_organisation(held):
    doc = build_minutes(held.db, held.second)
    start = _headings(doc).index("Actions by organisation")
    groups = _headings(doc)[start + 1 :]
    assert groups == ["Stockport Council", "Stockport NHS Foundation Trust"]
    council = _table_after(doc, "Stockport Council")
    trust = _table_after(doc, "Stockport NHS Foundation Trust")
    # Carried on and not reviewed (open at the meeting) come with the new one; done, not done
    # and finished-before do not.
    assert [(r[1], r[4]) for r in council.rows] == [
        ("Check smoke alarms", "Earlier meeting"),
        ("Home visit", "Earlier meeting"),
    ]
    assert [(r[1], r[2], r[4]) for r in trust.rows] == [
        ("Start exercises", "Ruth Lee, District nurse", "This meeting")
    ]
    assert {a["description"] for a in leaving_actions(held.db, held.second)} == {
        "Check smoke alarms",
        "Home visit",
        "Start exercises",
    }


def test_amended_minutes_say_when_and_why_once_per_reason(held):
    db = held.db
    assert amendments(db, held.second) == []
    why = "Decision typed in error"
    agenda.save_discussion(db, "chair", held.review, {"decision": "Falls clinic"}, reason=why)
    agenda.set_outcome(db, "chair", held.review, next_review_on=_days(21), reason=why)
    agenda.save_discussion(db, "chair", held.review, {"notes": "More"}, reason="Late news")
    found = amendments(db, held.second)
    assert [reason for _, reason in found] == [why, "Late news"]
    doc = build_minutes(db, held.second)
    notes = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "note"]
    when = found[0][0].astimezone()
    assert notes[0] == (
        f"Amended on {format_date(when.date())} at {format_time(when)}: Decision typed in error"
    )
    assert len(notes) == 2 and notes[1].endswith(": Late news")
    # An amendment to the earlier meeting is not this meeting's.
    first_item = agenda.items(db, held.first)[0]["id"]
    agenda.save_discussion(db, "chair", first_item, {"notes": "x"}, reason="Other meeting")
    assert len(amendments(db, held.second)) == 2


def test_a_meeting_not_yet_closed_is_a_draft(db):
    hood, members, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    agenda.add_item(db, "chair", meeting, cases[0], "review")
    later = agenda.add_item(db, "chair", meeting, cases[1], "review")
    agenda.set_item_status(db, "chair", later, "deferred")
    doc = build_minutes(db, meeting)
    text = doc.text()
    assert DRAFT in text and doc.author == "mdtdesk"
    assert "Outcome: Not yet discussed." in text
    assert "Outcome: Deferred to the next meeting." in text
    assert "No attendance was recorded." in text
    assert "No actions were outstanding from earlier meetings." in text
    assert "This meeting left no actions open." in text
    assert "Any other business\nNone." in text


def test_redacted_minutes_show_initials_and_the_numbers_last_three_digits(held):
    doc = build_minutes(held.db, held.second, redacted=True)
    number = held.db["people"].get(1)["nhs_number"]
    assert doc.title.endswith("(redacted)")
    assert "1. M.A. (review)" in _headings(doc)
    text = doc.text()
    assert f"\nNHS …{number[-3:]}\n" in text
    assert f"M.A., NHS …{number[-3:]}" in text  # in the tables
    assert "date of birth" not in text.replace("dates of birth", "")
    assert "Ashworth" not in text and "Mona" not in text and "1938" not in text
    # Members' names stay.
    assert "Ruth Lee, District nurse" in text and "Dr Aisha Patel" in text


def test_an_unknown_meeting_is_not_found(db):
    with pytest.raises(NotFound):
        build_minutes(db, 42)
    with pytest.raises(NotFound):
        meeting_people(db, 42)


def test_the_identities_of_everyone_on_the_agenda_once_each(held):
    people = agenda_identities(held.db, held.second)
    assert [p["family_name"] for p in people] == ["Ashworth", "Ashworth1", "Ashworth2"]
    assert people[0]["date_of_birth"] == dt.date(1938, 3, 4)
    assert people[0]["postcode"] == "SK3 9AB"
    assert agenda_identities(held.db.conn, held.first)[0]["nhs_number"] == people[0]["nhs_number"]


def _spaced(db, case_id):
    number = db.execute(
        "SELECT nhs_number FROM people p JOIN cases c ON c.person_id = p.id WHERE c.id = ?",
        [case_id],
    ).fetchone()[0]
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def test_an_action_carried_on_past_its_due_date_is_called_overdue(held):
    arising = {a["description"]: a for a in actions.matters_arising(held.db, held.second)}
    home_visit = arising["Home visit"]["id"]
    actions.review_action(
        held.db, "chair", held.second, home_visit, "carried_on", due_on=_days(-3),
        reason="Due date typed wrongly",
    )  # fmt: skip
    table = _table_after(build_minutes(held.db, held.second), "Matters arising")
    became = {row[1]: row[4] for row in table.rows}
    assert became["Home visit"] == f"Carried on, overdue since {format_date(_days(-3))}."
