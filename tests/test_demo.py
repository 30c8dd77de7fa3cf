"""The demo database: refuses to overwrite, believable, repeatable, consistent and fast enough."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from mdtdesk.core import demo as demo_module
from mdtdesk.core import nhs_number
from mdtdesk.core.db import connect
from mdtdesk.core.demo import DemoSummary, build_demo
from mdtdesk.core.demo_outcomes import stated
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.meeting_record import matters_arising_at
from mdtdesk.core.postcode import normalise_postcode
from mdtdesk.core.vocabulary import (
    CLOSED_REASONS,
    NOT_DONE_REASONS,
    ORGANISATION_KINDS,
    REVIEW_OUTCOMES,
)
from mdtdesk.documents.minutes import build_minutes

ROOT = Path(__file__).resolve().parent.parent
# The same fixed day as conftest's ``today`` fixture; module-scoped builds cannot use that fixture.
TODAY = dt.date(2026, 11, 23)
ISO_TODAY = TODAY.isoformat()


def _connect(path: Path) -> sqlite.Connection:
    return sqlite.connect(f"file:{path}?mode=ro", uri=True)


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in storage order. The migrations' own log records when each
    migration ran (wall-clock, outside the demo's control), so only its names are compared."""
    with closing(_connect(path)) as conn:
        names = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        dump = {name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for name in names}
        dump["_sqlite_migrations"] = conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    return dump


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return path, build_demo(path, today=TODAY)


@pytest.fixture
def q(demo):
    """Run a query on the default demo and return all rows."""
    conn = _connect(demo[0])
    yield lambda sql, *params: conn.execute(sql, params).fetchall()
    conn.close()


def test_the_conftest_today_is_the_day_these_builds_use(today):
    assert today == TODAY


def test_refuses_to_overwrite_an_existing_file(tmp_path):
    path = tmp_path / "precious.db"
    path.write_bytes(b"not yours to replace")
    with pytest.raises(MdtError, match="already exists. Choose a new file name"):
        build_demo(path, patients=5, today=TODAY)
    assert path.read_bytes() == b"not yours to replace"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.db"]


@pytest.mark.parametrize("patients", [0, -3, demo_module.MAX_PATIENTS + 1])
def test_refuses_an_impossible_number_of_patients(tmp_path, patients):
    with pytest.raises(MdtError, match="A demo has between 1 and"):
        build_demo(tmp_path / "none.db", patients=patients, today=TODAY)
    assert not list(tmp_path.iterdir())


def test_a_failure_part_way_leaves_no_half_made_file(tmp_path, monkeypatch):
    written = demo_module._write

    def write_then_fail(conn, demo):
        written(conn, demo)
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_module, "_write", write_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        build_demo(tmp_path / "half.db", patients=20, today=TODAY)
    assert not list(tmp_path.iterdir())


def test_the_summary_counts_what_is_in_the_file(demo, q):
    _, summary = demo
    assert summary.people == 300 == q("SELECT count(*) FROM people")[0][0]
    assert summary.cases == q("SELECT count(*) FROM cases")[0][0]
    assert 300 <= summary.cases <= 330  # one case each, a few people with an earlier one too
    assert summary.members == q("SELECT count(*) FROM members")[0][0]
    assert 20 <= summary.members <= 30
    assert summary.meetings == q("SELECT count(*) FROM meetings")[0][0]
    assert summary.actions == q("SELECT count(*) FROM actions")[0][0]


def test_reference_data_looks_like_stockport(q):
    assert len(q("SELECT id FROM neighbourhoods")) == 8
    assert ("Marple & Werneth",) in q("SELECT name FROM neighbourhoods")
    per_area = q("SELECT count(*) FROM practices GROUP BY neighbourhood_id")
    assert len(per_area) == 8 and all(2 <= n <= 4 for (n,) in per_area)
    kinds = {kind for (kind,) in q("SELECT kind FROM organisations")}
    assert kinds <= set(ORGANISATION_KINDS) and {"gp_practice", "nhs_trust", "council"} <= kinds
    roles = {role for (role,) in q("SELECT role FROM members")}
    assert {"GP", "district nurse", "social worker", "care coordinator", "pharmacist"} <= roles
    assert q("SELECT count(*) FROM members WHERE is_core = 1")[0][0] > 0


