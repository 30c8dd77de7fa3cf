"""Read a case list exported by a GP system (CSV or Excel) into a header and numbered rows.

Only the file is read here: the cells are not checked as patient details and the database is not
touched. Row numbers are those a person sees when the file is open in Excel (the first line of the
file is row 1), so that a problem reported on "row 7" can be found on row 7.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mdtdesk.core.errors import MdtError

log = logging.getLogger(__name__)

CSV_SUFFIXES = frozenset({".csv", ".txt"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
NO_ROWS = "The file has no rows to import."

# Header names a GP-system search export uses for each field, in order of preference: when a file
# has two columns for one field (e.g. "Practice" and "Usual GP"), the earlier name wins.
HEADERS: dict[str, tuple[str, ...]] = {
    "nhs_number": ("NHS Number", "NHS No", "NHS No.", "NHSNumber"),
    "family_name": ("Surname", "Family Name", "Last Name"),
    "given_name": ("Forename", "Forenames", "Given Name", "Given Names", "First Name"),
    "date_of_birth": ("Date of Birth", "DOB", "Birth Date"),
    "postcode": ("Postcode", "Post Code"),
    "practice": (
        "Registered Practice",
        "Practice",
        "Practice Name",
        "GP Practice",
        "Usual GP",
    ),
    "title": ("Title",),
    "sex": ("Sex", "Gender"),
    "phone": ("Telephone", "Phone", "Telephone Number", "Phone Number"),
    "conditions": ("Long Term Conditions", "Conditions", "LTCs", "LTC"),
    "frailty_score": ("Frailty", "CFS", "Clinical Frailty Scale", "Frailty Score"),
    "neighbourhood": ("Neighbourhood", "Neighborhood"),
}
REQUIRED = ("nhs_number", "family_name", "given_name", "date_of_birth")
LABELS = {
    "nhs_number": "NHS number",
    "family_name": "surname",
    "given_name": "forename",
    "date_of_birth": "date of birth",
}
# "Address", "Address Line 1", "Address 2", "AddressLine3" ... joined in line order.
_ADDRESS = re.compile(r"^address(?:line)?(\d*)$")
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def header_key(text: Any) -> str:
    """A header reduced to lower-case letters and digits: ``"NHS No."`` becomes ``"nhsno"``."""
    return _NOT_ALNUM.sub("", str(text or "")).casefold()


_KEYS = {
    header_key(name): (fieldname, rank)
    for fieldname, names in HEADERS.items()
    for rank, name in enumerate(names)
}


def accepted_names(fieldname: str) -> str:
    """The header names accepted for a field, as a sentence fragment: ``"A, B or C"``."""
    names = HEADERS[fieldname]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


@dataclass
class ColumnMap:
    """Which column of the file holds which field (0-based column indexes)."""

    columns: dict[str, int] = field(default_factory=dict)
    address: list[int] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """The required fields the file has no column for."""
        return [name for name in REQUIRED if name not in self.columns]


def map_columns(header: list[Any]) -> ColumnMap:
    """Match each header cell to a field; unknown or surplus columns are listed as ignored."""
    result = ColumnMap()
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, column)
    address: list[tuple[int, int]] = []  # (line number, column)
    for column, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        if m := _ADDRESS.match(key):
            address.append((int(m.group(1) or 0), column))
            continue
        if key in _KEYS:
            fieldname, rank = _KEYS[key]
            if fieldname not in best or rank < best[fieldname][0]:
                best[fieldname] = (rank, column)
    used = {column for _, column in best.values()} | {column for _, column in address}
    for fieldname, (_, column) in best.items():
        result.columns[fieldname] = column
        result.headers[fieldname] = str(header[column]).strip()
    result.address = [column for _, column in sorted(address)]
    if address:
        result.headers["address"] = ", ".join(str(header[c]).strip() for c in result.address)
    result.ignored = [
        str(cell).strip()
        for column, cell in enumerate(header)
        if column not in used and header_key(cell)
    ]
    return result


@dataclass
class Table:
    """The header row and the non-blank data rows of a file, each with its Excel row number."""

    header: list[Any]
    rows: list[tuple[int, tuple[Any, ...]]]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _numbered_non_blank(rows) -> list[tuple[int, tuple[Any, ...]]]:
    return [
        (number, tuple(cells))
        for number, cells in enumerate(rows, start=1)
        if not all(_blank(cell) for cell in cells)
    ]


def read_table(path: Path) -> Table:
    """Read a ``.csv``/``.txt`` or ``.xlsx``/``.xlsm`` file: header = its first non-blank row.

    Completely blank rows are dropped. Raises MdtError with one sentence saying what to do when
    the file cannot be read, is of the wrong type, or has no rows below the header.
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise MdtError(
            f"{name} is an old-style Excel file: open it in Excel, save it as an Excel "
            "Workbook (.xlsx) or CSV, and import that file."
        )
    if suffix not in CSV_SUFFIXES | EXCEL_SUFFIXES:
        raise MdtError(
            f"mdtdesk imports case lists saved as CSV (.csv) or Excel (.xlsx) files, and {name} "
            "is neither: save the search results as CSV or .xlsx and import that file."
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MdtError(
            f"{name} cannot be found: check where it was saved and choose it again."
        ) from None
    except IsADirectoryError:
        raise MdtError(f"{name} is a folder: choose the case list file inside it.") from None
    except OSError as exc:
        log.warning("cannot read the import file (%s)", type(exc).__name__)
        raise MdtError(
            f"mdtdesk cannot read {name}: close it in any other program, check you may open it, "
            "and try again."
        ) from None
    if not data.strip():
        raise MdtError(NO_ROWS)
    # An Excel workbook saved under a .csv name is still a workbook; read it as one.
    if suffix in EXCEL_SUFFIXES or data.startswith(b"PK\x03\x04"):
        rows = _read_excel(data, name)
    else:
        rows = _read_csv(data, name)
    if not rows:
        raise MdtError(NO_ROWS)
    # Some exports put a title and the search's date above the headings: the header is the first
    # row that names every required column, or the first row if none does (for the message).
    start = next(
        (
            index
            for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS])
            if not map_columns(list(cells)).missing
        ),
        0,
    )
    (_, header), body = rows[start], rows[start + 1 :]
    if not body:
        raise MdtError(NO_ROWS)
    return Table(header=list(header), rows=body)


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
MIXED_ENCODINGS = (
    "The file mixes two kinds of text encoding, so accented names would come out garbled. "
    'In Excel use Save As and choose "CSV UTF-8", then import that file.'
)
HEADER_SEARCH_ROWS = 20


