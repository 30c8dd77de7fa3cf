"""The meeting loop in the core: referral, agenda, decision, action, follow-up next time."""

import datetime as dt

import pytest

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.meetings import Meeting, QuorumRule
from mdtdesk.core.register import load_case_record, save_case_record
from tests.helpers import build_team

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def team(db):
    return (db, *build_team(db, TODAY))


def _meeting(db, hood, days=7):
    when = dt.datetime.combine(TODAY + dt.timedelta(days=days), dt.time(14, 0))
    return meetings.save_meeting(
        db, "chair", Meeting(neighbourhood_id=hood, starts_at=when, venue="Heaton Moor Hub")
    )


def test_a_meeting_needs_its_details(db):
    with pytest.raises(ValidationError) as refused:
        meetings.save_meeting(db, "chair", Meeting())
    assert set(refused.value.problems) == {"neighbourhood_id", "starts_at", "venue"}


def test_quorum_counts_roles_and_deputies(team):
    db, hood, members, _ = team
    meeting = _meeting(db, hood)
    meetings.set_quorum_rule(db, "chair", QuorumRule(("GP", "Social worker"), 3))
    meetings.set_attendance(db, "chair", meeting, members["GP"], "present")
    meetings.set_attendance(db, "chair", meeting, members["Social worker"], "apologies")
    state = meetings.quorum(db, meeting)
    assert not state.quorate and state.missing_roles == ["Social worker"]
    assert state.statement() == "Not quorate: needs 2 more present and a Social worker."
    # The care coordinator deputises for the social worker, covering the role.
    meetings.set_attendance(
        db, "chair", meeting, members["Care coordinator"], "present", members["Social worker"]
    )
    meetings.set_attendance(db, "chair", meeting, members["Pharmacist"], "present")
    assert meetings.quorum(db, meeting).quorate


def test_an_objection_needs_a_recorded_override(team):
    db, hood, _, cases = team
    meeting = _meeting(db, hood)
    with pytest.raises(ValidationError, match="objected to information sharing"):
        agenda.add_item(db, "chair", meeting, cases[3], "review")
    item = agenda.add_item(
        db, "chair", meeting, cases[3], "review", sharing_override_reason="Safeguarding concern"
    )
    assert agenda.items(db, meeting)[0]["sharing_override_reason"] == "Safeguarding concern"
    assert item


def test_refusals_to_add_a_case_say_why_and_name_nobody(team):
    db, hood, _, cases = team
    meeting = _meeting(db, hood)
    agenda.add_item(db, "chair", meeting, cases[0], "review")
    closing = load_case_record(db, cases[1])
    closing.status, closing.closed_reason = "closed", "goals_met"
    save_case_record(db, "chair", closing, TODAY)
    said = {}
    for case in (cases[0], cases[1], cases[3]):
        with pytest.raises(ValidationError) as refused:
            agenda.add_item(db, "chair", meeting, case, "review")
        said[case] = refused.value.problems
    assert said == {
        cases[0]: {"case_id": "This person is already on this agenda."},
        cases[1]: {"case_id": "This person's case is closed. Add a new referral for them first."},
        cases[3]: {
            "sharing_override_reason": "This person objected to information sharing. Give the "
            "reason for discussing them anyway; it is recorded with the item."
        },
    }
    # The messages can reach the log: no name, no NHS number (the screen says who it is).
    people = db.execute("SELECT given_name, family_name, nhs_number FROM people").fetchall()
    for problems in said.values():
        message = " ".join(problems.values())
        for given, family, number in people:
            assert given not in message and family not in message
            assert number not in message.replace(" ", "")


def test_reordering_keeps_positions_consecutive(team):
    db, hood, _, cases = team
    meeting = _meeting(db, hood)
    ids = [agenda.add_item(db, "chair", meeting, c, "review") for c in cases[:3]]
    agenda.move_item(db, "chair", ids[2], 1)
    assert [i["id"] for i in agenda.items(db, meeting)] == [ids[2], ids[0], ids[1]]
    assert [i["position"] for i in agenda.items(db, meeting)] == [1, 2, 3]
    assert agenda.planned_minutes(db, meeting) == (30, 90)


