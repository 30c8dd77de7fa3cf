"""The redactor for minutes that go to a wider circulation.

Free text typed in a meeting names people in every way a person types: "Mona", "MONA ASHWORTH",
"Mrs Ashworth-Smith", "Sian" for Siân, the NHS number spaced or not, the date of birth as
"4/3/38" or "4 March 1938", a postcode without its space. The redactor takes the identifiers of
everyone on the agenda and removes each of them in any of those forms; it also removes anything
shaped like a UK phone number, a UK postcode or a valid NHS number, whoever it belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from mdtdesk.core.identifiers import initials, nhs_tail
from mdtdesk.core.nhs_number import check_digit

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
DATE_OF_BIRTH = "[date of birth]"
PHONE = "[phone number]"
POSTCODE = "[postcode]"

# Letters that do not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "s"})
_DIGITS10 = re.compile(r"(?<!\d)(\d[\s-]?){9}\d(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    """What identifies one person on the agenda."""

    given_name: str
    family_name: str
    nhs_number: str
    date_of_birth: dt.date | None = None
    postcode: str | None = None
    phone: str | None = None


def fold(text: str) -> str:
    """``text`` lower-cased with accents taken off, one character for one, so that a match in
    the folded text is a match at the same place in the original."""
    folded = []
    for char in text.translate(_FOLD):
        base = unicodedata.normalize("NFKD", char)[:1] or char
        folded.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(folded)


def _date_patterns(day: dt.date) -> list[str]:
    """The ways a date of birth is typed, as regular expressions over folded text."""
    d, m, y = day.day, day.month, day.year
    month = MONTHS[m - 1]
    day_part = rf"0?{d}(?:st|nd|rd|th)?"
    year_part = rf"(?:{y}|{y % 100:02d})"
    sep = r"\s*[/.\-]\s*"
    return [
        rf"{day_part}{sep}0?{m}{sep}{year_part}",
        rf"{day_part}\s+(?:of\s+)?{month[:3]}[a-z]*\.?,?\s+{year_part}",
        rf"{month[:3]}[a-z]*\.?\s+{day_part},?\s+{year_part}",
        rf"{y}-{m:02d}-{d:02d}",
    ]


class Redactor:
    """Removes the identifiers of the given people (and any number shaped like one) from text."""

    def __init__(self, people: Iterable[Identity]):
        self._replacements: list[tuple[re.Pattern, object]] = []
        names: dict[str, str] = {}
        dates: list[str] = []
        for person in people:
            for part in re.split(r"[\s\-']+", f"{person.given_name} {person.family_name}"):
                if len(part) > 1:
                    names[fold(part)] = f"{part[0].upper()}."
            full = fold(f"{person.given_name} {person.family_name}")
            names[full] = initials(person.given_name, person.family_name)
            if person.date_of_birth:
                dates.extend(_date_patterns(person.date_of_birth))
            if person.postcode:
                compact = re.sub(r"\s+", "", fold(person.postcode))
                spaced = r"\s*".join(re.escape(c) for c in compact)
                self._replacements.append((re.compile(rf"(?<!\w){spaced}(?!\w)"), POSTCODE))
        if dates:
            pattern = "|".join(f"(?:{d})" for d in dates)
            self._replacements.append((re.compile(rf"(?<![\w/]){pattern}(?![\w/])"), DATE_OF_BIRTH))
        if names:
            # Longest first, so "Ashworth-Smith" goes whole before "Smith" alone.
            ordered = sorted(names, key=len, reverse=True)
            spaced = [
                r"[\s\-']+".join(re.escape(w) for w in re.split(r"[\s\-']+", n)) for n in ordered
            ]
            pattern = re.compile(rf"(?<!\w)(?:{'|'.join(spaced)})(?!\w)")
            lookup = {re.sub(r"[\s\-']+", " ", n): text for n, text in names.items()}
            self._replacements.append(
                (pattern, lambda m: lookup.get(re.sub(r"[\s\-']+", " ", m.group(0)), "[name]"))
            )

    def redact(self, text: str | None) -> str | None:
        """``text`` with every identifier removed; None stays None."""
        if not text:
            return text
        text = self._numbers(text)
        text = _PHONE.sub(PHONE, text)
        for pattern, replacement in self._replacements:
            text = _replace_folded(text, pattern, replacement)
        return _POSTCODE.sub(POSTCODE, text)

    @staticmethod
    def _numbers(text: str) -> str:
        """Ten digits that make a valid NHS number become its last three; an invalid run of ten
        digits is taken out whole, as it may be a mistyped one."""

        def cut(match: re.Match) -> str:
            digits = re.sub(r"\D", "", match.group(0))
            valid = check_digit(digits[:9]) == int(digits[9])
            return nhs_tail(digits) if valid else "[number removed]"

        return _DIGITS10.sub(cut, text)


def _replace_folded(text: str, pattern: re.Pattern, replacement) -> str:
    """Replace the matches found in the folded text at the same places in the original."""
    folded = fold(text)
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        pieces.append(text[last : match.start()])
        pieces.append(replacement(match) if callable(replacement) else replacement)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
