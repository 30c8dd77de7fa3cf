"""Check the rows of a case list as patient details: NHS number, names, dates, postcode, frailty.

Each problem becomes a plain-English reason shown to the user beside the row number Excel shows.
A reason may quote the value as typed (the user owns the file), so reasons are never logged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdtdesk.core import nhs_number
from mdtdesk.core.dates import parse_date
from mdtdesk.core.errors import MdtError
from mdtdesk.core.import_readers import (
    LABELS,
    ColumnMap,
    accepted_names,
    map_columns,
    read_table,
)
from mdtdesk.core.postcode import normalise_postcode
from mdtdesk.core.register import EARLIEST_BIRTH, MAX_NAME, MAX_TEXT

_TEXT_FIELDS = {
    "title": "title",
    "sex": "sex",
    "phone": "telephone number",
    "conditions": "long-term conditions",
}
# GP systems' spellings mapped to the case form's choices, so every imported value is one the form
# can show (and so save back unchanged).
_SEX = {
    "m": "Male",
    "male": "Male",
    "f": "Female",
    "female": "Female",
    "o": "Other",
    "other": "Other",
    "u": "Not known",
    "unknown": "Not known",
    "not known": "Not known",
    "indeterminate": "Not known",
}
_TIME_SUFFIX = re.compile(r"^(.*\d)[ T]+\d{1,2}:\d{2}(?::\d{2})?$")
_FRAILTY = re.compile(r"^(?:cfs\s*)?(\d{1,2})(?:\.0+)?(?:\s*[-–:(].*)?$", re.IGNORECASE)


@dataclass
class RejectedRow:
    """A row that cannot be imported: its row number as Excel shows it, and why."""

    row: int
    reason: str


@dataclass
class ImportRow:
    """One checked row of the file. ``values`` holds only the people columns the file fills.

    Only the row number appears in ``repr``, so that logging a row cannot leak patient details.
    """

    row: int
    nhs_number: str
    values: dict[str, Any]
    practice: str | None = None
    neighbourhood: str | None = None

    def __repr__(self) -> str:
        return f"ImportRow(row={self.row})"


@dataclass
class CheckedFile:
    """A case list read and checked: the good rows, the rejected ones, and the columns used."""

    source_name: str
    rows: list[ImportRow] = field(default_factory=list, repr=False)
    rejected: list[RejectedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)


def _as_text(value: Any) -> str | None:
    """A cell as stripped text, or None when blank; Excel numbers lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, str):
        # One newline convention everywhere, or a round trip through the form "changes" it.
        return value.replace("\r\n", "\n").replace("\r", "\n").strip() or None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() or None


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _as_text(value) or ""
    # Excel re-saving a CSV can add a midnight time to every date.
    if m := _TIME_SUFFIX.match(text):
        text = m.group(1)
    return parse_date(text)


def _cell(cells: tuple[Any, ...], column: int | None) -> Any:
    return cells[column] if column is not None and column < len(cells) else None


def _check_nhs_number(raw: str | None, problems: list[str]) -> str | None:
    if raw is None:
        problems.append("The NHS number is missing.")
        return None
    try:
        return nhs_number.parse(raw)
    except nhs_number.InvalidNHSNumber as exc:
        reason = str(exc)
        if reason.startswith("This is not a valid NHS number"):
            reason = "its check digit does not match, so a digit may be mistyped."
        else:
            reason = reason[0].lower() + reason[1:]
        if re.search(r"\d[eE]\+\d", raw):
            reason = (
                "Excel has turned it into a rounded number; format the column as text in the "
                "GP system's export or in Excel, and export it again."
            )
        problems.append(f"The NHS number '{raw}' is not valid: {reason}")
        return None


