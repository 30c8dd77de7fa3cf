"""The care plan, written for the person: the PRSB sections in order, in plain words, from the
register and the latest meetings; what is not known yet is said, not left blank."""

import datetime as dt
import re

import pytest

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.case_closing import ActionDecision, open_actions
from mdtdesk.core.dates import format_date
from mdtdesk.core.errors import MdtError, NotFound, ValidationError
from mdtdesk.core.register import save_case_record
from mdtdesk.documents.care_plan import SECTIONS, build_care_plan, plain_role
from mdtdesk.documents.model import Bullets, Heading, Paragraph, Table
from tests.helpers import build_team, nhs, plan_meeting, record

TODAY = dt.date(2026, 11, 23)


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _spaced(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


@pytest.fixture
def mona(db):
    """Mona, discussed at two meetings: the first recorded what matters to her, the second a
    new decision, actions and a review date."""
    hood, members, _ = build_team(db, TODAY, people=0)
    trust = db["organisations"].insert({"name": "Stockport NHS Foundation Trust"}).last_pk
    ruth = (
        db["members"]
        .insert(
            {
                "name": "Ruth Lee",
                "role": "District nurse",
                "organisation_id": trust,
                "phone": "0161 496 0100",
                "email": "ruth.lee@nhs.example",
            }
        )
        .last_pk
    )
    practice = db["practices"].insert({"name": "Heaton Moor Medical Group"}).last_pk
    rec = record(
        0,
        title="Mrs",
        neighbourhood_id=hood,
        practice_id=practice,
        carer="Daughter, Julie, visits daily",
        communication_needs="Hard of hearing: face her and speak clearly",
        lives_alone=True,
    )
    rec.key_worker_id = ruth
    rec.referral.reason = "Falls at home"
    case = save_case_record(db, "chair", rec, TODAY).case_id

    first = plan_meeting(db, hood, _days(-14))
    item = agenda.add_item(db, "chair", first, case, "new_referral")
    agenda.save_discussion(
        db, "chair", item, {"decision": "Refer to falls clinic", "what_matters": "My garden"}
    )
    gp = actions.add_action(db, "chair", item, "Review her tablets", members["GP"], _days(3))
    done = actions.add_action(db, "chair", item, "Fit a key safe", members["GP"], _days(-3))
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", first)
    actions.mark_done(db, "chair", [done], on=_days(-5))

    second = plan_meeting(db, hood, TODAY)
    item = agenda.add_item(db, "chair", second, case, "review")
    agenda.save_discussion(db, "chair", item, {"decision": "Strength and balance at home"})
    actions.add_action(db, "chair", item, "Start exercises", ruth, _days(14))
    agenda.set_outcome(db, "chair", item, next_review_on=_days(28))
    return db, rec.person.nhs_number, case, hood, members, gp


def test_the_sections_are_the_prsb_ones_in_order(mona):
    db, number, *_ = mona
    doc = build_care_plan(db, number)
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == list(SECTIONS)
    assert doc.title == "My care and support plan"
    assert doc.subject == "Care and support plan for Mrs Mona Ashworth"
    assert doc.author == "Ruth Lee"  # the key worker
    assert doc.marking == "OFFICIAL-SENSITIVE: PERSONAL"
    assert doc.large_print is False
    assert build_care_plan(db, number, large_print=True).large_print is True


def _labels(doc) -> dict[str, str]:
    return {b.label: b.text for b in doc.blocks if isinstance(b, Paragraph) and b.label}


def test_about_me_and_what_matters(mona):
    db, number, *_ = mona
    labels = _labels(build_care_plan(db, _spaced(number)))  # typed with spaces
    assert labels["My name"] == "Mrs Mona Ashworth"
    assert labels["My date of birth"] == "4 March 1938"
    assert labels["My NHS number"] == _spaced(number)
    assert labels["My GP practice"] == "Heaton Moor Medical Group"
    assert labels["Why the team is involved"] == "Falls at home"
    # The second meeting did not repeat it: what matters comes from the first.
    assert labels["What matters to me"] == "My garden"
    assert labels["How I like to communicate"].startswith("Hard of hearing")
    assert labels["Who supports me"] == "Daughter, Julie, visits daily"
    assert labels["Where I live"] == "I live alone."


def test_goals_come_from_the_question_and_the_latest_decision(mona):
    db, number, *_ = mona
    labels = _labels(build_care_plan(db, number))
    assert labels["What we are working on together"] == (
        "Can she stay safely at home with more support?"
    )
    assert labels[f"What the team agreed on {format_date(TODAY)}"] == (
        "Strength and balance at home"
    )


def test_who_is_doing_what_in_plain_words(mona):
    db, number, *_ = mona
    doc = build_care_plan(db, number)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.header == ("What", "Who", "By when")
    assert table.rows == (
        (
            "Review her tablets",
            "Dr Aisha Patel, your GP (Stockport Council)",
            format_date(_days(3)),
        ),
        (
            "Start exercises",
            "Ruth Lee, your district nurse (Stockport NHS Foundation Trust)",
            format_date(_days(14)),
        ),
    )
    # Only what is still to do; and no codes anywhere.
    text = doc.text()
    assert "Fit a key safe" not in text
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)


