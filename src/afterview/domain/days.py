"""Business days, public holidays and wall-clock times in a recipient's zone.

Shared by the planner (when things are due) and the reviewer (a send time on a holiday).

Holidays come from the `holidays` package (imported on first use: it takes ~100 ms), per
ISO country code; an empty country means weekends only. Wall-clock placement goes through
`at_local`, which is correct across daylight-saving changes (zoneinfo).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

_SEARCH_LIMIT = 400  # days; no country has a longer run of non-business days


@lru_cache(maxsize=64)
def _country(code: str):
    """The holiday table of a country (None for weekends only)."""
    if not code:
        return None
    import holidays  # lazy: slow import, only when a country is known

    table = _country_class(code)
    if table is not None:
        return table()
    try:
        return holidays.country_holidays(code)
    except (NotImplementedError, KeyError):  # how `holidays` says it has no table for a code
        return None  # an unknown code in stored data: fall back to weekends only


def _country_class(code: str):
    """The holiday class of one country, importing its module alone, or None to ask `holidays`.

    `holidays.country_holidays` imports the modules of all 250 countries to find one (60 ms);
    the package's registry names the module of each code.
    """
    import importlib

    try:
        from holidays.registry import COUNTRIES
    except ImportError:
        return None
    for module, names in COUNTRIES.items():
        if code in names[1:]:
            try:
                return getattr(importlib.import_module(f"holidays.countries.{module}"), names[0])
            except (ImportError, AttributeError):
                return None
    return None


class BusinessDays:
    """The business-day calendar of one country (weekends and public holidays)."""

    __slots__ = ("country", "_table", "_weekend", "_cache", "_next", "_add")

    def __init__(self, country: str = ""):
        self.country = country
        self._table = _country(country)
        weekend = getattr(self._table, "weekend", None) if self._table is not None else None
        self._weekend = frozenset(weekend) if weekend else frozenset({5, 6})
        self._cache: dict[date, bool] = {}
        self._next: dict[date, date] = {}
        self._add: dict[tuple[date, int], date] = {}

    def is_business_day(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = day.weekday() not in self._weekend and not self.holiday_name(day)
            self._cache[day] = known
        return known

    def holiday_name(self, day: date) -> str:
        if self._table is None:
            return ""
        return self._table.get(day) or ""

    def next_business_day(self, day: date, *, include: bool = True) -> date:
        """The first business day on or after `day` (after it, when include is False)."""
        start = day if include else day + timedelta(days=1)
        found = self._next.get(start)
        if found is None:
            found = start
            for _ in range(_SEARCH_LIMIT):
                if self.is_business_day(found):
                    break
                found += timedelta(days=1)
            self._next[start] = found
        return found

    def add(self, day: date, count: int) -> date:
        """`day` plus `count` business days (count >= 0; 0 means the next business day on/after)."""
        if count <= 0:
            return self.next_business_day(day)
        found = self._add.get((day, count))
        if found is None:
            found = day
            for _ in range(count):
                found = self.next_business_day(found, include=False)
            self._add[(day, count)] = found
        return found

    def between(self, start: date, end: date) -> int:
        """Business days in (start, end]: how many business days `end` lies after `start`."""
        if end <= start:
            return -self.between(end, start) if end < start else 0
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_business_day(current):
                count += 1
        return count

    def next_in_window(self, day: date, weekdays: frozenset[int]) -> date:
        """The first business day on or after `day` whose weekday is in `weekdays`."""
        current = day
        for _ in range(_SEARCH_LIMIT):
            if current.weekday() in weekdays and self.is_business_day(current):
                return current
            current += timedelta(days=1)
        return self.next_business_day(day)


@lru_cache(maxsize=512)
def calendar(country: str) -> BusinessDays:
    return BusinessDays(country)


@lru_cache(maxsize=1 << 16)  # plans place many actions on the same few days and hours
def at_local(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """`day` at wall-clock `wall` in `tz`; a time inside a daylight-saving gap moves forward."""
    naive = datetime.combine(day, wall)
    aware = naive.replace(tzinfo=tz)
    normal = aware.astimezone(timezone.utc).astimezone(tz)
    if normal.replace(tzinfo=None) != naive:
        # In a gap (e.g. 02:30 on the spring-forward night): the first valid moment after it.
        return naive.replace(tzinfo=tz, fold=1).astimezone(timezone.utc).astimezone(tz)
    return aware


def plus(moment: datetime, delta: timedelta, tz: ZoneInfo) -> datetime:
    """`moment` + `delta` in `tz`: whole days as calendar days (same wall time), hours elapsed.

    "30d" after 10:00 is 10:00 thirty days later even across a daylight-saving change, while
    "24h" is 24 real hours (09:00 or 11:00 the next day around a change). Only a playbook
    `Duration` carries calendar days; a plain timedelta is elapsed time.
    """
    days = getattr(delta, "calendar_days", 0)
    if not days and delta:  # elapsed time only (the common case): one conversion less
        return (moment.astimezone(timezone.utc) + delta).astimezone(tz)
    local = moment.astimezone(tz)
    if days:
        local = at_local(local.date() + timedelta(days=days), local.time(), tz)
    rest = delta - timedelta(days=days)
    return (local.astimezone(timezone.utc) + rest).astimezone(tz) if rest else local