def test_the_loop_closes_and_the_next_meeting_picks_up_every_loose_end(team):
    db, hood, members, cases = team
    first = _meeting(db, hood, days=-14)
    suggested = {s.case_id: s.reason for s in agenda.suggestions(db, first)}
    assert suggested[cases[0]] == "New referral since the last meeting"
    heard, deferred, not_reached = (
        agenda.add_item(db, "chair", first, c, "new_referral") for c in cases[:3]
    )
    meetings.start_meeting(db, "chair", first)
    agenda.save_discussion(
        db, "chair", heard, {"decision": "Refer to falls team", "what_matters": "Staying home"}
    )
    action = actions.add_action(
        db, "chair", heard, "Falls assessment", members["District nurse"], TODAY, "high"
    )
    agenda.set_item_status(db, "chair", heard, "discussed")
    agenda.set_item_status(db, "chair", deferred, "deferred")
    with pytest.raises(MdtError, match="1 agenda item is still pending"):
        meetings.close_meeting(db, "chair", first)
    agenda.set_item_status(db, "chair", not_reached, "deferred")
    meetings.close_meeting(db, "chair", first)

    # Closed means locked: a change is an amendment with a reason, kept in the audit.
    with pytest.raises(MdtError, match="Give a reason to amend it"):
        agenda.save_discussion(db, "chair", heard, {"decision": "Changed"})
    agenda.save_discussion(
        db, "chair", heard, {"decision": "Refer to falls team and OT"}, reason="OT was agreed too"
    )
    assert db.execute(
        "SELECT reason FROM audit WHERE entity = 'discussions' AND field = 'decision' "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("OT was agreed too",)

    second = _meeting(db, hood, days=7)
    reasons = {s.case_id: s.reason for s in agenda.suggestions(db, second)}
    assert reasons[cases[1]] == reasons[cases[2]] == "Deferred or not reached at the last meeting"
    assert reasons[cases[0]] == "Has overdue actions"  # due today, the meeting is next week
    agenda.add_item(db, "chair", second, cases[0], "review")
    arising = actions.matters_arising(db, second)
    assert [a["id"] for a in arising] == [action]
    assert arising[0]["owner"] == "Siân Evans"
    actions.mark_not_done(db, "chair", action, "service_unavailable")
    assert actions.matters_arising(db, second) == []


def test_actions_filters_and_completion(team):
    db, hood, members, cases = team
    meeting = _meeting(db, hood, days=-30)
    item = agenda.add_item(db, "chair", meeting, cases[0], "review")
    late = actions.add_action(db, "chair", item, "Ring daughter", members["GP"], TODAY, "normal")
    on_time = actions.add_action(
        db, "chair", item, "Medication review", members["Pharmacist"], TODAY, "normal"
    )
    actions.mark_done(db, "chair", [on_time], on=TODAY - dt.timedelta(days=1))
    overdue = actions.list_actions(
        db, actions.ActionFilter(overdue_on=TODAY + dt.timedelta(days=1))
    )
    assert [a["id"] for a in overdue] == [late]
    assert actions.completion(db, TODAY) == (1, 2)
    with pytest.raises(ValidationError) as refused:
        actions.add_action(db, "chair", item, " ", None, None)
    assert set(refused.value.problems) == {"description", "owner_id", "due_on"}


def test_a_closed_meeting_knows_when_it_was_closed(team):
    db, hood, _, _ = team
    meeting = _meeting(db, hood, days=-1)
    assert meetings.load_meeting(db, meeting).closed_at is None
    closing = dt.datetime(2026, 11, 24, 14, 30, tzinfo=dt.UTC)
    meetings.close_meeting(db, "chair", meeting, now=closing)
    loaded = meetings.load_meeting(db, meeting)
    assert loaded.status == "closed"
    assert loaded.closed_at == closing
    assert loaded.closed_at.tzinfo is not None
