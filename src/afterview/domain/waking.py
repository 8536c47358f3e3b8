"""The recipient's waking hours: when a note may arrive, on their clock.

One rule for the planner and the review. Outside these hours it is night (or late in the
evening) for the recipient: the planner says so of a note due then and suggests their morning,
and plans no rejection reply due then; the review's timing check warns of a send time then
(`[lint] waking_from` and `waking_until` start from these hours). A heuristic, not data.

>>> awake(time(20, 0)), awake(time(20, 30)), awake(time(6, 59))
(True, False, False)
"""

from __future__ import annotations

from datetime import time

WAKING_FROM = 7.0  # an hour of the recipient's day: before it, it is night for them
WAKING_UNTIL = 20.0  # ... and after it, late in the evening: no time for a note to arrive


def clock_at(hours: float) -> time:
    """7.0 -> 07:00, 7.5 -> 07:30 (24 -> 23:59, the end of the day)."""
    minutes = min(round(hours * 60), 24 * 60 - 1)
    return time(minutes // 60, minutes % 60)


WAKES = clock_at(WAKING_FROM)  # 07:00: their morning begins


def awake(clock: time, start: float = WAKING_FROM, end: float = WAKING_UNTIL) -> bool:
    """Whether a wall-clock time is within the waking hours, both ends included, to the minute
    (20:00 is, 20:01 is not): the review's check and the planner's night alike."""
    minute = clock.hour * 60 + clock.minute
    return start * 60 <= minute <= end * 60
