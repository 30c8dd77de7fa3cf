"""The schema, as numbered migrations applied in order when a database is opened.

Never edit a migration that has shipped: add a new one. ``tests/fixtures/v1.sql`` is a database
as migration 1 left it, and a test migrates it forward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


V1_SCHEMA = """
CREATE TABLE neighbourhoods (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT 'other'
        CHECK (kind IN ('gp_practice', 'nhs_trust', 'council', 'voluntary', 'housing', 'other'))
);

CREATE TABLE practices (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    ods_code TEXT UNIQUE,
    neighbourhood_id INTEGER REFERENCES neighbourhoods(id)
);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id),
    email TEXT,
    phone TEXT,
    is_core INTEGER NOT NULL DEFAULT 0 CHECK (is_core IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    nhs_number TEXT NOT NULL UNIQUE
        CHECK (length(nhs_number) = 10 AND nhs_number NOT GLOB '*[^0-9]*'),
    title TEXT,
    given_name TEXT NOT NULL CHECK (given_name <> ''),
    family_name TEXT NOT NULL CHECK (family_name <> ''),
    date_of_birth TEXT NOT NULL,
    sex TEXT,
    address TEXT,
    postcode TEXT,
    phone TEXT,
    practice_id INTEGER REFERENCES practices(id),
    neighbourhood_id INTEGER REFERENCES neighbourhoods(id),
    conditions TEXT,
    frailty_score INTEGER CHECK (frailty_score IS NULL OR frailty_score BETWEEN 1 AND 9),
    lives_alone INTEGER NOT NULL DEFAULT 0 CHECK (lives_alone IN (0, 1)),
    carer TEXT,
    communication_needs TEXT,
    info_sharing TEXT NOT NULL DEFAULT 'not_recorded'
        CHECK (info_sharing IN ('not_recorded', 'informed', 'objected', 'best_interests')),
    info_sharing_on TEXT,
    info_sharing_recorded_by TEXT
);
CREATE INDEX people_by_name ON people(family_name COLLATE NOCASE, given_name COLLATE NOCASE);
CREATE INDEX people_by_neighbourhood ON people(neighbourhood_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    status TEXT NOT NULL DEFAULT 'referred' CHECK (status IN ('referred', 'active', 'closed')),
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    closed_reason TEXT CHECK (closed_reason IS NULL OR closed_reason IN
        ('goals_met', 'moved_away', 'died', 'declined', 'long_term_care')),
    key_worker_id INTEGER REFERENCES members(id),
    next_review_on TEXT,
    CHECK ((status = 'closed') = (closed_reason IS NOT NULL AND closed_on IS NOT NULL))
);
-- A person has at most one open case: a new referral reopens the caseload, it never duplicates it.
CREATE UNIQUE INDEX one_open_case_per_person ON cases(person_id) WHERE status <> 'closed';
CREATE INDEX cases_by_person ON cases(person_id);
CREATE INDEX cases_by_status ON cases(status);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
    referred_on TEXT NOT NULL,
    referrer TEXT,
    reason TEXT,
    question TEXT,
    urgency TEXT NOT NULL DEFAULT 'routine' CHECK (urgency IN ('routine', 'soon', 'urgent')),
    situation TEXT,
    background TEXT,
    assessment TEXT,
    recommendation TEXT
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    neighbourhood_id INTEGER NOT NULL REFERENCES neighbourhoods(id),
    starts_at TEXT NOT NULL,
    planned_minutes INTEGER NOT NULL DEFAULT 90 CHECK (planned_minutes > 0),
    venue TEXT,
    is_virtual INTEGER NOT NULL DEFAULT 0 CHECK (is_virtual IN (0, 1)),
    chair_id INTEGER REFERENCES members(id),
    minute_taker_id INTEGER REFERENCES members(id),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_progress', 'closed')),
    closed_at TEXT
);
CREATE INDEX meetings_by_neighbourhood ON meetings(neighbourhood_id, starts_at);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id),
    status TEXT NOT NULL CHECK (status IN ('present', 'apologies', 'absent')),
    deputy_for_id INTEGER REFERENCES members(id),
    UNIQUE (meeting_id, member_id)
);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    case_id INTEGER REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('new_referral', 'review', 'hospital_discharge',
        'matters_arising', 'death_review', 'any_other_business')),
    position INTEGER NOT NULL,
    minutes_allowed INTEGER NOT NULL DEFAULT 10 CHECK (minutes_allowed > 0),
    presenter_id INTEGER REFERENCES members(id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'discussed', 'deferred')),
    sharing_override_reason TEXT,
    title TEXT
);
CREATE INDEX agenda_items_by_meeting ON agenda_items(meeting_id, position);
CREATE INDEX agenda_items_by_case ON agenda_items(case_id);

