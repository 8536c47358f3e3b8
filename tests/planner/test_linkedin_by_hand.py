"""A LinkedIn note is sent by hand: when it is due on the recipient's day off or in their night,
the plan says when to send it, not to schedule it (it cannot be scheduled)."""

from __future__ import annotations

import json

from tests.helpers import afterview


def _notes(at: str) -> dict[str, str]:
    done = afterview("--at", at, "today", "--json")
    assert done.code == 0, done.err
    return {r["key"]: r.get("note") or "" for r in json.loads(done.out)}


def test_a_linkedin_note_due_on_their_weekend_is_sent_by_hand_on_their_next_business_day(afterview_home):
    # loaded as of that moment: the demo is built around the day it is loaded, not the real date
    assert afterview("--at", "2026-11-28T16:00", "demo", "--no-agenda").code == 0
    notes = _notes("2026-11-28T16:00")  # a Saturday morning for everyone in the demo (10:00 in Chicago)
    linkedin = notes["linkedin_note:p5"]
    assert "it is the weekend for them (Sat 28 Nov): send it by hand on their next business day, Mon 30 Nov" in linkedin
    assert "schedule it" not in linkedin
    # an email due then is still to be scheduled
    assert any("schedule it for their next business morning" in note
               for key, note in notes.items() if not key.startswith("linkedin_note"))
