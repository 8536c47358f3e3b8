"""The Snooze box reads what is typed as the decision-date box does ("next Friday" reads two
ways), says the moment the plan will use (a day alone is 09:00), warns past the action's latest
moment (`snooze_warned`), and refuses a time past as Schedule does."""

from __future__ import annotations

from html import unescape

from tests.web.test_notices_per_tab import flashes

KEY = "thank_you:i1:p2"  # the thank-you note to Tom Becker; the desk's clock: Thu 26 Nov 2026, 10:00 New York


def snooze(client, csrf, until: str) -> list[str]:
    page = client.post("/actions/snooze", data={"csrf": csrf, "key": KEY, "until": until, "next": "/"},
                       follow_redirects=True)
    return [unescape(line) for line in flashes(page.text)]


def test_next_friday_is_refused_as_reading_two_ways(client, csrf):
    said = snooze(client, csrf, "next friday")
    assert said == ["Could not snooze the thank-you note to Tom Becker: 'next friday': it reads two ways, "
                    "Fri 27 Nov or Fri 4 Dec: give the date you mean (2026-11-27 or 2026-12-04)"]


def test_a_day_alone_is_said_at_the_time_the_plan_uses(client, csrf):
    said = snooze(client, csrf, "2026-11-28")
    assert said and said[0].startswith("Snoozed until Sat 28 Nov 2026, 09:00")
    assert "00:00" not in said[0]


def test_past_the_latest_moment_is_warned(client, csrf):
    said = snooze(client, csrf, "2030-01-01")
    assert said[0].startswith("Snoozed until Tue 01 Jan 2030, 09:00: Thank-you note to Tom Becker. Note: until ")
    assert "past the thank-you's latest moment" in said[0]


def test_a_time_past_is_refused_as_schedule_refuses_it(client, csrf):
    said = snooze(client, csrf, "2026-11-25 09:00")
    assert said == ["Could not snooze the thank-you note to Tom Becker: Wed 25 Nov 2026, 09:00 is in the past: "
                    "give a time to come (e.g. 'tomorrow 9:00')"]
