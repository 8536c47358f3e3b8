"""Recipients across countries and calendars: each one's own weekend and working week.

- A country's weekend is the holidays package's, corrected where it is wrong: Nepal's is
  Saturday only (since 15 June 2022), not Saturday-Sunday.
- China's make-up working Saturdays (the package's `weekend_workdays`) are business days, and
  the holiday cache keeps them (its format is versioned: a file of the old shape is not read).
- The send window's default is mid-week of the recipient's working week: Mon-Wed where it runs
  Sunday-Thursday (Israel); a `days` you set is taken as it is.
- A note is offered "the same day" only when it can be ready *before* `same_day_until`.
- A time in a reason that the clock shows twice says which reading it is.
"""

from __future__ import annotations

import marshal
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import days
from afterview.domain.days import HolidayCache, calendar
from afterview.domain.model import DecisionKind, MessageKind, Role
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


# --- the calendars -------------------------------------------------------------------------------


def test_nepal_works_on_sunday_and_rests_on_saturday():
    nepal = calendar("NP")
    assert nepal.weekend == frozenset({SAT})
    assert nepal.is_business_day(date(2026, 3, 1))  # a Sunday with no holiday
    assert not nepal.is_business_day(date(2026, 3, 7))  # Saturday
    assert days.weekend_of("NP-P3") == frozenset({SAT})  # a province of Nepal too
    # the holidays package itself still says Saturday-Sunday: the correction is ours
    assert days._country("NP").weekend == frozenset({SAT, SUN})


def test_hong_kong_rests_on_saturday_too():
    hong_kong = calendar("HK")
    assert hong_kong.weekend == frozenset({SAT, SUN})
    assert not hong_kong.is_business_day(date(2026, 11, 28))  # a Saturday
    assert hong_kong.add(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri + 1 business day: Mon
    # the holidays package itself says Sunday only (the statutory rest day): the correction is ours
    assert days._country("HK").weekend == frozenset({SUN})


def test_a_friday_afternoon_interview_in_hong_kong_is_thanked_on_monday_morning():
    hong_kong = "Asia/Hong_Kong"
    w = _status_world(hong_kong, "HK", "2026-11-27 15:00")  # a Friday afternoon
    w.facts.messages.clear()
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-11-27 18:00", hong_kong))
              if a.kind == MessageKind.THANK_YOU]
    assert note.due.astimezone(ZoneInfo(hong_kong)).date() == date(2026, 11, 30)  # not Sat 28 Nov


@pytest.mark.parametrize("code, weekend", [("", {SAT, SUN}), ("US", {SAT, SUN}), ("DE", {SAT, SUN}),
                                           ("IL", {FRI, SAT}), ("SA", {FRI, SAT}), ("IR", {FRI})])
def test_other_weekends_are_the_package_s(code, weekend):
    assert calendar(code).weekend == frozenset(weekend)


