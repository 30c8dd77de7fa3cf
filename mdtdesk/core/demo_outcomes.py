"""What came of the demo's discussions and actions: each item's outcome, and each earlier action's
fate at the meetings the case came back to (matters arising).

``Outcomes`` is mixed into ``demo._Demo`` ahead of ``demo_meetings.Meetings``, whose meeting loop
calls it. An action's whole life is drawn when it is raised, since the case's later meetings are
known by then; the reviews it earns wait in ``due_reviews`` until their meeting is written, so
review ids follow the order meetings happen in, as they would in a real team's file.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from mdtdesk.core.demo_meetings import Case, Rand, days

# How often an action finished, or given up, between meetings is marked so in mdtdesk by its
# owner at the time; otherwise the team hears of it at the case's next meeting and records it
# there. Giving up is mostly agreed around the table.
MARKED_BETWEEN = {"done": 0.5, "cancelled": 0.3}
# Why an action was not done (codes of vocabulary.NOT_DONE_REASONS), by weight; "other" says
# nothing a reader can use, so the demo leaves it out.
NOT_DONE = ("no_longer_needed",) * 4 + ("person_declined",) * 3 + ("service_unavailable",) * 2
NEW_DUE = (14, 21, 28)  # days from the meeting that carried an overdue action on
# Review intervals that decisions put in words, in days: the outcome must say the same.
STATED = (("review in two weeks", 14), ("review in four weeks", 28), ("review in a month", 28),
          ("review monthly", 28), ("at four weeks", 28), ("review in six weeks", 42),
          ("review in two months", 56), ("review in three months", 84))  # fmt: skip
_STATED: dict[str, int | None] = {}  # by template: the same few strings, 100,000 times
# What has become of an action by today, by weight, once it is past its due date; most are
# done, and enough are left open that the chair's list of overdue actions is worth having.
PAST_DUE = ("done",) * 18 + ("open",) * 5 + ("cancelled",) * 2


def stated(decision: str) -> int | None:
    """The review interval in days that a decision's words give, or None when they give none."""
    if decision not in _STATED:
        _STATED[decision] = next((n for words, n in STATED if words in decision), None)
    return _STATED[decision]


