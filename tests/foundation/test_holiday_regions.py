"""Whose holidays are days off: a region's public holidays where they bind everyone there, the
country's where a region's holidays are only its government's (a US state's).

Found by a tester: with a recruiter in Texas (`US-TX`), an interview on Tue 19 Jan 2027 was "on a
day off (Confederate Memorial Day)", and in Illinois Casimir Pulaski Day pushed a Friday
interview's thank-you to Tuesday: state-employee holidays taken for days off of every employer.
"""

from __future__ import annotations

import marshal
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import days
from afterview.domain.days import HolidayCache, calendar
from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at

Y2027 = [date(2027, 1, 1) + timedelta(days=n) for n in range(365)]


# --- the United States: a state keeps the federal holidays ------------------------------------


@pytest.mark.parametrize("code, day, state_holiday", [
    ("US-TX", date(2027, 1, 19), "Confederate Memorial Day"),  # Tuesday: the tester's interview
    ("US-TX", date(2027, 3, 2), "Texas Independence Day"),
    ("US-TX", date(2027, 3, 31), "Cesar Chavez Day"),
    ("US-TX", date(2027, 4, 21), "San Jacinto Day"),
    ("US-TX", date(2027, 8, 27), "Lyndon Baines Johnson Day"),
    ("US-TX", date(2027, 11, 26), "Friday After Thanksgiving"),
    ("US-IL", date(2027, 2, 12), "Lincoln's Birthday"),
    ("US-IL", date(2027, 3, 1), "Casimir Pulaski Day"),
    ("US-CA", date(2027, 3, 31), "Cesar Chavez Day"),
    ("US-MA", date(2027, 4, 19), "Patriots' Day"),
])
def test_a_us_state_holiday_is_a_business_day(code, day, state_holiday):
    import holidays

    country, _, state = code.partition("-")
    assert holidays.country_holidays(country, subdiv=state).get(day) == state_holiday  # the package has it
    cal = calendar(code)
    assert cal.is_business_day(day), (code, day)
    assert cal.holiday_name(day) == ""


def test_a_us_state_keeps_the_federal_holidays():
    texas = calendar("US-TX")
    assert texas.holiday_name(date(2027, 1, 18)) == "Martin Luther King Jr. Day"
    assert texas.holiday_name(date(2027, 11, 25)) == "Thanksgiving Day"
    assert texas.holiday_name(date(2027, 12, 24)) == "Christmas Day (observed)"
    illinois = calendar("US-IL")
    assert illinois.holiday_name(date(2027, 2, 15)) == "Washington's Birthday"
    assert not illinois.is_business_day(date(2027, 2, 15))
    # every day of the year as in the country's own calendar
    us = calendar("US")
    for code in ("US-TX", "US-IL", "US-CA", "US-NY"):
        cal = calendar(code)
        assert [(cal.is_business_day(d), cal.holiday_name(d)) for d in Y2027] == \
               [(us.is_business_day(d), us.holiday_name(d)) for d in Y2027], code
        assert cal.country == code  # said as given


def test_illinois_friday_is_followed_by_monday_1_march():
    illinois = calendar("US-IL")
    friday = date(2027, 2, 26)
    assert illinois.add(friday, 1) == date(2027, 3, 1)
    assert illinois.next_business_day(friday, include=False) == date(2027, 3, 1)
    assert illinois.between(friday, date(2027, 3, 2)) == 2


# --- elsewhere a region's public holidays are days off for everyone there ----------------------


@pytest.mark.parametrize("code, day, name, country_alone", [
    ("DE-BY", date(2027, 5, 27), "Corpus Christi", "DE"),  # Thursday
    ("DE-BY", date(2027, 11, 1), "All Saints' Day", "DE"),
    ("DE-BE", date(2027, 3, 8), "Women's Day", "DE"),
    ("GB-ENG", date(2027, 3, 29), "Easter Monday", "GB"),
    ("GB-ENG", date(2027, 8, 30), "Late Summer Bank Holiday", "GB"),
    ("GB-SCT", date(2027, 8, 2), "Summer Bank Holiday", "GB"),
    ("GB-SCT", date(2027, 11, 30), "Saint Andrew's Day", "GB"),
    ("CA-ON", date(2027, 2, 15), "Family Day", "CA"),
    ("CA-QC", date(2027, 6, 24), "Saint John the Baptist Day", "CA"),
    ("AU-VIC", date(2027, 11, 2), "Melbourne Cup Day", "AU"),
    ("FR-57", date(2027, 3, 26), "Good Friday", "FR"),
    ("IN-KA", date(2027, 11, 1), "Karnataka Rajyotsava", "IN"),
])
def test_a_region_s_public_holiday_is_a_day_off_there(code, day, name, country_alone):
    cal = calendar(code)
    assert not cal.is_business_day(day), (code, day)
    assert cal.holiday_name(day) == name
    assert calendar(country_alone).is_business_day(day)  # the country alone works that day


