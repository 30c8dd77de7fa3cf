"""Instant filter: each keystroke in the case list search on a 50,000-person register.

Budget: median 16 ms per keystroke (query, model reset and repaint), and never more than one
page of rows held in Python.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.common import Result, demo_database

BUDGET_MS = 16.0


def _searches(db) -> list[str]:
    """What chairs type: surnames, a full NHS number, postcodes, conditions, given + family."""
    from mdtdesk.core.nhs_number import format_nhs_number

    nhs = db.execute("SELECT nhs_number FROM people ORDER BY id LIMIT 1 OFFSET 4321").fetchone()[0]
    family, given = db.execute(
        "SELECT family_name, given_name FROM people ORDER BY id LIMIT 1 OFFSET 777"
    ).fetchone()
    postcode = db.execute("SELECT postcode FROM people ORDER BY id LIMIT 1 OFFSET 99").fetchone()[0]
    return [
        family.lower(),
        format_nhs_number(nhs),
        postcode[:5],
        "copd",
        f"{given} {family}".lower(),
        "heart failure",
        "dementia",
    ]


def run() -> list[Result]:
    from mdtdesk.gui.app import application, create_main_window
    from mdtdesk.gui.case_table_model import PAGE_SIZE

    app = application()
    window = create_main_window(demo_database())
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    page = window.cases
    times, most_rows = [], 0
    for text in _searches(window.db):
        for end in range(1, len(text) + 1):
            started = time.perf_counter()
            page.search.setText(text[:end])
            app.processEvents()  # the repaint the chair sees
            times.append(time.perf_counter() - started)
            most_rows = max(most_rows, page.model.rowCount())
        page.search.clear()
        app.processEvents()
    window.close()
    median_ms = statistics.median(times) * 1000
    worst_ms = max(times) * 1000
    return [
        Result(
            "filter per keystroke (median)",
            median_ms,
            BUDGET_MS,
            " ms",
            f"{len(times)} keystrokes, slowest {worst_ms:.1f} ms",
        ),
        Result("rows held in Python after a keystroke", most_rows, PAGE_SIZE, " rows"),
    ]
