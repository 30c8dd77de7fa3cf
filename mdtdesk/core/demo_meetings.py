"""The meetings half of the demo builder: schedules, agendas, discussions, decisions and actions.

``Meetings`` is mixed into ``demo._Demo``, which owns the rows, the seeded draws and the register.
Everything here is synthetic and follows from the seed and ``today`` alone.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect, bisect_left
from itertools import accumulate

from mdtdesk.core import demo_names as N
from mdtdesk.core.demo_text import BRING_BACK, COMMON_ACTIONS, THEMES

ITEMS_PER_MEETING = 10
# Agenda order within a meeting: carried-over business first, general business last.
KIND_ORDER = {"matters_arising": 0, "hospital_discharge": 1, "new_referral": 2, "review": 3}
KIND_ORDER |= {"death_review": 4, "any_other_business": 5}
MINUTES = {"new_referral": (10, 15, 15, 20), "hospital_discharge": (10, 15), "review": (5, 10)}
MINUTES |= {"matters_arising": (5,), "death_review": (10,), "any_other_business": (5,)}
URGENCY_RANK = {"urgent": 0, "soon": 1, "routine": 2}
DECEASED = "Not applicable: {kw} has written to the family"
DEATH_REVIEW_DECISION = (
    "Death review: care was coordinated and {name} died in {their} preferred place."
)


def table(*pairs: tuple) -> tuple[tuple, list[float]]:
    """Values and cumulative weights from (value, weight) pairs, for ``Rand.weighted``."""
    values, weights = zip(*pairs, strict=True)
    return values, list(accumulate(weights))


ACTION_COUNT = table((0, 10), (1, 40), (2, 32), (3, 18))
PRIORITIES = table(("normal", 65), ("high", 20), ("low", 15))


_SHIFTS = {n: dt.timedelta(days=n) for n in range(-800, 801)}  # made once, used 500,000 times


def days(day: dt.date, n: int) -> dt.date:
    """``day`` moved by ``n`` days."""
    return day + (_SHIFTS.get(n) or dt.timedelta(days=n))


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def utc(local: dt.datetime) -> str:
    """UK local time as UTC text, the way the audit stores times (BST is an hour ahead)."""
    summer = _last_sunday(local.year, 3) <= local.date() < _last_sunday(local.year, 10)
    return (local - dt.timedelta(hours=summer)).isoformat(timespec="seconds") + "+00:00"


class Rand:
    """Draws from one seeded generator: cheaper per row than ``random.choice`` and ``choices``."""

    def __init__(self, seed: int):
        self.gen = random.Random(seed)
        self.random = self.gen.random

    def pick(self, seq):
        """One item of ``seq``, uniformly."""
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` inclusive."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, choices: tuple[tuple, list[float]]):
        """One value of a ``table``, by weight."""
        values, cumulative = choices
        return values[bisect(cumulative, self.random() * cumulative[-1])]


class Person:
    """A person while the demo is built; ``row`` becomes their ``people`` row."""

    __slots__ = ("id", "nb", "group", "sex", "given", "pronouns", "row", "theme", "what_matters",
                 "sharing", "living", "cases", "age", "conditions")  # fmt: skip


class Case:
    """A case while the demo is built: its plan (how many discussions) and what came of it."""

    __slots__ = ("id", "person", "status", "theme", "planned", "slots", "deferred", "reason",
                 "referred_on", "activated", "closed_on", "key_worker", "next_review",
                 "death_review", "ctx", "referral")  # fmt: skip

    def __init__(self, cid: int, person: Person, status: str, planned: int, theme: str):
        self.id, self.person, self.status, self.planned = cid, person, status, planned
        self.theme, self.slots, self.deferred, self.death_review = theme, [], [], False
        self.reason = self.closed_on = self.next_review = self.activated = self.key_worker = None


class Meetings:
    """Builds each neighbourhood's past meetings and the one upcoming draft meeting."""

    r: Rand
    today: dt.date
    rows: dict[str, list[tuple]]
    team: list[dict[str, int]]
    by_role: dict[str, list[int]]
    upcoming: dict[int, dt.datetime]
    earliest: dt.date
    held: list[dt.date]  # the days of the neighbourhood's past meetings, oldest first
    due_reviews: list[list[tuple]]  # per past meeting: the reviews it makes of earlier actions

    def next_id(self, name: str) -> int:
        """The id of the next row of table ``name``: ids follow the order rows are made in."""
        return len(self.rows[name]) + 1

    def schedule(self, nb: int, needed: int) -> tuple[list[dt.datetime], dt.datetime, int]:
        """Past meeting times (oldest first), the next meeting's time, and meetings per fortnight.

        Small caseloads meet fortnightly; big ones weekly, in up to ten sessions a week (one per
        weekday and half-day), so even a 50,000-person demo keeps about two years of history.
        """
        today = self.today
        sessions = [((nb * 2 + k) % 5, dt.time(9, 30) if (k // 5 + nb) % 2 else dt.time(13, 30))
                    for k in range(10)]  # fmt: skip
        per_week = 1 if needed <= 26 else min(10, math.ceil(needed / 52))
        weekday, time = sessions[0]
        upcoming = days(today, (weekday - today.weekday() - 1) % 7 + 1)
        upcoming_at = dt.datetime.combine(upcoming, time)
        if per_week == 1:  # fortnightly: the next meeting comes a fortnight after the last
            past = [
                dt.datetime.combine(days(upcoming, -14 * k), time) for k in range(needed, 0, -1)
            ]
            return past, upcoming_at, 1
        monday, week, past = days(today, -today.weekday()), 0, []
        while len(past) < needed:
            for weekday, time in sessions[:per_week]:
                day = days(monday, weekday - 7 * week)
                if day < today:
                    past.append(dt.datetime.combine(day, time))
            week += 1
        return sorted(past)[-needed:], upcoming_at, 2 * per_week

    def meetings(self, nb: int, people: list[Person]) -> None:
        """Past meetings of one neighbourhood, each case placed at the meetings discussing it."""
        r, team = self.r, self.team[nb]
        total = sum(case.planned for p in people for case in p.cases)
        count = max(3, math.ceil(total * 1.06 / ITEMS_PER_MEETING))
        times, self.upcoming[nb], fortnight = self.schedule(nb, count)
        held = [when.date() for when in times]
        self.held, self.due_reviews = held, [[] for _ in times]
        self.earliest = min(self.earliest, days(held[0], -21))
        agenda: list[list[tuple]] = [[] for _ in times]
        for p in people:
            # Newest case first: an earlier, closed case must end before the new referral.
            for case in reversed(p.cases):
                if case is not p.cases[-1]:
                    limit = bisect_left(held, days(p.cases[-1].referred_on, -2))
                    self._slots(case, r.between(0, limit - 1) if limit else None, limit, fortnight)
                elif case.status == "active":  # recent meetings hold more of the open caseload
                    last = min(count - 1, int(r.gen.triangular(0, count, count)))
                    self._slots(case, last, count, fortnight)
                elif case.status == "closed":
                    self._slots(case, r.between(0, count - 1), count, fortnight)
                self._dates(case, held)
                case.key_worker = team[r.pick(N.KEY_WORKER_ROLES)]
                if case.status == "referred" and r.random() < 0.5:
                    case.key_worker = None  # not yet allocated
                case.ctx = self.context(case)
                case.referral = self.referral(case)
                last = len(case.slots) - 1
                first_kind = "hospital_discharge" if case.theme == "discharge" else "new_referral"
                for k, slot in enumerate(case.slots):
                    if k == 0:
                        kind = first_kind
                    elif case.death_review and k == last:
                        kind = "death_review"
                    else:
                        kind = "matters_arising" if r.random() < 0.12 else "review"
                    agenda[slot].append((case, kind, "discussed", k == last))
                for slot in case.deferred:  # put off: discussed at the next meeting instead
                    kind = "review" if slot > case.slots[0] else first_kind
                    agenda[slot].append((case, kind, "deferred", False))
        for index, (when, items) in enumerate(zip(times, agenda, strict=True)):
            if not items or r.random() < 0.15:
                items.append((None, "any_other_business", "discussed", False))
            items.sort(key=lambda item: KIND_ORDER[item[1]])
            self._meeting(nb, when, items, "closed", index)

    def context(self, case: Case) -> dict:
        """The words that fill the case's story templates (the builder provides this)."""
        raise NotImplementedError

    def referral(self, case: Case) -> tuple:
        """The case's ``referrals`` row (the builder provides this)."""
        raise NotImplementedError

    def outcome(self, case: Case, index: int) -> tuple[dt.date | None, str | None]:
        """(next review, close reason) planned for the case at meeting ``index`` (demo_outcomes)."""
        raise NotImplementedError

    def fitting(self, decisions: tuple[str, ...], day: dt.date, review: dt.date | None) -> str:
        """A decision whose words suit the review date planned (demo_outcomes)."""
        raise NotImplementedError

    def agreed(self, case: Case, index: int, day: dt.date, decision: str | None,
               review: dt.date | None) -> dt.date | None:  # fmt: skip
        """The review date the minutes record, as the decision words it (demo_outcomes)."""
        raise NotImplementedError

    def carried_on(self, case: Case, index: int) -> bool:
        """Whether meeting ``index`` carries an earlier action of the case on (demo_outcomes)."""
        raise NotImplementedError

    def follow_up(
        self, case: Case, aid: int, index: int, day: dt.date, due: dt.date, returns: bool = False
    ) -> tuple[dt.date, str, str | None, str | None]:
        """What became of an action: (due, status, completed_on, reason) (demo_outcomes)."""
        raise NotImplementedError

    def record_reviews(self, index: int, mid: int) -> None:
        """Write the matters-arising reviews made at meeting ``index`` (demo_outcomes)."""
        raise NotImplementedError

    def _slots(self, case: Case, last: int | None, count: int, fortnight: int) -> None:
        """Which of ``count`` past meetings discuss ``case`` (the last one at ``last``): two to
        six weeks apart, now and then deferred to the next meeting."""
        r = self.r
        if last is None:
            return
        slots = [last]
        while len(slots) < case.planned and slots[-1] >= fortnight:
            previous = slots[-1] - r.between(1, 3) * fortnight
            slots.append(previous if previous >= 0 else slots[-1] - fortnight)
        slots.reverse()
        for k, slot in enumerate(slots):
            if r.random() < 0.04 and slot + 1 < count and slot + 1 not in slots:
                case.deferred.append(slot)
                slots[k] = slot + 1
        case.slots = slots
        case.death_review = case.reason == "died" and len(slots) >= 2 and r.random() < 0.5

    def _dates(self, case: Case, held: list[dt.date]) -> None:
        r, today = self.r, self.today
        if case.slots:
            case.activated = held[case.slots[0]]
            first_listed = held[min([case.slots[0], *case.deferred])]
            case.referred_on = days(first_listed, -r.between(3, 21))
            last = held[case.slots[-1]]
        elif case.status == "referred":
            case.referred_on = days(today, -r.between(0, 20))
        else:  # a closed case from before the demo's first meeting
            case.referred_on = days(held[0], -r.between(200, 500))
            last = days(case.referred_on, r.between(30, 120))
        self.earliest = min(self.earliest, case.referred_on)
        if case.status == "active":
            case.next_review = days(last, r.pick((28, 42, 56, 84)))
        elif case.status == "closed" and case.slots:
            # Closed by its last meeting's outcome, that day. A death review needs a death
            # between two meetings, so the two must be days apart.
            before = held[case.slots[-2]] if case.death_review else None
            case.death_review = before is not None and (last - before).days >= 2
            case.closed_on = last
        elif case.status == "closed":
            closed = min(days(last, r.between(0, 7)), days(today, -1))
            if case is not case.person.cases[-1]:
                closed = min(closed, days(case.person.cases[-1].referred_on, -1))
            case.closed_on = max(closed, last)

    def _meeting(
        self, nb: int, when: dt.datetime, items: list[tuple], status: str, index: int = -1
    ) -> None:
        """Queue one meeting (past meeting ``index`` of its neighbourhood, when held) with its
        attendance, agenda and, when held, discussions, actions and matters arising."""
        r, team, held = self.r, self.team[nb], status == "closed"
        chair, taker, add = team["GP"], team["care coordinator"], self.rows["agenda_items"].append
        virtual = r.random() < 0.25
        venue = (
            "Microsoft Teams" if virtual else f"{N.NEIGHBOURHOODS[nb][4]}, room {r.between(1, 3)}"
        )
        minutes = 120 if len(items) > 12 else 90
        ended = utc(when + dt.timedelta(minutes=minutes + r.between(-20, 15))) if held else None
        mid = self.next_id("meetings")
        starts = when.isoformat(timespec="minutes")
        self.rows["meetings"].append((mid, nb + 1, starts, minutes, venue, int(virtual), chair,
                                      taker, status, ended))  # fmt: skip
        self._attendance(mid, nb, (chair, taker), held)
        for position, (case, kind, state, closing) in enumerate(items, start=1):
            iid, override = self.next_id("agenda_items"), None
            if case is not None and case.person.sharing == "objected":
                override = r.pick(N.OVERRIDES).format(**case.ctx)  # the rule: always recorded
            presenter = chair if case is None else case.key_worker or taker
            title = r.pick(N.AOB_TITLES) if case is None else None
            add((iid, mid, case and case.id, kind, position, r.pick(MINUTES[kind]), presenter,
                 state if held else "pending", override, title))  # fmt: skip
            if held and state == "discussed":
                self._discussion(iid, case, kind, closing, when.date(), team, index)
        if held:
            self.record_reviews(index, mid)

    def _attendance(self, mid: int, nb: int, always: tuple, held: bool) -> None:
        r, add = self.r, self.rows["attendance"].append
        for role, ids in self.by_role.items():
            member = self.team[nb][role]
            if role == "housing officer" and r.random() < 0.5:
                continue  # housing comes when invited
            if not held:
                if member not in always and r.random() < 0.12:  # apologies sent in advance
                    add((self.next_id("attendance"), mid, member, "apologies", None))
                continue
            status = "present"
            if member not in always:
                status = r.pick(("present",) * 16 + ("apologies",) * 3 + ("absent",))
            add((self.next_id("attendance"), mid, member, status, None))
            if status == "apologies" and len(ids) > 1 and r.random() < 0.4:
                deputy = ids[(ids.index(member) + 1) % len(ids)]  # same role, other neighbourhood
                add((self.next_id("attendance"), mid, deputy, "present", member))

    def _discussion(self, iid: int, case: Case | None, kind: str, closing: bool, day: dt.date,
                    team: dict[str, int], index: int) -> None:  # fmt: skip
        r, add = self.r, self.rows["discussions"].append
        did = self.next_id("discussions")
        if case is None:
            add((did, iid, None, "Discussed and noted.", "Noted; nothing for the MDT to do.",
                 None, None, None, None, None))  # fmt: skip
            return
        ctx, theme = case.ctx, THEMES[case.theme]
        situation = case.referral[7] if kind in ("new_referral", "hospital_discharge") else None
        notes, decision, reason = r.pick(theme["notes"]), None, None
        who, actions = r.pick(N.WHO_TELLS), []
        review, closes = self.outcome(case, index)
        if kind == "death_review":
            (situation, notes), decision, who = N.DEATH_REVIEW, DEATH_REVIEW_DECISION, DECEASED
            actions = [("voluntary sector link worker", "Offer bereavement support to the family")]
        elif closing and case.status == "closed":
            situation = situation or N.CLOSING_SITUATIONS[case.reason]  # unless first discussed
            decision = N.CLOSING[case.reason]
            who = DECEASED if case.reason == "died" else who
            if r.random() < 0.5:
                actions = [("care coordinator", "Write to the GP to confirm the case is closed")]
        elif r.random() < 0.15:  # research: many MDT discussions end without a decision
            reason = r.pick(N.NO_DECISION).format(**ctx)
        else:
            decision = r.pick(theme["decisions"])
            if situation is None and r.random() < 0.7:  # a review mostly adjusts the plan
                notes = r.pick(N.REVIEW_NOTES)
                if self.carried_on(case, index) and r.random() < 0.5:
                    notes = N.STILL_OPEN
                decision = self.fitting(N.REVIEW_DECISIONS, day, review)
            actions = r.gen.sample(theme["actions"] + COMMON_ACTIONS, r.weighted(ACTION_COUNT))
        review = self.agreed(case, index, day, decision, review)
        add((did, iid, (situation or r.pick(N.REVIEW_UPDATES)).format(**ctx),
             notes.format(**ctx), decision and decision.format(**ctx), reason,
             case.person.what_matters, who.format(**ctx), review and review.isoformat(),
             closes))  # fmt: skip
        for role, text in actions:
            # Bringing the person back is due when the review is, and done by their coming.
            returns = text == BRING_BACK and review is not None
            self._action(case, iid, team[role], text.format(**ctx), day, index,
                         review if returns else None)  # fmt: skip

    def _action(self, case: Case, iid: int, owner: int, text: str, day: dt.date, index: int,
                review: dt.date | None) -> None:  # fmt: skip
        aid = self.next_id("actions")
        due = review or days(day, self.r.pick((7, 14, 14, 21, 28)))
        due, status, completed, reason = self.follow_up(case, aid, index, day, due, bool(review))
        self.rows["actions"].append((aid, case.id, iid, text, owner, due.isoformat(),
                                     self.r.weighted(PRIORITIES), status, completed,
                                     reason))  # fmt: skip

    def draft(self, nb: int, people: list[Person]) -> None:
        """The one upcoming meeting: a draft agenda of new referrals and due reviews."""
        r = self.r
        current = [p.cases[-1] for p in people if p.cases[-1].status != "closed"]
        referred = [c for c in current if c.status == "referred"]
        referred.sort(key=lambda c: (URGENCY_RANK[c.referral[6]], c.referred_on, c.id))
        new = referred[: r.between(3, 5)]
        due = [c for c in current if c.status == "active"]
        due.sort(key=lambda c: (c.next_review, c.id))  # overdue reviews first
        other = [(None, "any_other_business", "pending", False)] if r.random() < 0.5 else []
        reviews = due[: max(0, r.between(8, 12) - len(new) - len(other))]
        items = [(c, "review", "pending", False) for c in reviews] + other
        for c in new:
            kind = "hospital_discharge" if c.theme == "discharge" else "new_referral"
            items.append((c, kind, "pending", False))
        if not items:
            items.append((None, "any_other_business", "pending", False))
        items.sort(key=lambda item: KIND_ORDER[item[1]])
        self._meeting(nb, self.upcoming[nb], items, "draft")
