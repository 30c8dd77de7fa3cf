import datetime as dt
import json

import pytest

from mdtdesk.core import audit
from mdtdesk.core.errors import ValidationError
from mdtdesk.core.register import load_case_record, save_case_record, validate
from tests.helpers import nhs, record


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_saving_a_new_case_stores_person_case_referral_and_audit(db, today):
    saved = save_case_record(db, "chair", record(), today)
    assert saved.case_id and saved.person.id
    assert saved.status == "referred"
    assert saved.opened_on == dt.date(2026, 11, 1)
    assert saved.referral.question == "Can she stay safely at home with more support?"
    assert saved.person.postcode == "SK3 9AB"
    [created] = audit.history(db, "people", saved.person.id)
    assert created["field"] == "created"
    recorded = json.loads(created["new"])
    assert recorded["nhs_number"] == saved.person.nhs_number
    assert (recorded["given_name"], recorded["date_of_birth"]) == ("Mona", "1938-03-04")
    assert {row["actor"] for row in db.query("SELECT actor FROM audit")} == {"chair"}


def test_an_edit_audits_only_what_changed_with_old_and_new(db, today):
    saved = save_case_record(db, "chair", record(), today)
    before = _count(db, "audit")
    saved.person.phone = "0161 496 0000"
    saved.referral.urgency = "urgent"
    save_case_record(db, "nurse", saved, today)
    rows = list(db.query("SELECT actor, entity, field, old, new FROM audit WHERE id > ?", [before]))
    assert {(r["entity"], r["field"], r["old"], r["new"]) for r in rows} == {
        ("people", "phone", None, "0161 496 0000"),
        ("referrals", "urgency", "routine", "urgent"),
    }
    assert {r["actor"] for r in rows} == {"nurse"}


def test_saving_with_no_change_writes_no_audit(db, today):
    saved = save_case_record(db, "chair", record(), today)
    before = _count(db, "audit")
    save_case_record(db, "chair", saved, today)
    assert _count(db, "audit") == before


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"nhs_number": "999 000 0019"}, "nhs_number", "not a valid NHS number"),
        ({"given_name": "  "}, "given_name", "Enter the given name"),
        ({"date_of_birth": None}, "date_of_birth", "Enter the date of birth"),
        ({"date_of_birth": dt.date(2027, 1, 1)}, "date_of_birth", "in the future"),
        ({"postcode": "SK99"}, "postcode", "not a UK postcode"),
        ({"frailty_score": 10}, "frailty_score", "1 to 9"),
        ({"info_sharing": "objected"}, "info_sharing_on", "Enter the date"),
        ({"conditions": "x" * 20_001}, "conditions", "longer than 20,000"),
    ],
)
def test_invalid_input_is_refused_per_field_and_nothing_is_written(
    db, today, change, field, message
):
    with pytest.raises(ValidationError) as refused:
        save_case_record(db, "chair", record(**change), today)
    assert message in refused.value.problems[field]
    assert _count(db, "people") == 0
    assert _count(db, "audit") == 0


def test_long_notes_and_accents_are_kept_exactly(db, today):
    note = ("Łukasz’s daughter Siân visits on Tuesdays. " * 120)[:5000]
    rec = record(given_name="Łukasz", family_name="Wójcik-Nguyễn")
    rec.referral.situation = note
    saved = save_case_record(db, "chair", rec, today)
    again = load_case_record(db, saved.case_id)
    assert again.referral.situation == note.strip()
    assert again.person.family_name == "Wójcik-Nguyễn"


def test_same_nhs_number_with_an_open_case_is_refused_not_duplicated(db, today):
    save_case_record(db, "chair", record(0), today)
    with pytest.raises(ValidationError) as refused:
        save_case_record(db, "chair", record(0, given_name="Other"), today)
    assert "already has an open case" in refused.value.problems["nhs_number"]
    message = str(refused.value)
    assert "Ashworth" not in message and nhs(0) not in message.replace(" ", "")
    assert _count(db, "people") == 1


def test_a_closed_persons_new_referral_reuses_the_person(db, today):
    first = save_case_record(db, "chair", record(0), today)
    first.status, first.closed_reason = "closed", "goals_met"
    save_case_record(db, "chair", first, today)
    second = save_case_record(db, "chair", record(0, phone="0161 496 0001"), today)
    assert second.person.id == first.person.id
    assert second.case_id != first.case_id
    assert _count(db, "people") == 1
    assert _count(db, "cases") == 2


def test_changing_the_nhs_number_to_someone_elses_is_refused(db, today):
    save_case_record(db, "chair", record(0), today)
    other = save_case_record(db, "chair", record(1), today)
    other.person.nhs_number = nhs(0)
    with pytest.raises(ValidationError, match="belongs to someone else") as refused:
        save_case_record(db, "chair", other, today)
    # Named by neither name nor number: the message can reach the log.
    message = str(refused.value)
    assert "Ashworth" not in message and nhs(0) not in message.replace(" ", "")


def test_closing_needs_a_reason_and_records_the_date(db, today):
    saved = save_case_record(db, "chair", record(), today)
    saved.status = "closed"
    with pytest.raises(ValidationError) as refused:
        save_case_record(db, "chair", saved, today)
    assert "closed_reason" in refused.value.problems
    saved.closed_reason = "moved_away"
    closed = save_case_record(db, "chair", saved, today)
    assert (closed.status, closed.closed_reason, closed.closed_on) == (
        "closed",
        "moved_away",
        today,
    )


def test_a_closed_case_cannot_be_reopened(db, today):
    saved = save_case_record(db, "chair", record(), today)
    saved.status, saved.closed_reason = "closed", "declined"
    closed = save_case_record(db, "chair", saved, today)
    closed.status, closed.closed_reason = "active", None
    with pytest.raises(ValidationError, match="cannot be reopened"):
        save_case_record(db, "chair", closed, today)


def test_information_sharing_needs_date_and_recorder(db, today):
    rec = record(info_sharing="objected", info_sharing_on=today)
    assert "info_sharing_recorded_by" in validate(rec, today)
    rec.person.info_sharing_recorded_by = "Nurse Evans"
    saved = save_case_record(db, "chair", rec, today)
    assert saved.person.info_sharing == "objected"
    assert saved.person.info_sharing_recorded_by == "Nurse Evans"


def test_a_failure_inside_the_save_leaves_neither_data_nor_audit(db, today, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("mdtdesk.core.register._save_case", broken)
    with pytest.raises(OSError):
        save_case_record(db, "chair", record(), today)
    assert _count(db, "people") == 0
    assert _count(db, "audit") == 0


def test_a_new_referral_keeps_what_is_on_record_and_never_loses_an_objection(db, today):
    rec = record(
        0,
        info_sharing="objected",
        info_sharing_on=today,
        info_sharing_recorded_by="Nurse Evans",
        address="1 Acacia Road, Stockport",
        carer="Daughter, Siân",
        lives_alone=True,
        frailty_score=6,
    )
    first = save_case_record(db, "chair", rec, today)
    first.status, first.closed_reason = "closed", "goals_met"
    save_case_record(db, "chair", first, today)
    # The new referral's form knows only the basics and a new phone number.
    again = record(0, phone="0161 496 0002")
    second = save_case_record(db, "chair", again, today)
    person = second.person
    assert person.id == first.person.id
    assert (person.info_sharing, person.info_sharing_recorded_by) == ("objected", "Nurse Evans")
    assert person.address == "1 Acacia Road, Stockport"
    assert (person.carer, person.lives_alone, person.frailty_score) == ("Daughter, Siân", True, 6)
    assert person.phone == "0161 496 0002"
