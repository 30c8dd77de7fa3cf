"""A demo database: a synthetic Stockport-like set of neighbourhood MDTs, believable and repeatable.

Everything is invented (names, NHS numbers from the never-issued 999 range, addresses) and follows
from the seed and ``today`` alone, so the same call gives the same data. Rows are generated in
memory, then written in one transaction with ``executemany``: 50,000 people take seconds.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mdtdesk.core import demo_names as N
from mdtdesk.core import nhs_number
from mdtdesk.core.dates import age_on
from mdtdesk.core.db import open_database, write_transaction
from mdtdesk.core.demo_meetings import Case, Meetings, Person, Rand, days, table
from mdtdesk.core.demo_outcomes import Outcomes
from mdtdesk.core.demo_text import BACKGROUND, THEMES
from mdtdesk.core.driver import sqlite
from mdtdesk.core.errors import MdtError

# The 999 range holds about 900,000 valid NHS numbers; memory runs out well before that.
MAX_PATIENTS = 200_000

COLUMNS = {
    "neighbourhoods": "id, name",
    "organisations": "id, name, kind",
    "practices": "id, name, ods_code, neighbourhood_id",
    "members": "id, name, role, organisation_id, email, phone, is_core, active",
    "people": "id, nhs_number, title, given_name, family_name, date_of_birth, sex, address, "
    "postcode, phone, practice_id, neighbourhood_id, conditions, frailty_score, lives_alone, "
    "carer, communication_needs, info_sharing, info_sharing_on, info_sharing_recorded_by",
    "cases": "id, person_id, status, opened_on, closed_on, closed_reason, key_worker_id, "
    "next_review_on",
    "referrals": "id, case_id, referred_on, referrer, reason, question, urgency, situation, "
    "background, assessment, recommendation",
    "meetings": "id, neighbourhood_id, starts_at, planned_minutes, venue, is_virtual, chair_id, "
    "minute_taker_id, status, closed_at",
    "attendance": "id, meeting_id, member_id, status, deputy_for_id",
    "agenda_items": "id, meeting_id, case_id, kind, position, minutes_allowed, presenter_id, "
    "status, sharing_override_reason, title",
    "discussions": "id, agenda_item_id, situation, notes, decision, no_decision_reason, "
    "what_matters, who_tells_person, next_review_on, close_reason",
    "actions": "id, case_id, raised_at_item_id, description, owner_id, due_on, priority, status, "
    "completed_on, not_done_reason",
    "action_reviews": "id, action_id, meeting_id, outcome, not_done_reason",
}

# The demo's audit trail, derived from the rows in SQL (cheaper than 800,000 Python tuples at
# 50,000 people): a "created" row per record and a row per status change, each dated from the
# data, never the clock, with times spread through the working day. Rows are grouped by record,
# so that each record's history reads in order.
AUDIT_SQL = """
WITH meeting AS (
    SELECT id, status, date(starts_at) AS held,
        CASE status WHEN 'closed' THEN date(starts_at, '-7 days') ELSE :today END AS planned
    FROM meetings),
item AS (
    SELECT i.id, i.case_id, i.status, m.held, m.planned
    FROM agenda_items i JOIN meeting m ON m.id = i.meeting_id),
event(day, entity, entity_id, field, old, new, rank) AS (
    SELECT :start, 'neighbourhoods', id, 'created', NULL, NULL, 0 FROM neighbourhoods
    UNION ALL SELECT :start, 'organisations', id, 'created', NULL, NULL, 0 FROM organisations
    UNION ALL SELECT :start, 'practices', id, 'created', NULL, NULL, 0 FROM practices
    UNION ALL SELECT :start, 'members', id, 'created', NULL, NULL, 0 FROM members
    UNION ALL SELECT (SELECT min(opened_on) FROM cases WHERE person_id = people.id), 'people', id,
        'created', NULL, NULL, 0 FROM people
    UNION ALL SELECT opened_on, 'cases', id, 'created', NULL, NULL, 0 FROM cases
    UNION ALL SELECT referred_on, 'referrals', id, 'created', NULL, NULL, 0 FROM referrals
    UNION ALL SELECT planned, 'meetings', id, 'created', NULL, NULL, 0 FROM meeting
    UNION ALL SELECT held, 'meetings', id, 'status', 'in_progress', 'closed', 1 FROM meeting
        WHERE status = 'closed'
    UNION ALL SELECT CASE m.status WHEN 'closed' THEN m.held ELSE :today END, 'attendance',
        a.id, 'created', NULL, NULL, 0 FROM attendance a JOIN meeting m ON m.id = a.meeting_id
    UNION ALL SELECT planned, 'agenda_items', id, 'created', NULL, NULL, 0 FROM item
    UNION ALL SELECT i.held, 'discussions', d.id, 'created', NULL, NULL, 0
        FROM discussions d JOIN item i ON i.id = d.agenda_item_id
    UNION ALL SELECT min(held), 'cases', case_id, 'status', 'referred', 'active', 1 FROM item
        WHERE status = 'discussed' AND case_id IS NOT NULL GROUP BY case_id
    UNION ALL SELECT closed_on, 'cases', id, 'status', 'active', 'closed', 2 FROM cases
        WHERE closed_on IS NOT NULL
    UNION ALL SELECT i.held, 'actions', a.id, 'created', NULL, NULL, 0
        FROM actions a JOIN item i ON i.id = a.raised_at_item_id
    UNION ALL SELECT completed_on, 'actions', id, 'status', 'open', 'done', 2 FROM actions
        WHERE status = 'done'
    UNION ALL SELECT day, 'actions', action_id, field, old, new, rank FROM temp.demo_action_events
    UNION ALL SELECT m.held, 'action_reviews', r.id, 'created', NULL, NULL, 0
        FROM action_reviews r JOIN meeting m ON m.id = r.meeting_id)
