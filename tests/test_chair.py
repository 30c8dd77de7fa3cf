"""What chair mode reads and records while the meeting runs: the case card, matters arising
and what became of them, the item's outcome, due-date presets and the meeting clock."""

import datetime as dt

import pytest

from mdtdesk.core import actions, agenda, chair, meetings
from mdtdesk.core.case_closing import ActionDecision, open_actions
from mdtdesk.core.errors import MdtError, ValidationError
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def team(db):
    return (db, *build_team(db, TODAY))


def _meeting(db, hood, days=7):
    return plan_meeting(db, hood, TODAY + dt.timedelta(days=days))


@pytest.fixture
def two_meetings(team):
    """A closed meeting that raised two actions for case 0, and the next one with case 0 on."""
    db, hood, members, cases = team
    first = _meeting(db, hood, days=-14)
    item = agenda.add_item(db, "chair", first, cases[0], "new_referral")
    agenda.save_discussion(db, "chair", item, {"decision": "Refer to falls clinic"})
    calls = actions.add_action(
        db, "chair", item, "Phone daughter", members["GP"], TODAY - dt.timedelta(days=3)
    )
    visit = actions.add_action(
        db, "chair", item, "Home visit", members["District nurse"], TODAY + dt.timedelta(days=3)
    )
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", first)
    second = _meeting(db, hood, days=0)
    now = agenda.add_item(db, "chair", second, cases[0], "review")
    return db, members, cases, first, second, now, calls, visit


def test_the_case_card_shows_the_facts_and_last_decision(two_meetings):
    db, _, cases, first, second, item, *_ = two_meetings
    card = chair.case_card(db, item)
    assert card.case_id == cases[0]
    assert card.nhs_number.startswith("999")
    assert card.age > 0 and card.question
    assert card.case_status == "active"  # heard at the first meeting
    assert card.last_decision.decision == "Refer to falls clinic"
    assert card.last_decision.meeting_date == TODAY - dt.timedelta(days=14)
    # The first meeting had no earlier decision to show.
    first_item = agenda.items(db, first)[0]["id"]
    assert chair.case_card(db, first_item).last_decision is None


def test_any_other_business_has_no_card(team):
    db, hood, *_ = team
    meeting = _meeting(db, hood)
    item = agenda.add_item(db, "chair", meeting, None, "any_other_business", title="Winter plan")
    assert chair.case_card(db, item) is None


def test_matters_arising_record_what_became_of_each_action(two_meetings):
    db, _, cases, _, second, _, calls, visit = two_meetings
    arising = actions.matters_arising(db, second, cases[0])
    assert [a["description"] for a in arising] == ["Phone daughter", "Home visit"]
    assert all(a["review"] is None for a in arising)

    actions.review_action(db, "chair", second, calls, "done")
    later = TODAY + dt.timedelta(days=14)
    actions.review_action(db, "chair", second, visit, "carried_on", due_on=later)
    arising = {a["id"]: a for a in actions.matters_arising(db, second, cases[0])}
    # Done actions stay on this meeting's list, with what was made of them.
    assert arising[calls]["review"] == "done" and arising[calls]["status"] == "done"
    assert arising[calls]["completed_on"] == TODAY.isoformat()
    assert (
        arising[visit]["review"] == "carried_on" and arising[visit]["due_on"] == later.isoformat()
    )

    # Asked again, the answer is replaced, not added to.
    actions.review_action(db, "chair", second, calls, "not_done", "person_declined")
    arising = {a["id"]: a for a in actions.matters_arising(db, second, cases[0])}
    assert arising[calls]["review"] == "not_done"
    assert arising[calls]["review_reason"] == "person_declined"
    assert arising[calls]["status"] == "cancelled"
    assert db.execute("SELECT count(*) FROM action_reviews").fetchone()[0] == 2


