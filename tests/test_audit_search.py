"""The audit window's reading: each filter finds a change made through the core and leaves out
what it does not match; rows read in plain words, newest first."""

from __future__ import annotations

import datetime as dt
import time
from unittest import mock

import pytest

from mdtdesk.core import actions, agenda, audit_search, meetings
from mdtdesk.core.audit_search import AuditFilter
from mdtdesk.core.nhs_number import format_nhs_number
from mdtdesk.core.register import load_case_record, save_case_record
from tests.helpers import build_team, nhs, plan_meeting

NURSE = "Siân Evans (District nurse)"
GP = "Dr Aisha Patel (GP)"


@pytest.fixture
def team(db, today):
    """Two people's cases on the agenda of one meeting, and a second meeting with only the first
    person's case; actions, a discussion, attendance and a review, made by different people."""
    hood, members, cases = build_team(db, today, people=3)
    first, second = cases[0], cases[1]
    monday = plan_meeting(db, hood, dt.date(2026, 11, 16))
    later = plan_meeting(db, hood, dt.date(2026, 11, 30), venue="Reddish Hub")
    item_a = agenda.add_item(db, "chair", monday, first, "review")
    item_b = agenda.add_item(db, "chair", monday, second, "new_referral")
    agenda.save_discussion(db, GP, item_a, {"decision": "Refer to falls clinic"})
    meetings.set_attendance(db, "chair", monday, members["GP"], "present")
    action_a = actions.add_action(
        db, GP, item_a, "Book falls clinic", members["District nurse"], dt.date(2026, 12, 1)
    )
    action_b = actions.add_action(
        db, "chair", item_b, "Ask about carers' support", members["Social worker"], today
    )
    later_item = agenda.add_item(db, "chair", later, first, "review")
    actions.review_action(db, NURSE, later, action_a, "done")
    return {
        "members": members,
        "cases": cases,
        "person": {case: load_case_record(db, case).person.id for case in cases},
        "monday": monday,
        "later": later,
        "items": (item_a, item_b, later_item),
        "actions": (action_a, action_b),
    }


def rows(db, **filters):
    return audit_search.search(db, AuditFilter(**filters))


def kinds(entries) -> set[tuple[str, str]]:
    return {(e.record, e.change) for e in entries}


# -- who made the change ----------------------------------------------------------------------


def test_the_person_filter_finds_their_changes_and_no_one_elses(db, team):
    found = rows(db, actor=NURSE)
    assert kinds(found) == {
        ("Action", "Status"),
        ("Action", "Completed"),
        ("Action review", "Created"),
    }
    assert {e.who for e in found} == {NURSE}
    assert not rows(db, actor="Tom Kershaw (Social worker)")
    # Everyone else's changes are still there without the filter.
    assert {e.who for e in rows(db)} >= {NURSE, GP, "chair"}


def test_actors_lists_each_once_in_alphabetical_order(db, team):
    assert audit_search.actors(db) == ["chair", GP, NURSE]


def test_actors_reads_the_same_through_an_index_on_the_actor(db, team):
    db.execute("CREATE INDEX test_audit_by_actor ON audit(actor)")
    assert audit_search._indexed_by_actor(db)
    assert audit_search.actors(db) == ["chair", GP, NURSE]


# -- whose case -------------------------------------------------------------------------------


def test_the_case_filter_finds_every_record_of_the_persons_case(db, team):
    person = team["person"][team["cases"][0]]
    found = rows(db, person_id=person)
    assert kinds(found) >= {
        ("Person", "Created"),
        ("Case", "Created"),
        ("Referral", "Created"),
        ("Meeting item", "Created"),
        ("Discussion", "Created"),
        ("Action", "Created"),
        ("Action", "Status"),
        ("Action review", "Created"),
    }
    label = {e.about for e in found}
    assert len(label) == 1 and format_nhs_number(nhs(0)) in label.pop()


def test_the_case_filter_leaves_out_other_peoples_records(db, team):
    first, second = team["cases"][:2]
    mine = {e.id for e in rows(db, person_id=team["person"][first])}
    theirs = {e.id for e in rows(db, person_id=team["person"][second])}
    assert mine and theirs and not mine & theirs
    assert "Ask about carers' support" not in {
        e.new for e in rows(db, person_id=team["person"][first])
    }
    assert not rows(db, person_id=999_999)


