"""Every document builds from the demo database: the minutes of every closed meeting, full and
redacted (with no one on the agenda named in the redacted ones), the draft meeting's agenda, and a
care plan."""

import datetime as dt

from mdtdesk.core.dates import format_date
from mdtdesk.core.db import connect
from mdtdesk.core.demo import build_demo
from mdtdesk.documents.agenda_sheet import build_agenda
from mdtdesk.documents.care_plan import build_care_plan
from mdtdesk.documents.minutes import DRAFT, build_minutes

TODAY = dt.date(2026, 11, 23)


def test_every_document_builds_from_the_demo_database(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, patients=300, seed=7, today=TODAY)
    conn = connect(path)
    try:
        closed = [r[0] for r in conn.execute("SELECT id FROM meetings WHERE status = 'closed'")]
        assert len(closed) > 20
        for meeting_id in closed:
            full = build_minutes(conn, meeting_id)
            redacted = build_minutes(conn, meeting_id, redacted=True)
            assert "Cases discussed" in full.text() and DRAFT not in full.text()
            # Nobody on the agenda is named in full, by number or by date of birth. Members'
            # names stay, and the demo has a patient who shares a district nurse's name.
            text = redacted.text()
            for (staff,) in conn.execute("SELECT name FROM members"):
                text = text.replace(staff, "[member]")
            for name, number, born in conn.execute(
                "SELECT DISTINCT p.given_name || ' ' || p.family_name, p.nhs_number, "
                "p.date_of_birth FROM agenda_items i JOIN cases c ON c.id = i.case_id "
                "JOIN people p ON p.id = c.person_id WHERE i.meeting_id = ?",
                [meeting_id],
            ):
                assert name not in text and number not in text
                assert format_date(born) not in text
        draft = conn.execute("SELECT id FROM meetings WHERE status = 'draft'").fetchone()[0]
        sheet = build_agenda(conn, draft)
        assert "Items" in sheet.text() and DRAFT in build_minutes(conn, draft).text()
        # Everyone gets a plan, except those whose latest case closed because they died.
        living = conn.execute(
            "SELECT p.nhs_number FROM people p WHERE NOT EXISTS (SELECT 1 FROM cases c "
            "WHERE c.person_id = p.id AND c.closed_reason = 'died')"
        ).fetchall()
        assert len(living) > 250
        for (number,) in living:
            plan = build_care_plan(conn, number).text()
            assert "Who is doing what, and by when" in plan and "_" not in plan
    finally:
        conn.close()