def test_who_to_contact_and_what_to_do_if_things_get_worse(mona):
    db, number, *_ = mona
    doc = build_care_plan(db, number)
    labels = _labels(doc)
    assert labels["My key worker"].startswith(
        "Ruth Lee, your district nurse (Stockport NHS Foundation Trust). Your key worker"
    )
    bullets = [b.items for b in doc.blocks if isinstance(b, Bullets)]
    assert ("Phone: 0161 496 0100", "Email: ruth.lee@nhs.example") in bullets
    worse = " ".join(bullets[-1])
    assert "GP practice" in worse and "NHS 111" in worse and "call 999" in worse
    assert doc.text().endswith(
        f"The team will look at this plan again by {format_date(_days(28))}."
    )


def test_someone_not_yet_discussed_gets_a_plan_that_says_what_is_not_known(db):
    hood, *_ = build_team(db, TODAY, people=1)  # referred, no key worker, no meeting yet
    number = nhs(0)
    text = build_care_plan(db, number).text()
    assert "They have not met to talk about your care yet" in text
    assert "What matters to me: Not written down yet." in text
    assert "Your goals will be agreed with you after the team first talks about your care." in text
    assert "Nothing has been agreed yet." in text
    assert "My key worker: Not named yet." in text
    assert "My GP practice: Not recorded yet" in text
    assert text.endswith("The team will look at this plan again at their next meeting.")
    plan_meeting(db, hood, _days(4))
    text = build_care_plan(db, number).text()
    assert text.endswith(f"at their next meeting, on {format_date(_days(4))}.")


def test_no_decision_is_explained_plainly(db):
    hood, _, cases = build_team(db, TODAY, people=2)  # the last objected to sharing
    meeting = plan_meeting(db, hood, TODAY)
    item = agenda.add_item(db, "chair", meeting, cases[0], "new_referral")
    agenda.save_discussion(db, "chair", item, {"no_decision_reason": "Awaiting the letter."})
    labels = _labels(build_care_plan(db, nhs(0)))
    assert labels["What the team agreed"] == (
        "The team has not agreed a plan yet and will talk about your care again. What held it "
        "up: awaiting the letter."
    )


def test_a_closed_case_says_the_work_has_ended(mona):
    db, number, *_ = mona
    item = db.execute("SELECT max(id) FROM agenda_items").fetchone()[0]
    case = mona[2]
    # Her open actions are decided as the case closes (hazard H-12): none is left outstanding.
    done = [ActionDecision.done(action.id) for action in open_actions(db, case)]
    agenda.set_outcome(db, "chair", item, close_reason="goals_met", action_decisions=done)
    text = build_care_plan(db, number).text()
    assert f"The team's work with you ended on {format_date(TODAY)}, because the goals" in text
    assert "What we worked on together:" in text
    assert "Nothing is outstanding." in text
    agenda.set_outcome(db, "chair", item, close_reason="died")
    with pytest.raises(MdtError, match="died"):
        build_care_plan(db, number)


def test_an_unknown_or_mistyped_number_is_refused_plainly(db):
    with pytest.raises(NotFound, match="No one with this NHS number") as refused:
        build_care_plan(db, nhs(5))
    assert _spaced(nhs(5)) not in str(refused.value) and nhs(5) not in str(refused.value)
    with pytest.raises(ValidationError, match="not a valid NHS number"):
        build_care_plan(db, "999 000 0001")


def test_roles_in_plain_words():
    assert plain_role("District nurse") == "your district nurse"
    assert plain_role("GP") == "your GP"
    assert plain_role("OT") == "your OT"
    assert plain_role(None) == "a member of your team"
