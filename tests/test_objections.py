"""Hazard H-05: an objection to information sharing recorded after the person was put on an
agenda. The core lists the item as needing a reason and records one (audited, a closed meeting
only as an amendment); the minutes say what happened, with the reason or that none was recorded,
in full and redacted, in the PDF and the DOCX. (Chair mode and the Meetings page:
tests/gui/test_objection_gate.py.)"""

import datetime as dt

import pytest

from mdtdesk.core import agenda, meetings, objections
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
    agenda.set_item_status(db, "chair", items[1], "discussed")
    (listed,) = objections.without_reason(db, meeting)
    assert listed.status == "discussed" and not listed.reason_needed
    assert objections.awaiting_reason(db, meeting) == []
    assert not objections.reason_needed(db, items[1])
    # Deferred, it may still be taken up at this meeting: the reason comes first.
    agenda.set_item_status(db, "chair", items[1], "deferred")
    assert objections.reason_needed(db, items[1])


def test_a_closed_meeting_takes_the_reason_only_as_an_amendment(late):
    db, meeting, items = late
    for item in items:
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


# -- the minutes ---------------------------------------------------------------------------


def _sharing_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Information sharing:")]


def test_the_minutes_say_an_objection_had_no_reason_recorded_in_full_and_redacted(late):
    db, meeting, items = late
    agenda.set_item_status(db, "chair", items[1], "discussed")  # as before this control
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
    agenda.set_item_status(db, "chair", items[1], "discussed")  # as before this control
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
