"""Hazard H-12: a case never closes with its actions still open.

Closing a case with open actions, at a meeting's item (``agenda.set_outcome``) or in the case
form (``register.save_case_record``), is refused unless every open action is decided, done or not
done with a reason, and then the closing and the decisions are one audited transaction.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mdtdesk.core import actions, agenda, audit, meetings, register
from mdtdesk.core.case_closing import ActionDecision, OpenActionsOnClosing, open_actions
from mdtdesk.core.errors import ValidationError
from mdtdesk.documents.minutes import build_minutes
from tests.helpers import build_team, plan_meeting

TODAY = dt.date(2026, 11, 23)
CHAIR = "Dr Patel"


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def team(db):
    """Case 0 with two actions raised at an earlier, closed meeting and one raised at today's
    meeting, where it is on the agenda; case 1 with an open action of its own."""
    hood, members, cases = build_team(db, TODAY)
    first = plan_meeting(db, hood, _days(-14))
    item = agenda.add_item(db, "chair", first, cases[0], "new_referral")
    other = agenda.add_item(db, "chair", first, cases[1], "new_referral")
    agenda.save_discussion(db, "chair", item, {"decision": "Refer to falls clinic"})
    falls = actions.add_action(
        db, "chair", item, "Refer to the falls clinic", members["GP"], _days(-3)
    )
    visit = actions.add_action(db, "chair", item, "Home visit", members["District nurse"], _days(3))
    elsewhere = actions.add_action(
        db, "chair", other, "Benefits check", members["Social worker"], _days(7)
    )
    for heard in (item, other):
        agenda.set_item_status(db, "chair", heard, "discussed")
    meetings.close_meeting(db, "chair", first)
    today = plan_meeting(db, hood, TODAY)
    now = agenda.add_item(db, "chair", today, cases[0], "review")
    letter = actions.add_action(
        db, "chair", now, "Send the handover letter", members["Care coordinator"], _days(7)
    )
    return {
        "db": db,
        "cases": cases,
        "meeting": today,
        "item": now,
        "falls": falls,
        "visit": visit,
        "letter": letter,
        "elsewhere": elsewhere,
    }


def _state(db) -> dict:
    """Everything a closing could change: the cases, actions, reviews, outcomes and audit."""
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("cases", "actions", "action_reviews", "discussions", "audit")
    }


def _action(db, action_id: int) -> tuple:
    return db.execute(
        "SELECT status, completed_on, not_done_reason FROM actions WHERE id = ?", [action_id]
    ).fetchone()


def _case(db, case_id: int) -> tuple:
    return db.execute(
        "SELECT status, closed_reason, closed_on FROM cases WHERE id = ?", [case_id]
    ).fetchone()


def test_closing_at_an_item_with_open_actions_is_refused_naming_them_and_changes_nothing(team):
    db = team["db"]
    before = _state(db)
    with pytest.raises(OpenActionsOnClosing) as refused:
        agenda.set_outcome(db, CHAIR, team["item"], close_reason="moved_away")
    assert str(refused.value) == (
        "This case still has 3 open actions. Mark each one done or not done before closing "
        "the case."
    )
    assert isinstance(refused.value, ValidationError)
    listed = [(a.id, a.description, a.owner, a.due_on) for a in refused.value.open_actions]
    assert listed == [
        (team["falls"], "Refer to the falls clinic", "Dr Aisha Patel", _days(-3)),
        (team["visit"], "Home visit", "Siân Evans", _days(3)),
        (team["letter"], "Send the handover letter", "Joe Wright", _days(7)),
    ]
    assert open_actions(db, team["cases"][0]) == list(refused.value.open_actions)
    assert _state(db) == before


def test_closing_at_an_item_decides_every_open_action_in_the_same_transaction(team):
    db, case = team["db"], team["cases"][0]
    decisions = [
        ActionDecision.done(team["falls"]),
        ActionDecision.not_done(team["visit"], "no_longer_needed"),
        ActionDecision.not_done(team["letter"], "handed_over"),
    ]
    agenda.set_outcome(
        db, CHAIR, team["item"], close_reason="moved_away", action_decisions=decisions
    )
    assert _case(db, case) == ("closed", "moved_away", TODAY.isoformat())
    assert _action(db, team["falls"]) == ("done", TODAY.isoformat(), None)
    assert _action(db, team["visit"]) == ("cancelled", None, "no_longer_needed")
    assert _action(db, team["letter"]) == ("cancelled", None, "handed_over")
    assert _action(db, team["elsewhere"])[0] == "open"  # another case's action is untouched
    assert open_actions(db, case) == []
    for action_id in (team["falls"], team["visit"], team["letter"]):
        change = [c for c in audit.history(db, "actions", action_id) if c["field"] == "status"]
        assert change[-1]["actor"] == CHAIR and change[-1]["new"] in ("done", "cancelled")
    # The earlier actions were heard as matters arising: the meeting's answer is kept, and the
    # minutes say what became of each.
    reviews = db.execute(
        "SELECT action_id, outcome, not_done_reason FROM action_reviews WHERE meeting_id = ? "
        "ORDER BY action_id",
        [team["meeting"]],
    ).fetchall()
    assert reviews == [
        (team["falls"], "done", None),
        (team["visit"], "not_done", "no_longer_needed"),
    ]
    text = build_minutes(db, team["meeting"]).text()
    assert "Refer to the falls clinic | Dr Aisha Patel, GP | 9 November 2026 | Done." in text
    assert "Home visit | Siân Evans, District nurse | 9 November 2026 | Not done: no longer" in text


def test_partial_foreign_or_unreasoned_decisions_are_refused_and_change_nothing(team):
    db = team["db"]
    finished = _done_action(team)
    before = _state(db)
    every = [
        ActionDecision.done(team["falls"]),
        ActionDecision.done(team["visit"]),
        ActionDecision.done(team["letter"]),
    ]
    # One left out: refused, naming all three still open.
    with pytest.raises(OpenActionsOnClosing) as partial:
        agenda.set_outcome(
            db, CHAIR, team["item"], close_reason="goals_met", action_decisions=every[:2]
        )
    assert len(partial.value.open_actions) == 3
    # Another case's action, or one already done, is no open action of this case.
    for stranger in (team["elsewhere"], finished):
        with pytest.raises(ValidationError, match="not an open action of this case") as foreign:
            agenda.set_outcome(
                db,
                CHAIR,
                team["item"],
                close_reason="goals_met",
                action_decisions=[*every, ActionDecision.done(stranger)],
            )
        assert not isinstance(foreign.value, OpenActionsOnClosing)
    with pytest.raises(ValidationError, match="decided twice"):
        agenda.set_outcome(
            db,
            CHAIR,
            team["item"],
            close_reason="goals_met",
            action_decisions=[*every, ActionDecision.done(team["falls"])],
        )
    for reason in (None, "forgot", "Handed over to another team"):
        with pytest.raises(ValidationError, match="why each action marked not done"):
            agenda.set_outcome(
                db,
                CHAIR,
                team["item"],
                close_reason="goals_met",
                action_decisions=[*every[:2], ActionDecision.not_done(team["letter"], reason)],
            )
    with pytest.raises(ValidationError, match="done or not done"):
        agenda.set_outcome(
            db,
            CHAIR,
            team["item"],
            close_reason="goals_met",
            action_decisions=[*every[:2], ActionDecision(team["letter"], "carried_on")],
        )
    assert _state(db) == before
    assert _case(db, team["cases"][0])[0] == "active"


def _done_action(team) -> int:
    """A fourth action of case 0, raised and done today, so it is not open."""
    db = team["db"]
    raised = actions.add_action(
        db, "chair", team["item"], "Check the key safe", _member(db), _days(1)
    )
    actions.mark_done(db, "chair", [raised], on=TODAY)
    return raised


def _member(db) -> int:
    return db.execute("SELECT min(id) FROM members").fetchone()[0]


def test_closing_in_the_case_form_is_refused_then_decides_every_open_action(team):
    db, case = team["db"], team["cases"][0]
    before = _state(db)
    record = register.load_case_record(db, case)
    record.status, record.closed_reason = "closed", "long_term_care"
    record.person.phone = "0161 496 0999"  # typed in the same save: not saved when refused
    with pytest.raises(OpenActionsOnClosing, match="still has 3 open actions") as refused:
        register.save_case_record(db, CHAIR, record, TODAY)
    assert [a.id for a in refused.value.open_actions] == [
        team["falls"],
        team["visit"],
        team["letter"],
    ]
    assert _state(db) == before
    assert db["people"].get(record.person.id)["phone"] is None

    later = _days(2)
    saved = register.save_case_record(
        db,
        CHAIR,
        record,
        later,
        action_decisions=[
            ActionDecision.not_done(team["falls"], "handed_over"),
            ActionDecision.done(team["visit"]),
            ActionDecision.not_done(team["letter"], "person_declined"),
        ],
    )
    assert (saved.status, saved.closed_reason, saved.closed_on) == (
        "closed",
        "long_term_care",
        later,
    )
    assert db["people"].get(record.person.id)["phone"] == "0161 496 0999"
    assert _action(db, team["falls"]) == ("cancelled", None, "handed_over")
    assert _action(db, team["visit"]) == ("done", later.isoformat(), None)
    assert _action(db, team["letter"]) == ("cancelled", None, "person_declined")
    actors = {
        c["actor"]
        for action_id in (team["falls"], team["visit"], team["letter"])
        for c in audit.history(db, "actions", action_id)
        if c["field"] in ("status", "not_done_reason", "completed_on")
    }
    assert actors == {CHAIR}
    # Away from a meeting there is no meeting's answer to record.
    assert db.execute("SELECT count(*) FROM action_reviews").fetchone()[0] == 0


def test_a_case_form_closing_with_a_foreign_or_partial_decision_changes_nothing(team):
    db = team["db"]
    before = _state(db)
    record = register.load_case_record(db, team["cases"][0])
    record.status, record.closed_reason = "closed", "died"
    with pytest.raises(OpenActionsOnClosing):
        register.save_case_record(
            db, CHAIR, record, TODAY, action_decisions=[ActionDecision.done(team["falls"])]
        )
    with pytest.raises(ValidationError, match="not an open action of this case"):
        register.save_case_record(
            db,
            CHAIR,
            record,
            TODAY,
            action_decisions=[
                ActionDecision.done(team["falls"]),
                ActionDecision.done(team["visit"]),
                ActionDecision.done(team["letter"]),
                ActionDecision.done(team["elsewhere"]),
            ],
        )
    assert _state(db) == before


def test_a_case_without_open_actions_closes_as_before_by_either_route(team):
    db = team["db"]
    # Case 2 never had an action; case 1's only action is done before it closes.
    record = register.load_case_record(db, team["cases"][2])
    record.status, record.closed_reason = "closed", "goals_met"
    assert register.save_case_record(db, CHAIR, record, TODAY).status == "closed"
    actions.mark_not_done(db, "chair", team["elsewhere"], "other")
    item = agenda.add_item(db, "chair", team["meeting"], team["cases"][1], "review")
    agenda.set_outcome(db, CHAIR, item, close_reason="declined")
    assert _case(db, team["cases"][1]) == ("closed", "declined", TODAY.isoformat())
    assert _action(db, team["elsewhere"]) == ("cancelled", None, "other")
    # Decisions where nothing is closing are a mistake, refused.
    with pytest.raises(ValidationError, match="only as their case closes"):
        agenda.set_outcome(
            db,
            CHAIR,
            team["item"],
            next_review_on=_days(28),
            action_decisions=[ActionDecision.done(team["falls"])],
        )
    assert _action(db, team["falls"])[0] == "open"


def test_reopening_the_outcome_leaves_the_decisions_as_they_were(team):
    db, case = team["db"], team["cases"][0]
    decisions = [
        ActionDecision.done(team["falls"]),
        ActionDecision.not_done(team["visit"], "handed_over"),
        ActionDecision.not_done(team["letter"], "handed_over"),
    ]
    agenda.set_outcome(
        db, CHAIR, team["item"], close_reason="moved_away", action_decisions=decisions
    )
    # Another reason for the closing this item made asks nothing again.
    agenda.set_outcome(db, CHAIR, team["item"], close_reason="long_term_care")
    agenda.set_outcome(db, CHAIR, team["item"], next_review_on=_days(28))
    assert _case(db, case)[0] == "active"
    assert _action(db, team["falls"]) == ("done", TODAY.isoformat(), None)
    assert _action(db, team["visit"]) == ("cancelled", None, "handed_over")
    assert _action(db, team["letter"]) == ("cancelled", None, "handed_over")


def test_no_action_is_left_open_on_a_closed_case(team):
    db = team["db"]
    decisions = [
        ActionDecision.done(team["falls"]),
        ActionDecision.not_done(team["visit"], "handed_over"),
        ActionDecision.done(team["letter"]),
    ]
    agenda.set_outcome(
        db, CHAIR, team["item"], close_reason="goals_met", action_decisions=decisions
    )
    before = _state(db)
    with pytest.raises(ValidationError, match="case is closed, so no action can be added"):
        actions.add_action(db, CHAIR, team["item"], "One more thing", _member(db), _days(7))
    with pytest.raises(ValidationError, match="cannot stay open"):
        actions.carry_on(db, CHAIR, team["visit"], _days(14))
    with pytest.raises(ValidationError, match="cannot stay open"):
        actions.review_action(db, CHAIR, team["meeting"], team["visit"], "carried_on")
    assert _state(db) == before
    # Done or not done are still open to the chair.
    actions.review_action(db, CHAIR, team["meeting"], team["visit"], "done")
    assert _action(db, team["visit"])[0] == "done"
