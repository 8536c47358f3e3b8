"""The review's timing lines say which reading a time in the hour the clocks go back is.

On Sun 1 Nov 2026 Chicago's clocks go from 01:59 CDT back to 01:00 CST: 06:30Z is 01:30 CDT and
07:30Z, an hour later, 01:30 CST. A note set to arrive then, at night for a recipient in
Chicago, is warned about with its time on their clock, each reading said; every other time
reads as before.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from afterview.domain.model import (
    Company, Facts, Interview, Message, MessageKind, MessageState, Opportunity, Participant, Person, Profile,
)
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.reviewer import review
from afterview.reviewer.context import context_for_message

CHICAGO = ZoneInfo("America/Chicago")
UTC = timezone.utc
FIRST = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT
SECOND = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CST, an hour later
SUBJECT = "Thank you - Data Engineer interview"
BODY = ("Hi Jon,\n\nThank you for the conversation about the Kafka migration on Friday. I enjoyed hearing how "
        "your team moved its nightly batch jobs to streaming, and I would bring the same care to the "
        "next phase.\n\nBest regards,\nAlex Morgan\n")


def _timing(send_at: datetime) -> list[str]:
    """The review's timing lines for Jon's thank-you (Jon in Chicago; the interview Friday 30
    October, 10:00-11:00 there) scheduled for `send_at`."""
    start = datetime(2026, 10, 30, 10, 0, tzinfo=CHICAGO)
    facts = Facts(
        profile=Profile(name="Alex Morgan", timezone="Europe/Berlin", country="DE"),
        companies={1: Company(id=1, name="Globex")},
        opportunities={1: Opportunity(id=1, company_id=1, role="Data Engineer")},
        people={1: Person(id=1, name="Jon Smith", emails=["jon@globex.example"], company_id=1,
                          timezone="America/Chicago", country="US")},
        interviews={1: Interview(id=1, opportunity_id=1, start=start, end=start.replace(hour=11),
                                 timezone="America/Chicago", participants=[Participant(person_id=1)])},
        messages=[Message(id=1, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                          action_key="thank_you:i1:p1", subject=SUBJECT, body=BODY, state=MessageState.SCHEDULED,
                          to_address="jon@globex.example", scheduled_at=send_at)],
    )
    context = context_for_message(facts, facts.messages[0], DEFAULT_PLAYBOOK)
    return [f.message for f in review(SUBJECT, BODY, context) if f.code == "timing"]


def test_a_night_time_an_hour_apart_at_the_same_reading_is_told_apart():
    first, second = _timing(FIRST), _timing(SECOND)
    assert ("arrives outside the recipient's waking hours (07:00-20:00): Sun 2026-11-01 01:30 CDT their time "
            "(America/Chicago)") in first, first
    assert ("arrives outside the recipient's waking hours (07:00-20:00): Sun 2026-11-01 01:30 CST their time "
            "(America/Chicago)") in second, second
    assert "scheduled on a Sunday (2026-11-01 01:30 CDT their time (America/Chicago))" in first, first
    assert "scheduled on a Sunday (2026-11-01 01:30 CST their time (America/Chicago))" in second, second


def test_every_other_time_reads_as_before():
    # 02:30 CST, an hour after the repeated hour, and a night the clocks do not change
    assert ("arrives outside the recipient's waking hours (07:00-20:00): Sun 2026-11-01 02:30 their time "
            "(America/Chicago)") in _timing(datetime(2026, 11, 1, 8, 30, tzinfo=UTC))
    assert ("arrives outside the recipient's waking hours (07:00-20:00): Sat 2026-10-31 01:30 their time "
            "(America/Chicago)") in _timing(datetime(2026, 10, 31, 6, 30, tzinfo=UTC))
