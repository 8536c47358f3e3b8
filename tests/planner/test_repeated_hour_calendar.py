"""The calendar export's descriptions say which reading a time in the hour the clocks go back is.

On Sun 1 Nov 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST: 06:30Z is 01:30 CDT and
07:30Z, an hour later, 01:30 CST. A note marked done or sent then is said so in its cancelled
event ("Marked done Sun 01 Nov 2026 01:30 CDT America/Chicago"), and a note scheduled then in
its event ("Afterview sends it Sun 01 Nov 2026 01:30 CST America/Chicago"); every other time
reads as before. (DTSTART and DTEND are exact already: written in UTC.)
"""

from __future__ import annotations

from datetime import datetime, timezone

import icalendar

from afterview.domain.model import DecisionKind, MessageKind, MessageState
from afterview.exporters.calendar_ics import action_uid, export_calendar
from afterview.planner import DEFAULT_PLAYBOOK, plan
from tests.planner.builders import World, at

UTC = timezone.utc
FIRST = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT
SECOND = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST, an hour later


def _world():
    """Three thank-you notes for Friday's interview in Chicago, the user in Chicago too."""
    w = World(tz="America/Chicago", country="US")
    acme = w.company("Acme")
    opp = w.opportunity(acme)
    people = [w.person(name, acme, timezone="America/Chicago", country="US")
              for name in ("Dana Reyes", "Tom Li", "Ann Wu")]
    interview = w.interview(opp, at("2026-10-30 10:00", "America/Chicago"), at("2026-10-30 11:00", "America/Chicago"),
                            *people)
    return w, [f"thank_you:i{interview.id}:p{p.id}" for p in people], people, opp


def _descriptions(w, now) -> dict[str, str]:
    data = export_calendar(w.facts, plan(w.facts, DEFAULT_PLAYBOOK, now), now, 14)
    return {str(e["uid"]): str(e.get("description", "")) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_notes_done_an_hour_apart_at_the_same_reading_are_told_apart():
    w, keys, _, _ = _world()
    w.decide(keys[0], DecisionKind.DONE, FIRST)
    w.decide(keys[1], DecisionKind.DONE, SECOND)
    w.decide(keys[2], DecisionKind.DONE, datetime(2026, 11, 1, 15, 0, tzinfo=UTC))  # 09:00 CST
    said = _descriptions(w, datetime(2026, 11, 1, 18, 0, tzinfo=UTC))
    assert said[action_uid(keys[0])].startswith("Marked done Sun 01 Nov 2026 01:30 CDT America/Chicago; "), said
    assert said[action_uid(keys[1])].startswith("Marked done Sun 01 Nov 2026 01:30 CST America/Chicago; "), said
    assert said[action_uid(keys[2])].startswith("Marked done Sun 01 Nov 2026 09:00 America/Chicago; "), said


def test_notes_scheduled_an_hour_apart_at_the_same_reading_are_told_apart():
    w, keys, people, opp = _world()
    for key, person, when in zip(keys, people, (FIRST, SECOND, datetime(2026, 11, 2, 15, 0, tzinfo=UTC))):
        w.sent(key, MessageKind.THANK_YOU, person, when, opp, state=MessageState.SCHEDULED)
    said = _descriptions(w, datetime(2026, 10, 31, 18, 0, tzinfo=UTC))
    assert "Afterview sends it Sun 01 Nov 2026 01:30 CDT America/Chicago by itself" in said[action_uid(keys[0])], said
    assert "Afterview sends it Sun 01 Nov 2026 01:30 CST America/Chicago by itself" in said[action_uid(keys[1])], said
    assert "Afterview sends it Mon 02 Nov 2026 09:00 America/Chicago by itself" in said[action_uid(keys[2])], said
