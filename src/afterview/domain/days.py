"""Business days, public holidays and wall-clock times in a recipient's zone.

Shared by the planner (when things are due) and the reviewer (a send time on a holiday).

Holidays come from the `holidays` package, per ISO country code, through a cache file (the
package takes ~100 ms to import; see HolidayCache); an empty country means weekends only. They
are the package's public holidays, the days off by law, of the country or of its region (see
`holiday_code` for the regions whose own holidays are not days off for everyone). The weekend
is the package's for the country (Friday-Saturday in Israel), corrected where it is wrong
(`WEEKEND_CORRECTIONS`); a weekend day the country works to make up for a bridge day off (China's
make-up working Saturdays, the package's `weekend_workdays`) is a business day.
Wall-clock placement goes through `at_local`, which is correct across daylight-saving changes
(zoneinfo).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

_SEARCH_LIMIT = 400  # days; no country has a longer run of non-business days


@lru_cache(maxsize=64)
def _country(code: str) -> "_Holidays | None":
    """The public holidays of a country (None for weekends only: no code, or an unknown one)."""
    if not code:
        return None
    return HOLIDAYS.country(holiday_code(code))


# Countries whose regions' own holidays close the regional government's offices but are no days
# off by law for anyone else: each of their regions keeps the country's holidays. A US state's
# legal holidays (Texas's San Jacinto Day, Illinois's Casimir Pulaski Day) are paid days off of
# state employees; no state gives private employers' staff a day off, and employers there
# follow the federal holidays. Elsewhere a region's public holidays are days off for everyone
# in it (Germany's Länder, the UK's nations, Canada's provinces, Australia's states, Alsace-
# Moselle): the holidays package files the days that are not (bank holidays; optional,
# government, school or Catholic-commune days) under categories other than its public one,
# which are not counted anywhere. The package (0.109) files US state holidays as public ones.
_NATIONAL_HOLIDAYS_ONLY = frozenset({"US"})


def holiday_code(code: str) -> str:
    """The code whose public holidays are the days off for `code`: "US" for "US-TX", else itself."""
    country, dash, _ = code.partition("-")
    return country if dash and country in _NATIONAL_HOLIDAYS_ONLY else code


class _Holidays:
    """One country's public holidays and its weekend days worked instead (make-up working days),
    year by year, as the `holidays` package gives them."""

    __slots__ = ("code", "weekend", "_years", "_workdays", "_cache")

    def __init__(self, code: str, weekend, years: dict, workdays: dict, cache: "HolidayCache"):
        self.code, self.weekend, self._cache = code, frozenset(weekend), cache
        self._years, self._workdays = years, workdays

    def get(self, day: date) -> str:
        """The holiday's name on `day` ("" when it is none)."""
        table = self._years.get(day.year)
        if table is None:
            table = self._cache.year(self.code, day.year)
        return table.get(day.toordinal(), "")

    def is_workday(self, day: date) -> bool:
        """Whether `day`, a weekend day, is worked that year to make up for a day off (China's
        Saturday before or after a Spring Festival week; the package's `weekend_workdays`)."""
        worked = self._workdays.get(day.year)
        if worked is None:
            self._cache.year(self.code, day.year)
            worked = self._workdays[day.year]
        return day.toordinal() in worked


