"""Exporting minutes: `mdtdesk export minutes` as a whole process, against the status quo of
typing the minutes in Word and saving them as PDF (LibreOffice headless converting the same
DOCX), measured side by side in one run.

Budgets: the minutes of a 40-case meeting, PDF and DOCX each, take at most 0.25x the time
LibreOffice takes to convert that DOCX to PDF; and the cost per case stays flat: 160 cases take
at most 4.4x the 40-case time.

Every figure is the median of RUNS timed runs, taken in rounds (LibreOffice, then each export)
so that a change in the machine's load falls on all of them alike. LibreOffice converts with a
profile made by an untimed first conversion, as a user's LibreOffice has one: making a profile
on every run added most of a second to the baseline, in mdtdesk's favour.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Result, work_dir

PATIENTS = 2_000
RATIO_BUDGET = 0.25
FLAT_BUDGET = 4.4
# The redacted minutes pass every free text through the redactor: timed too, so its cost per
# case is held to the same budget.
KINDS = {"pdf": ("pdf",), "docx": ("docx",), "redacted pdf": ("pdf", "--redacted")}
RUNS = 5
_NOTES = (
    "Update from the district nurse: two falls since the last meeting, no injuries. Daughter "
    "visits daily and would like a named contact. Pharmacist notes eleven regular medicines; "
    "the GP will review the blood pressure tablets. Social worker to ask about a care package."
)


def _meeting_database(cases: int) -> tuple[Path, int]:
    """A demo register with one closed meeting of ``cases`` items, each discussed, decided and
    given two actions, as a real meeting's minutes would be."""
    from mdtdesk.core import actions, agenda, lookups, meetings
    from mdtdesk.core.db import open_database, write_transaction
    from mdtdesk.core.demo import build_demo

    path = work_dir() / f"export-{cases}.db"
    if path.exists():
        path.unlink()
    build_demo(path, patients=PATIENTS, seed=11)
    db = open_database(path)
    try:
        open_cases = [
            r[0] for r in db.execute("SELECT id FROM cases WHERE status <> 'closed' ORDER BY id")
        ][:cases]
        members = [m for m, _ in lookups.members(db)]
        hood = lookups.neighbourhoods(db)[0][0]
        when = dt.datetime(2026, 12, 1, 9, 30)
        with write_transaction(db):
            meeting = meetings.save_meeting(
                db,
                "bench",
                meetings.Meeting(
                    neighbourhood_id=hood, starts_at=when, venue="Heaton Moor Hub",
                    planned_minutes=480,
                ),
            )  # fmt: skip
            for n, case in enumerate(open_cases):
                item = agenda.add_item(
                    db, "bench", meeting, case, "review", sharing_override_reason="Benchmark"
                )
                agenda.save_discussion(
                    db,
                    "bench",
                    item,
                    {"situation": _NOTES[:120], "notes": _NOTES, "decision": "Continue the plan.",
                     "what_matters": "Staying at home.", "who_tells_person": "Key worker"},
                )  # fmt: skip
                for k in range(2):
                    actions.add_action(
                        db, "bench", item, f"Action {k + 1} for item {n + 1}",
                        members[(n + k) % len(members)], dt.date(2026, 12, 15),
                    )  # fmt: skip
                agenda.set_item_status(db, "bench", item, "discussed")
            meetings.close_meeting(db, "bench", meeting)
    finally:
        db.close()
    return path, meeting


def _export(path: Path, meeting: int, kind: str, out: Path) -> None:
    fmt, *extra = KINDS[kind]
    subprocess.run(
        [sys.executable, "-m", "mdtdesk", "export", "minutes", "--db", str(path), "--meeting",
         str(meeting), "--format", fmt, "--out", str(out), *extra],
        check=True, capture_output=True,
    )  # fmt: skip


def _file(kind: str, label: str) -> str:
    fmt, *extra = KINDS[kind]
    return f"minutes-{label}{'-redacted' if extra else ''}.{fmt}"


def _libreoffice(docx: Path, out_dir: Path, profile: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out_dir), str(docx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def _seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run() -> list[Result]:
    if shutil.which("soffice") is None:
        return [Result("LibreOffice (soffice) is needed for the export baseline", 1, 0, "")]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    databases = {"40": _meeting_database(40), "160": _meeting_database(160)}
    out = work_dir() / "exports"
    out.mkdir(exist_ok=True)
    profile = work_dir() / "lo-profile"
    docx = out / "minutes-40.docx"
    # Untimed: the DOCX LibreOffice converts, LibreOffice's first start (it makes its profile),
    # and one export of each kind (the disk cache, the interpreter's compiled modules).
    for kind in KINDS:
        for label, (path, meeting) in databases.items():
            _export(path, meeting, kind, out / _file(kind, label))
    _libreoffice(docx, out, profile)
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(RUNS):
        times.setdefault(("libreoffice", "40"), []).append(
            _seconds(lambda: _libreoffice(docx, out, profile))
        )
        for kind in KINDS:
            for label, (path, meeting) in databases.items():
                target = out / _file(kind, label)
                times.setdefault((kind, label), []).append(
                    _seconds(lambda p=path, m=meeting, k=kind, t=target: _export(p, m, k, t))
                )
    median = {key: statistics.median(values) for key, values in times.items()}
    baseline = median["libreoffice", "40"]
    how = f"medians of {RUNS} runs"
    results = []
    for fmt in KINDS:
        ratio = median[fmt, "40"] / baseline
        results.append(
            Result(
                f"export minutes of 40 cases as {fmt.upper()} vs LibreOffice DOCX to PDF",
                ratio,
                RATIO_BUDGET,
                "x",
                f"mdtdesk {median[fmt, '40']:.2f} s, LibreOffice {baseline:.2f} s ({how})",
            )
        )
        flat = median[fmt, "160"] / median[fmt, "40"]
        results.append(
            Result(
                f"export minutes of 160 cases vs 40 as {fmt.upper()}",
                flat,
                FLAT_BUDGET,
                "x",
                f"{median[fmt, '160']:.2f} s vs {median[fmt, '40']:.2f} s ({how})",
            )
        )
    return results