def test_china_s_make_up_saturdays_are_business_days():
    china = calendar("CN")
    assert china.is_business_day(date(2026, 2, 14)) and china.is_business_day(date(2026, 2, 28))
    assert not china.is_weekend(date(2026, 2, 14))
    assert china.is_weekend(date(2026, 2, 21)) and not china.is_business_day(date(2026, 2, 21))
    assert china.is_business_day(date(2026, 1, 4))  # a make-up Sunday
    # the bridge day they pay for is a holiday, named as the package names it
    assert china.holiday_name(date(2026, 2, 20)) == "Day off (substituted from 02/14/2026)"
    # Fri 13 Feb: Sat 14 is the first business day after it, then the week after the festival
    assert china.add(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert china.add(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert china.between(date(2026, 2, 13), date(2026, 3, 2)) == 7  # 14, 24-27, 28, 2 Mar


@pytest.mark.parametrize("weekend, expected", [
    ({SAT, SUN}, {TUE, WED, THU}),
    ({FRI, SAT}, {MON, TUE, WED}),  # a Sunday-Thursday week
    ({SAT}, {MON, TUE, WED, THU}),  # Nepal: Sunday-Friday
    ({FRI}, {SUN, MON, TUE, WED}),  # Iran: Saturday-Thursday
    ({FRI, SUN}, {TUE, WED}),  # Brunei: the longer run of working days, Monday-Thursday
    (set(), {TUE, WED, THU}),
])
def test_midweek_is_the_working_week_without_its_ends(weekend, expected):
    assert days.midweek(frozenset(weekend)) == frozenset(expected)


def test_the_holiday_cache_keeps_the_make_up_days(tmp_path):
    path = tmp_path / "holidays-x.marshal"
    first = HolidayCache(path)
    assert first.country("CN").is_workday(date(2026, 2, 14))
    assert not first.country("CN").is_workday(date(2026, 2, 21))
    first.save()
    kept = marshal.loads(path.read_bytes())
    assert date(2026, 2, 14).toordinal() in kept["CN"]["workdays"][2026]
    assert date(2001, 12, 29).toordinal() not in kept["CN"]["workdays"][2026]  # each year its own
    again = HolidayCache(path)
    with mock.patch("afterview.domain.days._holiday_maker", side_effect=AssertionError("worked out again")):
        assert again.country("CN").is_workday(date(2026, 2, 28))  # read from the file
        assert again.country("CN").get(date(2026, 2, 17)) == "Chinese New Year (Spring Festival)"


def test_a_cache_of_the_old_format_is_worked_out_again(tmp_path):
    """A file of format 1 ({"weekend", "years"}: no make-up days) is not read: it would make
    China's make-up Saturdays weekend days again."""
    path = tmp_path / "holidays-old.marshal"
    year = {day.toordinal(): name for day, name in [(date(2026, 2, 17), "Chinese New Year (Spring Festival)")]}
    path.write_bytes(marshal.dumps({"CN": {"weekend": [5, 6], "years": {2026: year}}}))
    cache = HolidayCache(path)
    assert cache.country("CN").is_workday(date(2026, 2, 14))
    assert cache.country("CN").get(date(2026, 2, 20)) == "Day off (substituted from 02/14/2026)"
    # and the file's name changed with the format: an old file is never found by a new version
    assert days._CACHE_FORMAT >= 2


# --- what the plan says --------------------------------------------------------------------------


def _status_world(tz: str, country: str, start: str):
    w = World(tz="Europe/Berlin", country="DE")
    acme = w.company()
    rita = w.person("Rita Cole", acme, timezone=tz, country=country)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at(start, tz), at(start, tz) + timedelta(hours=1), rita,
                            roles={rita.id: Role.RECRUITER})
    w.sent(f"thank_you:i{interview.id}:p{rita.id}", MessageKind.THANK_YOU, rita, at("2026-01-01 09:00"), opp)
    return w


def _first_status(w, playbook=DEFAULT_PLAYBOOK, now="2026-01-02 09:00"):
    [first] = [a for a in plan(w.facts, playbook, at(now)) if a.kind == MessageKind.STATUS_CHECK]
    return first


def test_israel_s_mid_week_is_monday_to_wednesday():
    jerusalem = "Asia/Jerusalem"
    # Thu 5 Nov 2026 + 7 business days of a Sunday-Thursday week = Mon 16 Nov: mid-week there
    first = _first_status(_status_world(jerusalem, "IL", "2026-11-05 10:00"))
    assert first.earliest == at("2026-11-16 09:30", jerusalem) and first.due == at("2026-11-16 11:30", jerusalem)
    # Tue 3 Nov + 7 = Thu 12 Nov, the last day of their week: the next mid-week day, Mon 16 Nov
    first = _first_status(_status_world(jerusalem, "IL", "2026-11-03 10:00"))
    assert first.earliest == at("2026-11-16 09:30", jerusalem)


def test_mid_week_stays_tuesday_to_thursday_for_a_monday_to_friday_week():
    # Tue 1 Dec + 7 business days = Thu 10 Dec in Germany; Mon 7 Dec moves to Tue 8 Dec
    first = _first_status(_status_world("Europe/Berlin", "DE", "2026-12-01 10:00"))
    assert first.earliest == at("2026-12-10 09:30")
    first = _first_status(_status_world("Europe/Berlin", "DE", "2026-11-26 10:00"))  # Thu + 7 = Mon 7 Dec
    assert first.earliest == at("2026-12-08 09:30")


def test_a_send_window_you_set_is_taken_as_it_is():
    jerusalem = "Asia/Jerusalem"
    book = DEFAULT_PLAYBOOK.override({"send_window": {"days": ["tue", "wed", "thu"]}}, "playbook.toml")
    first = _first_status(_status_world(jerusalem, "IL", "2026-11-05 10:00"), book)
    assert first.earliest == at("2026-11-17 09:30", jerusalem)  # Mon 16 Nov is not one of your days
    first = _first_status(_status_world(jerusalem, "IL", "2026-11-03 10:00"), book)
    assert first.earliest == at("2026-11-12 09:30", jerusalem)  # a Thursday, as you said
    book = DEFAULT_PLAYBOOK.override({"send_window": {"days": ["thu"]}}, "playbook.toml")
    first = _first_status(_status_world(jerusalem, "IL", "2026-11-05 10:00"), book)
    assert first.earliest == at("2026-11-19 09:30", jerusalem)


def test_a_status_follow_up_in_china_counts_the_make_up_saturdays():
    shanghai = "Asia/Shanghai"
    # Fri 13 Feb 2026 + 7 business days: Sat 14, Tue 24 - Fri 27, Sat 28, Mon 2 Mar; then Tue 3 Mar
    first = _first_status(_status_world(shanghai, "CN", "2026-02-13 10:00"))
    assert first.earliest == at("2026-03-03 09:30", shanghai)


def test_a_friday_interview_before_a_make_up_saturday_is_thanked_within_the_day():
    shanghai = "Asia/Shanghai"
    w = _status_world(shanghai, "CN", "2026-02-13 10:00")
    w.facts.messages.clear()
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-02-13 12:00", shanghai))
              if a.kind == MessageKind.THANK_YOU]
    # Sat 14 Feb is a working day there: no wait for the week after the Spring Festival
    assert note.rule == "thank_you" and note.due == at("2026-02-14 11:00", shanghai)


