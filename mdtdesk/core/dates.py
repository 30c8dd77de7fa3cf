"""Dates and times as people in UK health and care write them.

Parsing is day-first and locale-independent; formatting gives "24 November 2026" and "2:30pm".
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "January February March April May June July August September October November December"
).split()
# Full names, three-letter abbreviations and "Sept", as GP systems and Excel write them.
_MONTH_NUMBER = {
    spelling: number
    for number, name in enumerate(MONTHS, start=1)
    for spelling in (name.lower(), name[:3].lower())
} | {"sept": 9}

_NUMERIC_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s\-/]+([A-Za-z]{3,9})\.?[\s\-/,]+(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str) -> dt.date:
    """Read a date written ``01/02/1940``, ``1940-02-01``, ``01-Feb-1940``, ``1 February 1940``.

    Numeric dates are day first (UK). Two-digit years are refused as ambiguous. Raises ValueError
    with a message fit to show a user.
    """
    value = str(text or "").strip()
    if not value:
        raise ValueError("Enter a date.")
    year = month = day = None
    if m := _NUMERIC_DMY.match(value):
        day, month, year = (int(g) for g in m.groups())
    elif (m := _ISO.match(value)) or (m := _COMPACT.match(value)):
        year, month, day = (int(g) for g in m.groups())
    elif m := _NAMED_MONTH.match(value):
        day, year = int(m.group(1)), int(m.group(3))
        month = _MONTH_NUMBER.get(m.group(2).lower())
        if month is None:
            raise ValueError(f"'{value}' has a month name that is not recognised.")
    else:
        raise ValueError(f"'{value}' is not a date. Write it as 24/11/1940 or 1940-11-24.")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a real date.") from None


def parse_time(text: str) -> dt.time:
    """Read "14:30", "2:30pm", "9am" or "0930". Raises ValueError with a message to show."""
    value = text.strip().lower().replace(".", ":").replace(" ", "")
    suffix = value[-2:] if value.endswith(("am", "pm")) else ""
    digits = value.removesuffix(suffix)
    if ":" in digits:
        hours, _, minutes = digits.partition(":")
    elif len(digits) in (3, 4):
        hours, minutes = digits[:-2], digits[-2:]
    else:
        hours, minutes = digits, "0"
    try:
        hour, minute = int(hours), int(minutes)
        if suffix:
            if not 1 <= hour <= 12:
                raise ValueError
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        return dt.time(hour, minute)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a time. Write it as 2:30pm or 14:30.") from None


def _stored(value: dt.date | str | None) -> dt.date | None:
    """A date object from a date or from ISO text as the database stores it."""
    if value is None or value == "":
        return None
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def format_date(value: dt.date | str | None) -> str:
    """``24 November 2026``; an empty string for no date. Accepts ISO text as stored."""
    day = _stored(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def format_table_date(value: dt.date | str | None) -> str:
    """``24 Nov 2026`` for dense tables; an empty string for no date."""
    day = _stored(value)
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}" if day else ""


def format_short_date(value: dt.date | str | None) -> str:
    """``24/11/2026`` for editing; an empty string for no date."""
    day = _stored(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def format_time(value: dt.time | dt.datetime) -> str:
    """``2:30pm``, ``9am``, ``12pm`` for noon."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def age_on(date_of_birth: dt.date | str, today: dt.date) -> int:
    """Age in whole years on ``today``."""
    if isinstance(date_of_birth, str):
        date_of_birth = dt.date.fromisoformat(date_of_birth)
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)
