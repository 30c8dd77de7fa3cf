"""The chair's clocks: time spent on each agenda item against its allowance, and the meeting's."""

from __future__ import annotations

import time
from collections.abc import Callable

# The item timer turns amber at this share of the allowance, red when over.
AMBER_AT = 0.8


def item_state(seconds: float, allowed_minutes: int) -> str:
    """The timer's state: "ok", "amber" (80% of the allowance used) or "over"."""
    allowed = allowed_minutes * 60
    if seconds > allowed:
        return "over"
    if seconds >= allowed * AMBER_AT:
        return "amber"
    return "ok"


def minutes_seconds(seconds: float) -> str:
    """12:05 for twelve minutes and five seconds."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def item_text(seconds: float, allowed_minutes: int) -> str:
    """What the item timer says, in words a screen reader reads well too."""
    text = f"{minutes_seconds(seconds)} of {allowed_minutes} min"
    if seconds > allowed_minutes * 60:
        text += f"  ·  {minutes_seconds(seconds - allowed_minutes * 60)} over"
    return text


class ItemClock:
    """Seconds spent on each item; only the current item's time runs. Time spent on an item
    before the chair moved away is kept when they come back to it."""

    def __init__(self, now: Callable[[], float] = time.monotonic):
        self._now = now
        self._spent: dict[int, float] = {}
        self._current: int | None = None
        self._since = 0.0

    def switch_to(self, item_id: int | None) -> None:
        """Stop the current item's time and start ``item_id``'s."""
        now = self._now()
        if self._current is not None:
            self._spent[self._current] = self.seconds(self._current, now)
        self._current, self._since = item_id, now

    def seconds(self, item_id: int, now: float | None = None) -> float:
        """Seconds spent on an item so far."""
        spent = self._spent.get(item_id, 0.0)
        if item_id == self._current:
            spent += (now if now is not None else self._now()) - self._since
        return spent