def test_cases_are_spread_over_the_three_statuses(q):
    counts = dict(q("SELECT status, count(*) FROM cases GROUP BY status"))
    total = sum(counts.values())
    assert 0.08 < counts["referred"] / total < 0.25
    assert 0.45 < counts["active"] / total < 0.75
    assert 0.15 < counts["closed"] / total < 0.35
    closed = q("SELECT closed_reason, closed_on FROM cases WHERE status = 'closed'")
    assert all(reason in CLOSED_REASONS and on <= ISO_TODAY for reason, on in closed)
    reopened = "SELECT count(*) FROM cases WHERE status <> 'closed' AND closed_reason IS NOT NULL"
    assert q(reopened) == [(0,)]


def test_some_people_have_an_earlier_closed_case_and_a_new_one(q):
    again = q(
        "SELECT old.closed_on, new.opened_on FROM cases old JOIN cases new "
        "ON new.person_id = old.person_id AND new.id > old.id WHERE old.status = 'closed'"
    )
    assert again and all(closed < opened for closed, opened in again)
    assert not q(
        "SELECT person_id FROM cases WHERE status <> 'closed' GROUP BY 1 HAVING count(*) > 1"
    )


def test_every_referral_asks_the_mdt_a_question(q):
    rows = q("SELECT question, referrer, situation, recommendation, referred_on FROM referrals")
    assert len(rows) == q("SELECT count(*) FROM cases")[0][0]
    assert all(question.endswith("?") and referrer and situation and recommendation
               for question, referrer, situation, recommendation, _ in rows)  # fmt: skip
    assert all(on <= ISO_TODAY for *_, on in rows)
    assert len({row[0] for row in rows}) > 20  # templates with variety, not one sentence


def test_past_meetings_have_discussions_decisions_and_actions(q):
    held = q("SELECT id, starts_at FROM meetings WHERE status = 'closed'")
    assert len(held) >= 3 and all(starts < ISO_TODAY for _, starts in held)
    per_meeting = q(
        "SELECT m.id, count(d.id), count(d.decision) FROM meetings m "
        "JOIN agenda_items i ON i.meeting_id = m.id JOIN discussions d ON d.agenda_item_id = i.id "
        "WHERE m.status = 'closed' GROUP BY m.id"
    )
    assert len(per_meeting) == len(held)
    assert all(decided > 0 for _, _, decided in per_meeting)
    undecided = q("SELECT no_decision_reason FROM discussions WHERE decision IS NULL")
    share = len(undecided) / sum(n for _, n, _ in per_meeting)
    assert 0.05 < share < 0.3 and all(reason for (reason,) in undecided)
    assert q("SELECT count(*) FROM attendance WHERE deputy_for_id IS NOT NULL")[0][0] > 0
    assert q("SELECT count(*) FROM agenda_items WHERE status = 'deferred'")[0][0] > 0


def test_every_active_case_has_been_discussed(q):
    silent = q(
        "SELECT c.id FROM cases c WHERE c.status = 'active' AND NOT EXISTS (SELECT 1 FROM "
        "agenda_items i JOIN discussions d ON d.agenda_item_id = i.id WHERE i.case_id = c.id)"
    )
    assert silent == []


def test_some_actions_are_overdue_and_done_ones_say_when(q):
    overdue = q("SELECT count(*) FROM actions WHERE status = 'open' AND due_on < ?", ISO_TODAY)
    assert overdue[0][0] > 0
    done = q("SELECT completed_on FROM actions WHERE status = 'done'")
    assert done and all(on is not None and on <= ISO_TODAY for (on,) in done)
    assert q("SELECT count(*) FROM actions a JOIN cases c ON c.id = a.case_id "
             "WHERE c.status = 'closed' AND a.status = 'open'") == [(0,)]  # fmt: skip


