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

from mdtdesk.core.dates import MONTHS
from mdtdesk.core.identifiers import initials, nhs_tail
from mdtdesk.core.nhs_number import check_digit

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


# Any date as people type one, over folded text: 4/3/38, 04.03.1938, 4th March 1938,
# 04-Mar-1938, Mar 4, 1938, 1938-03-04. Whether it is someone's date of birth is decided per
# match: one pattern, however many people are on the agenda.
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"\d{4}|\d{2}"
_DATE = re.compile(
    r"(?<![\w/])(?:"
    rf"(?P<d1>\d{{1,2}})\s*[/.\-]\s*(?P<m1>\d{{1,2}})\s*[/.\-]\s*(?P<y1>{_YEAR})"
    rf"|(?P<d2>\d{{1,2}}){_ORDINAL}[\s/.\-]+(?:of\s+)?(?P<m2>[a-z]{{3}})[a-z]*\.?,?[\s/.\-]+"
    rf"(?P<y2>{_YEAR})"
    rf"|(?P<m3>[a-z]{{3}})[a-z]*\.?\s+(?P<d3>\d{{1,2}}){_ORDINAL},?\s+(?P<y3>{_YEAR})"
    r"|(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})"
    r")(?![\w/])"
)
_MONTH_NUMBERS = {name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)}


def _date_of(match: re.Match) -> tuple[int, int, str] | None:
    """(day, month, year as typed) of a date match, or None when it is not a date."""
    for k in "1234":
        if match.group(f"d{k}"):
            month = match.group(f"m{k}")
            number = int(month) if month.isdigit() else _MONTH_NUMBERS.get(month)
            return (int(match.group(f"d{k}")), number, match.group(f"y{k}")) if number else None
    return None


def _digits_pattern(digits: str) -> str:
    """A number's digits with anything but letters and digits, up to three characters, between
    each: spaces, dashes, dots, slashes, brackets, however it was typed."""
    return r"\W{0,3}".join(digits)


class Redactor:
    """Removes the identifiers of the given people (and any number shaped like one) from text.

    Every pattern is matched once against the folded text, and the places found are replaced
    in the original in one pass: a text is folded once, however many people are on the agenda.
    """

    def __init__(self, people: Iterable[Identity]):
        names: dict[str, str] = {}
        numbers: dict[str, str] = {}
        postcodes: set[str] = set()
        births: set[tuple[int, int, str]] = set()
        for person in people:
            for part in re.split(r"[\s\-']+", f"{person.given_name} {person.family_name}"):
                if len(part) > 1:
                    names[fold(part)] = f"{part[0].upper()}."
            full = fold(f"{person.given_name} {person.family_name}")
            names[full] = initials(person.given_name, person.family_name)
            for number, shown in ((person.nhs_number, None), (person.phone, PHONE)):
                digits = re.sub(r"\D", "", number or "")
                if len(digits) >= 6:
                    numbers[digits] = shown or nhs_tail(digits)
            if person.date_of_birth:
                b = person.date_of_birth
                births |= {(b.day, b.month, str(b.year)), (b.day, b.month, f"{b.year % 100:02d}")}
            if person.postcode:
                postcodes.add(re.sub(r"\s+", "", fold(person.postcode)))
        # In order of precedence where two matches start at the same place.
        self._patterns: list[tuple[re.Pattern, object]] = []
        if numbers:
            alternatives = "|".join(_digits_pattern(d) for d in sorted(numbers, key=len)[::-1])
            self._patterns.append(
                (
                    re.compile(rf"(?<!\d)(?:{alternatives})(?!\d)"),
                    lambda m: numbers[re.sub(r"\D", "", m.group(0))],
                )
            )
        self._patterns.append((_DIGITS10, _cut_number))
        self._patterns.append((_PHONE, PHONE))
        if postcodes:
            spaced = "|".join(r"\s*".join(re.escape(c) for c in p) for p in sorted(postcodes))
            self._patterns.append((re.compile(rf"(?<!\w)(?:{spaced})(?!\w)"), POSTCODE))
        if births:
            self._patterns.append(
                (_DATE, lambda m: DATE_OF_BIRTH if _date_of(m) in births else None)
            )
        if names:
            # Longest first, so "Ashworth-Smith" goes whole before "Smith" alone.
            ordered = sorted(names, key=len, reverse=True)
            spaced = [
                r"[\s\-']+".join(re.escape(w) for w in re.split(r"[\s\-']+", n)) for n in ordered
            ]
            lookup = {re.sub(r"[\s\-']+", " ", n): text for n, text in names.items()}
            self._patterns.append(
                (
                    re.compile(rf"(?<!\w)(?:{'|'.join(spaced)})(?!\w)"),
                    lambda m: lookup.get(re.sub(r"[\s\-']+", " ", m.group(0)), "[name]"),
                )
            )
        self._patterns.append((_POSTCODE, POSTCODE))

    def redact(self, text: str | None) -> str | None:
        """``text`` with every identifier removed; None stays None."""
        if not text:
            return text
        folded = fold(text)
        found = []
        for rank, (pattern, replacement) in enumerate(self._patterns):
            for match in pattern.finditer(folded):
                shown = replacement(match) if callable(replacement) else replacement
                # None: matched the shape, but is no one's identifier (another date).
                if shown is not None and match.end() > match.start():
                    found.append((match.start(), -match.end(), rank, shown))
        found.sort(key=lambda f: f[:3])
        pieces, last = [], 0
        for start, minus_end, _, shown in found:
            if start < last:
                continue  # inside a longer or earlier match already replaced
            pieces.append(text[last:start])
            pieces.append(shown)
            last = -minus_end
        pieces.append(text[last:])
        return "".join(pieces)


def _cut_number(match: re.Match) -> str:
    """Ten digits that make a valid NHS number become its last three; an invalid run of ten
    digits is taken out whole, as it may be a mistyped one."""
    digits = re.sub(r"\D", "", match.group(0))
    return nhs_tail(digits) if check_digit(digits[:9]) == int(digits[9]) else "[number removed]"
