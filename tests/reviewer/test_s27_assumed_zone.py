"""A send time at night for a recipient with no zone recorded is said "for the recipient
(ZONE, assumed: ...)", not "their time (ZONE)": the zone is the planner's fallback (yours, or the
playbook's `[calendar]`), not theirs, and "their time" told the user something false. Found by a
tester with `send --at` to a contact with no zone."""

from __future__ import annotations

from datetime import datetime, timezone

from afterview.domain.model import Person, Profile
from afterview.reviewer import review
from afterview.reviewer.context import recipient_place
from afterview.reviewer.model import ReviewContext

BODY = "Hi Jon,\n\nThank you for the call about the pipeline work.\n\nBest,\nAl"
NIGHT = datetime(2027, 3, 3, 8, 0, tzinfo=timezone.utc)  # 02:00 in Chicago, a Wednesday


def _timing(recorded: bool) -> list[str]:
    context = ReviewContext(kind="status_check", send_at=NIGHT, recipient_timezone="America/Chicago",
                            recipient_country="US", recipient_zone_recorded=recorded)
    return [f.message for f in review("Checking in", BODY, context) if f.code == "timing"]


def test_an_assumed_zone_is_not_said_as_theirs():
    said = " ".join(_timing(False))
    assert "02:00 for the recipient (America/Chicago, assumed: none is recorded for them)" in said, said
    assert "their time" not in said


def test_a_recorded_zone_is_their_time():
    said = " ".join(_timing(True))
    assert "02:00 their time (America/Chicago)" in said, said


def test_the_place_says_whether_the_zone_is_recorded():
    profile = Profile(name="Al", timezone="America/Chicago")
    assert recipient_place(Person(name="Jon", timezone=""), profile, None)["recipient_zone_recorded"] is False
    assert recipient_place(Person(name="Jon", timezone="Europe/Berlin"), profile, None)["recipient_zone_recorded"] is True