def _decode(data: bytes) -> str:
    # Excel's "Unicode Text" is UTF-16; its "CSV UTF-8" starts with a byte-order mark (which
    # utf-8-sig drops); its plain "CSV" on Windows is cp1252.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        # Mostly UTF-8 with a stray byte from elsewhere: read as cp1252, every accented name
        # would be garbled ("WÃ³jcik") without a single row looking wrong.
        raise MdtError(MIXED_ENCODINGS)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes are undefined in cp1252; Latin-1 reads anything, so a stray one cannot
        # stop an import.
        return data.decode("latin-1")


def _first_record(text: str, delimiter: str) -> list[str]:
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if any(cell.strip() for cell in record):
            return record
    return []


def _sniff_delimiter(text: str) -> str:
    """Comma unless a semicolon or tab splits the header into more recognised column names."""
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        header = _first_record(text, delimiter)
        recognised = sum(
            1 for cell in header if header_key(cell) in _KEYS or _ADDRESS.match(header_key(cell))
        )
        score = (recognised, len(header))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, name: str) -> list[tuple[int, tuple[Any, ...]]]:
    text = _decode(data)
    if "\x00" in text:
        raise MdtError(
            f"{name} is not a text (CSV) file: save the search results as CSV or .xlsx and "
            "import that file."
        )
    delimiter = _sniff_delimiter(text)
    try:
        # newline="" lets the csv module handle Windows line endings and line breaks in cells.
        return _numbered_non_blank(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        )
    except csv.Error:
        log.warning("the import file is not readable as CSV")
        raise MdtError(
            f"{name} could not be read as CSV: open it in Excel, save it again as CSV, and "
            "import that file."
        ) from None


def _read_excel(data: bytes, name: str) -> list[tuple[int, tuple[Any, ...]]]:
    unreadable = MdtError(
        f"{name} is not a readable Excel workbook: open it in Excel, remove any password, save it "
        "as .xlsx or CSV, and import that file."
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise unreadable
    from openpyxl import load_workbook  # imported here: only Excel imports pay for it

    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = next((ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")), None)
        if sheet is None:
            raise MdtError(NO_ROWS)
        # Some programs write a wrong sheet size; forgetting it makes openpyxl read every row.
        sheet.reset_dimensions()
        return _numbered_non_blank(sheet.iter_rows(min_row=1, values_only=True))
    except MdtError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged workbook
        log.warning("the import workbook is not readable (%s)", type(exc).__name__)
        raise unreadable from None
    finally:
        if workbook is not None:
            workbook.close()