@pytest.mark.parametrize("code, day", [
    ("GB-SCT", date(2027, 8, 30)),  # England's Late Summer Bank Holiday; Scotland works
    ("AU-NSW", date(2027, 8, 2)),  # NSW's Bank Holiday: banks only (the package's BANK category)
    ("CA-ON", date(2027, 8, 2)),  # Ontario's Civic Holiday: not statutory (OPTIONAL)
    ("NL", date(2027, 5, 5)),  # Liberation Day (OPTIONAL)
    ("US", date(2027, 3, 26)),  # Good Friday (UNOFFICIAL in the US)
])
def test_days_in_the_package_s_other_categories_are_business_days(code, day):
    assert calendar(code).is_business_day(day)


# --- the holiday cache -----------------------------------------------------------------------


def test_a_cache_written_with_state_holidays_does_not_bring_them_back(tmp_path, monkeypatch):
    """A cache file from before keeps `US-TX` tables with the state's holidays; they are not used."""
    path = tmp_path / "holidays-old.marshal"
    stale = {day.toordinal(): name for day, name in [
        (date(2027, 1, 19), "Confederate Memorial Day"), (date(2027, 3, 2), "Texas Independence Day")]}
    path.write_bytes(marshal.dumps({"US-TX": {"weekend": [5, 6], "years": {2027: stale}}}))
    monkeypatch.setattr(days, "HOLIDAYS", HolidayCache(path))
    days._country.cache_clear()
    days.calendar.cache_clear()
    try:
        texas = days.BusinessDays("US-TX")
        assert texas.is_business_day(date(2027, 1, 19)) and texas.holiday_name(date(2027, 3, 2)) == ""
        assert texas.holiday_name(date(2027, 1, 18)) == "Martin Luther King Jr. Day"
        days.HOLIDAYS.save()
        kept = marshal.loads(path.read_bytes())
        assert 2027 in kept["US"]["years"]  # the country's table, worked out and kept
    finally:
        days._country.cache_clear()
        days.calendar.cache_clear()


# --- what the plan says ------------------------------------------------------------------------


def _thank_you(w: World, now):
    [action] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, now) if a.kind == MessageKind.THANK_YOU]
    return action


def test_an_interview_in_texas_on_a_state_holiday_is_not_on_a_day_off():
    w = World(tz="America/Chicago", country="US-IL")
    acme = w.company("Brightwave Analytics")
    sam = w.person("Sam Ortiz", acme, timezone="America/Chicago", country="US-TX")
    opp = w.opportunity(acme)
    w.interview(opp, at("2027-01-19 14:00", "America/Chicago"), at("2027-01-19 15:00", "America/Chicago"), sam)
    action = _thank_you(w, at("2027-01-19 16:30", "America/Chicago"))
    assert "day off" not in action.reason and "Confederate" not in action.reason, action.reason
    assert action.due.astimezone(ZoneInfo("America/Chicago")).date() == date(2027, 1, 20), action.due


def test_a_friday_interview_in_illinois_is_thanked_on_casimir_pulaski_day():
    w = World(tz="America/Chicago", country="US-IL")
    acme = w.company("Lakeview Logistics")
    kim = w.person("Kim Park", acme)  # no country: the profile's, US-IL
    opp = w.opportunity(acme)
    w.interview(opp, at("2027-02-26 15:00", "America/Chicago"), at("2027-02-26 16:00", "America/Chicago"), kim)
    action = _thank_you(w, at("2027-02-26 17:00", "America/Chicago"))
    assert "Casimir" not in action.reason and "Mon 1 Mar" in action.reason, action.reason
    assert action.due == at("2027-03-01 09:00", "America/Chicago")