def test_every_discussed_case_item_has_one_outcome_and_no_other_item_has_any(q):
    items = q(
        "SELECT i.id, i.status, i.case_id, m.status, date(m.starts_at), d.next_review_on, "
        "d.close_reason FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        "LEFT JOIN discussions d ON d.agenda_item_id = i.id"
    )
    weeks = []
    for item, status, case, meeting, day, review, reason in items:
        discussed = status == "discussed" and case is not None and meeting == "closed"
        assert (review is not None) + (reason is not None) == int(discussed), item
        assert reason is None or reason in CLOSED_REASONS
        if review is not None:
            weeks.append((dt.date.fromisoformat(review) - dt.date.fromisoformat(day)).days / 7)
    assert len(weeks) > 400 and min(weeks) > 0
    assert sum(2 <= w <= 12 for w in weeks) / len(weeks) > 0.9  # usually two to twelve weeks
    # A decision that says when to review ("review in six weeks") agrees with the outcome.
    worded = q(
        "SELECT d.decision, julianday(d.next_review_on) - julianday(date(m.starts_at)) "
        "FROM discussions d JOIN agenda_items i ON i.id = d.agenda_item_id "
        "JOIN meetings m ON m.id = i.meeting_id WHERE d.next_review_on IS NOT NULL"
    )
    said = [(stated(decision), gap) for decision, gap in worded if decision and stated(decision)]
    assert len(said) > 100 and all(interval == gap for interval, gap in said)


def test_a_closing_outcome_closes_its_case_that_day_and_nothing_follows_it(q):
    closing = q(
        "SELECT c.id, d.close_reason, date(m.starts_at), m.starts_at, i.kind, c.status, "
        "c.closed_reason, c.closed_on FROM discussions d "
        "JOIN agenda_items i ON i.id = d.agenda_item_id JOIN meetings m ON m.id = i.meeting_id "
        "JOIN cases c ON c.id = i.case_id WHERE d.close_reason IS NOT NULL"
    )
    assert len(closing) > 40
    assert len({row[0] for row in closing}) == len(closing)  # a case closes once
    for case, reason, day, starts, kind, status, closed_reason, closed_on in closing:
        assert (status, closed_reason, closed_on) == ("closed", reason, day), case
        assert kind != "death_review" or reason == "died"
        later = "SELECT count(*) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        assert q(later + "WHERE i.case_id = ? AND m.starts_at > ?", case, starts) == [(0,)]
    # A closed case that ever came to a meeting was closed by one.
    unexplained = q(
        "SELECT c.id FROM cases c WHERE c.status = 'closed' AND EXISTS (SELECT 1 FROM "
        "agenda_items i WHERE i.case_id = c.id AND i.status = 'discussed') AND NOT EXISTS "
        "(SELECT 1 FROM agenda_items i JOIN discussions d ON d.agenda_item_id = i.id "
        "WHERE i.case_id = c.id AND d.close_reason IS NOT NULL)"
    )
    assert unexplained == []
    assert q("SELECT count(*) FROM agenda_items WHERE kind = 'death_review'")[0][0] > 0


def test_an_open_case_is_reviewed_when_its_latest_discussion_agreed(q):
    rows = q(
        "SELECT c.id, c.next_review_on, (SELECT d.next_review_on FROM agenda_items i "
        "JOIN meetings m ON m.id = i.meeting_id JOIN discussions d ON d.agenda_item_id = i.id "
        "WHERE i.case_id = c.id ORDER BY m.starts_at DESC LIMIT 1) FROM cases c "
        "WHERE c.status <> 'closed'"
    )
    discussed = [(case, on, agreed) for case, on, agreed in rows if agreed is not None]
    assert len(discussed) > 150
    assert all(on == agreed for _, on, agreed in discussed)