def test_a_new_referral_for_the_same_person_is_found_under_them(db, team, today):
    first = team["cases"][0]
    record = load_case_record(db, first)
    record.status, record.closed_reason = "closed", "goals_met"
    save_case_record(db, "chair", record, today)
    again = load_case_record(db, first)
    again.case_id, again.status, again.closed_reason = None, "referred", None
    new_case = save_case_record(db, NURSE, again, today).case_id
    found = rows(db, person_id=team["person"][first], actor=NURSE)
    assert new_case != first
    assert ("Case", "Created") in kinds(found)


# -- which meeting ----------------------------------------------------------------------------


def test_the_meeting_filter_finds_the_meeting_and_what_belongs_to_it(db, team):
    found = rows(db, meeting_id=team["monday"])
    assert kinds(found) == {
        ("Meeting", "Created"),
        ("Meeting item", "Created"),
        ("Discussion", "Created"),
        ("Attendance", "Created"),
        ("Action", "Created"),
    }
    # Both people's items and actions are the meeting's.
    assert len([e for e in found if e.record == "Action"]) == 2


def test_the_meeting_filter_leaves_out_another_meeting(db, team):
    later = rows(db, meeting_id=team["later"])
    # The review of Monday's action was made at the later meeting, and is its record.
    assert kinds(later) == {
        ("Meeting", "Created"),
        ("Meeting item", "Created"),
        ("Action review", "Created"),
    }
    assert not {e.id for e in later} & {e.id for e in rows(db, meeting_id=team["monday"])}
    assert not rows(db, meeting_id=999_999)


def test_filters_combine(db, team):
    first, second = team["cases"][:2]
    both = rows(db, meeting_id=team["monday"], person_id=team["person"][first])
    assert kinds(both) == {
        ("Meeting item", "Created"),
        ("Discussion", "Created"),
        ("Action", "Created"),
    }
    assert rows(db, meeting_id=team["monday"], person_id=team["person"][second], actor=GP) == []
    assert kinds(rows(db, meeting_id=team["monday"], actor=GP)) == {
        ("Discussion", "Created"),
        ("Action", "Created"),
    }


# -- when -------------------------------------------------------------------------------------


