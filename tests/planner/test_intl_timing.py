"""An international job seeker's plan (found by a tester: a user in Berlin, a panel in New
York, London, Bangalore and Sydney): the interview's day said as both of you lived it when the
days differ; a Friday or pre-holiday note's same-day slot never in the recipient's night; the
night said for a thank-you due while it is night for them; a follow-up due at night says so
before its send window; a late thank-you's date written the recipient's way."""

from afterview.domain.days import month_first
from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan, plan_due

from tests.planner.builders import World, at


def _due(w, now, kind):
    actions = plan(w.facts, DEFAULT_PLAYBOOK, now)
    due, _ = plan_due(w.facts, DEFAULT_PLAYBOOK, now)
    assert due == [a for a in actions if a.state != "upcoming"]
    (action,) = [a for a in actions if a.kind == kind]
    return action


def _world(name, zone, country, start, end):
    w = World(tz="Europe/Berlin", country="DE")
    company = w.company()
    person = w.person(name, company, timezone=zone, country=country)
    opp = w.opportunity(company)
    interview = w.interview(opp, at(start, "Europe/Berlin"), at(end, "Europe/Berlin"), person)
    w.last = (person, opp, interview)
    return w


def test_their_day_is_named_with_yours_when_the_days_differ():
    # Thu 26 Feb 16:00-17:00 in Berlin is Fri 27 Feb 02:00-03:00 in Sydney
    w = _world("Bruce Li", "Australia/Sydney", "AU-NSW", "2026-02-26 16:00", "2026-02-26 17:00")
    action = _due(w, at("2026-02-26 20:00"), MessageKind.THANK_YOU)
    assert action.reason.startswith("Thank Bruce Li for the panel interview of Fri 27 Feb (Thu 26 Feb your time); "), \
        action.reason


def test_the_same_day_is_said_once():
    w = _world("Zoë O'Brien-Smith", "Europe/London", "GB-ENG", "2026-02-24 10:00", "2026-02-24 11:00")
    action = _due(w, at("2026-02-24 13:00"), MessageKind.THANK_YOU)
    assert action.reason.startswith("Thank Zoë O'Brien-Smith for the panel interview of Tue 24 Feb; "), action.reason
    assert "your time)" not in action.reason.split(";")[0]


def test_a_same_day_slot_before_the_holiday_waits_for_their_morning():
    # Wed 25 Nov 07:00-08:00 in Berlin is 01:00-02:00 in New York, the day before Thanksgiving:
    # earliest 03:00 there; the same day's slot is 07:00 there, not 03:00
    w = _world("José Núñez", "America/New_York", "US", "2026-11-25 07:00", "2026-11-25 08:00")
    action = _due(w, at("2026-11-25 09:10"), MessageKind.THANK_YOU)  # 03:10 in New York
    assert action.rule == "friday_thank_you"
    assert action.send_at == at("2026-11-25 07:00", "America/New_York")


def test_a_thank_you_due_in_their_night_says_so():
    # ends 02:00 in Sydney (a plain 24-hour note); at 03:30 there it is night for them
    w = _world("Bruce Li", "Australia/Sydney", "AU-NSW", "2026-03-03 15:00", "2026-03-03 16:00")
    action = _due(w, at("2026-03-03 17:30"), MessageKind.THANK_YOU)
    assert action.rule == "thank_you" and action.state == "due"
    assert action.send_at == at("2026-03-04 09:00", "Australia/Sydney")
    assert action.note == ("it is 03:30 for them: schedule it for their morning, Wed 4 Mar 09:00 their time "
                           "(Tue 3 Mar 23:00 yours), or send it now")
    # their morning: nothing said
    action = _due(w, at("2026-03-04 00:30"), MessageKind.THANK_YOU)  # 10:30 in Sydney
    assert action.note == "" and action.send_at is None


def test_a_follow_up_due_in_their_night_says_it_is_night_before_their_window():
    w = _world("José Núñez", "America/New_York", "US", "2026-02-24 15:00", "2026-02-24 16:00")
    person, opp, interview = w.last
    w.sent(f"thank_you:i{interview.id}:p{person.id}", MessageKind.THANK_YOU, person, at("2026-02-25 09:00"), opp)
    actions = plan(w.facts, DEFAULT_PLAYBOOK, at("2026-03-11 07:00"))  # Wed 02:00 in New York (its clocks changed on 8 Mar, Berlin's not yet)
    (follow_up,) = [a for a in actions if a.kind == MessageKind.STATUS_CHECK]
    assert follow_up.state != "upcoming", follow_up
    assert follow_up.note.startswith("it is 02:00 for them: schedule it for their send window, Wed 11 Mar 09:30 "
                                     "their time"), follow_up.note
    assert follow_up.send_at == at("2026-03-11 09:30", "America/New_York")


def test_a_late_thank_you_writes_the_date_the_recipients_way():
    us = _world("José Núñez", "America/New_York", "US", "2026-11-16 15:00", "2026-11-16 16:00")
    uk = _world("Zoë O'Brien-Smith", "Europe/London", "GB-ENG", "2026-11-16 15:00", "2026-11-16 16:00")
    now = at("2026-11-24 12:00")
    assert "'thank you for our conversation on November 16'" in _due(us, now, MessageKind.THANK_YOU).note
    assert "'thank you for our conversation on 16 November'" in _due(uk, now, MessageKind.THANK_YOU).note


def test_month_first_by_country_and_region():
    assert month_first("US") and month_first("us-ca") and month_first("PR")
    assert not month_first("GB-ENG") and not month_first("") and not month_first("CA")