def test_not_done_needs_a_reason(two_meetings):
    db, *_, second, _, calls, _ = two_meetings
    with pytest.raises(ValidationError, match="why it was not done"):
        actions.review_action(db, "chair", second, calls, "not_done")
    assert db.execute("SELECT status FROM actions WHERE id = ?", [calls]).fetchone()[0] == "open"


def test_a_closed_meetings_reviews_change_only_as_amendments(two_meetings):
    db, _, _, _, second, item, calls, visit = two_meetings
    actions.review_action(db, "chair", second, calls, "done")
    actions.review_action(db, "chair", second, visit, "carried_on")
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", second)
    with pytest.raises(MdtError, match="Give a reason"):
        actions.review_action(db, "chair", second, calls, "carried_on")
    actions.review_action(db, "chair", second, calls, "carried_on", reason="Typed in error")
    reasons = db.execute(
        "SELECT DISTINCT reason FROM audit WHERE entity = 'action_reviews' AND reason IS NOT NULL"
    ).fetchall()
    assert reasons == [("Typed in error",)]


def test_actions_raised_at_an_item(two_meetings):
    db, members, _, _, second, item, *_ = two_meetings
    assert actions.raised_at(db, item) == []
    new = actions.add_action(db, "chair", item, "Review medicines", members["Pharmacist"], TODAY)
    assert [a["id"] for a in actions.raised_at(db, item)] == [new]


def test_the_outcome_sets_the_next_review_or_closes_the_case(two_meetings):
    db, _, cases, _, _, item, *_ = two_meetings
    review = TODAY + dt.timedelta(days=28)
    agenda.set_outcome(db, "chair", item, next_review_on=review)
    case = db["cases"].get(cases[0])
    assert case["next_review_on"] == review.isoformat() and case["status"] == "active"

    agenda.set_outcome(db, "chair", item, close_reason="goals_met", action_decisions=_all_done(db))
    case = db["cases"].get(cases[0])
    assert (case["status"], case["closed_reason"], case["closed_on"]) == (
        "closed",
        "goals_met",
        TODAY.isoformat(),
    )
    assert case["next_review_on"] is None
    row = agenda.items(db, _meeting_of(db, item))[0]
    assert row["close_reason"] == "goals_met" and row["next_review_on"] is None

    # Changing its mind, the meeting reopens the case it closed.
    agenda.set_outcome(db, "chair", item, next_review_on=review)
    case = db["cases"].get(cases[0])
    assert (case["status"], case["closed_reason"]) == ("active", None)


def _meeting_of(db, item):
    return db["agenda_items"].get(item)["meeting_id"]


def _all_done(db) -> list[ActionDecision]:
    """Every open action marked done: a case closes with none left open (hazard H-12)."""
    case_ids = [row[0] for row in db.execute("SELECT DISTINCT case_id FROM actions")]
    return [ActionDecision.done(a.id) for case in case_ids for a in open_actions(db, case)]


def test_an_outcome_needs_one_answer_and_a_sensible_date(two_meetings):
    db, *_, item, _, _ = two_meetings
    with pytest.raises(ValidationError):
        agenda.set_outcome(db, "chair", item)
    with pytest.raises(ValidationError, match="after the meeting"):
        agenda.set_outcome(db, "chair", item, next_review_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="why the case is closing"):
        agenda.set_outcome(db, "chair", item, close_reason="bored")
    assert (
        db.execute("SELECT count(*) FROM discussions WHERE agenda_item_id = ?", [item]).fetchone()[
            0
        ]
        == 0
    )


def test_due_presets_count_from_the_meeting_and_find_the_next_one(two_meetings):
    db, *_, second, _, _, _ = two_meetings
    presets = chair.due_presets(db, second)
    assert presets["1 week"] == TODAY + dt.timedelta(days=7)
    assert presets["2 weeks"] == TODAY + dt.timedelta(days=14)
    # No next meeting planned and one gap known: the usual fortnight.
    assert presets["Next meeting"] == TODAY + dt.timedelta(days=14)
    hood = db["meetings"].get(second)["neighbourhood_id"]
    _meeting(db, hood, days=21)
    assert chair.due_presets(db, second)["Next meeting"] == TODAY + dt.timedelta(days=21)


