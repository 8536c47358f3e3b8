"""A thank-you sent within the slot the plan gave it is on time, also once it has gone; a sent
note that really was late is not told to be sent.

Found by a tester: a Friday 14:00 interview in Chicago; `approve 2` said "it goes out Mon 08:00
... the planned moment", and it was sent Mon 08:01. Then `afterview show 2` said "a thank-you 3
days after the interview is late (over 48 h) - Send it anyway, as soon as possible": once the
note had gone, the plan had no action for it, so the review fell back on its 48 hours. The due
moment is the plan's as it stood while the note waited to go.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from afterview.domain.model import Decision, DecisionKind, Message, MessageState
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.reviewer import review
from afterview.reviewer.context import context_for_message
from afterview.storage import open_store

from tests.helpers import afterview
from tests.reviewer.test_timing_agrees import BODY, SUBJECT, facts_with

CHICAGO = ZoneInfo("America/Chicago")


def findings(facts, scheduled: datetime, state=MessageState.SENT, sent: datetime | None = None) -> list:
    """The review's timing findings of message 1, set for `scheduled` and in `state` (sent a minute
    after it, or at `sent`)."""
    message = facts.messages[0]
    message.scheduled_at, message.state = scheduled, state
    if state == MessageState.SENT:
        message.sent_at = sent or scheduled + timedelta(minutes=1)
    context = context_for_message(facts, message, DEFAULT_PLAYBOOK)
    return [f for f in review(SUBJECT, BODY, context) if f.code == "timing"]


def test_a_fridays_note_sent_in_its_monday_slot_stays_on_time():
    facts = facts_with(datetime(2026, 11, 27, 14, 0, tzinfo=CHICAGO), tz="America/Chicago")  # a Friday
    monday_eight = datetime(2026, 11, 30, 8, 0, tzinfo=CHICAGO)
    assert findings(facts, monday_eight, MessageState.SCHEDULED) == []
    assert findings(facts, monday_eight) == []  # sent at 08:01: the same moment, the same review
    assert findings(facts, monday_eight, MessageState.DONE_ELSEWHERE) == []
    late = findings(facts, datetime(2026, 11, 30, 9, 30, tzinfo=CHICAGO))  # past the slot
    assert [f.message for f in late] == [
        "a thank-you 3 days after the interview is late (over 48 h, and past its planned due moment, Mon "
        "2026-11-30 09:00 their time (America/Chicago))"]
    assert late[0].suggestion == "It went out already: nothing to change now."


def test_a_note_sent_in_the_slot_after_christmas_stays_on_time():
    # Thu 24 Dec 2026: Christmas Day and the weekend follow, so the slot is Mon 28 Dec 08:00-09:00
    facts = facts_with(datetime(2026, 12, 24, 10, 0, tzinfo=CHICAGO), tz="America/Chicago")
    assert findings(facts, datetime(2026, 12, 28, 8, 30, tzinfo=CHICAGO)) == []


def test_a_snoozed_note_sent_when_the_plan_had_it_due_stays_on_time():
    facts = facts_with(datetime(2026, 12, 1, 10, 0, tzinfo=CHICAGO), tz="America/Chicago")  # a Tuesday
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=CHICAGO)
    facts.decisions.append(Decision(kind=DecisionKind.SNOOZE, action_key="thank_you:i1:p1",
                                    at=datetime(2026, 12, 1, 12, tzinfo=CHICAGO), until=friday))
    assert findings(facts, friday, MessageState.SCHEDULED) == []
    assert findings(facts, friday) == []


def test_a_weekday_note_sent_days_late_is_late_and_not_told_to_be_sent():
    facts = facts_with(datetime(2026, 12, 1, 10, 0, tzinfo=CHICAGO), tz="America/Chicago")  # due Wed 11:00
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=CHICAGO)
    waiting = findings(facts, friday, MessageState.SCHEDULED)
    assert [f.suggestion for f in waiting] == ["Send it anyway, as soon as possible, without 'yesterday'."]
    sent = findings(facts, friday)
    assert [f.message for f in sent] == [f.message for f in waiting]
    assert sent[0].message == ("a thank-you 3 days after the interview is late (over 48 h, and past its planned "
                               "due moment, Wed 2026-12-02 11:00 their time (America/Chicago))")
    assert [f.suggestion for f in sent] == ["It went out already: nothing to change now."]


def test_show_of_a_fridays_note_sent_in_its_slot_finds_it_on_time(tmp_path):
    # the tester's commands: a Friday 14:00 interview (Chicago), its note sent Mon 08:01
    db = str(tmp_path / "av.db")
    for command in (
        ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--phone", "+1 555 0100",
         "--tz", "America/Chicago", "--country", "US"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Senior Data Engineer"),
        ("person", "add", "Tom Becker", "--email", "tom.becker@northwind.example", "--company", "Northwind Analytics"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-27 14:00", "--duration", "60m",
         "--stage", "panel interview", "--with", "Tom Becker"),
        ("debrief", "1", "--person", "Tom Becker", "--topic", "the Kafka migration"),
        ("draft", "thank_you:i1:p1"),
    ):
        done = afterview("--db", db, "--at", "2026-11-27 16:00", *command)
        assert done.code == 0, (command, done.out, done.err)
    store = open_store(f"sqlite:///{db}")
    try:
        with store.transaction() as tx:
            (message,) = tx.list(Message)
            message.state = MessageState.SENT
            message.scheduled_at = datetime(2026, 11, 30, 8, 0, tzinfo=CHICAGO)
            message.sent_at = datetime(2026, 11, 30, 8, 1, tzinfo=CHICAGO)
            tx.update(message)
    finally:
        store.close()
    shown = afterview("--db", db, "--at", "2026-11-30 08:30", "show", str(message.id))
    assert shown.code == 0, shown.err
    assert "timing" not in shown.out and "Send it anyway" not in shown.out, shown.out
