"""Small builders for tests: valid synthetic NHS numbers and case records."""

from __future__ import annotations

import datetime as dt
from itertools import count

from mdtdesk.core.nhs_number import check_digit
from mdtdesk.core.register import CaseRecord, Person, Referral


def nhs(n: int) -> str:
    """The n-th valid NHS number of the 999 test range (n from 0)."""
    found = -1
    for base in count():
        stem = f"999{base:06d}"
        digit = check_digit(stem)
        if digit is not None and len(set(stem + str(digit))) > 1:
            found += 1
            if found == n:
                return stem + str(digit)
    raise AssertionError("unreachable")


def record(n: int = 0, **person) -> CaseRecord:
    """A valid new case record for a synthetic person; ``person`` overrides their fields."""
    fields = {
        "nhs_number": nhs(n),
        "given_name": "Mona",
        "family_name": f"Ashworth{n}" if n else "Ashworth",
        "date_of_birth": dt.date(1938, 3, 4),
        "postcode": "SK3 9AB",
        "conditions": "COPD; heart failure",
    } | person
    return CaseRecord(
        person=Person(**fields),
        referral=Referral(
            referred_on=dt.date(2026, 11, 1),
            referrer="Dr A. Patel, GP",
            question="Can she stay safely at home with more support?",
        ),
    )
