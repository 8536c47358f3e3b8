"""A Friday's thank-you names the day that makes it wait: a holiday on a weekend day moves
nothing and is never the reason (German Unity Day 2026 is a Saturday); a Friday whose Monday is
a holiday names both."""

from __future__ import annotations

from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at


def _thank_you(interview_day: str, now: str, country: str = "DE-BE"):
    w = World()
    acme = w.company("Spreewerk")
    aylin = w.person("Aylin Demir", acme, timezone="Europe/Berlin", country=country)
    opp = w.opportunity(acme)
    w.interview(opp, at(f"{interview_day} 14:00"), at(f"{interview_day} 16:00"), aylin)
    [action] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now)) if a.kind == MessageKind.THANK_YOU]
    return action


def test_a_friday_before_a_saturday_holiday_is_a_friday_interview():
    # Fri 2 Oct 2026; Sat 3 Oct is German Unity Day, on the weekend: it moves nothing
    action = _thank_you("2026-10-02", "2026-10-02 16:30")
    assert "; a Friday interview, so schedule it for Mon 5 Oct 08:00-09:00." in action.reason, action.reason
    assert "holiday" not in action.reason and "Unity" not in action.reason


def test_an_interview_on_a_weekend_holiday_is_on_a_day_off_without_the_holiday_named():
    action = _thank_you("2026-10-03", "2026-10-03 16:30")
    assert "; the interview was on a day off, so schedule it for Mon 5 Oct" in action.reason, action.reason
    assert "Unity" not in action.reason


def test_a_friday_before_a_monday_holiday_names_both():
    # Fri 22 May 2026; Whit (Pentecost) Monday, Mon 25 May, is a public holiday in Germany
    action = _thank_you("2026-05-22", "2026-05-22 16:30")
    assert ("; a Friday interview, and Mon 25 May is a public holiday (Pentecost Monday), "
            "so schedule it for Tue 26 May 08:00-09:00.") in action.reason, action.reason


def test_a_thursday_before_a_weekday_holiday_names_the_holiday():
    # Wed 13 May 2026, the eve of Ascension Day
    action = _thank_you("2026-05-13", "2026-05-13 16:30")
    assert "; the next day is a public holiday (Ascension Day), so schedule it for Fri 15 May" in action.reason, (
        action.reason)
