"""The agenda sent before a meeting: items with their start times, people in full, presenters,
kinds and questions; the planned total against the meeting's length."""

import datetime as dt

import pytest

from mdtdesk.core import agenda, meetings
from mdtdesk.core.errors import NotFound
from mdtdesk.documents.agenda_sheet import HEADER, build_agenda, start_times
from mdtdesk.documents.model import Bullets, Heading, Table
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def planned(db):
    hood, members, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY + dt.timedelta(days=3))
    agenda.add_item(db, "chair", meeting, cases[0], "new_referral", 20, members["District nurse"])
    agenda.add_item(db, "chair", meeting, cases[1], "review", 15, members["GP"])
    agenda.add_item(db, "chair", meeting, None, "any_other_business", 5, title="Winter plan")
    agenda.add_item(db, "chair", meeting, cases[2], "hospital_discharge", 10)
    meetings.set_attendance(db, "chair", meeting, members["Pharmacist"], "apologies")
    return db, meeting, members, cases


def test_items_start_when_the_ones_before_them_end(planned):
    db, meeting, *_ = planned
    doc = build_agenda(db, meeting)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.header == HEADER
    assert [row[:2] for row in table.rows] == [
        ("2pm", "1"),
        ("2:20pm", "2"),
        ("2:35pm", "3"),
        ("2:40pm", "4"),
    ]
    first = table.rows[0]
    number = db["people"].get(1)["nhs_number"]
    assert first[2] == f"Mona Ashworth, {number[:3]} {number[3:6]} {number[6:]}"
    assert first[3:] == (
        "New referral",
        "Siân Evans",
        "20",
        "Can she stay safely at home with more support?",
    )
    assert table.rows[2][2:4] == ("Winter plan", "Any other business")
    assert table.rows[3][3:5] == ("Hospital discharge", "")


def test_the_title_area_and_the_planned_total(planned):
    db, meeting, *_ = planned
    doc = build_agenda(db, meeting)
    text = doc.text()
    assert doc.title == "Agenda of the Stockport West neighbourhood MDT meeting, 26 November 2026"
    assert doc.subject == "Agenda of the Stockport West neighbourhood MDT, 26 November 2026"
    assert doc.author == "mdtdesk"  # no chair chosen yet
    assert "Date: Thursday 26 November 2026\nTime: 2pm to 3:30pm\nVenue: Heaton Moor Hub" in text
    assert doc.marking == "OFFICIAL-SENSITIVE: PERSONAL"
    assert "Planned time: The items take 50 of the 90 minutes planned, ending at 2:50pm." in text
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == ["Items", "Apologies received"]
    apologies = next(b for b in doc.blocks if isinstance(b, Bullets))
    assert apologies.items == ("Mary O'Brien, Pharmacist, Stockport Council",)


def test_an_agenda_longer_than_the_meeting_says_by_how_much(planned):
    db, meeting, members, cases = planned
    agenda.add_item(db, "chair", meeting, cases[3], "review", 60, sharing_override_reason="Risk")
    text = build_agenda(db, meeting).text()
    assert (
        "Planned time: The items take 110 minutes, 20 more than the 90 planned: the meeting "
        "would end at 3:50pm." in text
    )


def test_a_virtual_meeting_with_an_empty_agenda(db):
    hood, members, _ = build_team(db, TODAY, people=0)
    meeting = meetings.save_meeting(
        db,
        "chair",
        meetings.Meeting(
            neighbourhood_id=hood,
            starts_at=dt.datetime(2026, 12, 1, 9, 30),
            venue="Microsoft Teams",
            is_virtual=True,
            chair_id=members["GP"],
        ),
    )
    doc = build_agenda(db, meeting)
    text = doc.text()
    assert "Venue: Virtual (Microsoft Teams)" in text and "Time: 9:30am to 11am" in text
    assert "No items are on the agenda yet." in text
    assert doc.author == "Dr Aisha Patel"


def test_start_times_count_from_the_meetings_start():
    start = dt.datetime(2026, 11, 26, 11, 50)
    got = start_times(start, [{"minutes_allowed": 10}, {"minutes_allowed": 5}])
    assert got == [start, dt.datetime(2026, 11, 26, 12, 0)]  # past noon: 12pm


def test_an_unknown_meeting_is_not_found(db):
    with pytest.raises(NotFound):
        build_agenda(db, 7)
