"""The team's protective marking: a default until set, kept in the database, audited."""

import pytest

from mdtdesk.core.errors import ValidationError
from mdtdesk.core.team_settings import (
    DEFAULT_PROTECTIVE_MARKING,
    protective_marking,
    set_protective_marking,
)
from mdtdesk.documents.model import DEFAULT_MARKING


def test_the_core_default_is_the_documents_default():
    assert DEFAULT_PROTECTIVE_MARKING == DEFAULT_MARKING == "OFFICIAL-SENSITIVE: PERSONAL"


def test_the_default_until_the_team_sets_its_own(db):
    assert protective_marking(db) == DEFAULT_PROTECTIVE_MARKING
    assert protective_marking(db.conn) == DEFAULT_PROTECTIVE_MARKING  # a plain connection too


def test_a_new_marking_is_kept_tidied_and_audited(db):
    saved = set_protective_marking(db, "chair", "  OFFICIAL-SENSITIVE:   MDT  ")
    assert saved == "OFFICIAL-SENSITIVE: MDT"
    assert protective_marking(db) == "OFFICIAL-SENSITIVE: MDT"
    set_protective_marking(db, "lead", "OFFICIAL")
    rows = db.execute(
        "SELECT actor, field, old, new FROM audit WHERE entity = 'team_settings' ORDER BY id"
    ).fetchall()
    assert rows == [
        ("chair", "protective_marking", None, "OFFICIAL-SENSITIVE: MDT"),
        ("lead", "protective_marking", "OFFICIAL-SENSITIVE: MDT", "OFFICIAL"),
    ]
    # The same marking again changes nothing and writes nothing.
    set_protective_marking(db, "lead", "OFFICIAL")
    count = "SELECT count(*) FROM audit WHERE entity = 'team_settings'"
    assert db.execute(count).fetchone()[0] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Enter"), ("   ", "Enter"), ("OFFICIAL\nSENSITIVE", "one line"), ("X" * 81, "under")],
)
def test_a_marking_that_cannot_be_printed_is_refused(db, text, message):
    with pytest.raises(ValidationError, match=message):
        set_protective_marking(db, "chair", text)
    assert protective_marking(db) == DEFAULT_PROTECTIVE_MARKING
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
