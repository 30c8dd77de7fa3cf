"""Actions raised at a meeting in its minutes: beside each, what became of it at the meeting
itself (most often settled in the dialog as its case closed at the same item, hazard H-12), and
only the ones it left open listed as work by organisation. Full and redacted, as data and in the
rendered PDF and DOCX; read in one query whatever the number of items."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx import Document as open_docx

from mdtdesk.core import actions, agenda, audit, meetings
from mdtdesk.core.case_closing import ActionDecision
from mdtdesk.documents.minutes import build_minutes
from mdtdesk.documents.minutes_actions import raised_at_meeting
from mdtdesk.documents.model import Heading, Paragraph, Table
from mdtdesk.documents.pdf import render_pdf
from mdtdesk.documents.word import render_docx
from tests.helpers import build_team, pdf_text, plan_meeting

TODAY = dt.date(2026, 11, 23)
LETTER = "Send the handover letter to the new GP practice"
VISIT = "Home visit before she moves"
BENEFITS = "Benefits check"
HANDED_OVER = "Not done: handed over to another team"


class Clock:
    """The audit's clock, moved on by the test: what happened during the meeting and what
    happened after it must not share a second, as they would on a fast machine."""

    def __init__(self):
        self.at = dt.datetime.combine(TODAY, dt.time(14, 0), tzinfo=dt.UTC)

    def now(self) -> str:
        return self.at.isoformat(timespec="seconds")

    def later(self, **delta) -> dt.datetime:
        self.at += dt.timedelta(**delta)
        return self.at


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(audit, "now", clock.now)
    return clock


@pytest.fixture
def held(db, clock):
    """A meeting today, closed at 3:30pm: case 0 closed (moved away) at its item, whose two
    actions raised there were settled in the closing (the letter handed over, the visit done);
    case 1 reviewed again, its action left open. Returns a namespace of ids."""
    hood, members, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    moving = agenda.add_item(db, "chair", meeting, cases[0], "review")
    staying = agenda.add_item(db, "chair", meeting, cases[1], "review")
    letter = actions.add_action(db, "chair", moving, LETTER, members["GP"], _days(7))
    visit = actions.add_action(db, "chair", moving, VISIT, members["District nurse"], _days(3))
    benefits = actions.add_action(
        db, "chair", staying, BENEFITS, members["Social worker"], _days(14)
    )
    agenda.save_discussion(db, "chair", moving, {"decision": "Close: moving to Leeds"})
    agenda.save_discussion(db, "chair", staying, {"decision": "Carry on"})
    clock.later(minutes=20)
    decisions = [ActionDecision.not_done(letter, "handed_over"), ActionDecision.done(visit)]
    agenda.set_outcome(db, "chair", moving, close_reason="moved_away", action_decisions=decisions)
    agenda.set_outcome(db, "chair", staying, next_review_on=_days(28))
    for item in (moving, staying):
        agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", meeting, now=clock.later(minutes=70))

    class Ids:
        pass

    ids = Ids()
    ids.__dict__.update(
        db=db, hood=hood, members=members, cases=cases, meeting=meeting, moving=moving,
        staying=staying, letter=letter, visit=visit, benefits=benefits,
    )  # fmt: skip
    return ids


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _new_actions(doc) -> list[dict[str, str]]:
    """Each item's New actions table, as {action: status}, in agenda order."""
    return [
        {row[0]: row[-1] for row in block.rows}
        for block in doc.blocks
        if isinstance(block, Table) and block.caption == "New actions"
    ]


def _by_organisation(doc) -> list[str]:
    """The actions listed under "Actions by organisation", or its one sentence when none."""
    start = next(
        n
        for n, b in enumerate(doc.blocks)
        if isinstance(b, Heading) and b.text == "Actions by organisation"
    )
    listed = []
    for block in doc.blocks[start + 1 :]:
        if isinstance(block, Table):
            listed += [row[1] for row in block.rows]
        elif isinstance(block, Paragraph):
            listed.append(block.text)
    return listed


@pytest.mark.parametrize("redacted", [False, True], ids=["full", "redacted"])
def test_an_action_settled_at_its_meeting_says_what_became_of_it_and_is_not_left_behind(
    held, redacted
):
    doc = build_minutes(held.db, held.meeting, redacted=redacted)
    assert _new_actions(doc) == [{LETTER: HANDED_OVER, VISIT: "Done"}, {BENEFITS: "Open"}]
    new = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == "New actions")
    assert new.header == ("Action", "Owner", "Organisation", "Due", "Status")
    # Only the work the meeting leaves behind is listed for the organisations.
    assert _by_organisation(doc) == [BENEFITS]
    assert "Case closed: moved away." in doc.text()


