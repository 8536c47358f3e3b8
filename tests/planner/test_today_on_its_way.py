"""`today` (and `agenda`, `plan`): DUE and OVERDUE are what needs you; notes on their way have a
section of their own after them.

Found by a tester: approved and scheduled notes (and ones being sent) were listed under DUE or
OVERDUE with "approved (message 12): on its way, nothing to do": for a stressed user, DUE must
mean "you have something to do". A note on its way is listed under "ON ITS WAY (nothing to do):
N", with when it goes in the user's zone and its message id; one that needs the user despite
its approval (waiting for its mail account, retrying after an error), a failed send, one whose
outcome is unknown and one held back stay with the actions to do, each saying what to do.
`--json` keeps its records and fields, each marked `on_its_way`.

The demo's pipeline at Mon 30 Nov 23:30 UTC (six actions due or overdue), the user in Chicago,
the notes' states set in the database as the outbox leaves them.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone


from afterview.domain.model import Message, MessageKind, MessageState
from afterview.services import delivery
from tests.planner.monday_demo import av, demo, drafted  # noqa: F401 (demo: a fixture)

TUESDAY_9_CHICAGO = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
HEADING = "ON ITS WAY (nothing to do)"
WAITING = (f"{delivery.ACCOUNT_WAIT}SMTP smtp.mail.example:465: authentication failed for me; fix it "
           "(check it: afterview account test me), then it goes out")
HELD = "not sent: they are out of office, back Thu 3 Dec or the business day after; a draft again (approve it and schedule it again from Thu 3 Dec on)"
JSON_FIELDS = {"key", "kind", "person_id", "opportunity_id", "state", "due", "earliest", "reason", "message_id",
               "person_name", "opportunity_title"}


def set_state(store, message_id: int, state: MessageState, *, scheduled_at=None, attempts=0, last_error="") -> None:
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state, message.scheduled_at = state, scheduled_at
        message.attempts, message.last_error = attempts, last_error
        if state in (MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING):
            message.approved_at = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)
        tx.update(message)


def parts(out: str) -> tuple[str, str]:
    """A listing's part before the notes on their way, and that section (from its heading)."""
    before, heading, after = out.partition(HEADING)
    return before, heading + after


def test_notes_on_their_way_have_a_section_of_their_own(demo):
    scheduled, approved = drafted("thank_you:i1:p1"), drafted("thank_you:i1:p2")
    waiting, failed = drafted("thank_you:i1:p3"), drafted("thank_you:i4:p6")
    held = drafted("rejection_reply:o3:p5")
    set_state(demo, scheduled, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO)
    set_state(demo, approved, MessageState.APPROVED)
    set_state(demo, waiting, MessageState.APPROVED, attempts=1, last_error=WAITING)
    set_state(demo, failed, MessageState.FAILED, attempts=1, last_error="550 5.1.1 No such user")
    set_state(demo, held, MessageState.DRAFTED, last_error=HELD)

    out = av("today").out
    todo, going = parts(out)
    # what needs you: each still due or overdue, saying what to do; nothing there is "nothing to do"
    for key in ("thank_you:i1:p3", "thank_you:i4:p6", "rejection_reply:o3:p5", "linkedin_note:p5"):
        assert f"key: {key}" in todo
    assert f"approved (message {waiting}): {WAITING} (afterview show {waiting})" in todo
    assert f"its send failed (message {failed}): afterview show {failed}" in todo
    assert f"held back, a draft again (message {held}): afterview show {held} says why" in todo
    assert "nothing to do" not in todo and "on its way" not in todo
    assert "thank_you:i1:p1" not in todo and "thank_you:i1:p2" not in todo
    # on their way: counted, the soonest first, each with when it goes (your time) and its message
    assert going.splitlines()[:7] == [
        f"{HEADING}: 2",
        f"  Tom Becker (email) approved (message {approved}): goes with the next send round",
        "           Thank-you note (Senior Data Engineer at Northwind Analytics)",
        "           key: thank_you:i1:p2",
        f"  Priya Raman (email) scheduled (message {scheduled}): goes Tue 2026-12-01 09:00",
        "           Thank-you note (Senior Data Engineer at Northwind Analytics)",
        "           key: thank_you:i1:p1",
    ]
    assert "Times are yours (America/Chicago)" in out
    assert parts(av("today", "--by", "kind").out)[1] == going  # grouped by kind: the same section
    assert "more planned later" in going  # what comes after the listing still does

    # --json: the same records in the same order, every field kept, each marked
    before = json.loads(av("today", "--json").out)
    assert [r["key"] for r in before] == ["thank_you:i4:p6", "thank_you:i1:p1", "thank_you:i1:p2",
                                          "thank_you:i1:p3", "rejection_reply:o3:p5", "linkedin_note:p5"]
    for record in before:
        assert JSON_FIELDS <= set(record), record
    assert {r["key"] for r in before if r["on_its_way"]} == {"thank_you:i1:p1", "thank_you:i1:p2"}
    assert all(r["on_its_way"] is False for r in before if r["key"] not in ("thank_you:i1:p1", "thank_you:i1:p2"))

    # agenda and plan say the same of the same notes
    for listing in (av("agenda", "--days", "3").out, av("plan").out):
        todo_there, going_there = parts(listing)
        assert going_there.startswith(f"{HEADING}: 2\n")
        assert f"approved (message {approved}): goes with the next send round" in going_there
        assert f"scheduled (message {scheduled}): goes Tue 2026-12-01 09:00" in going_there
        assert "key: thank_you:i1:p3" in todo_there and "thank_you:i1:p1" not in todo_there
        assert "nothing to do" not in todo_there
    agenda = {r["key"]: r["on_its_way"] for r in json.loads(av("agenda", "--days", "3", "--json").out)}
    assert agenda["thank_you:i1:p1"] and agenda["thank_you:i1:p2"] and not agenda["thank_you:i1:p3"]


