import datetime as dt

import pytest

from mdtdesk.core.dates import (
    age_on,
    format_date,
    format_short_date,
    format_table_date,
    format_time,
    parse_date,
    parse_time,
)


@pytest.mark.parametrize(
    "typed",
    [
        "01/02/1940",
        "1/2/1940",
        "1940-02-01",
        "01-Feb-1940",
        "1 February 1940",
        "01.02.1940",
        "1940-02-01 00:00:00",
        "19400201",
    ],
)
def test_dates_as_gp_systems_and_people_write_them(typed):
    assert parse_date(typed) == dt.date(1940, 2, 1)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a date"),
        ("31/02/1940", "not a real date"),
        ("01/02/40", "not a date"),  # two-digit years are ambiguous for a date of birth
        ("02/13/1950", "not a real date"),  # month-first is not read as UK
        ("1 Fbr 1940", "month name"),
    ],
)
def test_bad_dates_say_why(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_date(typed)


def test_dates_and_times_are_shown_the_nhs_way():
    day = dt.date(2026, 11, 24)
    assert format_date(day) == format_date("2026-11-24") == "24 November 2026"
    assert format_table_date(day) == "24 Nov 2026"
    assert format_short_date(day) == "24/11/2026"
    assert format_date(None) == format_table_date("") == ""
    assert format_time(dt.time(14, 30)) == "2:30pm"
    assert format_time(dt.time(9, 0)) == "9am"
    assert format_time(dt.time(12, 0)) == "12pm"
    assert format_time(dt.time(0, 5)) == "12:05am"


def test_age_counts_the_birthday_itself():
    assert age_on("1940-11-24", dt.date(2026, 11, 23)) == 85
    assert age_on("1940-11-24", dt.date(2026, 11, 24)) == 86


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", (14, 30)),
        ("2:30pm", (14, 30)),
        ("9am", (9, 0)),
        ("0930", (9, 30)),
        ("12pm", (12, 0)),
        ("12:15am", (0, 15)),
        ("9.45", (9, 45)),
    ],
)
def test_times_as_people_write_them(typed, expected):
    assert parse_time(typed) == dt.time(*expected)


@pytest.mark.parametrize("typed", ["", "25:00", "13pm", "half two"])
def test_bad_times_say_how_to_write_them(typed):
    with pytest.raises(ValueError, match="2:30pm or 14:30"):
        parse_time(typed)
