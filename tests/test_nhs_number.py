import pytest
from hypothesis import given
from hypothesis import strategies as st

from mdtdesk.core import nhs_number
from mdtdesk.core.nhs_number import InvalidNHSNumber, check_digit, format_nhs_number, parse


def _valid_numbers():
    """Valid NHS numbers from the 999 test range."""
    return (
        st.integers(min_value=0, max_value=999_999)
        .map(lambda n: f"999{n:06d}")
        .filter(lambda base: check_digit(base) is not None)
        .map(lambda base: base + str(check_digit(base)))
        .filter(lambda number: len(set(number)) > 1)
    )


@pytest.mark.parametrize(
    "typed", ["9990000018", "999 000 0018", "999-000-0018", " 999  000 0018 ", "999-000 0018"]
)
def test_parse_accepts_spaces_and_dashes(typed):
    assert parse(typed) == "9990000018"


def test_format_groups_three_three_four():
    assert format_nhs_number("9991234567") == "999 123 4567"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an NHS number."),
        ("999000001", "has 10 digits; this has 9"),
        ("99900000180", "has 10 digits; this has 11"),
        ("999O000018", "digits only"),
        ("9990000019", "not a valid NHS number"),
        ("4444444444", "one digit repeated"),
        ("0000000000", "one digit repeated"),
    ],
)
def test_parse_refuses_with_a_reason(typed, message):
    with pytest.raises(InvalidNHSNumber, match=message):
        parse(typed)


def test_a_check_digit_of_ten_means_no_valid_number():
    # 999000010: weights give remainder 1, so 11 - 1 = 10 and no digit can complete it.
    base = next(f"999{n:06d}" for n in range(1000) if check_digit(f"999{n:06d}") is None)
    assert all(not nhs_number.is_valid(base + str(d)) for d in range(10))


def test_known_published_example_is_valid():
    # The NHS Data Dictionary's worked example: 943 476 5919.
    assert parse("943 476 5919") == "9434765919"


@given(_valid_numbers())
def test_every_valid_number_survives_format_and_parse(number):
    assert parse(format_nhs_number(number)) == number


@given(_valid_numbers(), st.integers(min_value=0, max_value=9), st.integers(1, 9))
def test_every_single_digit_change_is_rejected(number, position, shift):
    changed = list(number)
    changed[position] = str((int(changed[position]) + shift) % 10)
    assert not nhs_number.is_valid("".join(changed))