def test_a_meeting_that_settled_every_action_it_raised_leaves_none_open(held, clock):
    db = held.db
    why = "The review was typed against the wrong person"
    clock.later(days=1)
    agenda.set_outcome(
        db, "chair", held.staying, close_reason="declined", reason=why,
        action_decisions=[ActionDecision.not_done(held.benefits, "person_declined")],
    )  # fmt: skip
    doc = build_minutes(db, held.meeting)
    # An amendment of the meeting's record is the meeting's, even a day later.
    assert _new_actions(doc)[1] == {BENEFITS: "Not done: person declined"}
    assert _by_organisation(doc) == ["This meeting left no actions open."]
    assert f": {why}" in doc.text()


def test_what_becomes_of_an_action_after_its_meeting_leaves_the_minutes_as_they_were(held, clock):
    db = held.db
    before = build_minutes(db, held.meeting).text()
    # Settled the next day, from the Actions area: the meeting left it open.
    clock.later(days=1)
    actions.mark_not_done(db, "chair", held.benefits, "no_longer_needed")
    assert build_minutes(db, held.meeting).text() == before
    actions.mark_done(db, "chair", [held.benefits], on=_days(1))
    assert build_minutes(db, held.meeting).text() == before
    # Heard at the next meeting, whose answer is corrected by an amendment: still that
    # meeting's answer, not this one's.
    actions.carry_on(db, "chair", held.benefits)  # reopened for the next meeting to hear
    later = plan_meeting(db, held.hood, _days(14))
    item = agenda.add_item(db, "chair", later, held.cases[1], "review")
    clock.later(days=14)
    actions.review_action(db, "chair", later, held.benefits, "carried_on")
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", later, now=clock.later(hours=1))
    clock.later(days=1)
    actions.review_action(
        db, "chair", later, held.benefits, "not_done", "no_longer_needed",
        reason="Marked carried on by mistake",
    )  # fmt: skip
    doc = build_minutes(db, held.meeting)
    assert _new_actions(doc)[1] == {BENEFITS: "Open"} and _by_organisation(doc) == [BENEFITS]


def test_a_draft_meeting_shows_what_the_chair_has_settled_so_far(db, clock):
    hood, members, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    item = agenda.add_item(db, "chair", meeting, cases[0], "review")
    action = actions.add_action(db, "chair", item, VISIT, members["District nurse"], _days(3))
    clock.later(minutes=5)
    # Marked done from the Actions area while the meeting is still running.
    actions.mark_done(db, "chair", [action], on=TODAY)
    doc = build_minutes(db, meeting)
    assert _new_actions(doc) == [{VISIT: "Done"}]
    assert _by_organisation(doc) == ["This meeting left no actions open."]


def test_the_actions_of_every_item_are_read_in_one_query(db, clock):
    hood, members, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)

    def minutes_questions(case_id) -> int:
        """Put the case on the agenda with an action, then count what the minutes ask."""
        item = agenda.add_item(db, "chair", meeting, case_id, "review")
        actions.add_action(db, "chair", item, "Falls clinic", members["GP"], _days(5))
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        try:
            build_minutes(db, meeting)
        finally:
            db.conn.set_trace_callback(None)
        return len(statements)

    one = minutes_questions(cases[0])
    # Two more people with their actions: the minutes ask the database no more questions.
    minutes_questions(cases[1])
    assert minutes_questions(cases[2]) == one
    assert [len(rows) for rows in raised_at_meeting(db, meeting).values()] == [1, 1, 1]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("redacted", [False, True], ids=["full", "redacted"])
def test_the_pdf_and_docx_say_what_became_of_each_action(held, tmp_path, redacted):
    doc = build_minutes(held.db, held.meeting, redacted=redacted)
    render_pdf(doc, tmp_path / "minutes.pdf")
    render_docx(doc, tmp_path / "minutes.docx")

    pdf = _words(pdf_text(tmp_path / "minutes.pdf"))
    cases, by_organisation = pdf.rsplit("Actions by organisation", 1)
    for words in (HANDED_OVER, "Done", "Open", LETTER, VISIT):
        assert words in cases
    assert BENEFITS in by_organisation
    assert LETTER not in by_organisation and VISIT not in by_organisation

    tables = [
        [tuple(cell.text for cell in row.cells) for row in table.rows]
        for table in open_docx(tmp_path / "minutes.docx").tables
    ]
    new = [t for t in tables if t[0] == ("Action", "Owner", "Organisation", "Due", "Status")]
    assert [{row[0]: row[-1] for row in t[1:]} for t in new] == [
        {LETTER: HANDED_OVER, VISIT: "Done"},
        {BENEFITS: "Open"},
    ]
    left = [row[1] for t in tables if t[0][-1] == "Raised at" for row in t[1:]]
    assert left == [BENEFITS]
