"""Identifiers cut down for a wider audience: the shared screen shows no more than these."""

from mdtdesk.core.identifiers import initials, mask_names, nhs_tail


def test_initials_cover_each_part_of_a_name():
    assert initials("Mona", "Ashworth") == "M.A."
    assert initials("Siân", "Llewellyn-Jones") == "S.L.J."
    assert initials("Łukasz", "Wójcik") == "Ł.W."


def test_only_the_last_three_digits_of_the_nhs_number_remain():
    assert nhs_tail("999 123 4567") == "NHS …567"
    assert nhs_tail("") == "NHS number not known"


def test_names_in_free_text_become_initials_whatever_their_case():
    text = "Spoke to MONA and Mrs Ashworth; monastery visit. Siân's son agrees."
    assert mask_names(text, "Mona", "Ashworth") == (
        "Spoke to M. and Mrs A.; monastery visit. Siân's son agrees."
    )
    assert mask_names("siân's son agrees", "Siân", "Evans") == "S.'s son agrees"
    assert mask_names("", "Mona", "Ashworth") == ""