def test_every_action_review_is_of_an_earlier_action_of_a_case_discussed_there(q):
    reviews = q(
        "SELECT r.id, r.outcome, r.not_done_reason, m.status, m.starts_at, raised.starts_at, "
        "EXISTS (SELECT 1 FROM agenda_items i WHERE i.meeting_id = r.meeting_id "
        "AND i.case_id = a.case_id AND i.status = 'discussed') "
        "FROM action_reviews r JOIN meetings m ON m.id = r.meeting_id "
        "JOIN actions a ON a.id = r.action_id JOIN agenda_items ri ON ri.id = a.raised_at_item_id "
        "JOIN meetings raised ON raised.id = ri.meeting_id"
    )
    assert len(reviews) > 150
    for review, outcome, reason, status, starts, raised, on_agenda in reviews:
        assert status == "closed" and raised < starts and on_agenda, review
        assert outcome in REVIEW_OUTCOMES
        assert (reason in NOT_DONE_REASONS) if outcome == "not_done" else reason is None
    assert {outcome for _, outcome, *_ in reviews} == set(REVIEW_OUTCOMES)


def test_review_outcomes_agree_with_what_became_of_each_action(q):
    # The day each action stopped being open: its completion, or the audit's day for one not
    # done (which keeps no date of its own); None while it is still open.
    actions = {
        aid: (status, completed, reason, left)
        for aid, status, completed, reason, left in q(
            "SELECT a.id, a.status, a.completed_on, a.not_done_reason, coalesce(a.completed_on, "
            "(SELECT date(max(au.at)) FROM audit au WHERE au.entity = 'actions' "
            "AND au.entity_id = a.id AND au.field = 'status')) FROM actions a"
        )
    }
    assert all(reason in NOT_DONE_REASONS for status, _, reason, _ in actions.values()
               if status == "cancelled")  # fmt: skip
    reviewed: dict[int, list[tuple]] = {}
    for aid, day, outcome, reason in q(
        "SELECT r.action_id, date(m.starts_at), r.outcome, r.not_done_reason "
        "FROM action_reviews r JOIN meetings m ON m.id = r.meeting_id ORDER BY m.starts_at"
    ):
        reviewed.setdefault(aid, []).append((day, outcome, reason))
    for aid, reviews in reviewed.items():
        (day, outcome, reason), status = reviews[-1], actions[aid][0]
        assert all(earlier == "carried_on" for _, earlier, _ in reviews[:-1]), aid
        if outcome == "done":
            assert actions[aid][:2] == ("done", day), aid
        elif outcome == "not_done":
            assert actions[aid][:3] == ("cancelled", None, reason), aid
        else:  # carried on: still open, or settled after that meeting
            assert status == "open" or actions[aid][3] > day, aid
    # Each later meeting that discusses the case reviews every action still open at its start.
    due = q(
        "SELECT a.id, date(m.starts_at), rv.id IS NOT NULL FROM actions a "
        "JOIN agenda_items ri ON ri.id = a.raised_at_item_id "
        "JOIN meetings raised ON raised.id = ri.meeting_id "
        "JOIN agenda_items i ON i.case_id = a.case_id AND i.status = 'discussed' "
        "JOIN meetings m ON m.id = i.meeting_id AND m.starts_at > raised.starts_at "
        "LEFT JOIN action_reviews rv ON rv.action_id = a.id AND rv.meeting_id = m.id"
    )
    assert len(due) > len(reviewed)
    for aid, day, has_review in due:
        left = actions[aid][3]
        assert has_review == (left is None or left >= day), (aid, day)


def test_the_minutes_record_each_outcome_and_what_became_of_earlier_actions(demo):
    conn = connect(demo[0])
    seen = {"Carried on": 0, "Done.": 0, "Not done: ": 0, "before this meeting": 0}
    try:
        meetings = conn.execute("SELECT id FROM meetings WHERE status = 'closed'").fetchall()
        for (meeting,) in meetings:
            text = build_minutes(conn, meeting).text()
            assert "Outcome: Not recorded" not in text, meeting
            discussed = conn.execute(
                "SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND case_id IS NOT NULL "
                "AND status = 'discussed'",
                [meeting],
            ).fetchone()[0]
            outcomes = text.count("Outcome: Review again on ") + text.count("Outcome: Case closed")
            assert outcomes == discussed, meeting
            for phrase in seen:
                seen[phrase] += text.count(phrase)
            # An earlier action goes unreviewed only where its case was deferred, not reached.
            deferred = {
                case
                for (case,) in conn.execute(
                    "SELECT case_id FROM agenda_items WHERE meeting_id = ? AND status = 'deferred'",
                    [meeting],
                )
            }
            for action in matters_arising_at(conn, meeting):
                assert action["review"] is not None or action["case_id"] in deferred, action
    finally:
        conn.close()
    assert all(seen.values()), seen


