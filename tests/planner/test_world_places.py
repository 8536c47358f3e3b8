"""Recipients across countries and clocks: the zone a country gives, and the calendar export's
zone names.

- A country of one official time whose zone database lists a second clock (China: Asia/Urumqi;
  Ukraine: Europe/Simferopol) gives its official zone, with no "several time zones" warning.
- Each VTIMEZONE names its times as zoneinfo does: Kathmandu's is +0545 (not +0530, its name
  before 1986), Guam's ChST (not GST, its name before 2000).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz

from afterview.domain import model as m
from afterview.exporters.calendar_ics import export_calendar
from afterview.services import pipeline

from tests.planner.builders import World


@pytest.mark.parametrize("code, zone", [("CN", "Asia/Shanghai"), ("CN-XJ", "Asia/Shanghai"), ("UA", "Europe/Kyiv")])
def test_a_country_of_one_official_time_gives_its_zone(code, zone):
    assert pipeline.zone_of_country(code, 2026) == zone
    assert pipeline.zone_unknown(m.Person(name="Li Wei", country=code)) == ""


def test_countries_of_several_official_zones_still_ask():
    for code in ("US", "RU", "AU", "ES", "MN"):
        assert pipeline.zone_of_country(code, 2026) == "", code
    assert "US has several time zones" in pipeline.zone_unknown(m.Person(name="Joe Doe", country="US"))


ZONES = ("Asia/Kathmandu", "Pacific/Guam", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai",
         "America/New_York", "Australia/Adelaide", "America/St_Johns", "Asia/Jerusalem")


def _exported() -> str:
    w = World(tz="Europe/Berlin")
    acme = w.company("Acme")
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    for name in ZONES:
        w.tz = name
        start = datetime(2026, 6, 10, 10, tzinfo=ZoneInfo(name))
        w.interview(opp, start, start + timedelta(hours=1), dana)
    return export_calendar(w.facts, [], datetime(2026, 6, 1, tzinfo=timezone.utc), days=30).decode()


def test_kathmandu_s_zone_is_named_plus_0545():
    text = _exported().replace("\r\n ", "")
    block = re.search(r"BEGIN:VTIMEZONE\r\nTZID:Asia/Kathmandu.*?END:VTIMEZONE", text, re.S).group(0)
    assert re.findall(r"TZNAME:(.*)\r", block) == ["+0545"]


def test_every_zone_s_names_are_zoneinfo_s_from_2025_to_2027():
    text = _exported().replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE", text, re.S)
    assert len(blocks) == len(ZONES)
    wrong = []
    for block in blocks:
        name = re.search(r"TZID:(.*)\r", block).group(1)
        read = dateutil_tz.tzical(io.StringIO(f"BEGIN:VCALENDAR\r\n{block}\r\nEND:VCALENDAR\r\n")).get()
        zone = ZoneInfo(name)
        moment = datetime(2025, 1, 1, tzinfo=timezone.utc)
        while moment < datetime(2028, 1, 1, tzinfo=timezone.utc):
            ours, theirs = moment.astimezone(read), moment.astimezone(zone)
            if (ours.utcoffset(), ours.tzname()) != (theirs.utcoffset(), theirs.tzname()):
                wrong.append((name, str(moment), ours.tzname(), theirs.tzname()))
                break
            moment += timedelta(hours=6)
    assert wrong == []
