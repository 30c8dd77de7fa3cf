import pytest

from mdtdesk.core import case_list
from mdtdesk.core.case_list import CaseQuery, count_cases, fetch_cases, match_expression
from mdtdesk.core.register import save_case_record
from tests.helpers import nhs, record

PEOPLE = [
    ("Mona", "Ashworth", "SK3 9AB", "COPD; heart failure"),
    ("Łukasz", "Wójcik", "SK4 2QT", "Type 2 diabetes"),
    ("Siân", "Llewellyn", "SK7 1PL", "Dementia; falls"),
    ("Hương", "Nguyễn", "SK1 3XE", "Heart failure; CKD stage 4"),
    ("Zoë", "Ashworth-Hall", "SK8 4RR", "Parkinson's disease"),
]


@pytest.fixture
def register(db, today):
    hoods = {
        name: db["neighbourhoods"].insert({"name": name}).last_pk
        for name in ("Stockport West", "Victoria")
    }
    for n, (given, family, postcode, conditions) in enumerate(PEOPLE):
        rec = record(
            n,
            given_name=given,
            family_name=family,
            postcode=postcode,
            conditions=conditions,
            neighbourhood_id=hoods["Victoria" if n % 2 else "Stockport West"],
        )
        saved = save_case_record(db, "chair", rec, today)
        if family == "Llewellyn":
            saved.status, saved.closed_reason = "closed", "moved_away"
            save_case_record(db, "chair", saved, today)
    return db, hoods


def _names(db, query):
    return [row["family_name"] for row in fetch_cases(db, query, 0, 50)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ash", ["Ashworth", "Ashworth-Hall"]),
        ("mona ash", ["Ashworth"]),
        ("wojcik", ["Wójcik"]),  # accents fold: a chair need not type them
        ("wójcik", ["Wójcik"]),
        ("nguyen", ["Nguyễn"]),
        (nhs(1), ["Wójcik"]),
        (f"{nhs(1)[:3]} {nhs(1)[3:6]} {nhs(1)[6:]}", ["Wójcik"]),
        (nhs(1)[:9], ["Wójcik"]),
        ("sk1 3xe", ["Nguyễn"]),
        ("sk13", ["Nguyễn"]),
        ("heart fail", ["Ashworth", "Nguyễn"]),
        ("parkinson", ["Ashworth-Hall"]),
        ('"; DROP TABLE people; --', []),
        ("NEAR(ash", []),
    ],
)
def test_text_filter_finds_name_nhs_number_postcode_and_condition(register, text, expected):
    db, _ = register
    assert sorted(_names(db, CaseQuery(text=text))) == sorted(expected)


def test_status_filter(register):
    db, _ = register
    assert "Llewellyn" not in _names(db, CaseQuery(status=case_list.OPEN))
    assert _names(db, CaseQuery(status="closed")) == ["Llewellyn"]
    assert len(_names(db, CaseQuery(status=case_list.ANY))) == 5


def test_neighbourhood_filter(register):
    db, hoods = register
    victoria = _names(db, CaseQuery(neighbourhood_id=hoods["Victoria"], status=None))
    assert sorted(victoria) == ["Nguyễn", "Wójcik"]
    assert _names(db, CaseQuery(neighbourhood_id=case_list.NO_NEIGHBOURHOOD)) == []


def test_sorting_by_name_both_ways(register):
    db, _ = register
    ascending = _names(db, CaseQuery(status=None))
    assert ascending == sorted(ascending, key=str.casefold)
    assert _names(db, CaseQuery(status=None, descending=True)) == ascending[::-1]


@pytest.mark.parametrize("sort", sorted(case_list.SORTS))
def test_every_sort_key_works(register, sort):
    db, _ = register
    assert len(_names(db, CaseQuery(status=None, sort=sort))) == 5


def test_pages_join_up_without_gaps_or_repeats(register):
    db, _ = register
    query = CaseQuery(status=None)
    paged = [r["case_id"] for start in range(0, 5, 2) for r in fetch_cases(db, query, start, 2)]
    assert paged == [r["case_id"] for r in fetch_cases(db, query, 0, 10)]
    assert count_cases(db, query) == 5


def test_match_expression_quotes_every_word():
    assert match_expression('ash "or" NEAR') == '"ash"* "or"* "NEAR"*'
    assert match_expression("  ,;  ") is None


@pytest.mark.parametrize(
    ("few", "nearly_all"),
    [(10**9, 2.0), (0, 2.0), (0, 0.0)],
    ids=["sort the matches", "walk the name index", "probe each row"],
)
@pytest.mark.parametrize("text", ["ash", "a", "sk", "heart", ""])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(case_list.SORTS))
def test_every_query_plan_gives_the_same_pages(
    register, monkeypatch, few, nearly_all, text, descending, sort
):
    db, _ = register
    query = CaseQuery(text=text, status=None, descending=descending, sort=sort)
    expected = [r["case_id"] for r in case_list.iter_cases(db, query)]
    monkeypatch.setattr(case_list, "FEW_MATCHES", few)
    monkeypatch.setattr(case_list, "NEARLY_ALL", nearly_all)
    paged = [r["case_id"] for start in range(0, 6, 2) for r in fetch_cases(db, query, start, 2)]
    assert paged == expected
