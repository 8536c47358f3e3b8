"""The review places a recipient with no zone or country as the planner does: theirs, else the
playbook's [calendar], else your profile's (`planner.playbook.fallback_place`)."""

from afterview.planner import DEFAULT_PLAYBOOK
from afterview.reviewer import context_for_message

from tests.reviewer.test_hint_examples import facts, message

CALENDAR = DEFAULT_PLAYBOOK.override({"calendar": {"country": "US", "timezone": "America/Chicago"}}, "playbook.toml")


def place(f, book=DEFAULT_PLAYBOOK):
    context = context_for_message(f, message(), book)
    return context.recipient_timezone, context.recipient_country


def test_the_playbooks_calendar_before_your_profile():
    f = facts()
    f.profile.timezone, f.profile.country = "Europe/Berlin", "DE"
    assert place(f, CALENDAR) == ("America/Chicago", "US")
    assert place(f) == ("Europe/Berlin", "DE")


def test_the_recipients_own_place_first():
    f = facts()
    f.people[3].timezone, f.people[3].country = "Europe/London", "GB"
    assert place(f, CALENDAR) == ("Europe/London", "GB")


def test_no_country_anywhere_stays_unknown():
    f = facts()
    f.profile.timezone = ""
    assert place(f) == ("", "")  # the findings then say "for the recipient", not "UTC"
