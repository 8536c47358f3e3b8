"""How a moment is said where the terminal and the desk must say it alike.

Pure and light: no I/O, no clock reads, nothing heavy imported (the CLI's fast paths use it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from afterview.domain.days import WEEKDAYS  # without strftime: no locale, and fast


def end_of_day(moment: datetime) -> date | None:
    """The day a deadline at exactly midnight on `moment`'s clock ends: the day before the one
    the clock shows ("due Thu 00:00" reads as Thursday's, though nothing of Thursday is left to
    it); None for any other time. Only the words change: the moment stays.

    >>> end_of_day(datetime(2026, 11, 26, 0, 0))
    datetime.date(2026, 11, 25)
    """
    if moment.hour or moment.minute or moment.second or moment.microsecond:
        return None
    return moment.date() - timedelta(days=1)


def deadline(moment: datetime, timed: Callable[[datetime], str], dated: Callable[[date], str]) -> str:
    """A deadline in words on its own clock (give `moment` in the zone it is said in):
    `timed(moment)`, or at midnight "end of " and `dated` of the day it ends.

    >>> deadline(datetime(2026, 11, 26, 0, 0), str, lambda d: WEEKDAYS[d.weekday()])
    'end of Wed'
    """
    ended = end_of_day(moment)
    return timed(moment) if ended is None else f"end of {dated(ended)}"
