"""Hazard H-05: an objection to information sharing recorded after the person was put on an
agenda. The core lists the item as needing a reason and records one (audited, a closed meeting
only as an amendment); the minutes say what happened, with the reason or that none was recorded,
in full and redacted, in the PDF and the DOCX. (Chair mode and the Meetings page:
tests/gui/test_objection_gate.py.)"""

import datetime as dt

import pytest

from mdtdesk.core import actions, agenda, meetings, objections
from mdtdesk.core.errors import MdtError, ValidationError
from mdtdesk.core.register import load_case_record, save_case_record
from mdtdesk.documents.minutes import build_minutes
from mdtdesk.documents.pdf import render_pdf
from mdtdesk.documents.word import render_docx
from tests.helpers import build_team, docx_text, pdf_text, plan_meeting

TODAY = dt.date(2026, 11, 23)
REASON = "Safeguarding: Mona Ashworth1 is at risk of harm at home"
NO_REASON = (
    "Information sharing: The person objected to sharing their information. No reason was "
    "recorded for discussing them anyway."
)


def record_objection(db, case_id: int, on: dt.date = TODAY) -> None:
    """The objection recorded as the case form records it: the whole case record saved."""
    record = load_case_record(db, case_id)
    record.person.info_sharing = "objected"
    record.person.info_sharing_on = on
    record.person.info_sharing_recorded_by = "Siân Evans, district nurse"
    save_case_record(db, "Siân Evans", record, TODAY)


def discussed_before_the_objection(db, item_id: int) -> None:
    """The item marked discussed as a database made before the core held such items holds it
    (or as if heard before the objection was on record). Written directly: the core now
    refuses to mark it discussed without a reason, which is the point."""
    db.execute("UPDATE agenda_items SET status = 'discussed' WHERE id = ?", [item_id])


@pytest.fixture
def late(db):
    """Today's meeting with cases 0, 1 and 2 on its agenda, none objecting when added; then
    case 1's person objected. Returns (db, meeting id, [item ids])."""
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    items = [agenda.add_item(db, "chair", meeting, case, "review") for case in cases[:3]]
    record_objection(db, cases[1])
    return db, meeting, items


def _override(db, item_id):
    return db.execute(
        "SELECT sharing_override_reason FROM agenda_items WHERE id = ?", [item_id]
    ).fetchone()[0]


def _audit(db, item_id):
    return db.execute(
        "SELECT actor, field, old, new, reason FROM audit WHERE entity = 'agenda_items' "
        "AND entity_id = ? AND field = 'sharing_override_reason' ORDER BY id",
        [item_id],
    ).fetchall()


def test_an_objection_recorded_after_the_person_is_on_the_agenda_needs_a_reason(late):
    db, meeting, items = late
    # Added without a reason, as the objection came after.
    assert _override(db, items[1]) is None
    listed = objections.without_reason(db, meeting)
    assert [(u.item_id, u.status, u.objected_on) for u in listed] == [(items[1], "pending", TODAY)]
    assert listed[0].reason_needed
    assert [u.item_id for u in objections.awaiting_reason(db, meeting)] == [items[1]]
    assert objections.reason_needed(db, items[1])
    assert not objections.reason_needed(db, items[0]) and not objections.reason_needed(db, items[2])


def test_recording_the_reason_stores_it_audited_with_the_actor_and_lifts_the_need(late):
    db, meeting, items = late
    objections.record_override_reason(db, "Dr Aisha Patel", items[1], f"  {REASON}\r\n")
    assert _override(db, items[1]) == REASON
    assert _audit(db, items[1]) == [
        ("Dr Aisha Patel", "sharing_override_reason", None, REASON, None)
    ]
    assert objections.without_reason(db, meeting) == []
    assert not objections.reason_needed(db, items[1])
    # Changed later, the audit keeps the reason it replaced.
    objections.record_override_reason(db, "Dr Aisha Patel", items[1], "Safeguarding")
    assert _audit(db, items[1])[-1] == (
        "Dr Aisha Patel",
        "sharing_override_reason",
        REASON,
        "Safeguarding",
        None,
    )


@pytest.mark.parametrize("blank", ["", "   ", "\r\n\t"])
def test_a_blank_reason_is_refused_in_plain_words_and_nothing_is_written(late, blank):
    db, meeting, items = late
    with pytest.raises(ValidationError) as refused:
        objections.record_override_reason(db, "Dr Aisha Patel", items[1], blank)
    assert str(refused.value) == objections.NO_REASON
    assert "Give the reason" in refused.value.problems["sharing_override_reason"]
    assert _override(db, items[1]) is None and _audit(db, items[1]) == []
    assert objections.reason_needed(db, items[1])


