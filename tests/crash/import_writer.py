"""Writer for the crash harness: one case-list import, previewed then applied.

Prints ``ack import`` once ``apply_import`` has returned: from then on every person of the file
must survive a kill; before, either all of them or none may be there, never some.

Usage: python import_writer.py DB CSV
"""

import datetime as dt
import sys
from pathlib import Path

from mdtdesk.core.case_import import apply_import, plan_import
from mdtdesk.core.db import open_database
from tests.crash.keys import unlock_if_encrypted

TODAY = dt.date(2026, 11, 23)


def main() -> None:
    """Open the database, say "ready", then import the file in one go."""
    unlock_if_encrypted(sys.argv[1])
    db = open_database(sys.argv[1], create=False)
    print("ready", flush=True)
    plan = plan_import(db, Path(sys.argv[2]), TODAY)
    if plan.rejected:
        raise SystemExit(f"the generated case list has rejected rows: {plan.rejected[:3]}")
    apply_import(db, "crash", plan, TODAY)
    print("ack import", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
