"""The chair's item timer: time per item against its allowance, amber at 80%, red when over."""

from mdtdesk.gui.meeting_clock import ItemClock, item_state, item_text


def test_the_timer_turns_amber_then_red():
    assert item_state(7 * 60, 10) == "ok"
    assert item_state(8 * 60, 10) == "amber"
    assert item_state(10 * 60, 10) == "amber"
    assert item_state(10 * 60 + 1, 10) == "over"
    assert item_text(65, 10) == "1:05 of 10 min"
    assert item_text(11 * 60 + 30, 10) == "11:30 of 10 min  ·  1:30 over"


def test_time_on_an_item_is_kept_when_the_chair_comes_back():
    now = [0.0]
    clock = ItemClock(lambda: now[0])
    clock.switch_to(1)
    now[0] = 100
    clock.switch_to(2)
    now[0] = 130
    assert clock.seconds(1) == 100 and clock.seconds(2) == 30
    clock.switch_to(1)
    now[0] = 150
    assert clock.seconds(1) == 120 and clock.seconds(2) == 30