INSERT INTO audit (at, actor, entity, entity_id, field, old, new)
SELECT day || printf('T%02d:%02d:%02d+00:00', 8 + entity_id % 9, entity_id * 7 % 60,
    entity_id * 13 % 60) AS at, 'demo', entity, entity_id, field, old, new
FROM event ORDER BY entity, entity_id, rank, day
"""

SEXES = table(("Female", 57), ("Male", 42), ("Not known", 1))  # the case form's choices
PRONOUNS = {"Female": ("she", "her", "her"), "Male": ("he", "his", "him")}
TITLES = {"Female": table(("Mrs", 55), ("Ms", 25), ("Miss", 15), ("Dr", 3), ("Mx", 2))}
TITLES["Male"] = table(("Mr", 94), ("Dr", 5), ("Mx", 1))
TITLES["Not known"] = table(("Mx", 2), ("Dr", 1))
GROUPS = table(*((k, group[0]) for k, group in enumerate(N.NAME_GROUPS)))
NEIGHBOURHOOD_SIZES = table(*((nb, n[1]) for nb, n in enumerate(N.NEIGHBOURHOODS)))
CONDITIONS = table(*N.CONDITIONS)
FRAILTY = table(*zip(range(1, 10), (1, 2, 6, 16, 24, 24, 16, 8, 3), strict=True))
STATUSES = table(("referred", 15), ("active", 60), ("closed", 25))
DISCUSSIONS = {"active": table((1, 30), (2, 35), (3, 25), (4, 10)), "referred": table((0, 1))}
DISCUSSIONS["closed"] = table((2, 45), (3, 35), (4, 20))
CLOSED_REASONS = table(*N.CLOSED_REASON_WEIGHTS)
URGENCIES = table(("routine", 65), ("soon", 25), ("urgent", 10))
THEME_TABLE = table(*((name, theme["weight"]) for name, theme in THEMES.items()))
SHARING = {
    # Best-interests decisions are made mostly for people living with dementia.
    dementia: table(("informed", 80), ("best_interests", 20 if dementia else 6),
                    ("objected", 4), ("not_recorded", 7))
    for dementia in (False, True)
}  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    """How many of each thing a demo build made."""

    people: int
    cases: int
    members: int
    meetings: int
    actions: int


def build_demo(
    path: str | Path, patients: int = 300, seed: int = 1, today: dt.date | None = None
) -> DemoSummary:
    """Make a new demo database at ``path`` with ``patients`` synthetic people and their MDT work.

    Never overwrites: raises MdtError when ``path`` exists or ``patients`` is not between 1 and
    ``MAX_PATIENTS``. The same ``seed`` and ``today`` (default: the real today) give the same
    contents. If anything fails the half-made file is removed, so no partial demo is left behind.
    """
    target = Path(path)
    if not 1 <= patients <= MAX_PATIENTS:
        raise MdtError(
            f"A demo has between 1 and {MAX_PATIENTS:,} patients; {patients:,} is not allowed."
        )
    if target.exists() or target.is_symlink():
        raise MdtError(
            f"{target} already exists. Choose a new file name; "
            "mdtdesk demo never overwrites a file."
        )
    if isinstance(today, dt.datetime):
        today = today.date()
    demo = _Demo(seed, today or dt.date.today(), patients)
    demo.generate()
    # Side files that exist already belong to someone else: only ours are removed on failure.
    sides = (target.with_name(target.name + suffix) for suffix in ("-wal", "-shm", "-journal"))
    ours = [target, *(side for side in sides if not side.exists())]
    db = None
    try:
        db = open_database(target)
        # Checking each row's references as it goes costs a tenth of the build; one check of the
        # whole database before the commit is as safe. The pragma cannot change mid-transaction.
        db.conn.execute("PRAGMA foreign_keys = OFF")
        with write_transaction(db):
            _write(db.conn, demo)
            if db.conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise MdtError("The demo data broke a link between records; nothing was saved.")
        db.close()
    except BaseException:
        if db is not None:
            db.close()
        for file in ours:
            file.unlink(missing_ok=True)
        raise
    return demo.summary()


def _write(conn: sqlite.Connection, demo: _Demo) -> None:
    for name, columns in COLUMNS.items():
        marks = ", ".join("?" * (columns.count(",") + 1))
        rows = demo.rows[name]
        if name == "people":
            # The search index's trigger costs far less when all people arrive in one statement
            # (measured: 7.6 s row by row, 2.4 s this way, for 50,000 people).
            conn.execute("CREATE TEMP TABLE demo_people AS SELECT * FROM main.people WHERE 0")
            conn.executemany(f"INSERT INTO demo_people ({columns}) VALUES ({marks})", rows)
            conn.execute(
                f"INSERT INTO people ({columns}) SELECT {columns} FROM demo_people ORDER BY id"
            )
            conn.execute("DROP TABLE temp.demo_people")
        else:
            conn.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)
    # Changes to actions that no column dates (a new due date agreed at a meeting, the day an
    # action was given up) reach the audit through a scratch table.
    conn.execute("CREATE TEMP TABLE demo_action_events (action_id, day, field, old, new, rank)")
    conn.executemany("INSERT INTO demo_action_events VALUES (?, ?, ?, ?, ?, ?)", demo.action_events)
    start = days(demo.earliest, -30).isoformat()
    conn.execute(AUDIT_SQL, {"start": start, "today": demo.today.isoformat()})
    conn.execute("DROP TABLE temp.demo_action_events")


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.translate(str.maketrans("łŁøØđĐ", "lLoOdD")))
    return "".join(ch for ch in plain.lower() if ch.isascii() and (ch.isalnum() or ch == "-"))


class _Demo(Outcomes, Meetings):
    """Generates every row in memory, in an order that depends only on the seed and ``today``."""

    def __init__(self, seed: int, today: dt.date, patients: int):
        self.r, self.today, self.patients = Rand(seed), today, patients
        self.rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
        self.member_names: dict[int, str] = {}
        self.practice_names: dict[int, str] = {}
        self.by_role: dict[str, list[int]] = {}
        self.team: list[dict[str, int]] = []
        self.practices: list[list[int]] = []
        self.upcoming: dict[int, dt.datetime] = {}
        self.cases: list[Case] = []
        self.action_events: list[tuple] = []  # (action id, day, field, old, new, audit rank)
        self.earliest = today

    def summary(self) -> DemoSummary:
        """Counts of the rows generated."""
        rows = self.rows
        return DemoSummary(len(rows["people"]), len(rows["cases"]), len(rows["members"]),
                           len(rows["meetings"]), len(rows["actions"]))  # fmt: skip

    def generate(self) -> None:
        """Fill ``rows`` for every table but the audit, which is derived from them in SQL."""
        self._reference()
        people = self._people()
        buckets: list[list[Person]] = [[] for _ in N.NEIGHBOURHOODS]
        for person in people:
            buckets[person.nb].append(person)
        for nb, members in enumerate(buckets):
            self.meetings(nb, members)
        biggest = max(range(len(buckets)), key=lambda nb: (len(buckets[nb]), -nb))
        self.draft(biggest, buckets[biggest])
        self._register(people)

    def _name(self, sex: str | None = None, group: int | None = None) -> tuple[str, str, int]:
        """A given name for ``sex`` ("F", "M" or None for either), a family name, their group."""
        r = self.r
        group = r.weighted(GROUPS) if group is None else group
        names = N.NAME_GROUPS[group]
        female = (sex or r.pick("FM")) == "F"
        given = r.pick(names[1] if female else names[2])
        # Some families mix backgrounds; the register should not look sorted by origin.
        family = r.pick((r.pick(N.NAME_GROUPS) if r.random() < 0.08 else names)[3])
        if female and family.endswith("ski"):  # Polish family names take a feminine form
            family = family[:-1] + "a"
        return given, family, group

    def _reference(self) -> None:
        r, rows = self.r, self.rows
        rows["neighbourhoods"] = [(nb, n[0]) for nb, n in enumerate(N.NEIGHBOURHOODS, start=1)]
        rows["organisations"] = [(k, *org) for k, org in enumerate(N.ORGANISATIONS, start=1)]
        words = r.gen.sample(N.PRACTICE_WORDS, len(N.PRACTICE_WORDS))
        for nb in range(len(N.NEIGHBOURHOODS)):
            self.practices.append([])
            for _ in range(r.between(2, 4)):
                name, pid = f"{words.pop()} {r.pick(N.PRACTICE_KINDS)}", self.next_id("practices")
                rows["organisations"].append((self.next_id("organisations"), name, "gp_practice"))
                rows["practices"].append((pid, name, f"Z88{pid:03d}", nb + 1))  # ODS-like code
                self.practice_names[pid] = name
                self.practices[nb].append(pid)
        for role, count, org, core in N.ROLES:
            for k in range(count):
                practice_org = len(N.ORGANISATIONS) + self.practices[k][0]
                self._member(role, practice_org if org is None else org + 1, core)
        self._member("district nurse", 1, False, active=0)  # has left: choices must skip them
        self.team = [{role: ids[nb % len(ids)] for role, ids in self.by_role.items()}
                     for nb in range(len(N.NEIGHBOURHOODS))]  # fmt: skip

    def _member(self, role: str, org: int, core: bool, active: int = 1) -> None:
        given, family, _ = self._name()
        mid = self.next_id("members")
        name = f"Dr {given} {family}" if role == "GP" else f"{given} {family}"
        email = f"{_ascii(given)}.{_ascii(family)}@mdt.example"
        # 0161 496 0xxx is Ofcom's range for drama: never a real number.
        phone = f"0161 496 {mid:04d}"
        self.rows["members"].append((mid, name, role, org, email, phone, int(core), active))
        self.member_names[mid] = name
        if active:
            self.by_role.setdefault(role, []).append(mid)

    def _nhs_numbers(self) -> list[str]:
        seen: set[str] = set()  # membership only: never iterated, so its order cannot leak
        numbers: list[str] = []
        while len(numbers) < self.patients:
            base = f"999{int(self.r.random() * 1_000_000):06d}"
            digit = nhs_number.check_digit(base)
            number = f"{base}{digit}"
            if digit is not None and number not in seen and nhs_number.is_valid(number):
                seen.add(number)
                numbers.append(number)
        return numbers

    def _people(self) -> list[Person]:
        r, today = self.r, self.today
        people = []
        for pid, number in enumerate(self._nhs_numbers(), start=1):
            p = Person()
            p.id, p.nb, p.cases = pid, r.weighted(NEIGHBOURHOOD_SIZES), []
            p.theme, p.sex = r.weighted(THEME_TABLE), r.weighted(SEXES)
            p.given, family, p.group = self._name({"Female": "F", "Male": "M"}.get(p.sex))
            p.pronouns = PRONOUNS.get(p.sex, ("they", "their", "them"))
            pron = dict(zip(("they", "their", "them"), p.pronouns, strict=True))
            years = r.between(45, 64) if r.random() < 0.08 else int(r.gen.triangular(65, 99, 84))
            dob = days(today, -int(years * 365.25) - r.between(0, 364))
            p.age = age_on(dob, today)
            _, _, localities, sectors, _ = N.NEIGHBOURHOODS[p.nb]
            if r.random() < 0.25:
                street = f"Flat {r.between(1, 40)}, {r.pick(N.COURTS)}"
            else:
                street = f"{r.between(1, 240)} {r.pick(N.STREETS)}"
            address = f"{street}, {r.pick(localities)}, Stockport"
            postcode = r.pick(sectors) + r.pick(N.INWARD_LETTERS) + r.pick(N.INWARD_LETTERS)
            phone = None
            if r.random() < 0.85:
                phone = r.pick(("0161 496 {:04d}", "07700 900{:03d}")).format(r.between(0, 999))
            p.conditions = [THEMES[p.theme]["condition"]]
            for _ in range(r.pick((0, 1, 1, 2, 2, 3, 4))):
                condition = r.weighted(CONDITIONS)
                if condition not in p.conditions:
                    p.conditions.append(condition)
            if "CKD stage 3" in p.conditions and "CKD stage 4" in p.conditions:
                p.conditions.remove("CKD stage 3")
            theme = THEMES[p.theme]
            alone, carer = theme.get("lives_alone", r.random() < 0.4), None
            if theme.get("carer") or r.random() < (0.55 if alone else 0.7):
                text, carer_sex = r.pick(N.CARERS_AWAY if alone else N.CARERS_AT_HOME)
                carer = text.format(g=self._name(carer_sex, p.group)[0], **pron)
            if alone:
                p.living = "Lives alone" + (f"; {carer[0].lower()}{carer[1:]}" if carer else "")
            else:
                p.living = carer or "Lives with {their} partner".format(**pron)
            language, needs = N.NAME_GROUPS[p.group][4], None
            if language and r.random() < 0.3:
                needs = N.LANGUAGE_NEEDS[language].format(**pron)
            elif r.random() < 0.08:
                needs = r.pick(N.COMMUNICATION_NEEDS).format(**pron)
            p.sharing = r.weighted(SHARING["dementia" in p.conditions])
            p.what_matters = r.pick(N.WHAT_MATTERS)
            frailty = None if r.random() < 0.05 else r.weighted(FRAILTY)
            p.row = [pid, number, r.weighted(TITLES[p.sex]), p.given, family, dob.isoformat(),
                     p.sex, address, postcode, phone, r.pick(self.practices[p.nb]), p.nb + 1,
                     "; ".join(p.conditions), frailty, int(alone), carer, needs, p.sharing,
                     None, None]  # fmt: skip
            people.append(p)
            self._plan_cases(p)
        return people

    def _plan_cases(self, p: Person) -> None:
        r = self.r
        status = r.weighted(STATUSES)
        if status != "closed" and r.random() < 0.05:  # known before: an earlier case was closed
            older = self._case(p, "closed", 2, r.weighted(THEME_TABLE))
            older.reason = "goals_met" if r.random() < 0.7 else "declined"
        case = self._case(p, status, r.weighted(DISCUSSIONS[status]), p.theme)
        if status == "closed":
            case.reason = r.weighted(CLOSED_REASONS)

    def _case(self, p: Person, status: str, planned: int, theme: str) -> Case:
        case = Case(len(self.cases) + 1, p, status, planned, theme)
        self.cases.append(case)
        p.cases.append(case)
        return case

    def context(self, case: Case) -> dict:
        """The words that fill this case's story templates."""
        p, conditions = case.person, case.person.conditions
        listed = ", ".join(conditions[:-1]) + " and " + conditions[-1]
        they, their, them = p.pronouns
        kw = self.member_names.get(case.key_worker, "the care coordinator")
        return {"name": p.given, "age": p.age, "living": p.living, "kw": kw, "they": they,
                "their": their, "them": them,
                "conditions": listed if len(conditions) > 1 else conditions[0]}  # fmt: skip

    def referral(self, case: Case) -> tuple:
        """The referral row: who referred, why, the question for the MDT and an SBAR summary."""
        r, ctx, theme = self.r, case.ctx, THEMES[case.theme]
        given, family, _ = self._name(group=r.pick((0, 0, 0, 3, 6)))
        template = N.REFERRERS[4] if case.theme == "discharge" else r.pick(N.REFERRERS)
        practice = self.practice_names[case.person.row[10]]
        referrer = template.format(i=given[0], f=family, g=given, ward=r.between(1, 20),
                                   practice=practice, **ctx)  # fmt: skip
        question, situation = (
            r.pick(theme[part]).format(**ctx) for part in ("questions", "situation")
        )
        sbar = [r.pick(BACKGROUND).format(**ctx)]
        sbar += [r.pick(theme[part]).format(**ctx) for part in ("assessment", "recommendation")]
        return (case.id, case.id, case.referred_on.isoformat(), referrer, theme["reason"],
                question, r.weighted(URGENCIES), situation, *sbar)  # fmt: skip

    def _register(self, people: list[Person]) -> None:
        """People, cases and referrals, once every case's dates are known."""
        r, today, rows = self.r, self.today, self.rows
        for p in people:
            first = p.cases[0]
            if p.sharing != "not_recorded":
                p.row[18] = min(days(first.referred_on, r.between(0, 7)), today).isoformat()
                p.row[19] = self.member_names[first.key_worker or self.team[p.nb]["GP"]]
            rows["people"].append(tuple(p.row))
        for case in self.cases:
            opened, closed = (
                case.referred_on.isoformat(),
                case.closed_on and case.closed_on.isoformat(),
            )
            review = case.next_review and case.next_review.isoformat()
            rows["cases"].append((case.id, case.person.id, case.status, opened, closed, case.reason,
                                  case.key_worker, review))  # fmt: skip
            rows["referrals"].append(case.referral)