def test_a_reason_is_refused_for_someone_who_did_not_object_or_an_item_without_a_person(late):
    db, meeting, items = late
    with pytest.raises(ValidationError, match="has not objected"):
        objections.record_override_reason(db, "Dr Aisha Patel", items[0], REASON)
    aob = agenda.add_item(db, "chair", meeting, None, "any_other_business", title="Winter plan")
    with pytest.raises(ValidationError, match="about no person"):
        objections.record_override_reason(db, "Dr Aisha Patel", aob, REASON)
    assert _override(db, items[0]) is None and _override(db, aob) is None
    # The refusals name nobody: they may reach the log.
    with pytest.raises(MdtError) as refused:
        objections.record_override_reason(db, "Dr Aisha Patel", items[0], REASON)
    assert "Ashworth" not in str(refused.value) and "Mona" not in str(refused.value)


def test_an_item_already_discussed_is_listed_but_not_held_and_a_deferred_one_is_held(late):
    db, meeting, items = late
    discussed_before_the_objection(db, items[1])
    (listed,) = objections.without_reason(db, meeting)
    assert listed.status == "discussed" and not listed.reason_needed
    assert objections.awaiting_reason(db, meeting) == []
    assert not objections.reason_needed(db, items[1])
    # Deferred, it may still be taken up at this meeting: the reason comes first.
    agenda.set_item_status(db, "chair", items[1], "deferred")
    assert objections.reason_needed(db, items[1])


def test_a_closed_meeting_takes_the_reason_only_as_an_amendment(late):
    db, meeting, items = late
    discussed_before_the_objection(db, items[1])
    for item in (items[0], items[2]):
        agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", meeting)
    with pytest.raises(MdtError, match="locked"):
        objections.record_override_reason(db, "Dr Aisha Patel", items[1], REASON)
    assert _override(db, items[1]) is None
    objections.record_override_reason(
        db, "Dr Aisha Patel", items[1], REASON, reason="Reason given at the meeting, not typed"
    )
    assert _override(db, items[1]) == REASON
    assert _audit(db, items[1]) == [
        (
            "Dr Aisha Patel",
            "sharing_override_reason",
            None,
            REASON,
            "Reason given at the meeting, not typed",
        )
    ]


# -- the core holds the discussion ----------------------------------------------------------

NEXT_REVIEW = TODAY + dt.timedelta(weeks=4)
# Each write that records an item's discussion, as a function of (db, item id, amendment).
WRITES = {
    "discussion text": lambda db, item, why=None: agenda.save_discussion(
        db, "chair", item, {"decision": "Refer to the falls clinic"}, why
    ),
    "marked discussed": lambda db, item, why=None: agenda.set_item_status(
        db, "chair", item, "discussed", why
    ),
    "outcome": lambda db, item, why=None: agenda.set_outcome(
        db, "chair", item, next_review_on=NEXT_REVIEW, reason=why
    ),
    "action": lambda db, item, why=None: actions.add_action(
        db, "chair", item, "Falls clinic referral", _member(db), NEXT_REVIEW, reason=why
    ),
}


def _member(db) -> int:
    return db.execute("SELECT min(id) FROM members").fetchone()[0]


def _everything(db) -> dict[str, list]:
    """Every row a discussion write could touch, to show a refusal wrote nothing."""
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("agenda_items", "discussions", "actions", "cases", "audit")
    }


def _names_nobody(db, message: str) -> bool:
    people = db.execute("SELECT given_name, family_name, nhs_number FROM people").fetchall()
    spaced = message.replace(" ", "")
    return not any(
        given in message or family in message or number in spaced
        for given, family, number in people
    )


@pytest.mark.parametrize("write", list(WRITES), ids=lambda name: name.replace(" ", "_"))
def test_each_write_of_a_held_items_discussion_is_refused_naming_nobody_and_writes_nothing(
    late, write
):
    db, meeting, items = late
    before = _everything(db)
    with pytest.raises(ValidationError) as refused:
        WRITES[write](db, items[1])
    assert refused.value.problems == {"sharing_override_reason": objections.HELD}
    assert str(refused.value) == (
        "This person objected to information sharing after being put on the agenda. Record "
        "why they are being discussed, or defer the item."
    )
    assert _names_nobody(db, str(refused.value))
    assert _everything(db) == before
    assert objections.reason_needed(db, items[1])
    # The others on the agenda did not object: the same write goes ahead for them.
    WRITES[write](db, items[2])


def test_a_held_item_can_still_be_deferred_or_left_not_reached_and_stays_held(late):
    db, meeting, items = late
    agenda.set_item_status(db, "chair", items[1], "deferred")
    assert db.execute("SELECT status FROM agenda_items WHERE id = ?", [items[1]]).fetchone() == (
        "deferred",
    )
    agenda.set_item_status(db, "chair", items[1], "pending")  # taken up again: not reached yet
    assert objections.reason_needed(db, items[1])
    with pytest.raises(ValidationError, match="objected to information sharing"):
        agenda.set_item_status(db, "chair", items[1], "discussed")


