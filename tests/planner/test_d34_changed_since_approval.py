"""`today` foresees every hold of the outbox's round, not only those of its plan check: read
only, by one rule (`services.planning.outgoing`, `changed_since`).

After its plan check (`delivery.unplanned`), the outbox's round holds back a note approved or
scheduled whose records changed since in a way `person edit` or `interview edit` would not have
let it stay approved (`delivery.changed_since_approval`): its address is no longer its
person's, its interview now ends after the note goes out, or a note of ours to that address
bounced after it was approved. `today` listed such a note under ON ITS WAY, and the desk under
*On their way*, until the round made it a draft again. Each is foreseen from the facts alone,
nothing written, and listed under HELD BACK with the outbox's own reason and what to do; the
round then holds back exactly those, for that reason.

The demo's pipeline at Mon 30 Nov 23:30 UTC, the user in Chicago; the records changed in the
database as a change the edits could not reach leaves them (a note being sent while its person
was edited, then put back for a retry; a bounce read by another copy of the data).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


from afterview.domain.model import Interview, Message, MessageKind, MessageState, Person
from afterview.planner import DEFAULT_PLAYBOOK
from afterview.services import delivery, planning
from tests.planner.monday_demo import av, demo, drafted  # noqa: F401 (demo: a fixture)

NOW = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
APPROVED = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)
TUESDAY_9_CHICAGO = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
PRIYA, TOM = "thank_you:i1:p1", "thank_you:i1:p2"
GOING = "ON ITS WAY (nothing to do)"
HELD = "HELD BACK (approved, but it will not go as it is)"


def approved(store, message_id: int, *, scheduled_at=None) -> Message:
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state = MessageState.SCHEDULED if scheduled_at else MessageState.APPROVED
        message.scheduled_at, message.approved_at = scheduled_at, APPROVED
        tx.update(message)
        return message


def section(out: str, heading: str) -> str:
    if heading not in out:
        return ""
    return out[out.index(heading):].split("\n\n")[0]


def foreseen(store) -> dict[int, tuple[str, str]]:
    """What `outgoing` says will be held back: id -> (why, then), as the desk asks it."""
    with store.reading() as tx:
        facts = tx.facts()
        actions = planning.current_plan(None, DEFAULT_PLAYBOOK, NOW, facts)
        out = planning.outgoing(tx, facts, DEFAULT_PLAYBOOK, NOW, actions)
    terminal = planning.today_plan(store, facts, DEFAULT_PLAYBOOK, NOW).outgoing
    assert {(h.message.id, h.why, h.then) for h in out.held} == {(h.message.id, h.why, h.then) for h in terminal.held}
    return {h.message.id: (h.why, h.then) for h in out.held}


def held_by_the_outbox(store) -> dict[int, str]:
    return dict(delivery.hold_back_planned(store, now=NOW, playbook=DEFAULT_PLAYBOOK, accounts={}))


def assert_same_as_the_round(store, expected: set[int]) -> None:
    """`today` lists them under HELD BACK, not ON ITS WAY; the round holds back those, for that reason."""
    said = foreseen(store)
    assert set(said) == expected
    out = av("today").out
    for message_id, (why, then) in said.items():
        held = section(out, HELD)
        assert f"(message {message_id}): held back before it goes: {why}" in " ".join(held.split()), out
        assert f"(message {message_id})" not in section(out, GOING)
    done = held_by_the_outbox(store)
    assert set(done) == expected
    for message_id, (why, _) in said.items():
        assert done[message_id].removeprefix("not sent: ").startswith(why), (done[message_id], why)


def test_a_note_to_an_address_no_longer_theirs_is_held_back_and_said_so(demo):
    tom = drafted(TOM)
    old = approved(demo, tom, scheduled_at=TUESDAY_9_CHICAGO).to_address
    with demo.transaction() as tx:  # changed as an edit that could not reach the note leaves it
        person = tx.get(Person, 2)
        person.emails = ["tom@becker.example"]
        tx.update(person)

    why, then = foreseen(demo)[tom]
    assert why == f"not sent to {old}: Tom Becker's address is now tom@becker.example"
    assert then.startswith("the next send round readdresses it to them and makes it a draft again")
    assert_same_as_the_round(demo, {tom})
    with demo.reading() as tx:
        assert tx.get(Message, tom).to_address == "tom@becker.example"


def test_a_note_set_to_go_before_its_interview_now_ends_is_held_back(demo):
    priya, tom = drafted(PRIYA), drafted(TOM)
    approved(demo, priya, scheduled_at=TUESDAY_9_CHICAGO)
    approved(demo, tom, scheduled_at=TUESDAY_9_CHICAGO + timedelta(days=3))
    with demo.transaction() as tx:  # the interview now ends on Wed 2 Dec, between the two notes
        interview = tx.get(Interview, 1)
        length = interview.end - interview.start
        interview.start = datetime(2026, 12, 2, 19, 30, tzinfo=timezone.utc)
        interview.end = interview.start + length
        tx.update(interview)

    said = foreseen(demo)
    assert set(said) == {priya}
    why, then = said[priya]
    assert why.startswith("the interview now ends Wed 02 Dec 2026 ")
    assert why.endswith("after the note was set to go out")
    assert f"afterview send {priya} --at WHEN (after Wed 2 Dec " in then
    assert_same_as_the_round(demo, {priya})


def test_a_note_to_an_address_that_bounced_since_its_approval_is_held_back(demo):
    priya, tom = drafted(PRIYA), drafted(TOM)
    address = approved(demo, tom).to_address
    approved(demo, priya)
    with demo.transaction() as tx:  # a note to Tom's address bounced, read after Tom's was approved
        tx.add(Message(kind=MessageKind.STATUS_CHECK, person_id=2, state=MessageState.FAILED, to_address=address,
                       subject="Checking in", body="Hi Tom", created_at=APPROVED - timedelta(days=3),
                       updated_at=APPROVED + timedelta(minutes=10),
                       last_error="bounced: 550 5.1.1 no such user"))

    said = foreseen(demo)
    assert set(said) == {tom}
    why, then = said[tom]
    assert why.endswith("bounced (550 5.1.1 no such user): check the address first")
    assert then.startswith(f"check {address} (afterview person edit 2 --email ADDRESS gives another)")
    assert_same_as_the_round(demo, {tom})


def test_approved_again_after_the_bounce_it_goes(demo):
    """The user's answer to the bounce: approved again once it was read, the note is on its way."""
    tom = drafted(TOM)
    address = approved(demo, tom).to_address
    with demo.transaction() as tx:
        tx.add(Message(kind=MessageKind.STATUS_CHECK, person_id=2, state=MessageState.FAILED, to_address=address,
                       subject="Checking in", body="Hi Tom", created_at=APPROVED - timedelta(days=3),
                       updated_at=APPROVED - timedelta(minutes=10), last_error="bounced: 550 5.1.1 no such user"))
    assert foreseen(demo) == {}
    assert f"(message {tom})" in section(av("today").out, GOING)
    assert held_by_the_outbox(demo) == {}