def _check_row(
    number: int, cells: tuple[Any, ...], cmap: ColumnMap, today: dt.date
) -> tuple[ImportRow | None, str | None, list[str]]:
    """Check one row: the row (None when it has problems), its NHS number if valid, problems."""
    columns = cmap.columns
    problems: list[str] = []
    values: dict[str, Any] = {}

    digits = _check_nhs_number(_as_text(_cell(cells, columns["nhs_number"])), problems)
    for name in ("family_name", "given_name"):
        text = _as_text(_cell(cells, columns[name]))
        label = LABELS[name]
        if text is None:
            problems.append(f"The {label} is missing.")
        elif len(text) > MAX_NAME:
            problems.append(f"The {label} is longer than {MAX_NAME} characters.")
        else:
            values[name] = text
    born = _cell(cells, columns["date_of_birth"])
    if _as_text(born) is None:
        problems.append("The date of birth is missing.")
    else:
        try:
            dob = _as_date(born)
        except ValueError as exc:
            # parse_date's messages start with the value quoted: "'31/02/1941' is not a real date."
            problems.append(f"The date of birth {exc}")
        else:
            if dob > today:
                problems.append(f"The date of birth {dob:%d/%m/%Y} is in the future.")
            elif dob < EARLIEST_BIRTH:
                problems.append(f"The date of birth {dob:%d/%m/%Y} is before 1900: check the year.")
            else:
                values["date_of_birth"] = dob.isoformat()

    if (postcode := _as_text(_cell(cells, columns.get("postcode")))) is not None:
        try:
            values["postcode"] = normalise_postcode(postcode)
        except ValueError as exc:
            problems.append(f"The postcode {exc}")
    if (frailty := _cell(cells, columns.get("frailty_score"))) is not None:
        _check_frailty(frailty, values, problems)
    for name, label in _TEXT_FIELDS.items():
        if (text := _as_text(_cell(cells, columns.get(name)))) is not None:
            if len(text) > MAX_TEXT:
                problems.append(f"The {label} is longer than {MAX_TEXT:,} characters.")
            else:
                values[name] = _SEX.get(text.casefold(), text) if name == "sex" else text
    lines = [line for c in cmap.address if (line := _as_text(_cell(cells, c))) is not None]
    if lines:
        address = ", ".join(lines)
        if len(address) > MAX_TEXT:
            problems.append(f"The address is longer than {MAX_TEXT:,} characters.")
        else:
            values["address"] = address

    places: dict[str, str | None] = {}
    for name, label in (("practice", "practice name"), ("neighbourhood", "neighbourhood name")):
        text = _as_text(_cell(cells, columns.get(name)))
        places[name] = " ".join(text.split()) if text else None
        if text and len(text) > MAX_NAME:
            problems.append(f"The {label} is longer than {MAX_NAME} characters.")

    if problems or digits is None:
        return None, digits, problems
    return (
        ImportRow(number, digits, values, places["practice"], places["neighbourhood"]),
        digits,
        [],
    )


def _check_frailty(value: Any, values: dict[str, Any], problems: list[str]) -> None:
    text = _as_text(value)
    if text is None:
        return
    m = _FRAILTY.match(text)
    score = int(m.group(1)) if m else None
    if score is None or not 1 <= score <= 9:
        problems.append(
            f"The frailty score '{text}' is not a Clinical Frailty Scale score from 1 to 9."
        )
    else:
        values["frailty_score"] = score


def _row_list(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    return "rows " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def check_file(path: Path, today: dt.date) -> CheckedFile:
    """Read a case list and check every row, without looking at the database.

    Raises MdtError (one sentence saying what to do) when the file cannot be read, has no rows,
    or lacks a required column; rows with problems are listed, not raised.
    """
    path = Path(path)
    table = read_table(path)
    cmap = map_columns(table.header)
    if cmap.missing:
        raise MdtError(
            " ".join(
                f"The file has no {LABELS[name]} column: mdtdesk looks for a column headed "
                f"{accepted_names(name)}."
                for name in cmap.missing
            )
            + " Rename the column in the file and import it again."
        )
    result = CheckedFile(source_name=path.name, ignored_columns=cmap.ignored, columns=cmap.headers)
    problems_by_row: dict[int, list[str]] = {}
    rows_by_number: dict[str, list[int]] = {}
    checked: list[ImportRow] = []
    for number, cells in table.rows:
        row, digits, problems = _check_row(number, cells, cmap, today)
        if problems:
            problems_by_row[number] = problems
        if digits is not None:
            rows_by_number.setdefault(digits, []).append(number)
        if row is not None:
            checked.append(row)
    duplicated: set[int] = set()
    for numbers in rows_by_number.values():
        if len(numbers) > 1:
            for n in numbers:
                others = [m for m in numbers if m != n]
                problems_by_row.setdefault(n, []).append(f"Same NHS number as {_row_list(others)}.")
                duplicated.add(n)
    result.rows = [row for row in checked if row.row not in duplicated]
    result.rejected = [
        RejectedRow(n, " ".join(reasons)) for n, reasons in sorted(problems_by_row.items())
    ]
    return result
