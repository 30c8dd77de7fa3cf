"""Importing a case list exported by a GP-system search (CSV or Excel) into the case register."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

import openpyxl
import pytest

from mdtdesk.core import audit
from mdtdesk.core.case_import import ImportPlan, apply_import, plan_import
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError
from mdtdesk.core.register import load_case_record, save_case_record
from tests.helpers import nhs, record

HEADER = "NHS Number,Surname,Forename,Date of Birth,Postcode,Practice,Long Term Conditions,CFS"


def import_case_list(db, actor, path, today=None):
    """Preview then import, as the GUI and the command line do; the file must be clean."""
    plan = plan_import(db, path, today)
    assert not plan.rejected, plan.rejected
    return apply_import(db, actor, plan, today)


def _spaced(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def _count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _counts(db) -> dict[str, int]:
    tables = ("people", "cases", "referrals", "practices", "neighbourhoods", "audit")
    return {table: _count(db, table) for table in tables}


def _write(tmp_path, lines, name="cases.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def _person(db, number: str) -> dict:
    return next(db.query("SELECT * FROM people WHERE nhs_number = ?", [number]))


def _messy_lines(bad_number: str) -> list[str]:
    return [
        # Excel's "CSV UTF-8" starts with a byte-order mark, written by the utf-8-sig codec.
        " NHS No. ,SURNAME, Forename(s) ,DOB,Post Code,GP Practice,LTCs,"
        "Clinical Frailty Scale,Ward",
        f"{_spaced(nhs(0))},Ashworth,Mona,04/03/1938,sk3 9ab,Heaton Moor Surgery,COPD,6,North",
        f"  {nhs(1)}  ,  Brierley  , Peter ,1941-07-19,SK4 2DD,heaton moor surgery,,5,",
        ",,,,,,,,",
        f"{bad_number},Greenhalgh,Ruth,01-Feb-1940,SK1 3XE,Bramhall Practice,Diabetes,,South",
        f"{nhs(3)[:3]}-{nhs(3)[3:6]}-{nhs(3)[6:]},Openshaw,Tom,1 February 1945,,,,,",
    ]


def test_a_messy_csv_with_one_bad_nhs_number_is_previewed_and_refused(db, tmp_path, today):
    path = _write(tmp_path, _messy_lines("999 000 0019"), encoding="utf-8-sig", newline="\r\n")
    before = _counts(db)

    plan = plan_import(db, path, today)

    assert plan.source_name == "cases.csv"
    assert not plan.ok
    assert [r.row for r in plan.rejected] == [5]  # header is row 1; the blank row 4 is skipped
    assert "NHS number '999 000 0019' is not valid" in plan.rejected[0].reason
    assert "a digit may be mistyped" in plan.rejected[0].reason
    assert (plan.new, plan.updated, plan.unchanged) == (3, 0, 0)
    assert plan.ignored_columns == ["Ward"]
    assert plan.new_practices == ["Heaton Moor Surgery"]  # not the rejected row's practice
    with pytest.raises(MdtError, match="Nothing was imported because 1 row has a problem"):
        apply_import(db, "chair", plan, today)
    assert _counts(db) == before


def test_after_fixing_the_row_the_import_creates_people_cases_and_referrals(db, tmp_path, today):
    path = _write(tmp_path, _messy_lines(nhs(2)), encoding="utf-8-sig", newline="\r\n")

    plan = plan_import(db, path, today)
    assert plan.ok and not plan.rejected
    done = apply_import(db, "chair", plan, today)

    assert done.applied and not done.changed_since_preview
    assert (done.new, done.updated, done.unchanged) == (4, 0, 0)
    assert _count(db, "people") == _count(db, "cases") == _count(db, "referrals") == 4
    mona = _person(db, nhs(0))
    assert (mona["family_name"], mona["given_name"]) == ("Ashworth", "Mona")
    assert mona["date_of_birth"] == "1938-03-04"
    assert mona["postcode"] == "SK3 9AB"
    assert mona["conditions"] == "COPD"
    assert mona["frailty_score"] == 6
    peter = _person(db, nhs(1))
    assert (peter["given_name"], peter["family_name"]) == ("Peter", "Brierley")
    assert peter["date_of_birth"] == "1941-07-19"
    assert peter["practice_id"] == mona["practice_id"]  # one practice, matched ignoring case
    assert _person(db, nhs(2))["date_of_birth"] == "1940-02-01"
    tom = _person(db, nhs(3))
    assert tom["date_of_birth"] == "1945-02-01"
    assert tom["postcode"] is None and tom["practice_id"] is None
    case = load_case_record(db, db.execute("SELECT id FROM cases LIMIT 1").fetchone()[0])
    assert case.status == "referred"
    assert case.opened_on == case.referral.referred_on == today
    assert case.referral.referrer == "GP system search import"
    assert case.referral.reason == "Imported from a case list"


def test_reimporting_the_same_file_changes_nothing(db, tmp_path, today):
    path = _write(tmp_path, _messy_lines(nhs(2)), encoding="utf-8-sig", newline="\r\n")
    apply_import(db, "chair", plan_import(db, path, today), today)
    before = _counts(db)

    plan = plan_import(db, path, today)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 4)
    assert plan.new_practices == []
    done = apply_import(db, "chair", plan, today)

    assert (done.new, done.updated, done.unchanged) == (0, 0, 4)
    assert _counts(db) == before


def test_an_edited_row_updates_the_person_without_duplicating_them(db, tmp_path, today):
    lines = [HEADER, f"{nhs(0)},Ashworth,Mona,04/03/1938,SK3 9AB,Heaton Moor Surgery,COPD,6"]
    import_case_list(db, "chair", _write(tmp_path, lines), today)
    person_id = _person(db, nhs(0))["id"]
    audit_before = _count(db, "audit")

    lines[1] = f"{_spaced(nhs(0))},Ashworth,Mona,04/03/1938,SK3 9AB,Heaton Moor Surgery,COPD,7"
    plan = plan_import(db, _write(tmp_path, lines, name="edited.csv"), today)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 1, 0)
    apply_import(db, "nurse", plan, today)

    assert _count(db, "people") == 1
    assert _count(db, "cases") == 1  # she already has an open case: no second one
    assert _person(db, nhs(0))["frailty_score"] == 7
    changes = list(db.query("SELECT * FROM audit WHERE id > ?", [audit_before]))
    assert [
        (r["entity"], r["entity_id"], r["field"], r["old"], r["new"], r["actor"]) for r in changes
    ] == [("people", person_id, "frailty_score", "6", "7", "nurse")]


def test_blank_cells_and_missing_columns_do_not_wipe_values(db, tmp_path, today):
    save_case_record(db, "chair", record(0, phone="0161 496 0000", frailty_score=5), today)
    lines = [
        "NHS Number,Surname,Forename,Date of Birth,Postcode,Long Term Conditions,CFS",
        f"{nhs(0)},Ashworth,Mona,04/03/1938,  ,,",
    ]
    plan = plan_import(db, _write(tmp_path, lines), today)
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 1)
    apply_import(db, "chair", plan, today)
    mona = _person(db, nhs(0))
    assert mona["postcode"] == "SK3 9AB"
    assert mona["conditions"] == "COPD; heart failure"
    assert mona["phone"] == "0161 496 0000"
    assert mona["frailty_score"] == 5


def test_someone_whose_cases_are_all_closed_is_re_referred(db, tmp_path, today):
    saved = save_case_record(db, "chair", record(0), today)
    saved.status, saved.closed_reason = "closed", "goals_met"
    save_case_record(db, "chair", saved, today)
    lines = [HEADER, f"{nhs(0)},Ashworth,Mona,04/03/1938,SK3 9AB,,,"]

    plan = plan_import(db, _write(tmp_path, lines), today)
    assert (plan.new, plan.updated, plan.unchanged, plan.re_referred) == (0, 1, 0, 1)
    assert "1 person whose cases were all closed will be given a new case" in plan.summary()
    done = apply_import(db, "chair", plan, today)
    assert done.summary() == (
        "0 new, 1 updated, 0 unchanged. 1 person whose cases were all closed was given a new case."
    )

    assert _count(db, "people") == 1
    statuses = [r[0] for r in db.execute("SELECT status FROM cases ORDER BY id")]
    assert statuses == ["closed", "referred"]


def test_every_change_is_audited_under_the_actor(db, tmp_path, today):
    lines = [
        HEADER + ",Neighbourhood",
        f"{nhs(0)},Ashworth,Mona,04/03/1938,SK3 9AB,Heaton Moor Surgery,COPD,6,Heatons",
        f"{nhs(1)},Brierley,Peter,1941-07-19,SK4 2DD,Heaton Moor Surgery,,,",
    ]
    import_case_list(db, "chair", _write(tmp_path, lines), today)

    rows = list(db.query("SELECT actor, entity, entity_id, field, new FROM audit ORDER BY id"))
    assert {r["actor"] for r in rows} == {"chair"}
    by_entity: dict[str, int] = {}
    for r in rows:
        by_entity[r["entity"]] = by_entity.get(r["entity"], 0) + 1
    assert by_entity == {
        "neighbourhoods": 1,
        "practices": 1,
        "people": 2,
        "cases": 2,
        "referrals": 2,
    }
    mona = _person(db, nhs(0))
    created = json.loads(audit.history(db, "people", mona["id"])[0]["new"])
    assert created["nhs_number"] == nhs(0) and created["family_name"] == "Ashworth"
    # Peter has no neighbourhood cell: he takes the neighbourhood of his practice.
    peter = _person(db, nhs(1))
    assert peter["neighbourhood_id"] == mona["neighbourhood_id"] is not None
    practice = next(db.query("SELECT * FROM practices"))
    assert practice["name"] == "Heaton Moor Surgery"
    assert practice["neighbourhood_id"] == mona["neighbourhood_id"]


def test_known_practices_and_neighbourhoods_are_matched_ignoring_case(db, tmp_path, today):
    with db.conn:
        db.conn.execute("INSERT INTO neighbourhoods (id, name) VALUES (3, 'Marple')")
        db.conn.execute(
            "INSERT INTO practices (id, name, neighbourhood_id) VALUES (7, 'Marple Cottage', 3)"
        )
    lines = [
        "NHS Number,Surname,Forename,DOB,Registered Practice,Usual GP",
        f"{nhs(0)},Ashworth,Mona,04/03/1938,  MARPLE   cottage ,Dr Who",
    ]
    plan = plan_import(db, _write(tmp_path, lines), today)
    assert plan.new_practices == [] and plan.ignored_columns == ["Usual GP"]
    apply_import(db, "chair", plan, today)
    mona = _person(db, nhs(0))
    assert (mona["practice_id"], mona["neighbourhood_id"]) == (7, 3)
    assert _count(db, "practices") == 1


@pytest.mark.parametrize(
    "header",
    [
        "NHS Number,Surname,Forename,Date of Birth",
        "nhs no,family name,given name,dob",
        "NHSNumber,LastName,FirstName,BirthDate",
        "NHS No.,Last Name,Forenames,Birth Date",
        '"NHS  Number","Family-Name","First_Name","Date of birth"',
    ],
)
def test_header_synonyms_are_recognised(db, tmp_path, today, header):
    plan = plan_import(db, _write(tmp_path, [header, f"{nhs(0)},Ashworth,Mona,04/03/1938"]), today)
    assert plan.ok and plan.new == 1 and plan.ignored_columns == []


def test_optional_columns_address_lines_and_usual_gp(db, tmp_path, today):
    lines = [
        "Title,Forename,Surname,Gender,NHS No,DOB,Address Line 2,Address Line 1,Telephone,"
        "Usual GP,Frailty",
        f"Mrs,Mona,Ashworth,F,{nhs(0)},04/03/1938,Heaton Moor,1 Mill Lane,0161 496 0000,"
        "Heaton Surgery,6 - Moderately frail",
    ]
    import_case_list(db, "chair", _write(tmp_path, lines), today)
    mona = _person(db, nhs(0))
    assert (mona["title"], mona["sex"], mona["phone"]) == ("Mrs", "Female", "0161 496 0000")
    assert mona["address"] == "1 Mill Lane, Heaton Moor"
    assert mona["frailty_score"] == 6
    assert next(db.query("SELECT name FROM practices"))["name"] == "Heaton Surgery"


def test_semicolon_separated_files_are_read(db, tmp_path, today):
    lines = ["NHS Number;Surname;Forename;Date of Birth", f"{nhs(0)};Ashworth;Mona;04/03/1938"]
    assert plan_import(db, _write(tmp_path, lines), today).new == 1


def test_each_bad_row_gets_its_row_number_and_a_plain_reason(db, tmp_path, today):
    lines = [
        HEADER,
        f"{nhs(0)},,Mona,04/03/1938,,,,",
        f"{nhs(1)},Brierley,Peter,31/02/1941,,,,",
        f"{nhs(2)},Greenhalgh,Ruth,01/01/2030,,,,",
        f"{nhs(3)},Openshaw,Tom,01/01/1940,SK99,,,",
        f"{nhs(4)},Kershaw,Ann,01/01/1940,,,,12",
        "12345,Lees,Sam,,,,,",
        f"{nhs(6)},Hulme,Jo,01/01/1940,,,,",
    ]
    plan = plan_import(db, _write(tmp_path, lines), today)
    reasons = {r.row: r.reason for r in plan.rejected}
    assert reasons[2] == "The surname is missing."
    assert reasons[3] == "The date of birth '31/02/1941' is not a real date."
    assert "in the future" in reasons[4]
    assert reasons[5] == "The postcode 'SK99' is not a UK postcode, such as SK1 3XE."
    assert "from 1 to 9" in reasons[6]
    assert reasons[7] == (
        "The NHS number '12345' is not valid: an NHS number has 10 digits; this has 5. "
        "The date of birth is missing."
    )
    assert 8 not in reasons
    assert plan.new == 1


def test_row_numbers_are_those_excel_shows(db, tmp_path, today):
    lines = [
        "",
        "NHS Number,Surname,Forename,Date of Birth,Address",
        f'{nhs(0)},Ashworth,Mona,04/03/1938,"1 Mill Lane\nHeaton Moor"',
        "",
        f"{nhs(1)},Brierley,,1941-07-19,",
    ]
    plan = plan_import(db, _write(tmp_path, lines, newline="\r\n"), today)
    assert [(r.row, r.reason) for r in plan.rejected] == [(5, "The forename is missing.")]


def test_the_same_nhs_number_twice_rejects_both_rows_naming_each_other(db, tmp_path, today):
    lines = [
        HEADER,
        f"{nhs(0)},Ashworth,Mona,04/03/1938,,,,",
        f"{nhs(1)},Brierley,Peter,1941-07-19,,,,",
        f"{_spaced(nhs(0))},Ashworth,Mona,04/03/1938,,,,",
    ]
    plan = plan_import(db, _write(tmp_path, lines), today)
    assert [(r.row, r.reason) for r in plan.rejected] == [
        (2, "Same NHS number as row 4."),
        (4, "Same NHS number as row 2."),
    ]
    assert plan.new == 1 and not plan.ok


def test_a_missing_required_column_refuses_the_file_naming_it(db, tmp_path, today):
    lines = ["NHS Number,Surname,Forename,Postcode", f"{nhs(0)},Ashworth,Mona,SK3 9AB"]
    with pytest.raises(MdtError) as error:
        plan_import(db, _write(tmp_path, lines), today)
    message = str(error.value)
    assert "no date of birth column" in message
    assert "Date of Birth, DOB or Birth Date" in message
    assert "no surname column" not in message


@pytest.mark.parametrize(
    "content",
    [b"", b"\xef\xbb\xbf", HEADER.encode() + b"\r\n", HEADER.encode() + b"\r\n,,,,\r\n\r\n"],
    ids=["0 bytes", "BOM only", "header only", "header and blank rows"],
)
def test_an_empty_file_is_refused(db, tmp_path, today, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(MdtError, match=r"^The file has no rows to import\.$"):
        plan_import(db, path, today)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cases.pdf", b"%PDF-1.4 ...", "CSV (.csv) or Excel (.xlsx)"),
        ("cases.xls", b"\xd0\xcf\x11\xe0 old excel", "old-style Excel file"),
        ("cases.xlsx", b"NHS Number,Surname\n1,2\n", "not a readable Excel workbook"),
        ("cases.xlsx", b"PK\x03\x04 truncated zip", "not a readable Excel workbook"),
        ("cases.csv", b"\x00\x01\x02garbage\x00" * 20, "not a text (CSV) file"),
    ],
)
def test_the_wrong_kind_of_file_is_refused_in_plain_english(
    db, tmp_path, today, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(MdtError, match=re.escape(message)) as error:
        plan_import(db, path, today)
    assert "Traceback" not in str(error.value) and "Error" not in str(error.value)


def test_a_missing_file_is_refused_in_plain_english(db, tmp_path, today):
    with pytest.raises(MdtError, match="cannot be found"):
        plan_import(db, tmp_path / "nowhere.csv", today)


def test_an_excel_workbook_with_real_date_cells_is_imported(db, tmp_path, today):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])  # the header is the first non-empty row
    sheet.append(["NHS Number", "Surname", "Forename", "Date of Birth", "Post Code", "Frailty"])
    sheet.append([int(nhs(0)), "Ashworth", "Mona", dt.date(1938, 3, 4), "SK3 9AB", 6])
    sheet.append([nhs(1), "Brierley", "Peter", dt.datetime(1941, 7, 19), None, 5.0])
    sheet.append([None, None, None, None, None, None])
    sheet.append([_spaced(nhs(2)), "Nguyễn", "Łukasz", "01-Feb-1940", "sk1 3xe", None])
    sheet.append([nhs(3), "Openshaw", None, "1940-02-01", None, None])
    sheet["D3"].number_format = "dd/mm/yyyy"
    path = tmp_path / "cases.xlsx"
    workbook.save(path)

    plan = plan_import(db, path, today)
    assert [(r.row, r.reason) for r in plan.rejected] == [(7, "The forename is missing.")]
    assert plan.new == 3

    # Drop the bad row and import the rest.
    sheet.delete_rows(7)
    workbook.save(path)
    done = import_case_list(db, "chair", path, today)
    assert done.new == 3
    assert _person(db, nhs(0))["date_of_birth"] == "1938-03-04"
    assert _person(db, nhs(1))["date_of_birth"] == "1941-07-19"
    assert _person(db, nhs(1))["frailty_score"] == 5
    third = _person(db, nhs(2))
    assert (third["given_name"], third["family_name"], third["postcode"]) == (
        "Łukasz",
        "Nguyễn",
        "SK1 3XE",
    )


def test_a_cp1252_file_from_excel_reads_accented_names(db, tmp_path, today):
    lines = [
        "NHS Number,Surname,Forename,Date of Birth",
        f"{nhs(0)},Hughes,Siân,04/03/1938",
        f"{nhs(1)},Brontë,Zoë,1941-07-19",
    ]
    path = _write(tmp_path, lines, encoding="cp1252", newline="\r\n")
    import_case_list(db, "chair", path, today)
    assert _person(db, nhs(0))["given_name"] == "Siân"
    assert (_person(db, nhs(1))["given_name"], _person(db, nhs(1))["family_name"]) == (
        "Zoë",
        "Brontë",
    )


def test_utf8_names_stay_intact(db, tmp_path, today):
    lines = ["NHS Number,Surname,Forename,Date of Birth", f"{nhs(0)},Nguyễn,Łukasz,04/03/1938"]
    import_case_list(db, "chair", _write(tmp_path, lines), today)
    person = _person(db, nhs(0))
    assert (person["given_name"], person["family_name"]) == ("Łukasz", "Nguyễn")


def test_a_unicode_text_file_saved_by_excel_is_read(db, tmp_path, today):
    lines = ["NHS Number\tSurname\tForename\tDate of Birth", f"{nhs(0)}\tHughes\tSiân\t04/03/1938"]
    path = _write(tmp_path, lines, name="cases.txt", encoding="utf-16", newline="\r\n")
    import_case_list(db, "chair", path, today)
    assert _person(db, nhs(0))["given_name"] == "Siân"


def test_a_failure_during_apply_rolls_everything_back(db, tmp_path, today, monkeypatch):
    save_case_record(db, "chair", record(5), today)
    lines = [
        HEADER + ",Neighbourhood",
        f"{nhs(0)},Ashworth,Mona,04/03/1938,SK3 9AB,Heaton Moor Surgery,COPD,6,Heatons",
        f"{nhs(5)},Ashworth5,Mona,04/03/1938,SK4 1AA,,,,",
    ]
    plan = plan_import(db, _write(tmp_path, lines), today)
    assert plan.ok
    before = _counts(db)

    def fail(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(audit, "write_rows", fail)
    with pytest.raises(RuntimeError):
        apply_import(db, "chair", plan, today)

    assert _counts(db) == before
    assert _person(db, nhs(5))["postcode"] == "SK3 9AB"
    assert not db.conn.in_transaction


def test_a_database_error_during_apply_becomes_a_plain_message(db, tmp_path, today, monkeypatch):
    lines = [HEADER, f"{nhs(0)},Ashworth,Mona,04/03/1938,SK3 9AB,Heaton Moor Surgery,,"]
    plan = plan_import(db, _write(tmp_path, lines), today)

    def locked(*args, **kwargs):
        raise sqlite.OperationalError("database is locked")

    monkeypatch.setattr(audit, "write_rows", locked)
    with pytest.raises(MdtError) as error:
        apply_import(db, "chair", plan, today)
    assert str(error.value).startswith("Nothing was imported. The database is in use")
    assert _counts(db) == dict.fromkeys(_counts(db), 0)


def test_counts_are_recomputed_when_the_register_changed_since_the_preview(db, tmp_path, today):
    lines = [HEADER, f"{nhs(0)},Ashworth,Mona,04/03/1938,SK3 9AB,,,"]
    plan = plan_import(db, _write(tmp_path, lines), today)
    assert plan.new == 1
    save_case_record(db, "chair", record(0), today)  # someone adds her meanwhile

    done = apply_import(db, "chair", plan, today)

    assert (done.new, done.updated, done.unchanged) == (0, 0, 1)
    assert done.changed_since_preview
    assert _count(db, "people") == 1 and _count(db, "cases") == 1


def test_patient_details_stay_out_of_logs_and_reprs(db, tmp_path, today, caplog):
    lines = [
        HEADER,
        "999 000 0019,Ashworth,Mona,04/03/1938,,,,",
        f"{nhs(1)},Brierley,Peter,1941-07-19,,,,",
    ]
    path = _write(tmp_path, lines)
    with caplog.at_level(logging.DEBUG):
        plan = plan_import(db, path, today)
        with pytest.raises(MdtError):
            apply_import(db, "chair", plan, today)
        lines.pop(1)
        import_case_list(db, "chair", _write(tmp_path, lines), today)
    for secret in ("Ashworth", "Brierley", "Peter", "0019", nhs(1)):
        assert secret not in caplog.text
        assert secret not in repr(plan)
    assert isinstance(plan, ImportPlan)


def test_a_file_mixing_encodings_is_refused_not_garbled(db, tmp_path):
    good = f"{nhs(0 + 7000)},Wójcik,Łukasz,01/02/1940,SK4 2QT\r\n".encode()
    stray = f"{nhs(1 + 7000)},Kershaw,Brian,05/06/1939,SK7 1PL\r\n".encode() + b"\x96\r\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"NHS Number,Surname,Forename,DOB,Postcode\r\n" + good + stray)
    with pytest.raises(MdtError, match="CSV UTF-8"):
        plan_import(db, path)
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_title_rows_above_the_headings_are_skipped(db, tmp_path, today):
    path = tmp_path / "titled.csv"
    path.write_text(
        "Frailty search: MDT caseload\r\nRun on 20/11/2026\r\n\r\n"
        "NHS Number,Surname,Forename,DOB,Postcode\r\n"
        f"{nhs(2 + 7000)},Kershaw,Brian,05/06/1939,SK7 1PL\r\n",
        encoding="utf-8",
    )
    plan = plan_import(db, path, today)
    assert (plan.new, plan.rejected) == (1, [])
