"""A LinkedIn note cannot be scheduled: the timing finding tells the user when to send it by hand.

Found by a tester: a LinkedIn connection note reviewed for a moment on the recipient's public
holiday said "Schedule it for the next business morning", which LinkedIn offers no way to do
(the user sends the note by hand). Its advice now names their next business day and the hour
their waking day begins; an email keeps its advice to schedule it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from afterview.reviewer import ReviewContext, review
from tests.helpers import afterview

NOTE = ("Hi Grace, thank you for our conversation about grid forecasting during my Fabrikam Energy "
        "interviews. I would like to stay connected. Alex")
EMAIL = ("Hi Grace,\n\nThank you for our conversation about grid forecasting and the team's open-source "
         "work during my Fabrikam Energy interviews. I would be glad to stay in touch.\n\nBest regards,\nAlex")
NEW_YORK = "America/New_York"


def advice(when: str, body: str = NOTE, kind: str = "linkedin_note", channel: str = "linkedin",
           zone: str = NEW_YORK, country: str = "US", **config) -> list[tuple[str, str]]:
    from afterview.reviewer.config import ReviewConfig

    context = ReviewContext(kind=kind, channel=channel, recipient_name="Grace Liu", company="Fabrikam Energy",
                            send_at=datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(zone)),
                            recipient_timezone=zone, recipient_country=country)
    found = review(None, body, context, ReviewConfig(**config))
    return [(f.message, f.suggestion) for f in found if f.code == "timing"]


def test_a_linkedin_note_on_their_public_holiday_is_sent_by_hand_on_their_next_business_day():
    [(said, fix)] = advice("2026-12-25 10:00")  # Christmas Day, a Friday: the next business day is Monday
    assert said == "scheduled on a public holiday in US: Christmas Day (2026-12-25)"
    assert fix == ("A LinkedIn note cannot be scheduled: send it by hand on their next business day, "
                   "Mon 2026-12-28, from 07:00 their time.")
    assert "Schedule" not in fix


def test_a_linkedin_note_on_their_weekend_says_the_same_from_their_waking_hour():
    [(said, fix)] = advice("2026-11-06 10:00", zone="Asia/Jerusalem", country="IL", waking_from=8)
    assert said.startswith("scheduled on a Friday, the weekend in IL")
    assert fix == ("A LinkedIn note cannot be scheduled: send it by hand on their next business day, "
                   "Sun 2026-11-08, from 08:00 their time.")


def test_a_linkedin_note_at_night_is_sent_by_hand_in_their_morning():
    [(said, fix)] = advice("2026-12-01 23:30")
    assert said.startswith("arrives outside the recipient's waking hours")
    assert fix == "Send it by hand in their morning (from 07:00 their time)."


@pytest.mark.parametrize("kind, channel", [("thank_you", "linkedin"), ("linkedin_note", "email")])
def test_whatever_goes_out_on_linkedin_is_sent_by_hand(kind, channel):
    [(_, fix)] = advice("2026-12-25 10:00", kind=kind, channel=channel)
    assert fix.startswith("A LinkedIn note cannot be scheduled: send it by hand on their next business day")


def test_an_email_is_still_scheduled():
    [(_, fix)] = advice("2026-12-25 10:00", body=EMAIL, kind="thank_you", channel="email")
    assert fix == "Schedule it for the next business morning."
    [(_, fix)] = advice("2026-12-01 23:30", body=EMAIL, kind="thank_you", channel="email")
    assert fix == "Schedule it for their morning (from 07:00 their time)."


def test_lint_says_so_for_a_linkedin_note(afterview_home):
    assert afterview("profile", "set", "--name", "Alex Morgan", "--tz", NEW_YORK).code == 0
    added = afterview("person", "add", "Grace Liu", "--tz", NEW_YORK, "--country", "US")  # her holidays
    assert added.code == 0, added.err
    note = afterview_home / "note.txt"
    note.write_text(NOTE + "\n", encoding="utf-8")
    result = afterview("lint", str(note), "--kind", "linkedin_note", "--channel", "linkedin", "--to", "Grace Liu",
                       "--company", "Fabrikam Energy", "--send-at", "2026-12-25T10:00:00-05:00")
    assert result.code == 0, result.err
    assert "warning: scheduled on a public holiday in US: Christmas Day (2026-12-25) [timing]" in result.out, result.out
    assert ("    A LinkedIn note cannot be scheduled: send it by hand on their next business day, Mon 2026-12-28, "
            "from 07:00 their time.") in result.out, result.out