def test_exactly_one_upcoming_draft_meeting_with_a_pending_agenda(q):
    drafts = q("SELECT id, starts_at FROM meetings WHERE status = 'draft'")
    assert len(drafts) == 1
    draft_id, starts_at = drafts[0]
    assert dt.datetime.fromisoformat(starts_at).date() > TODAY
    items = q("SELECT kind, status FROM agenda_items WHERE meeting_id = ?", draft_id)
    assert 8 <= len(items) <= 12 and {status for _, status in items} == {"pending"}
    assert {"new_referral", "review"} <= {kind for kind, _ in items}
    discussed = q(
        "SELECT count(*) FROM discussions d JOIN agenda_items i ON i.id = d.agenda_item_id "
        "WHERE i.meeting_id = ?",
        draft_id,
    )
    assert discussed == [(0,)]
    assert q("SELECT count(*) FROM meetings WHERE starts_at > ?", ISO_TODAY) == [(1,)]


def test_people_who_objected_appear_on_agendas_only_with_a_recorded_override(q):
    bare = q(
        "SELECT count(*) FROM agenda_items i JOIN cases c ON c.id = i.case_id "
        "JOIN people p ON p.id = c.person_id "
        "WHERE p.info_sharing = 'objected' AND i.sharing_override_reason IS NULL"
    )
    assert bare == [(0,)]


def test_nhs_numbers_are_valid_unique_and_from_the_999_range(q):
    numbers = [number for (number,) in q("SELECT nhs_number FROM people")]
    assert len(set(numbers)) == len(numbers) == 300
    assert all(n.startswith("999") and nhs_number.parse(n) == n for n in numbers)


