import json

import pytest

from mdtdesk.core import audit
from mdtdesk.core.errors import NotFound, ValidationError
from mdtdesk.core.members import (
    ROLES,
    Member,
    list_members,
    list_organisations,
    load_member,
    responsibilities,
    role_suggestions,
    save_member,
    save_organisation,
    validate_member,
)
from mdtdesk.core.register import save_case_record
from tests.helpers import record


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _member(**changes) -> Member:
    fields = {
        "name": "Dr Aoife Ní Bhriain",
        "role": "GP",
        "email": "aoife.nibhriain@example.nhs.uk",
        "phone": "0161 496 0101",
        "is_core": True,
    } | changes
    return Member(**fields)


def test_adding_a_member_stores_them_and_audits_the_creation(db):
    org = save_organisation(db, "chair", "Brinnington Surgery", "gp_practice")
    saved = save_member(db, "chair", _member(organisation_id=org))
    assert saved.id is not None
    assert load_member(db, saved.id) == saved
    assert (saved.name, saved.is_core, saved.active) == ("Dr Aoife Ní Bhriain", True, True)
    [created] = audit.history(db, "members", saved.id)
    assert (created["actor"], created["field"]) == ("chair", "created")
    assert json.loads(created["new"])["name"] == "Dr Aoife Ní Bhriain"


def test_an_edit_audits_only_what_changed(db):
    saved = save_member(db, "chair", _member())
    before = _count(db, "audit")
    saved.role = "Neighbourhood lead"
    saved.is_core = False
    save_member(db, "lead", saved)
    rows = list(db.query("SELECT actor, field, old, new FROM audit WHERE id > ?", [before]))
    assert {(r["actor"], r["field"], r["old"], r["new"]) for r in rows} == {
        ("lead", "role", "GP", "Neighbourhood lead"),
        ("lead", "is_core", "1", "0"),
    }
    save_member(db, "lead", load_member(db, saved.id))
    assert _count(db, "audit") == before + 2  # saving unchanged writes nothing


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "   "}, "name", "Enter the member's name"),
        ({"name": "x" * 101}, "name", "longer than 100"),
        ({"role": ""}, "role", "Enter their role"),
        ({"role": "r" * 101}, "role", "longer than 100"),
        ({"email": "0161 496 0101"}, "email", "Enter an email address like"),
        ({"email": "jo@nhs"}, "email", "Enter an email address like"),
        ({"phone": "9" * 101}, "phone", "longer than 100"),
        ({"organisation_id": 999}, "organisation_id", "no longer exists"),
    ],
)
def test_invalid_members_are_refused_per_field_and_nothing_is_written(db, change, field, message):
    with pytest.raises(ValidationError) as refused:
        save_member(db, "chair", _member(**change))
    assert message in refused.value.problems[field]
    assert _count(db, "members") == 0
    assert _count(db, "audit") == 0


def test_text_is_tidied_and_empty_contact_details_are_stored_as_nothing(db):
    saved = save_member(db, "chair", _member(name="  Siân   Llewellyn ", email="", phone="  "))
    assert (saved.name, saved.email, saved.phone) == ("Siân Llewellyn", None, None)


def test_a_role_outside_the_suggestions_is_kept_and_then_suggested(db):
    save_member(db, "chair", _member(role="Frailty practitioner"))
    save_member(db, "chair", _member(name="Jo Bloggs", role="district nurse"))
    suggestions = role_suggestions(db)
    assert suggestions[: len(ROLES)] == ROLES
    # A spelling that differs only in case is not offered twice.
    assert suggestions[len(ROLES) :] == ["Frailty practitioner"]


def test_validation_alone_reports_every_problem_at_once(db):
    problems = validate_member(db, Member(name="", role="", email="nope"))
    assert set(problems) == {"name", "role", "email"}


def test_a_member_who_leaves_is_kept_and_listed_only_on_request(db):
    stays = save_member(db, "chair", _member(name="Ada Stays"))
    leaves = save_member(db, "chair", _member(name="Bea Leaves"))
    leaves.active = False
    save_member(db, "chair", leaves)
    assert [m["name"] for m in list_members(db)] == ["Ada Stays"]
    everyone = list_members(db, include_left=True)
    assert [(m["name"], m["active"]) for m in everyone] == [("Ada Stays", 1), ("Bea Leaves", 0)]
    assert load_member(db, leaves.id).active is False
    assert load_member(db, stays.id).active is True
    assert ("active", "1", "0") in {
        (r["field"], r["old"], r["new"]) for r in audit.history(db, "members", leaves.id)
    }


def test_what_a_leaver_is_still_responsible_for_is_counted(db, today):
    worker = save_member(db, "chair", _member(role="Care coordinator"))
    case = record()
    case.key_worker_id = worker.id
    saved_case = save_case_record(db, "chair", case, today)
    db.execute(
        "INSERT INTO actions (case_id, description, owner_id) VALUES (?, ?, ?)",
        [saved_case.case_id, "Arrange a falls assessment", worker.id],
    )
    assert responsibilities(db, worker.id) == (1, 1)


def test_the_list_shows_each_members_organisation_by_name(db):
    org = save_organisation(db, "chair", "Age Well Stockport", "voluntary")
    save_member(db, "chair", _member(organisation_id=org))
    save_member(db, "chair", _member(name="Zed Nobody", organisation_id=None))
    rows = list_members(db)
    assert [(r["name"], r["organisation"]) for r in rows] == [
        ("Dr Aoife Ní Bhriain", "Age Well Stockport"),
        ("Zed Nobody", None),
    ]


def test_changing_a_member_who_no_longer_exists_is_refused(db):
    with pytest.raises(NotFound):
        save_member(db, "chair", _member(id=42))
    with pytest.raises(NotFound):
        load_member(db, 42)


def test_organisations_are_unique_ignoring_case_and_spacing(db):
    first = save_organisation(db, "chair", "Mersey Tame Homes", "housing")
    for again in ("mersey tame homes", "  Mersey  Tame Homes "):
        with pytest.raises(ValidationError) as refused:
            save_organisation(db, "chair", again, "housing")
        assert refused.value.problems["name"] == (
            "An organisation called Mersey Tame Homes already exists."
        )
    # Accented capitals fold too, which SQLite's NOCASE would not do.
    save_organisation(db, "chair", "Ōtautahi Care", "other")
    with pytest.raises(ValidationError):
        save_organisation(db, "chair", "ōtautahi care", "other")
    # Renaming an organisation to its own name, differently cased, is allowed.
    assert save_organisation(db, "chair", "MERSEY TAME HOMES", "housing", first) == first
    assert [o.name for o in list_organisations(db)] == ["MERSEY TAME HOMES", "Ōtautahi Care"]


@pytest.mark.parametrize(
    ("name", "kind", "field"),
    [("", "council", "name"), ("o" * 151, "council", "name"), ("Stockport Council", "x", "kind")],
)
def test_invalid_organisations_are_refused(db, name, kind, field):
    with pytest.raises(ValidationError) as refused:
        save_organisation(db, "chair", name, kind)
    assert field in refused.value.problems
    assert _count(db, "organisations") == 0


def test_a_new_organisation_is_audited(db):
    org = save_organisation(db, "chair", "Carers Together Stockport", "voluntary")
    [created] = audit.history(db, "organisations", org)
    assert json.loads(created["new"]) == {"name": "Carers Together Stockport", "kind": "voluntary"}