class HolidayCache:
    """Holiday tables worked out with the `holidays` package, kept in a file between runs.

    Importing `holidays` and the country modules takes about 0.1 s, most of a small
    `afterview today`, for tables that only change with the package. Each country's tables are
    worked out a year at a time, on first use, and written (marshal, at exit, atomically) to
    `cache/holidays-*.marshal` in the data folder, named after the installed package: later
    runs read them and never import `holidays`. A missing, damaged or unwritable cache only
    costs speed.
    """

    def __init__(self, path=None, *, locate=None):
        self.path = path  # None: worked out each time, nothing written
        self._locate = locate  # or a function giving the path when first needed
        self._data: dict | None = None
        self._dirty = False
        self._at_exit = False

    def country(self, code: str) -> _Holidays | None:
        entry = self._entries().get(code)
        if entry is None:
            entry = self._entries()[code] = self._new_entry(code)
            self._changed()
        if entry["weekend"] is None:
            return None  # a code `holidays` has no table for: weekends only
        return _Holidays(code, entry["weekend"], entry["years"], entry["workdays"], self)

    def year(self, code: str, year: int) -> dict[int, str]:
        """The holidays of one year by day (ordinal), worked out now and kept, with the year's
        make-up working days (weekend days worked, by ordinal)."""
        entry = self._entries()[code]
        table = _holiday_maker(code)(year)
        found = entry["years"][year] = {day.toordinal(): name for day, name in table.items() if day.year == year}
        # the package's set holds such days of other years too: each year keeps its own
        entry["workdays"][year] = sorted(day.toordinal() for day in getattr(table, "weekend_workdays", ())
                                         if day.year == year)
        self._changed()
        return found

    def _new_entry(self, code: str) -> dict:
        maker = _holiday_maker(code)
        if maker is None:
            return {"weekend": None, "years": {}, "workdays": {}}
        table = maker(())
        weekend = getattr(table, "weekend", None) or (5, 6)
        return {"weekend": sorted(weekend), "years": {}, "workdays": {}}

    def _entries(self) -> dict:
        if self._data is None:
            self._data = self._read()
        return self._data

    def _read(self) -> dict:
        if self._locate is not None:
            self.path = self._locate()
        if self.path is None:
            return {}
        import marshal

        try:
            data = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}  # missing or damaged: worked out again
        return data if _well_formed(data) else {}

    def _changed(self) -> None:
        self._dirty = True
        if self.path is not None and not self._at_exit:
            import atexit

            atexit.register(self.save)
            self._at_exit = True

    def save(self) -> None:
        """Write what was worked out (atomically); a read-only or full disk only costs speed."""
        if not self._dirty or self.path is None or self._data is None:
            return
        import marshal
        import os
        import tempfile

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".holidays-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(marshal.dumps(self._data))
                os.replace(temp, self.path)
            except BaseException:
                os.unlink(temp)
                raise
            for old in self.path.parent.glob("holidays-*.marshal"):
                if old != self.path:  # from another version of the package
                    old.unlink(missing_ok=True)
        except OSError:
            return
        self._dirty = False


def _well_formed(data) -> bool:
    """The shape HolidayCache writes: {code: {"weekend": [int] | None, "years": {int: {int: str}},
    "workdays": {int: [int]}}}, a year of "workdays" for each year of "years" (format 2; a file
    of format 1, without "workdays", is not of this shape: worked out again)."""
    if not isinstance(data, dict):
        return False
    for code, entry in data.items():
        if not (isinstance(code, str) and isinstance(entry, dict)
                and set(entry) == {"weekend", "years", "workdays"}):
            return False
        weekend, years, workdays = entry["weekend"], entry["years"], entry["workdays"]
        if weekend is not None and not (isinstance(weekend, list) and all(isinstance(d, int) for d in weekend)):
            return False
        if not (isinstance(years, dict) and isinstance(workdays, dict) and set(years) == set(workdays)):
            return False
        for year, table in years.items():
            if not (isinstance(year, int) and isinstance(table, dict)):
                return False
            if not all(isinstance(k, int) and isinstance(v, str) for k, v in table.items()):
                return False
            worked = workdays[year]
            if not (isinstance(worked, list) and all(isinstance(d, int) for d in worked)):
                return False
    return True


def _cache_path():
    """cache/holidays-<digest>.marshal in the data folder, named after the installed package."""
    import hashlib
    import importlib.util
    from pathlib import Path

    from afterview.config import paths

    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or not spec.submodule_search_locations:
            return None
        version = Path(list(spec.submodule_search_locations)[0]) / "version.py"
        source = f"{_CACHE_FORMAT}:{version.stat().st_size}:{version.stat().st_mtime_ns}:{version.read_text('utf-8')}"
        return paths().data / "cache" / f"holidays-{hashlib.sha256(source.encode()).hexdigest()[:16]}.marshal"
    except (OSError, ValueError, ImportError):
        return None


# Names the cache with the package: a change of what a table holds for a code (its shape, the
# package's categories counted) must change it, so that tables of the old kind are not read.
# Which code's table a calendar uses (`holiday_code`) is decided before the cache and needs no
# change here: each table is the package's public holidays of its own code. 2: each year keeps
# its make-up working days too ("workdays"); a file of format 1 has another name, is not read,
# and is removed when the new one is written.
_CACHE_FORMAT = 2


# The process's cache: its file is found on first use (the data folder may be set late).
HOLIDAYS: HolidayCache = HolidayCache(locate=lambda: _cache_path())


@lru_cache(maxsize=64)
def _holiday_maker(code: str):
    """A function `years -> holidays table` for a country ("DE") or one of its regions, given
    as ISO 3166-2 ("GB-ENG", "US-CA"), or None when `holidays` has none."""
    country, _, region = code.partition("-")
    extra = {"subdiv": region} if region else {}
    table = _country_class(country)
    if table is not None:
        try:
            table(years=(), **extra)
        except NotImplementedError:  # a region `holidays` does not know, in stored data
            return None
        return lambda years: table(years=years, **extra)
    import holidays  # lazy: slow import, only when a table has to be worked out

    try:
        holidays.country_holidays(country, **extra)
    except (NotImplementedError, KeyError):  # how `holidays` says it has no table for a code
        return None  # an unknown code in stored data: fall back to weekends only
    return lambda years: holidays.country_holidays(country, years=years, **extra)


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