def test_people_look_like_an_older_uk_population(q):
    names = q("SELECT given_name, family_name FROM people")
    assert sum(not (given + family).isascii() for given, family in names) >= 5
    assert max(len(given) + len(family) for given, family in names) >= 28
    births = [dt.date.fromisoformat(b) for (b,) in q("SELECT date_of_birth FROM people")]
    ages = [(TODAY - born).days // 365 for born in births]
    assert min(ages) >= 44 and max(ages) <= 99
    assert sum(65 <= age <= 98 for age in ages) / len(ages) > 0.85
    postcodes = [p for (p,) in q("SELECT postcode FROM people")]
    assert all(normalise_postcode(p) == p and p.startswith("SK") for p in postcodes)
    frailty = [s for (s,) in q("SELECT frailty_score FROM people") if s is not None]
    assert sum(4 <= s <= 7 for s in frailty) / len(frailty) > 0.6
    alone = q("SELECT avg(lives_alone) FROM people")[0][0]
    assert 0.25 < alone < 0.55
    conditions = [c for (c,) in q("SELECT conditions FROM people")]
    assert all(conditions) and sum("; " in c for c in conditions) > 100  # "; "-separated
    sharing = dict(q("SELECT info_sharing, count(*) FROM people GROUP BY 1"))
    assert sharing["informed"] > 150 and set(sharing) == {
        "informed", "objected", "best_interests", "not_recorded"
    }  # fmt: skip
    unrecorded = q(
        "SELECT count(*) FROM people WHERE (info_sharing = 'not_recorded') <> "
        "(info_sharing_on IS NULL AND info_sharing_recorded_by IS NULL)"
    )
    assert unrecorded == [(0,)]


def test_every_record_has_a_created_audit_row_dated_by_the_data(q):
    for (table,) in q("SELECT DISTINCT entity FROM audit"):
        rows = q(f"SELECT count(*) FROM {table}")[0][0]
        audited = q(
            "SELECT count(DISTINCT entity_id) FROM audit WHERE entity = ? AND field = 'created'",
            table,
        )
        assert audited == [(rows,)], table
    assert {t for (t,) in q("SELECT DISTINCT entity FROM audit")} >= {"people", "actions"}
    assert q("SELECT DISTINCT actor FROM audit") == [("demo",)]
    assert q("SELECT max(at) FROM audit")[0][0] < (TODAY + dt.timedelta(days=1)).isoformat()


def test_the_database_is_whole_and_consistent(q):
    assert q("PRAGMA integrity_check") == [("ok",)]
    assert q("PRAGMA foreign_key_check") == []
    assert q("SELECT count(*) FROM people_search") == q("SELECT count(*) FROM people")
    name = q("SELECT given_name FROM people WHERE id = 1")[0][0]
    hits = q("SELECT rowid FROM people_search WHERE people_search MATCH ?", f'"{name}"*')
    assert (1,) in hits


def test_same_seed_same_data_and_another_seed_other_data(tmp_path):
    first = build_demo(tmp_path / "a.db", patients=120, seed=7, today=TODAY)
    second = build_demo(tmp_path / "b.db", patients=120, seed=7, today=TODAY)
    other = build_demo(tmp_path / "c.db", patients=120, seed=8, today=TODAY)
    assert first == second
    same = _dump(tmp_path / "a.db")
    assert same == _dump(tmp_path / "b.db")
    assert same["people"] != _dump(tmp_path / "c.db")["people"]
    assert other.people == 120


def test_same_data_whatever_the_hash_seed_of_the_process(tmp_path):
    # Iterating a set or a hash-ordered structure would give each process different data.
    build_demo(tmp_path / "here.db", patients=60, seed=3, today=TODAY)
    code = (
        "import datetime, sys; from mdtdesk.core.demo import build_demo; "
        "build_demo(sys.argv[1], patients=60, seed=3, today=datetime.date(2026, 11, 23))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    there = tmp_path / "there.db"
    subprocess.run([sys.executable, "-c", code, str(there)], check=True, cwd=ROOT, env=env)
    assert _dump(tmp_path / "here.db") == _dump(there)


def test_dates_follow_today(tmp_path):
    later = dt.date(2027, 6, 1)
    build_demo(tmp_path / "later.db", patients=40, today=later)
    with closing(_connect(tmp_path / "later.db")) as conn:
        draft = conn.execute("SELECT starts_at FROM meetings WHERE status = 'draft'").fetchone()
        last = conn.execute(
            "SELECT max(starts_at) FROM meetings WHERE status = 'closed'"
        ).fetchone()
    assert draft[0] > later.isoformat() > last[0] > (later - dt.timedelta(days=15)).isoformat()


def test_a_larger_build_scales(tmp_path, demo):
    started = time.perf_counter()
    summary = build_demo(tmp_path / "big.db", patients=3000, seed=2, today=TODAY)
    elapsed = time.perf_counter() - started
    assert summary.people == 3000 and summary.cases >= 3000
    assert summary.actions > 7 * demo[1].actions  # actions grow with the caseload
    assert summary.meetings > 5 * demo[1].meetings
    assert elapsed < 30, f"3,000 people took {elapsed:.1f} s"  # about 1.5 s on a slow laptop
    with closing(_connect(tmp_path / "big.db")) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        drafts = conn.execute("SELECT count(*) FROM meetings WHERE status = 'draft'").fetchone()
    assert drafts == (1,)


def test_even_one_patient_makes_a_usable_demo(tmp_path):
    summary = build_demo(tmp_path / "tiny.db", patients=1, today=TODAY)
    assert summary.people == 1 and summary.meetings >= 1
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.db"]  # closed cleanly, no -wal left
    with closing(_connect(tmp_path / "tiny.db")) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