CREATE TABLE discussions (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL UNIQUE REFERENCES agenda_items(id) ON DELETE CASCADE,
    situation TEXT,
    notes TEXT,
    decision TEXT,
    no_decision_reason TEXT,
    what_matters TEXT,
    who_tells_person TEXT
);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    raised_at_item_id INTEGER REFERENCES agenda_items(id),
    description TEXT NOT NULL CHECK (description <> ''),
    owner_id INTEGER REFERENCES members(id),
    due_on TEXT,
    priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    completed_on TEXT,
    not_done_reason TEXT
);
CREATE INDEX actions_by_case ON actions(case_id);
CREATE INDEX actions_by_owner ON actions(owner_id);
CREATE INDEX actions_open_by_due ON actions(status, due_on);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    field TEXT,
    old TEXT,
    new TEXT
);
CREATE INDEX audit_by_entity ON audit(entity, entity_id);
"""

# Full-text index of the case register: names, the NHS number typed either way, the postcode
# with and without its space, and the long-term conditions. Kept in step by triggers so that no
# code path can forget it.
_SEARCH_TEXT = {
    "names": "{p}.given_name || ' ' || {p}.family_name",
    "nhs": "{p}.nhs_number || ' ' || substr({p}.nhs_number, 1, 3) || ' ' || "
    "substr({p}.nhs_number, 4, 3) || ' ' || substr({p}.nhs_number, 7, 4)",
    "postcode": "coalesce({p}.postcode, '') || ' ' || replace(coalesce({p}.postcode, ''), ' ', '')",
    "conditions": "coalesce({p}.conditions, '')",
}


def _search_values(alias: str) -> str:
    return ", ".join(expr.format(p=alias) for expr in _SEARCH_TEXT.values())


V2_SEARCH = f"""
CREATE VIRTUAL TABLE people_search USING fts5(
    names, nhs, postcode, conditions,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO people_search(rowid, names, nhs, postcode, conditions)
    SELECT people.id, {_search_values("people")} FROM people;
CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search(rowid, names, nhs, postcode, conditions)
        VALUES (new.id, {_search_values("new")});
END;
CREATE TRIGGER people_search_update AFTER UPDATE OF
    given_name, family_name, nhs_number, postcode, conditions ON people BEGIN
    UPDATE people_search SET ({", ".join(_SEARCH_TEXT)}) = ({_search_values("new")})
        WHERE rowid = new.id;
END;
CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
    DELETE FROM people_search WHERE rowid = old.id;
END;
"""


# Indexes the case list walks in order when a search matches many people (core/case_list.py).
V3_SORT_INDEXES = """
CREATE INDEX people_by_birth ON people(date_of_birth);
CREATE INDEX people_by_postcode ON people(postcode);
CREATE INDEX cases_by_review ON cases(next_review_on IS NULL, next_review_on);
"""


# The team's own rules (the quorum), kept with the data they govern rather than in one laptop's
# settings; and the reason a closed meeting's record was amended, kept in the audit itself.
V4_TEAM_RULES = """
CREATE TABLE team_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
ALTER TABLE audit ADD COLUMN reason TEXT;
"""


# What running a meeting records beyond the discussion text: each item's outcome (the next review,
# or the case closed and why), and what became of each earlier action when it came back as a
# matter arising, so the minutes can say it later.
V5_MEETING_RUN = """
ALTER TABLE discussions ADD COLUMN next_review_on TEXT;
ALTER TABLE discussions ADD COLUMN close_reason TEXT CHECK (close_reason IS NULL OR close_reason IN
    ('goals_met', 'moved_away', 'died', 'declined', 'long_term_care'));
CREATE TABLE action_reviews (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('done', 'carried_on', 'not_done')),
    not_done_reason TEXT,
    UNIQUE (action_id, meeting_id)
);
CREATE INDEX action_reviews_by_meeting ON action_reviews(meeting_id);
CREATE INDEX actions_by_item ON actions(raised_at_item_id);
"""


# Who did what must not be rewritten afterwards, by mdtdesk or by anyone with a SQLite tool:
# the audit only grows.
V6_AUDIT_APPEND_ONLY = """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'The audit cannot be changed: it records who did what.');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'The audit cannot be changed: it records who did what.');
END;
"""


def run_script(db: Database, script: str) -> None:
    """Run several statements inside the caller's transaction.

    ``sqlite.executescript`` commits first, which would split a migration in two.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite.complete_statement(statement):
            db.conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError("incomplete SQL statement at the end of a migration")


def _domain(db: Database) -> None:
    run_script(db, V1_SCHEMA)


def _case_search(db: Database) -> None:
    run_script(db, V2_SEARCH)


def _sort_indexes(db: Database) -> None:
    run_script(db, V3_SORT_INDEXES)


def _team_rules(db: Database) -> None:
    run_script(db, V4_TEAM_RULES)


def _meeting_run(db: Database) -> None:
    run_script(db, V5_MEETING_RUN)


def _audit_append_only(db: Database) -> None:
    run_script(db, V6_AUDIT_APPEND_ONLY)


# In order. The number of migrations is the schema version kept in PRAGMA user_version.
MIGRATIONS = [
    ("0001_domain", _domain),
    ("0002_case_search", _case_search),
    ("0003_sort_indexes", _sort_indexes),
    ("0004_team_rules", _team_rules),
    ("0005_meeting_run", _meeting_run),
    ("0006_audit_append_only", _audit_append_only),
]
KNOWN = [name for name, _ in MIGRATIONS]
SCHEMA_VERSION = len(MIGRATIONS)


def registry() -> Migrations:
    """The migrations as a sqlite-utils migration set, which records what each file has had."""
    from sqlite_utils.migrations import Migrations

    migration_set = Migrations("mdtdesk")
    for name, function in MIGRATIONS:
        migration_set(name=name)(function)
    return migration_set
