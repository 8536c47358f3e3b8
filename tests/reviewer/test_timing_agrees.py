"""The review's `timing` agrees with the planner, and judges the moment a note arrives.

- A thank-you sent by the moment the plan has it due (the Friday and pre-holiday slots, a
  snooze) is not late, however many hours after the interview that is; past it, it is late.
- A thank-you set to go out before its interview has ended is an error (the approval gate
  stops it); other kinds keep the warning.
- A send time outside the recipient's waking hours, in their zone, is a warning.
- Several problems with one moment are each said (they have no span to tell them apart).
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.model import (
    Company, Decision, DecisionKind, Facts, Interview, Message, MessageKind, MessageState, Opportunity,
    Participant, Person, Profile,
)
from afterview.planner import DEFAULT_PLAYBOOK, plan
from afterview.reviewer import ReviewConfig, ReviewContext, review
from afterview.reviewer.context import context_for_message

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
LONDON = ZoneInfo("Europe/London")
SUBJECT = "Thank you - Data Engineer interview"
BODY = ("Hi Jon,\n\nThank you for the conversation about the Kafka migration today. I enjoyed hearing how "
        "your team moved its nightly batch jobs to streaming, and I would bring the same care to the "
        "next phase. Our own move cut delays from hours to minutes.\n\nI look forward to the next "
        "steps.\n\nBest regards,\nAlex Morgan\n+49 30 1234\n")


def facts_with(start: datetime, *, tz: str = "America/New_York", country: str = "US") -> Facts:
    """Jon Smith (in `tz`, `country`) interviewed the user for an hour at `start`; his
    thank-you note is message 1 (its time is set per test)."""
    end = start.replace(hour=start.hour + 1)
    return Facts(
        profile=Profile(name="Alex Morgan", timezone="Europe/Berlin", country="DE"),
        companies={1: Company(id=1, name="Globex")},
        opportunities={1: Opportunity(id=1, company_id=1, role="Data Engineer")},
        people={1: Person(id=1, name="Jon Smith", emails=["jon@globex.example"], company_id=1, timezone=tz,
                          country=country)},
        interviews={1: Interview(id=1, opportunity_id=1, start=start, end=end, timezone=tz,
                                 participants=[Participant(person_id=1)])},
        messages=[Message(id=1, kind=MessageKind.THANK_YOU, person_id=1, opportunity_id=1, interview_id=1,
                          action_key="thank_you:i1:p1", subject=SUBJECT, body=BODY,
                          state=MessageState.SCHEDULED, to_address="jon@globex.example")],
    )


def timing(facts: Facts, send_at: datetime, playbook=DEFAULT_PLAYBOOK, config=None) -> list:
    message = facts.messages[0]
    message.scheduled_at = send_at
    context = context_for_message(facts, message, playbook)
    return [f for f in review(SUBJECT, BODY, context, config) if f.code == "timing"]


def late(findings) -> list:
    return [f for f in findings if "is late" in f.message]


def test_a_friday_note_in_its_monday_slot_is_on_time():
    # Found by a tester: "schedule it for Mon 7 Dec 08:00-09:00 their time", and the review
    # called that slot late (69 h after the interview, over 48 h).
    facts = facts_with(datetime(2026, 12, 4, 10, 0, tzinfo=NY))  # a Friday
    planned = next(a for a in plan(facts, DEFAULT_PLAYBOOK, datetime(2026, 12, 4, 15, tzinfo=NY))
                   if a.key == "thank_you:i1:p1")
    assert planned.due == datetime(2026, 12, 7, 9, 0, tzinfo=NY)
    assert timing(facts, datetime(2026, 12, 7, 8, 0, tzinfo=NY)) == []
    assert timing(facts, datetime(2026, 12, 7, 9, 0, tzinfo=NY)) == []  # its last minute
    past = late(timing(facts, datetime(2026, 12, 7, 9, 30, tzinfo=NY)))
    assert len(past) == 1 and past[0].severity == "warning"
    assert "past its planned due moment, Mon 2026-12-07 09:00 their time (America/New_York)" in past[0].message


def test_the_english_easter_monday_moves_the_slot_to_tuesday():
    thursday = datetime(2027, 3, 25, 10, 0, tzinfo=LONDON)
    tuesday_slot = datetime(2027, 3, 30, 8, 0, tzinfo=LONDON)  # 117 h after the interview
    in_england = facts_with(thursday, tz="Europe/London", country="GB-ENG")
    assert timing(in_england, tuesday_slot) == []
    # in Scotland Easter Monday is a business day: due Monday 09:00 there, so Tuesday is late
    in_scotland = facts_with(thursday, tz="Europe/London", country="GB-SCT")
    assert len(late(timing(in_scotland, tuesday_slot))) == 1
    assert timing(in_scotland, datetime(2027, 3, 29, 8, 30, tzinfo=LONDON)) == []


def test_a_us_state_holiday_does_not_move_the_slot():
    # California's Day After Thanksgiving closes state offices, not employers: due Friday 09:00
    in_california = facts_with(datetime(2026, 11, 25, 10, 0, tzinfo=LA), tz="America/Los_Angeles", country="US-CA")
    assert len(late(timing(in_california, datetime(2026, 11, 30, 8, 0, tzinfo=LA)))) == 1
    assert timing(in_california, datetime(2026, 11, 27, 8, 30, tzinfo=LA)) == []


def test_a_snoozed_note_is_due_when_the_plan_says():
    facts = facts_with(datetime(2026, 12, 1, 10, 0, tzinfo=NY))  # a Tuesday: due Wed 11:00
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=NY)
    assert len(late(timing(facts, friday))) == 1
    facts.decisions.append(Decision(kind=DecisionKind.SNOOZE, action_key="thank_you:i1:p1",
                                    at=datetime(2026, 12, 1, 12, tzinfo=NY), until=friday))
    assert late(timing(facts, friday)) == []


def test_the_users_playbook_sets_the_slot(tmp_path):
    from afterview.planner import load_playbook

    (tmp_path / "playbook.toml").write_text('[friday_thank_you]\nwindow_end = "10:00"\n')
    mine = load_playbook(tmp_path / "playbook.toml")
    facts = facts_with(datetime(2026, 12, 4, 10, 0, tzinfo=NY))
    half_past_nine = datetime(2026, 12, 7, 9, 30, tzinfo=NY)
    assert late(timing(facts, half_past_nine, mine)) == []
    assert len(late(timing(facts, half_past_nine))) == 1


def test_a_note_the_plan_no_longer_has_falls_back_on_the_hours():
    facts = facts_with(datetime(2026, 12, 4, 10, 0, tzinfo=NY))
    facts.interviews[1].cancelled = True  # no thank-you planned for it any more
    assert len(late(timing(facts, datetime(2026, 12, 7, 8, 0, tzinfo=NY)))) == 1


def test_the_plan_is_asked_only_for_a_note_that_looks_late():
    asked = []
    end = datetime(2026, 12, 4, 16, 0, tzinfo=timezone.utc)

    def due():
        asked.append(1)
        return datetime(2026, 12, 7, 14, 0, tzinfo=timezone.utc)

    context = ReviewContext(kind="thank_you", send_at=datetime(2026, 12, 4, 18, tzinfo=timezone.utc),
                            interview_end=end, planned_due=due)
    assert [f for f in review(SUBJECT, BODY, context) if f.code == "timing"] == [] and asked == []
    context.send_at = datetime(2026, 12, 7, 13, tzinfo=timezone.utc)
    assert [f for f in review(SUBJECT, BODY, context) if f.code == "timing"] == [] and asked == [1]
    context.planned_due = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)  # a moment works as well
    assert [f.code for f in review(SUBJECT, BODY, context)].count("timing") == 1


def test_a_thank_you_before_its_interview_ends_is_an_error():
    # Found by a tester: scheduled for 10:30 during a 10:00-11:00 interview, only a warning.
    facts = facts_with(datetime(2027, 1, 13, 10, 0, tzinfo=NY))
    found = timing(facts, datetime(2027, 1, 13, 10, 30, tzinfo=NY))
    assert [f.severity for f in found] == ["error"]
    assert "before the interview ends (Wed 2027-01-13 11:00 their time (America/New_York))" in found[0].message
    # just after it: too soon, a warning as before
    soon = timing(facts, datetime(2027, 1, 13, 11, 20, tzinfo=NY))
    assert [f.severity for f in soon] == ["warning"] and "20 minutes after" in soon[0].message
    # the user's severities still apply to the code
    assert [f.severity for f in timing(facts, datetime(2027, 1, 13, 10, 30, tzinfo=NY),
                                       config=ReviewConfig(severities={"timing": "warning"}))] == ["warning"]


def test_other_kinds_before_the_interview_ends_stay_a_warning():
    end = datetime(2027, 1, 13, 16, 0, tzinfo=timezone.utc)
    context = ReviewContext(kind="status_check", send_at=end.replace(hour=15), interview_end=end)
    found = [f for f in review("Data Engineer role", "Hi Jon, any news on the timeline?", context)
             if f.code == "timing"]
    assert [f.severity for f in found] == ["warning"]


@pytest.mark.parametrize("hour, minute, night", [(2, 0, True), (6, 59, True), (7, 0, False), (12, 0, False),
                                                 (20, 0, False), (20, 1, True), (23, 30, True)])
def test_outside_waking_hours_in_their_zone(hour, minute, night):
    # Found by a tester: 08:00 in Berlin, 02:00 in New York, and no word of it anywhere.
    send = datetime(2026, 11, 24, hour, minute, tzinfo=NY)  # a Tuesday
    context = ReviewContext(kind="thank_you", send_at=send.astimezone(timezone.utc),
                            recipient_timezone="America/New_York", recipient_country="US")
    found = [f for f in review(SUBJECT, BODY, context) if f.code == "timing"]
    assert bool(found) == night
    if night:
        assert found[0].severity == "warning"
        assert "outside the recipient's waking hours (07:00-20:00)" in found[0].message
        assert f"{hour:02d}:{minute:02d} their time (America/New_York)" in found[0].message


def test_waking_hours_are_a_setting():
    from afterview.errors import ConfigError

    config = ReviewConfig.from_mapping({"waking_from": 6, "waking_until": 22.5})
    send = datetime(2026, 11, 24, 22, 15, tzinfo=NY)
    context = ReviewContext(kind="thank_you", send_at=send, recipient_timezone="America/New_York")
    assert [f for f in review(SUBJECT, BODY, context, config) if f.code == "timing"] == []
    context.send_at = send.replace(minute=45)
    found = [f for f in review(SUBJECT, BODY, context, config) if f.code == "timing"]
    assert len(found) == 1 and "(06:00-22:30)" in found[0].message
    with pytest.raises(ConfigError, match="waking_from must be before waking_until"):
        ReviewConfig.from_mapping({"waking_from": 20, "waking_until": 7})


def test_each_problem_with_a_moment_is_said():
    saturday_night = datetime(2026, 11, 28, 2, 0, tzinfo=NY)
    context = ReviewContext(kind="thank_you", send_at=saturday_night, recipient_timezone="America/New_York")
    found = [f.message for f in review(SUBJECT, BODY, context) if f.code == "timing"]
    assert len(found) == 2
    assert any("Saturday" in m for m in found) and any("waking hours" in m for m in found)


def test_the_catalogue_says_so():
    from afterview.reviewer import explain

    text = explain("timing")
    assert "waking_from" in text and "outside 07:00-20:00" in text
    assert "before the interview has even ended" in text and "the moment the plan has it due" in text
