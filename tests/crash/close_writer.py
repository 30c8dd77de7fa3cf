"""Writer for the crash harness: a meeting built, worked through and closed.

Puts every case on the planned meeting's agenda, raises actions at each item, marks each item
discussed, then closes the meeting, printing an acknowledgement after each core call returns:
``ack item <id>``, ``ack action <id>``, ``ack discussed <id>`` and ``ack close``.

Usage: python close_writer.py DB ACTIONS_PER_ITEM
"""

import datetime as dt
import sys

from mdtdesk.core import actions, agenda, meetings
from mdtdesk.core.db import open_database
from tests.crash.keys import unlock_if_encrypted

DUE = dt.date(2026, 12, 7)


def main() -> None:
    """Open the database, say "ready", then run the meeting to its close."""
    unlock_if_encrypted(sys.argv[1])
    db = open_database(sys.argv[1], create=False)
    per_item = int(sys.argv[2])
    meeting = db.execute("SELECT id FROM meetings WHERE status != 'closed'").fetchone()[0]
    cases = [row[0] for row in db.execute("SELECT id FROM cases ORDER BY id")]
    owner = db.execute("SELECT min(id) FROM members").fetchone()[0]
    print("ready", flush=True)
    meetings.start_meeting(db, "crash", meeting)
    items = []
    for case in cases:
        # Some test people objected to sharing: the override is part of what a chair records.
        item = agenda.add_item(
            db, "crash", meeting, case, "review", sharing_override_reason="Safeguarding concern"
        )
        items.append(item)
        print(f"ack item {item}", flush=True)
    for item in items:
        for n in range(per_item):
            action = actions.add_action(db, "crash", item, f"Action {n} at {item}", owner, DUE)
            print(f"ack action {action}", flush=True)
        agenda.set_item_status(db, "crash", item, "discussed")
        print(f"ack discussed {item}", flush=True)
    meetings.close_meeting(db, "crash", meeting)
    print("ack close", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