def test_once_the_reason_is_recorded_every_write_of_the_discussion_goes_ahead(late):
    db, meeting, items = late
    objections.record_override_reason(db, "Dr Aisha Patel", items[1], REASON)
    for write in ("discussion text", "action", "outcome", "marked discussed"):
        WRITES[write](db, items[1])
    (item,) = [row for row in agenda.items(db, meeting) if row["id"] == items[1]]
    assert (item["status"], item["decision"], item["next_review_on"]) == (
        "discussed",
        "Refer to the falls clinic",
        NEXT_REVIEW.isoformat(),
    )
    assert [a["description"] for a in actions.raised_at(db, items[1])] == ["Falls clinic referral"]


def test_words_saved_before_the_objection_stay_and_saving_them_unchanged_is_no_discussion(db):
    hood, _, cases = build_team(db, TODAY)
    meeting = plan_meeting(db, hood, TODAY)
    item = agenda.add_item(db, "chair", meeting, cases[0], "review")
    said = {"notes": "Lives with her son", "decision": "Carers assessment"}
    agenda.save_discussion(db, "chair", item, said)
    record_objection(db, cases[0])
    before = _everything(db)
    # Sent again as they are (an autosave of text already committed): nothing to refuse.
    agenda.save_discussion(db, "chair", item, said)
    assert _everything(db) == before
    with pytest.raises(ValidationError, match="objected to information sharing"):
        agenda.save_discussion(db, "chair", item, said | {"decision": "Carers assessment now"})
    assert _everything(db) == before


@pytest.mark.parametrize("write", list(WRITES), ids=lambda name: name.replace(" ", "_"))
def test_a_closed_meetings_held_item_is_amended_only_once_its_reason_is_recorded(late, write):
    db, meeting, items = late
    for item in (items[0], items[2]):
        agenda.set_item_status(db, "chair", item, "discussed")
    agenda.set_item_status(db, "chair", items[1], "deferred")
    meetings.close_meeting(db, "chair", meeting)
    before = _everything(db)
    amendment = "Typed up after the meeting"
    with pytest.raises(ValidationError) as refused:
        WRITES[write](db, items[1], amendment)
    assert str(refused.value) == objections.HELD and _everything(db) == before
    objections.record_override_reason(db, "Dr Aisha Patel", items[1], REASON, amendment)
    WRITES[write](db, items[1], amendment)


# -- the minutes ---------------------------------------------------------------------------


def _sharing_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Information sharing:")]


def test_the_minutes_say_an_objection_had_no_reason_recorded_in_full_and_redacted(late):
    db, meeting, items = late
    discussed_before_the_objection(db, items[1])
    full = build_minutes(db, meeting).text()
    assert _sharing_lines(full) == [NO_REASON]
    redacted = build_minutes(db, meeting, redacted=True).text()
    assert _sharing_lines(redacted) == [NO_REASON]
    assert "Ashworth1" not in redacted


def test_the_minutes_give_the_reason_recorded_after_the_objection_redacted_for_circulation(late):
    db, meeting, items = late
    objections.record_override_reason(db, "Dr Aisha Patel", items[1], REASON)
    full = build_minutes(db, meeting).text()
    assert _sharing_lines(full) == [
        "Information sharing: The person objected to sharing their information. Discussed "
        f"because: {REASON}"
    ]
    redacted = _sharing_lines(build_minutes(db, meeting, redacted=True).text())
    assert redacted == [
        "Information sharing: The person objected to sharing their information. Discussed "
        "because: Safeguarding: M.A. is at risk of harm at home"
    ]


def test_an_objection_made_after_the_meeting_is_dated_not_called_overridden(db):
    hood, _, cases = build_team(db, TODAY)
    earlier = plan_meeting(db, hood, TODAY - dt.timedelta(days=14))
    item = agenda.add_item(db, "chair", earlier, cases[0], "review")
    agenda.set_item_status(db, "chair", item, "discussed")
    meetings.close_meeting(db, "chair", earlier)
    record_objection(db, cases[0], on=TODAY - dt.timedelta(days=3))
    assert _sharing_lines(build_minutes(db, earlier).text()) == [
        "Information sharing: The person objected to sharing their information on 20 November "
        "2026, after this meeting."
    ]


@pytest.mark.parametrize(
    ("render", "read", "suffix"),
    [(render_pdf, pdf_text, "pdf"), (render_docx, docx_text, "docx")],
)
def test_the_rendered_minutes_say_the_objection_with_and_without_a_reason(
    late, tmp_path, render, read, suffix
):
    db, meeting, items = late
    discussed_before_the_objection(db, items[1])
    case = db.execute("SELECT case_id FROM agenda_items WHERE id = ?", [items[2]]).fetchone()[0]
    record_objection(db, case)
    objections.record_override_reason(db, "Dr Aisha Patel", items[2], REASON)
    full, redacted = tmp_path / f"full.{suffix}", tmp_path / f"redacted.{suffix}"
    render(build_minutes(db, meeting), full)
    render(build_minutes(db, meeting, redacted=True), redacted)
    for path, reason in ((full, REASON), (redacted, "Safeguarding: M.A. is at risk")):
        # Words, not layout: the renderers wrap lines where they will.
        said = " ".join(read(path).split())
        assert NO_REASON in said
        assert f"Discussed because: {reason}" in said
    assert "Ashworth" not in read(redacted)
