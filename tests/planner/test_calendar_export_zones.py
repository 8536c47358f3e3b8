"""The VTIMEZONE blocks of the calendar export: every reader gets zoneinfo's offset for every
moment written, across daylight-saving changes, in zones with and without a rule.

Three independent readers: icalendar (with the TZIDs renamed, so that it must build each zone
from the file instead of taking the IANA zone of that name), vobject 0.9.9 (which reads only the
first date of an RDATE list and takes a zone that looks like UTC from 2000 to 2020 for UTC), and
dateutil's tzical, given each VTIMEZONE alone.
"""

from __future__ import annotations

import io
import re
import uuid
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from dateutil import tz as dateutil_tz

from afterview.exporters.calendar_ics import export_calendar

from tests.planner.builders import World

ZONES = ("America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata",
         "America/Sao_Paulo", "Pacific/Chatham", "Africa/Casablanca")
UTC = timezone.utc


def changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The instants the zone's offset changes between two instants, to the minute."""
    def offset(moment):
        return moment.astimezone(zone).utcoffset()

    found, moment = [], start
    while moment < end:
        following = moment + timedelta(hours=6)
        if offset(following) != offset(moment):
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
            found.append(high.replace(second=0, microsecond=0))
        moment = following
    return found


def world(year: int, zones=ZONES):
    """An interview every 11 days through the year in each zone, and around each change of offset
    (just before, at, and just after it, in the hour a clock goes back too)."""
    w = World(tz="Europe/Berlin")
    acme = w.company("Acme")
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    expected = {}
    for name in zones:
        zone = ZoneInfo(name)
        w.tz = name
        begin = datetime(year, 1, 1, tzinfo=UTC)
        moments = [begin + timedelta(days=day, hours=13) for day in range(0, 365, 11)]
        for instant in changes(zone, begin, begin.replace(year=year + 1)):
            moments += [instant + timedelta(minutes=m) for m in (-90, -61, -30, -1, 0, 1, 30, 59, 90)]
        for moment in moments:
            interview = w.interview(opp, moment, moment + timedelta(hours=1), dana)
            expected[f"interview-{interview.id}@afterview.local"] = (name, moment)
    return w, expected


@lru_cache(maxsize=4)
def exported(year: int, zones=ZONES) -> tuple[str, dict]:
    w, expected = world(year, zones)
    now = datetime(year, 1, 1, tzinfo=UTC)  # every interview within the next 400 days
    return export_calendar(w.facts, [], now, days=400).decode(), expected


def renamed(text: str) -> str:
    """The same file with every TZID new to the readers (and to vobject's registry of zones)."""
    tag = f"X-Test-{uuid.uuid4().hex[:8]}-"
    return re.sub(r"(TZID[:=])", lambda m: m.group(1) + tag, text)


def wrong(found: dict, expected: dict) -> list:
    return [(expected[uid][0], str(expected[uid][1]), str(value)) for uid, value in found.items()
            if value != expected[uid][1]]


@pytest.mark.parametrize("year", [2026, 2031])
def test_icalendar_reads_each_zone_from_the_file(year):
    text, expected = exported(year)
    events = icalendar.Calendar.from_ical(renamed(text)).walk("VEVENT")
    assert len(events) == len(expected)
    assert wrong({str(e["uid"]): e.decoded("dtstart") for e in events}, expected) == []


@pytest.mark.parametrize("year", [2026, 2031])
def test_vobject_reads_the_same_offsets(year):
    text, expected = exported(year)
    events = vobject.readOne(renamed(text)).vevent_list
    assert len(events) == len(expected)
    found = {e.uid.value: e.dtstart.value for e in events}
    assert all(value.tzinfo is not None for value in found.values())
    assert wrong(found, expected) == []


@pytest.mark.parametrize("year", [2026, 2031])
def test_dateutil_reads_the_same_offsets(year):
    text, expected = exported(year)
    zones = {}
    for block in re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S):
        tzid = re.search(r"TZID:([^\r]+)\r\n", block).group(1)
        zones[tzid] = dateutil_tz.tzical(io.StringIO(block.replace("\r\n", "\n"))).get()
    found = {}
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        prop = event["dtstart"]
        tzid = prop.params.get("TZID")
        if tzid:
            wall = datetime.strptime(prop.to_ical().decode(), "%Y%m%dT%H%M%S")
            found[str(event["uid"])] = wall.replace(tzinfo=zones[tzid])
        else:
            found[str(event["uid"])] = event.decoded("dtstart")
    assert len(found) == len(expected)
    assert wrong(found, expected) == []


def blocks(text: str) -> dict[str, str]:
    return {re.search(r"TZID:([^\r]+)\r\n", b).group(1): b
            for b in re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S)}


def test_zones_with_a_rule_are_written_with_it_others_with_their_exact_changes():
    text, _ = exported(2026)
    zones = blocks(text)
    assert sorted(zones) == sorted(ZONES)
    assert "RDATE" not in text  # vobject reads only the first date of a list
    new_york = zones["America/New_York"]
    assert new_york.count("BEGIN:") == 3  # the zone, its DAYLIGHT and its STANDARD component
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in new_york and "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in new_york
    assert "DTSTART:20070311T020000" in new_york  # the rule holds since 2007, not before: never said of 2006
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zones["Europe/London"]
    assert "RRULE" not in zones["Asia/Kolkata"] and zones["Asia/Kolkata"].count("BEGIN:STANDARD") == 1
    casablanca = zones["Africa/Casablanca"]  # Ramadan: no rule says it
    assert "RRULE" not in casablanca and casablanca.count("BEGIN:STANDARD") + casablanca.count("BEGIN:DAYLIGHT") > 10


def test_a_local_time_that_occurs_twice_is_written_in_utc():
    w = World(tz="America/New_York")
    acme = w.company("Acme")
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    zone = ZoneInfo("America/New_York")
    first = datetime(2026, 11, 1, 1, 30, tzinfo=zone)  # 01:30 EDT, then 01:30 EST an hour later
    second = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=zone)
    plain = datetime(2026, 11, 2, 9, 0, tzinfo=zone)
    for start in (first, second, plain):
        w.interview(opp, start, start + timedelta(minutes=15), dana)
    text = export_calendar(w.facts, [], datetime(2026, 10, 30, tzinfo=UTC), days=10).decode()
    assert "DTSTART:20261101T053000Z" in text and "DTSTART:20261101T063000Z" in text
    assert "DTSTART;TZID=America/New_York:20261102T090000" in text


def test_a_zone_that_looks_like_utc_to_vobject_is_written_in_utc():
    # Sao Tome kept +01 only in 2018: its VTIMEZONE, from 2019, reads as UTC from 2000 to 2020 too
    text, expected = exported(2026, zones=("Africa/Abidjan", "Atlantic/Reykjavik", "Africa/Sao_Tome",
                                           "Europe/Lisbon"))
    assert sorted(blocks(text)) == ["Europe/Lisbon"]
    found = {e.uid.value: e.dtstart.value for e in vobject.readOne(renamed(text)).vevent_list}
    assert wrong(found, expected) == []