def test_the_meeting_clock_starts_when_the_meeting_does(two_meetings):
    db, *_, second, _, _, _ = two_meetings
    assert chair.started_at(db, second) is None
    meetings.start_meeting(db, "chair", second)
    started = chair.started_at(db, second)
    assert abs((dt.datetime.now(dt.UTC) - started).total_seconds()) < 60


def test_an_items_outcome_is_read_fresh_with_its_cases_state(two_meetings):
    db, _, cases, first, second, item, *_ = two_meetings
    outcome = chair.item_outcome(db, item)
    assert outcome.meeting_day == TODAY
    assert (outcome.next_review_on, outcome.close_reason) == (None, None)
    assert outcome.case_status == "active" and not outcome.closed_elsewhere

    review = TODAY + dt.timedelta(days=28)
    agenda.set_outcome(db, "chair", item, next_review_on=review)
    outcome = chair.item_outcome(db, item)
    assert outcome.next_review_on == review and outcome.case_next_review_on == review

    agenda.set_outcome(db, "chair", item, close_reason="goals_met", action_decisions=_all_done(db))
    outcome = chair.item_outcome(db, item)
    assert (outcome.close_reason, outcome.case_status) == ("goals_met", "closed")
    assert not outcome.closed_elsewhere

    # Closed by the earlier meeting's item (an amendment), the case is closed elsewhere for this
    # one, which therefore has no outcome of its own to change.
    agenda.set_outcome(db, "chair", item, next_review_on=review)
    earlier = agenda.items(db, first)[0]["id"]
    agenda.set_outcome(db, "chair", earlier, close_reason="died", reason="News came late")
    outcome = chair.item_outcome(db, item)
    assert outcome.closed_elsewhere and outcome.case_closed_reason == "died"


def test_any_other_business_has_no_outcome(team):
    db, hood, *_ = team
    meeting = _meeting(db, hood)
    item = agenda.add_item(db, "chair", meeting, None, "any_other_business", title="Room booking")
    assert chair.item_outcome(db, item) is None
    with pytest.raises(MdtError):
        chair.item_outcome(db, item + 100)


def test_moving_past_an_item_with_nothing_said_writes_nothing(two_meetings):
    db, *_, item, _, _ = two_meetings
    before = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    agenda.save_discussion(db, "chair", item, {"notes": "", "decision": "  "})
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == before
    assert agenda.items(db, db["agenda_items"].get(item)["meeting_id"])[0]["notes"] is None


def test_amending_an_earlier_meeting_leaves_what_a_later_one_decided(two_meetings):
    db, members, cases, first, second, item, calls, visit = two_meetings
    # The second meeting carries the visit on and sets the review; then it closes.
    actions.review_action(db, "chair", second, visit, "carried_on")
    actions.review_action(db, "chair", second, calls, "done")
    later_review = TODAY + dt.timedelta(days=28)
    agenda.set_outcome(db, "chair", item, next_review_on=later_review)
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", second)
    third = _meeting(db, db["meetings"].get(second)["neighbourhood_id"], days=14)
    agenda.add_item(db, "chair", third, cases[0], "review")
    actions.review_action(db, "chair", third, visit, "done")

    # Amendments to the first and second meetings correct their records only.
    first_item = agenda.items(db, first)[0]["id"]
    agenda.set_outcome(
        db, "chair", first_item, next_review_on=TODAY - dt.timedelta(days=7), reason="Typo"
    )
    actions.review_action(db, "chair", second, visit, "not_done", "other", reason="Typo")
    assert db["cases"].get(cases[0])["next_review_on"] == later_review.isoformat()
    assert db["actions"].get(visit)["status"] == "done"
    reviews = {
        (r["meeting_id"], r["outcome"])
        for r in db["action_reviews"].rows_where("action_id = ?", [visit])
    }
    assert reviews == {(second, "not_done"), (third, "done")}