def test_a_day_with_only_notes_on_their_way_says_nothing_needs_you(demo):
    for key in ("thank_you:i1:p3", "thank_you:i4:p6", "rejection_reply:o3:p5", "linkedin_note:p5"):
        av("skip", key, "--reason", "handled")
    scheduled, sending = drafted("thank_you:i1:p1"), drafted("thank_you:i1:p2")
    set_state(demo, scheduled, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO)

    out = av("today").out
    todo, going = parts(out)
    assert "key: thank_you:i1:p2" in todo and "Nothing needs you" not in out  # still a draft: it needs you
    assert going.startswith(f"{HEADING}: 1\n")

    set_state(demo, sending, MessageState.SENDING)
    out = av("today").out
    todo, going = parts(out)
    assert "Nothing needs you right now; 2 notes are on their way (below)." in todo
    assert "OVERDUE" not in out and "key:" not in todo
    assert going.startswith(f"{HEADING}: 2\n")
    # claimed at 23:30 UTC (the draft's moment): being sent, or cut off, found out five minutes later
    assert (f"  Tom Becker (email) sending (message {sending}): being sent since Mon 2026-11-30 17:30; if no Afterview "
            "program is sending it, the send was cut off, and afterview send-due finds out from Mon 2026-11-30 17:35 "
            "on whether it went out\n") in going
    assert [r["on_its_way"] for r in json.loads(av("today", "--json").out)] == [True, True]
    assert "Nothing needs you in the next 7 days" not in av("agenda").out  # later actions need you there


def test_a_retry_and_an_unknown_outcome_stay_with_what_needs_you(demo):
    retrying, unknown = drafted("thank_you:i1:p1"), drafted("thank_you:i1:p2")
    set_state(demo, retrying, MessageState.SCHEDULED, scheduled_at=TUESDAY_9_CHICAGO, attempts=2,
              last_error="SMTP smtp.mail.example:465: 451 try again later")
    set_state(demo, unknown, MessageState.FAILED, attempts=1, last_error=delivery.UNKNOWN_OUTCOME)
    out = av("today").out
    assert HEADING not in out
    assert (f"scheduled (message {retrying}): retrying after an error: SMTP smtp.mail.example:465: 451 try again "
            f"later (afterview show {retrying})") in out
    assert f"its send may have arrived (message {unknown}): afterview show {unknown}" in out
    assert not any(r["on_its_way"] for r in json.loads(av("today", "--json").out))


def _message(state: MessageState, **kw) -> Message:
    return Message(id=1, kind=MessageKind.THANK_YOU, person_id=1, state=state, **kw)


def test_the_rule():
    from afterview.services.planning import on_its_way

    assert not on_its_way(None)
    for state in (MessageState.APPROVED, MessageState.SCHEDULED, MessageState.SENDING):
        assert on_its_way(_message(state)), state
    for state in (MessageState.DRAFTED, MessageState.FAILED, MessageState.SENT, MessageState.CANCELLED,
                  MessageState.DONE_ELSEWHERE):
        assert not on_its_way(_message(state)), state
    assert not on_its_way(_message(MessageState.APPROVED, attempts=1, last_error=WAITING))
    assert not on_its_way(_message(MessageState.SCHEDULED, attempts=3, last_error="451 later"))
    assert on_its_way(_message(MessageState.SENDING, attempts=3, last_error="451 later"))  # being tried again now
    assert on_its_way(_message(MessageState.APPROVED, last_error=""))


def test_a_long_account_error_keeps_the_command_that_fixes_it(demo):
    """A server's answer may be long; the words of an account that cannot send end with the
    command that fixes it, and `today` keeps them whole (a 200-character cut left
    'afterview account test h...')."""
    waiting = drafted("thank_you:i1:p3")
    server = "authentication failed: " + "the server explains at length why it refused the login. " * 4
    long_wait = (f"{delivery.ACCOUNT_WAIT}SMTP smtp.mail.example:465: {server}; fix it "
                 "(check it: afterview account test home-mail), then it goes out")
    assert len(long_wait) > 300
    set_state(demo, waiting, MessageState.APPROVED, attempts=1, last_error=long_wait)
    todo, _ = parts(av("today").out)
    assert "(check it: afterview account test home-mail), then it goes out" in " ".join(todo.split())
