"""NHS numbers: parse what people type, check the Modulus 11 digit, show as ``999 123 4567``."""

from __future__ import annotations

import re

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_SEPARATORS = re.compile(r"[\s\-]+")


class InvalidNHSNumber(ValueError):
    """The text is not a valid NHS number; the message says why in plain English."""


def check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for nine digits, or None when no valid digit exists.

    A remainder giving 10 means no NHS number can be made from those nine digits.
    """
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def parse(text: str) -> str:
    """Return the ten digits of an NHS number typed with or without spaces and dashes.

    Raises InvalidNHSNumber with a message fit to show a user.
    """
    digits = _SEPARATORS.sub("", str(text or "").strip())
    if not digits:
        raise InvalidNHSNumber("Enter an NHS number.")
    if not digits.isdigit() or not digits.isascii():
        raise InvalidNHSNumber("An NHS number has digits only.")
    if len(digits) != 10:
        raise InvalidNHSNumber(f"An NHS number has 10 digits; this has {len(digits)}.")
    if len(set(digits)) == 1:
        raise InvalidNHSNumber("An NHS number cannot be one digit repeated.")
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise InvalidNHSNumber("This is not a valid NHS number: check for a mistyped digit.")
    return digits


def is_valid(text: str) -> bool:
    """True when ``text`` is a valid NHS number, however it is spaced."""
    try:
        parse(text)
    except InvalidNHSNumber:
        return False
    return True


def format_nhs_number(digits: str) -> str:
    """Show ten digits the NHS way: ``999 123 4567``. Other text is returned unchanged."""
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return digits