def test_a_friday_interview_in_nepal_is_thanked_on_sunday_morning():
    kathmandu = "Asia/Kathmandu"
    w = _status_world(kathmandu, "NP", "2026-03-13 15:00")  # a Friday afternoon
    w.facts.messages.clear()
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-03-13 18:00", kathmandu))
              if a.kind == MessageKind.THANK_YOU]
    assert note.rule == "friday_thank_you"
    assert note.due == at("2026-03-15 09:00", kathmandu)  # Sunday, their next business morning


# --- the same day: ready before 17:00 --------------------------------------------------------


def _friday_note(start: str, end: str, now: str):
    w = World(tz="Europe/Berlin", country="DE")
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at(start), at(end), dana)
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now)) if a.kind == MessageKind.THANK_YOU]
    return note


def test_a_note_ready_at_17_00_is_not_offered_the_same_day():
    # Fri 4 Dec 2026, ending 16:00: with the hour's wait the note can first go at 17:00, not before
    note = _friday_note("2026-12-04 15:00", "2026-12-04 16:00", "2026-12-04 16:30")
    assert note.send_at == at("2026-12-07 08:00")
    assert "same day" not in note.reason and note.reason.endswith("so schedule it for Mon 7 Dec 08:00-09:00.")
    # a minute earlier it can
    note = _friday_note("2026-12-04 14:59", "2026-12-04 15:59", "2026-12-04 16:30")
    assert note.send_at == at("2026-12-04 16:59") and "send it the same day" in note.reason


def test_the_same_day_is_offered_until_17_00_not_at_it():
    before = _friday_note("2026-12-04 14:00", "2026-12-04 15:00", "2026-12-04 16:59")
    assert "send it the same day" in before.reason and before.send_at == at("2026-12-04 16:00")
    at_five = _friday_note("2026-12-04 14:00", "2026-12-04 15:00", "2026-12-04 17:00")
    assert "same day" not in at_five.reason and at_five.send_at == at("2026-12-07 08:00")


# --- a time the clock shows twice, in a reason -----------------------------------------------


@pytest.mark.parametrize("fold, mark", [(0, "CDT"), (1, "CST")])
def test_a_snooze_into_the_repeated_hour_says_which_reading(fold, mark):
    chicago = "America/Chicago"
    w = World(tz=chicago, country="US")
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-10-29 10:00", chicago), at("2026-10-29 11:00", chicago), dana)
    key = f"thank_you:i{interview.id}:p{dana.id}"
    until = datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo(chicago), fold=fold)
    w.decide(key, DecisionKind.SNOOZE, at("2026-10-29 12:00", chicago), until=until)
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-29 12:30", chicago)) if a.key == key]
    assert f"snoozed until Sun 1 Nov 01:30 {mark}" in note.note, note.note


def test_an_ordinary_time_has_no_mark():
    chicago = "America/Chicago"
    w = World(tz=chicago, country="US")
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    interview = w.interview(opp, at("2026-10-29 10:00", chicago), at("2026-10-29 11:00", chicago), dana)
    key = f"thank_you:i{interview.id}:p{dana.id}"
    w.decide(key, DecisionKind.SNOOZE, at("2026-10-29 12:00", chicago), until=at("2026-11-02 09:30", chicago))
    [note] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-10-29 12:30", chicago)) if a.key == key]
    assert "snoozed until Mon 2 Nov 09:30" in note.note and "09:30 C" not in note.note
