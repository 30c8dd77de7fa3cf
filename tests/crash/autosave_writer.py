"""Writer for the crash harness: the autosave loop of chair mode.

Saves every agenda item's notes in turn with ever longer text (``versions`` rounds), printing
``ack <item> <n>`` once ``save_discussion`` has returned: from then on version n (or a later one)
must survive a kill.

Usage: python autosave_writer.py DB ROUNDS
"""

import sys

# Only what the loop needs: every import here is paid again on each of hundreds of kills.
from mdtdesk.core.agenda import save_discussion
from mdtdesk.core.db import open_database
from tests.crash.keys import unlock_if_encrypted


def notes(item: int, version: int) -> str:
    """The n-th version of an item's notes: its version first, then text that grows with it."""
    # No trailing space: save_discussion strips it, and the check compares text exactly.
    return f"v{version} item {item}: " + " ".join(["Falls twice; wants to stay home."] * version)


def main() -> None:
    """Open the database, say "ready", then save and acknowledge version after version."""
    unlock_if_encrypted(sys.argv[1])
    db = open_database(sys.argv[1], create=False)
    rounds = int(sys.argv[2])
    items = [row[0] for row in db.execute("SELECT id FROM agenda_items ORDER BY id")]
    print("ready", flush=True)
    for version in range(1, rounds + 1):
        for item in items:
            save_discussion(db, "crash", item, {"notes": notes(item, version)})
            print(f"ack {item} {version}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
