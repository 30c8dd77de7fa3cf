"""Redacted minutes: no identifier of anyone on the agenda survives the redactor, in any of the
ways people type them."""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mdtdesk.documents.redaction import Identity, Redactor, fold
from tests.helpers import nhs

MONA = Identity("Mona", "Ashworth-Smith", nhs(0), dt.date(1938, 3, 4), "SK3 9AB", "0161 496 0123")
SIAN = Identity("Siân", "Llewellyn", nhs(1), dt.date(1941, 11, 23), "SK4 2QT", None)
LUKASZ = Identity("Łukasz", "Wójcik", nhs(2), dt.date(1950, 1, 9), "M19 2AB", "07700 900456")
PEOPLE = [MONA, SIAN, LUKASZ]


def _identifiers(person: Identity) -> list[str]:
    """Every identifier, folded, that must not survive."""
    found = [fold(p) for p in re.split(r"[\s\-]+", f"{person.given_name} {person.family_name}")]
    found.append(person.nhs_number)
    if person.postcode:
        found.append(fold(person.postcode.replace(" ", "")))
    if person.phone:
        found.append(person.phone.replace(" ", ""))
    return found


def _survivors(text: str) -> list[str]:
    folded = fold(text)
    squeezed = re.sub(r"[\s\-]", "", folded)
    return [
        ident
        for person in PEOPLE
        for ident in _identifiers(person)
        if re.search(rf"(?<!\w){re.escape(ident)}(?!\w)", folded)
        or (ident.isdigit() and ident in squeezed)
    ]


def test_names_numbers_dates_postcodes_and_phones_are_removed():
    text = (
        "Mona Ashworth-Smith (NHS 999 000 0000?) saw MONA again; Mrs ashworth smith agrees. "
        f"NHS number {nhs(0)[:3]} {nhs(0)[3:6]} {nhs(0)[6:]}, born 4/3/38, also 04.03.1938, "
        "4th March 1938, Mar 4, 1938 and 1938-03-04. Lives at SK39AB, phone 0161 496 0123. "
        "Sian Llewellyn's daughter rang from 07700 900 456 about Lukasz Wojcik (M19 2AB)."
    )
    redacted = Redactor(PEOPLE).redact(text)
    assert _survivors(redacted) == [], redacted
    assert "1938" not in redacted and "0161" not in redacted
    assert f"NHS …{nhs(0)[-3:]}" in redacted
    assert "M.A.S." in redacted and "[date of birth]" in redacted
    assert "[postcode]" in redacted and "[phone number]" in redacted


def test_words_that_merely_contain_a_name_are_kept():
    redacted = Redactor([MONA]).redact("Monastery visit on Monday; Smithfield market.")
    assert redacted == "Monastery visit on Monday; Smithfield market."


def test_other_dates_and_numbers_are_kept():
    redacted = Redactor([MONA]).redact("Review on 4/3/2027; 12 tablets; 3 falls since 2024.")
    assert redacted == "Review on 4/3/2027; 12 tablets; 3 falls since 2024."


def test_empty_text_stays_empty():
    assert Redactor(PEOPLE).redact("") == ""
    assert Redactor(PEOPLE).redact(None) is None


def test_folding_keeps_every_place():
    for text in ("Łukasz Wójcik", "Siân ŵ ŷ ễ ị", "straße", "İstanbul"):
        assert len(fold(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(
    person=st.sampled_from(PEOPLE),
    form=st.sampled_from(
        ["given", "family", "full", "upper", "folded", "nhs", "nhs_spaced", "dob"]
    ),
    before=st.text(alphabet=" abc.,;()", max_size=8),
    after=st.text(alphabet=" abc.,;()", max_size=8),
)
def test_no_identifier_survives_in_any_form(person, form, before, after):
    spaced = f"{person.nhs_number[:3]} {person.nhs_number[3:6]} {person.nhs_number[6:]}"
    shown = {
        "given": person.given_name,
        "family": person.family_name,
        "full": f"{person.given_name} {person.family_name}",
        "upper": f"{person.given_name} {person.family_name}".upper(),
        "folded": fold(f"{person.given_name} {person.family_name}"),
        "nhs": person.nhs_number,
        "nhs_spaced": spaced,
        "dob": person.date_of_birth.strftime("%d/%m/%Y"),
    }[form]
    redacted = Redactor(PEOPLE).redact(f"{before} {shown} {after}")
    assert _survivors(redacted) == []
    assert person.date_of_birth.strftime("%d/%m/%Y") not in redacted


def test_numbers_and_dates_typed_with_any_separator_are_removed():
    n = MONA.nhs_number
    text = (
        f"NHS {n[:3]} - {n[3:6]} - {n[6:]}, or {n[:3]}.{n[3:6]}.{n[6:]}, "
        f"or {n[:3]}/{n[3:6]}/{n[6:]} or {n[:3]}  {n[3:6]} {n[6:]}; "
        "call (0161) 496 0123 or 0161-496-0123; "
        "born 04-Mar-1938, 4-Mar-38, 4/Mar/1938."
    )
    redacted = Redactor(PEOPLE).redact(text)
    digits = re.sub(r"\D", "", redacted)
    assert n not in digits and "01614960123" not in digits
    assert "1938" not in redacted and "-38" not in redacted
    assert redacted.count(f"NHS …{n[-3:]}") == 4
    assert redacted.count("[phone number]") == 2 and redacted.count("[date of birth]") == 3


def test_redacting_many_people_costs_one_fold_per_text(monkeypatch):
    from mdtdesk.documents import redaction

    people = [
        Identity(f"Given{n}", f"Family{n}", nhs(n), dt.date(1940, 1, 1 + n % 28), f"SK{n % 9} 1AB")
        for n in range(160)
    ]
    redactor = Redactor(people)
    calls = []
    real = redaction.fold
    monkeypatch.setattr(redaction, "fold", lambda text: calls.append(text) or real(text))
    redactor.redact("Given7 Family7 of SK7 1AB saw the nurse.")
    assert len(calls) == 1
