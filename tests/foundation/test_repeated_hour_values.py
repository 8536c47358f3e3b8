"""One rule for a time in the hour the clocks go back (domain.values.repeated_mark), and its fast
path for long listings (repeated_hours): an hour it passes over has no time that needs its
reading said, in any zone, so that the listings may skip the rule for it and say the same.

On Sun 1 Nov 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST: 06:30Z is 01:30 CDT and
07:30Z, an hour later, 01:30 CST.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.values import _signed, parse_when, repeated_hours, repeated_mark, typed_clock

UTC = timezone.utc
CHICAGO = ZoneInfo("America/Chicago")
FIRST = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT
SECOND = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST


def reading(local: datetime) -> str:
    """The rule as it reads, without a fast path: the other fold's offset differs."""
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return ""
    name = local.tzname() or ""
    return f" {name}" if name.isalpha() and name != other.tzname() else f" {_signed(local.utcoffset())}"


def test_chicagos_repeated_hour_and_the_hours_around_it():
    hours = repeated_hours(CHICAGO)
    assert hours[2026, 11, 1, 1] is True  # 01:00-01:59, seen twice
    assert hours[2026, 11, 1, 3] is False and hours[2026, 12, 1, 10] is False and hours[2026, 7, 1, 1] is False
    assert repeated_hours(CHICAGO) is hours  # kept per zone
    assert repeated_hours(UTC)[2026, 11, 1, 1] is False
    assert repeated_hours(timezone(timedelta(hours=-5)))[2026, 11, 1, 1] is False  # a fixed offset
    assert repeated_mark(FIRST.astimezone(CHICAGO)) == " CDT"
    assert repeated_mark(SECOND.astimezone(CHICAGO)) == " CST"


# zones whose clocks go back otherwise than by an hour at the hour, or often
ZONES = {
    "America/Chicago": (2026, 11, 1),
    "Europe/Berlin": (2026, 10, 25),
    "Australia/Lord_Howe": (2026, 4, 5),  # back half an hour, 02:00 to 01:30
    "Antarctica/Troll": (2026, 10, 25),  # back two hours, +02 to +00
    "Pacific/Chatham": (2026, 4, 5),  # +1345 to +1245, no letters for either
    "Europe/Dublin": (2026, 10, 25),  # IST to GMT, "negative" daylight time in the tz database
    "America/St_Johns": (2026, 11, 1),  # -0230 to -0330
    "Africa/Casablanca": (2026, 2, 15),  # Ramadan: +01 to +00 around the 15th of February 2026
    "America/Havana": (1996, 10, 6),  # back at 01:00, to midnight's hour
    "Asia/Kolkata": (1945, 10, 15),  # +0630 to +0530 after the war
    "Africa/Monrovia": (1972, 1, 7),  # -00:44:30 to +00: a change of seconds
}


@pytest.mark.parametrize("name", sorted(ZONES))
def test_the_fast_path_says_what_the_rule_says_minute_by_minute(name):
    """Two days around a change of the clocks, every minute (and each second of its edges): the
    mark is the rule's, and an hour `repeated_hours` passes over has no time with a mark."""
    tz = ZoneInfo(name)
    day = datetime(*ZONES[name], tzinfo=UTC)
    moments = [day + timedelta(minutes=n) for n in range(-24 * 60, 24 * 60)]
    moments += [day + timedelta(minutes=n, seconds=s) for n in range(-24 * 60, 24 * 60, 30) for s in (1, 29, 59)]
    marked = 0
    for moment in moments:
        local = moment.astimezone(tz)
        assert repeated_mark(local) == reading(local), (name, local, local.fold)
        if not repeated_hours(tz)[local.year, local.month, local.day, local.hour]:
            assert reading(local) == "", (name, local)
        marked += bool(reading(local))
    if name != "Africa/Monrovia":  # (44 min 30 s forward: nothing repeated)
        assert marked, name  # the day does go through a repeated span


class Skewed(tzinfo):
    """A clock that goes back 20 minutes inside an hour, at 01:40 to 01:20 on 1 Nov 2026 (06:40Z),
    with PEP 495 folds: no hour edge is in the span it repeats."""

    CHANGE = datetime(2026, 11, 1, 6, 40)  # UTC, naive
    BEFORE, AFTER = timedelta(hours=-5), timedelta(hours=-5, minutes=-20)

    def utcoffset(self, dt):
        wall = dt.replace(tzinfo=None, fold=0)
        first, second = self.CHANGE + self.AFTER, self.CHANGE + self.BEFORE  # 01:20, 01:40
        if wall < first:
            return self.BEFORE
        if wall >= second:
            return self.AFTER
        return self.AFTER if dt.fold else self.BEFORE

    def tzname(self, dt):
        return "AAT" if self.utcoffset(dt) == self.BEFORE else "BBT"

    def dst(self, dt):
        return timedelta(0)

    def fromutc(self, dt):
        utc = dt.replace(tzinfo=None)
        if utc < self.CHANGE:
            return (utc + self.BEFORE).replace(tzinfo=self)
        wall = utc + self.AFTER
        return wall.replace(tzinfo=self, fold=int(wall >= self.CHANGE + self.AFTER and wall < self.CHANGE + self.BEFORE))


def test_a_span_inside_an_hour_is_found_too():
    tz = Skewed()
    assert repeated_hours(tz)[2026, 11, 1, 1] is True
    assert repeated_hours(tz)[2026, 11, 1, 3] is False
    seen = {}
    for n in range(-120, 120):
        local = (datetime(2026, 11, 1, 6, 40, tzinfo=UTC) + timedelta(minutes=n)).astimezone(tz)
        assert repeated_mark(local) == reading(local), (local, local.fold)
        seen[f"{local:%H:%M}{repeated_mark(local)}"] = True
    assert "01:30 AAT" in seen and "01:30 BBT" in seen and "01:10" in seen and "01:50" in seen


def test_a_tzinfo_without_a_hash_is_asked_each_time():
    class Unhashable(Skewed):
        __hash__ = None

    local = (datetime(2026, 11, 1, 6, 50, tzinfo=UTC)).astimezone(Unhashable())  # 01:30 BBT
    assert repeated_mark(local) == " BBT"
    assert repeated_hours(Unhashable())[2026, 12, 1, 10] is True  # not known: the rule says


def test_a_time_as_it_is_typed_back_says_its_reading_by_its_offset():
    now = datetime(2026, 10, 30, 12, 0, tzinfo=UTC)
    assert typed_clock(FIRST, "America/Chicago") == "2026-11-01 01:30-05:00"
    assert typed_clock(SECOND, CHICAGO) == "2026-11-01 01:30-06:00"
    assert typed_clock(datetime(2026, 12, 1, 16, 0, tzinfo=UTC), CHICAGO) == "2026-12-01 10:00"
    assert typed_clock(FIRST, "Europe/Berlin") == "2026-11-01 07:30"
    assert typed_clock(SECOND.astimezone(CHICAGO), pattern="%H:%M") == "01:30-06:00"
    for moment in (FIRST, SECOND):  # read back: the same moment, not a question which
        typed = parse_when(typed_clock(moment, CHICAGO), now=now, tz="America/Chicago")
        assert typed.astimezone(UTC) == moment
