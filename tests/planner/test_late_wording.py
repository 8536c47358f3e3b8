"""The late thank-you hint names the interview's day so that it cannot be misread: a weekday
while it is within the last six days, the date from then on ("on Friday" said on the next
Friday would mean today)."""

from afterview.domain.model import MessageKind
from afterview.planner import DEFAULT_PLAYBOOK, plan

from tests.planner.builders import World, at


def _note(start: str, end: str, now: str, tz: str = "Europe/Berlin") -> str:
    w = World(tz=tz, country="DE")
    acme = w.company()
    dana = w.person("Dana Weiss", acme)
    w.interview(w.opportunity(acme), at(start, tz), at(end, tz), dana)
    (note,) = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at(now, tz)) if a.kind == MessageKind.THANK_YOU]
    return note.note


def test_a_week_later_on_the_same_weekday_the_date_is_said():
    # Fri 20 Nov 2026, read on Fri 27 Nov: "on Friday" would be today
    note = _note("2026-11-20 10:00", "2026-11-20 11:00", "2026-11-27 09:49")
    assert note == "late: say 'thank you for our conversation on 20 November', not 'yesterday'"


def test_six_days_later_the_date_is_said():
    # Tue 1 Dec, read on Mon 7 Dec: "on Tuesday" would read as tomorrow
    note = _note("2026-12-01 10:00", "2026-12-01 11:00", "2026-12-07 12:00")
    assert note == "late: say 'thank you for our conversation on 1 December', not 'yesterday'"


def test_within_five_days_the_weekday_is_said():
    note = _note("2026-12-01 10:00", "2026-12-01 11:00", "2026-12-06 23:30")  # Sunday night for them
    assert note == ("late: say 'thank you for our conversation on Tuesday', not 'yesterday'; it is the weekend for "
                    "them (Sun 6 Dec) and 23:30 for them: schedule it for their next business morning, Mon 7 Dec 09:00")


def test_the_days_are_counted_in_the_recipients_zone():
    # the user in Berlin, the interviewer in Los Angeles: Tue 1 Dec 22:30-23:30 there is
    # Wednesday morning in Berlin; on Mon 7 Dec 14:00 there (23:00 in Berlin) it is six days
    # later for the reader of the note (the date), five for the user
    w = World(tz="Europe/Berlin", country="DE")
    acme = w.company()
    dana = w.person("Dana Weiss", acme, timezone="America/Los_Angeles", country="US")
    la = "America/Los_Angeles"
    w.interview(w.opportunity(acme), at("2026-12-01 22:30", la), at("2026-12-01 23:30", la), dana)
    (note,) = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-07 14:00", la))
               if a.kind == MessageKind.THANK_YOU]
    assert note.note == "late: say 'thank you for our conversation on December 1', not 'yesterday'"


def test_the_suggested_moment_moves_to_the_morning_slot_once_the_same_day_is_over():
    # A tester approved a Friday's note at night and it went out at once: the suggestion was
    # still the same afternoon, which had passed.
    from afterview.planner import DEFAULT_PLAYBOOK, plan
    from tests.planner.builders import World, at

    w = World()
    acme = w.company()
    dana = w.person("Dana Reyes", acme)
    opp = w.opportunity(acme)
    w.interview(opp, at("2026-12-04 13:00"), at("2026-12-04 14:00"), dana)  # a Friday
    [during] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 15:30")) if a.kind == "thank_you"]
    assert during.send_at == at("2026-12-04 15:00")  # the same day, while it lasts
    [night] = [a for a in plan(w.facts, DEFAULT_PLAYBOOK, at("2026-12-04 23:00")) if a.kind == "thank_you"]
    assert night.send_at == at("2026-12-07 08:00")  # then Monday's slot, not a moment already past


def test_weeks_later_the_hint_says_to_thank_them_in_the_next_note():
    # Tue 1 Dec, read on Wed 16 Dec (15 days, past fold_after's 14): no separate note advised
    note = _note("2026-12-01 10:00", "2026-12-01 11:00", "2026-12-16 12:00")
    assert note == ("late: 15 days after the interview of 1 December, a thank-you on its own would read "
                    "oddly now: thank them for it in your next note to them, or skip this one")
    # the day before, still a note of its own
    assert _note("2026-12-01 10:00", "2026-12-01 11:00", "2026-12-15 10:00").startswith("late: say")


def test_fold_after_is_a_playbook_setting_after_late_after():
    import pytest

    from afterview.errors import ConfigError
    from afterview.planner.playbook import DEFAULT_PLAYBOOK as book

    w = World(tz="Europe/Berlin", country="DE")
    acme = w.company()
    dana = w.person("Dana Weiss", acme)
    w.interview(w.opportunity(acme), at("2026-12-01 10:00"), at("2026-12-01 11:00"), dana)
    sooner = book.override({"thank_you": {"fold_after": "5d"}}, "mine.toml")
    (action,) = [a for a in plan(w.facts, sooner, at("2026-12-07 12:00")) if a.kind == MessageKind.THANK_YOU]
    assert "in your next note to them" in action.note
    with pytest.raises(ConfigError, match=r"late_after .* must be earlier than fold_after"):
        book.override({"thank_you": {"fold_after": "24h"}}, "mine.toml")