# Weekends the holidays package (0.109) gets wrong, by country (weekday numbers, Monday 0):
# - NP, Nepal: Saturday only. The government made Sunday a second day off from 15 May 2022 as a
#   trial and took it back: a Cabinet meeting of 6 June 2022 made Sunday a working day again from
#   15 June 2022 (reported by Onlinekhabar and Setopati, 6 June 2022). The package has
#   Saturday-Sunday. (That month of two-day weekends is not kept: plans are of days to come.)
# - HK, Hong Kong: Saturday-Sunday. The package has Sunday only, the statutory rest day of the
#   Employment Ordinance; offices work Monday to Friday (the government's own five-day week
#   since 1 July 2006, followed by most employers), so a note on a Saturday lands unread.
# The package's other Sunday-only weekends (Paraguay, Venezuela, Niger, ...) are kept: the
# working week there varies by employer, and Saturday work is common.
# One table for the planner and the review's timing check (both read `BusinessDays.weekend`).
WEEKEND_CORRECTIONS: dict[str, frozenset[int]] = {
    "NP": frozenset({5}),
    "HK": frozenset({5, 6}),
}


def weekend_of(country: str, table_weekend=None) -> frozenset[int]:
    """The weekend days of a country or region ("NP-P3" is Nepal's): a correction of ours, else
    the package's (`table_weekend`), else Saturday-Sunday."""
    corrected = WEEKEND_CORRECTIONS.get((country or "").upper().partition("-")[0])
    if corrected is not None:
        return corrected
    return frozenset(table_weekend) if table_weekend else frozenset({5, 6})


@lru_cache(maxsize=32)
def midweek(weekend: frozenset[int]) -> frozenset[int]:
    """The middle of the working week: its working days without the first and the last. Tue-Thu
    for a Saturday-Sunday weekend, Mon-Wed for Friday-Saturday (a Sunday-Thursday week), Mon-Thu
    for Saturday only (Sunday-Friday). Of a week split by two weekend runs (Brunei: Friday and
    Sunday) the longest run of working days counts; a run of one or two days counts whole."""
    runs: list[list[int]] = []
    start = next((d for d in range(7) if d in weekend and (d + 1) % 7 not in weekend), None)
    if start is None:  # no weekend at all: the usual mid-week
        return frozenset({1, 2, 3})
    current: list[int] = []
    for step in range(1, 8):
        day = (start + step) % 7
        if day in weekend:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(day)
    if current:
        runs.append(current)
    longest = max(runs, key=len) if runs else []
    return frozenset(longest[1:-1] if len(longest) > 2 else longest)


class BusinessDays:
    """The business-day calendar of one country or region (weekends and public holidays; a US
    state has the federal holidays, see `holiday_code`): `weekend`, its weekend days (weekday
    numbers, Monday 0), and `midweek`, its working week without the first and last day."""

    __slots__ = ("country", "weekend", "midweek", "_table", "_cache", "_next", "_add")

    def __init__(self, country: str = ""):
        self.country = country
        self._table = _country(country)
        self.weekend = weekend_of(country, self._table.weekend if self._table is not None else None)
        self.midweek = midweek(self.weekend)
        self._cache: dict[date, bool] = {}
        self._next: dict[date, date] = {}
        self._add: dict[tuple[date, int], date] = {}

    def is_business_day(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = not self.is_weekend(day) and not self.holiday_name(day)
            self._cache[day] = known
        return known

    def is_weekend(self, day: date) -> bool:
        """Whether `day` is a weekend day off: a weekend weekday, unless it is worked that year to
        make up for a day off (China's make-up working Saturdays are business days)."""
        return day.weekday() in self.weekend and not (self._table is not None and self._table.is_workday(day))

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


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Where a date is written month first ("November 25"): the United States and its territories
MONTH_FIRST = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})


def month_first(country: str) -> bool:
    """Whether dates written for someone of this country (or region: "US-CA") put the month first."""
    return (country or "").upper().partition("-")[0] in MONTH_FIRST


def short_day(day: date, weekday: bool = True) -> str:
    """'Tue 1 Dec', or '1 Dec' (strftime is slow and locale-dependent; plans format thousands)."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text