@pytest.fixture
def london(monkeypatch):
    """Local time is UK time, summer time included, whatever the machine says."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_date_filter_takes_local_days_inclusive(db, team, london):
    # 11:30pm UTC on 1 July is 12:30am on 2 July in British Summer Time.
    with mock.patch("mdtdesk.core.audit.now", return_value="2026-07-01T23:30:00+00:00"):
        actions.mark_done(db, "Late worker", [team["actions"][1]], dt.date(2026, 7, 1))
    july_2 = dt.date(2026, 7, 2)
    found = rows(db, from_date=july_2, to_date=july_2)
    assert {e.who for e in found} == {"Late worker"}
    assert found[0].when == "2 Jul 2026 12:30am"
    assert not rows(
        db, actor="Late worker", from_date=dt.date(2026, 7, 1), to_date=dt.date(2026, 7, 1)
    )
    assert rows(db, actor="Late worker", from_date=dt.date(2026, 6, 30), to_date=july_2)
    assert rows(db, actor="Late worker", to_date=july_2)
    assert not rows(db, actor="Late worker", from_date=dt.date(2026, 7, 3))


def test_a_from_date_after_the_to_date_matches_nothing(db, team):
    assert not rows(db, from_date=dt.date(2099, 1, 2), to_date=dt.date(2099, 1, 1))


def test_newest_first_and_at_most_the_limit(db, team):
    moves = [("2026-01-05T10:00:00+00:00", 1), ("2026-01-04T10:00:00+00:00", 2)]
    for at, month in moves:
        with mock.patch("mdtdesk.core.audit.now", return_value=at):
            actions.carry_on(db, "Reviewer", team["actions"][1], dt.date(2027, month, 1))
    found = audit_search.search(db, AuditFilter(actor="Reviewer"), limit=10)
    # Written first but at the later time: the time decides.
    assert [e.at[:10] for e in found] == ["2026-01-05", "2026-01-04"]
    everything = rows(db)
    assert [e.at for e in everything] == sorted((e.at for e in everything), reverse=True)
    assert len(audit_search.search(db, AuditFilter(), limit=3)) == 3


# -- in words ---------------------------------------------------------------------------------


def test_rows_read_in_plain_words(db, team):
    action_a = team["actions"][0]
    actions.carry_on(db, "chair", action_a, dt.date(2026, 12, 24))
    due = next(e for e in rows(db, actor="chair") if e.change == "Due")
    assert (due.record, due.old, due.new) == ("Action", "1 Dec 2026", "24 Dec 2026")
    status = next(e for e in rows(db, actor=NURSE) if e.change == "Status")
    assert (status.old, status.new) == ("Open", "Done")
    created = next(e for e in rows(db, actor=GP) if e.record == "Action")
    assert "Owner: Siân Evans (District nurse)" in created.new
    assert "Due: 1 Dec 2026" in created.new and "Priority: Normal" in created.new
    assert "case_id" not in created.new and "Raised at" not in created.new
    attendance = next(e for e in rows(db, meeting_id=team["monday"]) if e.record == "Attendance")
    assert attendance.about == "16 Nov 2026 2pm · Stockport West"
    assert "Member: Dr Aisha Patel (GP)" in attendance.new and "Status: Present" in attendance.new


def test_an_amendment_shows_its_reason(db, team):
    item = team["items"][2]
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", team["later"])
    agenda.save_discussion(db, GP, item, {"decision": "Discharge"}, reason="Decision left out")
    found = rows(db, meeting_id=team["later"], actor=GP)
    assert [(e.record, e.reason) for e in found] == [("Discussion", "Decision left out")]


def test_field_and_value_words():
    assert audit_search.field_words("key_worker_id") == "Key worker"
    assert audit_search.field_words("some_new_thing_id") == "Some new thing"
    assert audit_search.record_words("agenda_items") == "Meeting item"
    assert audit_search.value_words("cases", "closed_reason", "goals_met") == "Goals met"
    assert audit_search.value_words("actions", "status", "cancelled") == "Not done"
    assert audit_search.value_words("members", "is_core", "1") == "Yes"
    assert audit_search.value_words("people", "nhs_number", nhs(1)) == format_nhs_number(nhs(1))
    assert (
        audit_search.value_words("meetings", "starts_at", "2026-11-24T14:30")
        == "24 Nov 2026 2:30pm"
    )
    quorum = '{"required_roles": ["GP"], "minimum_present": 3}'
    assert audit_search.value_words("team_settings", "quorum_rule", quorum) == (
        "At least 3 present, including: GP"
    )


# -- the filters' choices, and their cost -----------------------------------------------------


def test_people_are_found_by_name_or_nhs_number(db, team):
    first = team["person"][team["cases"][0]]
    spaced = format_nhs_number(nhs(0))
    assert audit_search.find_people(db, spaced) == [(first, f"ASHWORTH, Mona · {spaced}")]
    assert first in {pid for pid, _ in audit_search.find_people(db, "ashw")}
    assert audit_search.find_people(db, "Nobody") == []
    assert audit_search.find_people(db, "  ") == []


def test_meetings_are_offered_newest_first(db, team):
    assert audit_search.meeting_choices(db) == [
        (team["later"], "30 Nov 2026 2pm · Stockport West"),
        (team["monday"], "16 Nov 2026 2pm · Stockport West"),
    ]


@pytest.mark.parametrize("which", [{"person_id": 1}, {"meeting_id": 1}])
def test_case_and_meeting_filters_read_the_audit_through_its_index(db, team, which):
    sql, params = audit_search.search_sql(AuditFilter(**which))
    plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert "SCAN audit" not in plan
    assert any("audit USING INDEX audit_by_entity" in step for step in plan)


def test_with_indexes_on_actor_and_time_each_filter_takes_the_narrowest_path(db, team):
    # The indexes this module's docstring recommends; the case and meeting filters must still go
    # through audit_by_entity, not walk a whole index on the actor or the time to avoid a sort.
    db.execute("CREATE INDEX test_audit_by_time ON audit(at)")
    db.execute("CREATE INDEX test_audit_by_actor ON audit(actor, at)")
    day = dt.date(2026, 11, 1)

    def plan(**which) -> str:
        sql, params = audit_search.search_sql(AuditFilter(**which))
        return " | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    for narrow in ({"person_id": 1}, {"meeting_id": 1}):
        steps = plan(actor=GP, from_date=day, to_date=day, **narrow)
        assert "audit_by_entity" in steps
        assert "test_audit_by_actor" not in steps and "test_audit_by_time" not in steps
    assert "test_audit_by_actor (actor=? AND at>? AND at<?)" in plan(
        actor=GP, from_date=day, to_date=day
    )
    assert "test_audit_by_time (at>? AND at<?)" in plan(from_date=day, to_date=day)
    assert "TEMP B-TREE" not in plan()
