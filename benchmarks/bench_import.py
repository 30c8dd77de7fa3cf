"""Import of a 50,000-row case list against a raw sqlite3 executemany of the same rows.

Budget: the whole import (read the CSV, check every row, preview, write with audit) within 5x a
raw ``executemany`` of the same rows into the same schema, 3 runs each, median.
"""

from __future__ import annotations

import csv
import random

from benchmarks.common import Result, median_seconds, work_dir
from mdtdesk.core.driver import sqlite

ROWS = 50_000
RUNS = 3
BUDGET = 5.0


def _rows() -> list[tuple[str, str, str, str, str, str]]:
    from mdtdesk.core.nhs_number import check_digit

    rng = random.Random(11)
    given = ["Mona", "Łukasz", "Siân", "Hương", "Zoë", "Brian", "Margaret", "Seán", "Ngozi"]
    family = ["Ashworth", "Wójcik", "Llewellyn", "Nguyễn", "Okonkwo", "Kershaw", "Ó Briain"]
    rows, stem = [], 100_000
    while len(rows) < ROWS:
        stem += 1
        digit = check_digit(f"999{stem:06d}")
        if digit is None:
            continue
        born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1925, 1965)}"
        number = f"999{stem:06d}{digit}"
        rows.append(
            (
                f"{number[:3]} {number[3:6]} {number[6:]}",  # spaced, as GP systems export it
                rng.choice(family),
                rng.choice(given),
                born,
                f"SK{rng.randint(1, 8)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                "Edgeley Fields Surgery",
            )
        )
    return rows


def _write_csv(rows) -> str:
    path = work_dir() / "case-list.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            [
                "NHS Number",
                "Surname",
                "Forename",
                "Date of Birth",
                "Postcode",
                "Registered Practice",
            ]
        )
        writer.writerows(rows)
    return str(path)


def _fresh_db(name: str):
    from mdtdesk.core.db import open_database

    path = work_dir() / name
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return open_database(path)


def run() -> list[Result]:
    from pathlib import Path

    from mdtdesk.core.case_import import apply_import, plan_import
    from mdtdesk.core.dates import parse_date
    from mdtdesk.core.nhs_number import parse

    rows = _rows()
    csv_path = Path(_write_csv(rows))
    # The baseline gets the rows already parsed: only the database work is timed.
    parsed = [
        (parse(nhs), given, family, parse_date(born).isoformat(), postcode)
        for nhs, family, given, born, postcode, _practice in rows
    ]

    def raw_executemany():
        db = _fresh_db("raw.db")
        conn: sqlite.Connection = db.conn
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO people (nhs_number, given_name, family_name, date_of_birth, postcode) "
            "VALUES (?, ?, ?, ?, ?)",
            parsed,
        )
        conn.execute("COMMIT")
        db.close()

    imported = {}

    def mdtdesk_import():
        db = _fresh_db("import.db")
        plan = plan_import(db, csv_path)
        assert not plan.rejected, plan.rejected[:3]
        imported["result"] = apply_import(db, "benchmark", plan)
        db.close()

    raw_s = median_seconds(raw_executemany, RUNS)
    import_s = median_seconds(mdtdesk_import, RUNS)
    assert imported["result"].new == ROWS
    return [
        Result(
            f"import of {ROWS:,} rows vs raw executemany",
            import_s / raw_s,
            BUDGET,
            "x",
            f"import {import_s:.2f} s, raw {raw_s:.2f} s",
        )
    ]