class Outcomes:
    """Outcomes of discussed items and the life of each action, with its matters-arising reviews."""

    r: Rand
    today: dt.date
    rows: dict[str, list[tuple]]
    held: list[dt.date]
    due_reviews: list[list[tuple]]
    action_events: list[tuple]

    def outcome(self, case: Case, index: int) -> tuple[dt.date | None, str | None]:
        """(next review date, close reason) planned for ``case`` at past meeting ``index``.

        The meeting that closes a case records why (the case closes that day); the latest
        discussion of an open case sets the case's own next review; any other agrees to come
        back on the day of the case's next meeting (the one it was deferred at, if it was).
        ``agreed`` has the last word, once the decision is written.
        """
        if index == case.slots[-1]:
            if case.status == "closed":
                return None, case.reason
            return case.next_review, None
        listed = sorted((*case.slots, *case.deferred)) if case.deferred else case.slots
        return self.held[listed[bisect_right(listed, index)]], None

    def fitting(self, decisions: tuple[str, ...], day: dt.date, review: dt.date | None) -> str:
        """One of ``decisions`` whose words do not contradict the review planned for ``review``
        (within a week), so that a case is not agreed "review in two months" and back in two
        weeks."""
        if review is None:
            return self.r.pick(decisions)
        gap = (review - day).days
        suits = [d for d in decisions if abs((stated(d) or gap) - gap) <= 7]
        return self.r.pick(suits or decisions)

    def agreed(self, case: Case, index: int, day: dt.date, decision: str | None,
               review: dt.date | None) -> dt.date | None:  # fmt: skip
        """The next review the minutes record: the interval the decision names, if it names
        one, else the one planned. A latest discussion that reached no decision brings the
        case back within a month, and the latest discussion sets the case's own next review
        (an earlier one already has its next meeting planned)."""
        if review is None:
            return None
        last = index == case.slots[-1]
        if decision is None:  # the question is still open
            interval = self.r.pick((14, 14, 28)) if last else None
        else:
            interval = stated(decision)
        if interval is None:
            return review
        review = days(day, interval)
        if last:
            case.next_review = review
        return review

    def carried_on(self, case: Case, index: int) -> bool:
        """Whether past meeting ``index`` carries on an earlier action of ``case``."""
        return any(c == case.id and o == "carried_on" for c, _, o, _ in self.due_reviews[index])

    def follow_up(
        self, case: Case, aid: int, index: int, day: dt.date, due: dt.date, returns: bool = False
    ) -> tuple[dt.date, str, str | None, str | None]:
        """What became of action ``aid``, raised for ``case`` at meeting ``index`` on ``day``:
        (due date, status, completed_on, not_done_reason), with its reviews queued.

        The action is finished or given up on some day (or is still open today). Each later
        meeting that discusses the case before then carries it on (agreeing a new due date for
        one past its old one that gets settled in the end); the meeting on or after that day
        records it done or not done, unless its owner marked it between meetings. A closed
        case leaves nothing open: the meeting that closes it settles every action still open,
        and when the person died those are no longer needed. An action that ``returns`` the
        person to the MDT is done by the case's next discussion, and open until then.
        """
        r, today, held = self.r, self.today, self.held
        later = case.slots[bisect_right(case.slots, index) :]
        latest = today
        if returns:
            status = "done" if later else "open"
        elif case.status == "closed":
            status = "done" if r.random() < 0.93 else "cancelled"
            latest = held[later[-1]] if later else today
        elif due < today:
            status = r.pick(PAST_DUE)
        else:
            status = "done" if r.random() < 0.2 else "open"
        settled = None
        if returns:
            settled = held[later[0]] if later else None
        elif status != "open":
            span = (min(days(due, 10), latest) - day).days  # at least a day: meetings are past
            settled = days(day, r.between(1, max(1, span)))
        reason = None
        for slot in later:
            on = held[slot]
            if settled is not None and settled <= on:
                if settled == on or r.random() >= MARKED_BETWEEN[status]:
                    settled = on  # recorded at the meeting that heard of it
                    if case.reason == "died" and slot == later[-1]:
                        status = "cancelled"
                    reason = self._not_done(case) if status == "cancelled" else None
                    outcome = "done" if status == "done" else "not_done"
                    self.due_reviews[slot].append((case.id, aid, outcome, reason))
                break
            # Overdue at the meeting: for an action that gets done after all, the chair agrees a
            # new date. One still open today keeps its first date, so the overdue list shows
            # what a team that lets actions drift would see.
            if due <= on and settled is not None:
                new = days(on, r.pick(NEW_DUE))
                self.action_events.append((aid, on.isoformat(), "due_on", due.isoformat(),
                                           new.isoformat(), 1))  # fmt: skip
                due = new
            self.due_reviews[slot].append((case.id, aid, "carried_on", None))
        completed = None
        if status == "done":
            completed = settled.isoformat()
        elif status == "cancelled":
            reason = reason or self._not_done(case)
            # The audit's day for the change: an action not done keeps no date of its own.
            self.action_events.append((aid, settled.isoformat(), "status", "open", "cancelled", 2))
        return due, status, completed, reason

    def _not_done(self, case: Case) -> str:
        return "no_longer_needed" if case.reason == "died" else self.r.pick(NOT_DONE)

    def record_reviews(self, index: int, mid: int) -> None:
        """Write the reviews of earlier actions that past meeting ``index`` (id ``mid``) made."""
        rows = self.rows["action_reviews"]
        for _, aid, outcome, reason in self.due_reviews[index]:
            rows.append((len(rows) + 1, aid, mid, outcome, reason))
