"""`afterview done KEY` while that action's note is being sent (found by a tester: it printed
`done: KEY`, and the note went out all the same). Marking it done would not stop the send, and
would record it as handled elsewhere as it goes: refused in one line that says so, nothing
recorded; once the send is over, `done` is as before."""

from datetime import timedelta

from afterview.delivery.outbox import LEASE
from afterview.domain.model import Decision, Message, MessageState, Role
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.helpers import afterview, assert_clean_error


def _sending(store, seeded, *, since):
    """Bob's thank-you for yesterday's interview, claimed by the outbox at `since`: (db, key, id)."""
    found = add_interview(store, seeded, NOW - timedelta(days=1), role=Role.RECRUITER)
    message_id = add_message(store, found, state=MessageState.SENDING, account="test", action_key=found["key"],
                             approved_at=since, updated_at=since, attempts=1)
    return str(store.where), found["key"], message_id


def _recorded(store) -> tuple[list, MessageState]:
    with store.transaction() as tx:
        return tx.list(Decision), tx.list(Message)[0].state


def test_done_while_its_note_is_being_sent_says_so_and_records_nothing(store, seeded, afterview_home):
    db, key, message_id = _sending(store, seeded, since=NOW - timedelta(seconds=20))
    done = afterview("--db", db, "--at", NOW.isoformat(), "done", key, "--note", "sent from my phone")
    assert_clean_error(done)
    assert done.err.strip() == (
        f"afterview: error: {key}: message {message_id} is being sent right now, so it needs no done: once sent, "
        f"the action counts as done; nothing was recorded (afterview show {message_id} says how it went; if "
        f"that send fails and you handled it yourself, mark it done then)")
    assert done.out == ""
    assert _recorded(store) == ([], MessageState.SENDING)


def test_done_while_an_interrupted_send_holds_it_says_the_next_round_finds_out(store, seeded, afterview_home):
    db, key, message_id = _sending(store, seeded, since=NOW - LEASE - timedelta(minutes=1))
    done = afterview("--db", db, "--at", NOW.isoformat(), "done", key)
    assert_clean_error(done, f"message {message_id} was being sent by an Afterview program that was interrupted",
                       "afterview send-due", "nothing was recorded")
    assert _recorded(store) == ([], MessageState.SENDING)


def test_done_once_the_send_failed_marks_it_done_as_ever(store, seeded, afterview_home):
    db, key, message_id = _sending(store, seeded, since=NOW - timedelta(seconds=20))
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state, message.last_error = MessageState.FAILED, "550 mailbox unavailable"
        tx.update(message)
    done = afterview("--db", db, "--at", NOW.isoformat(), "done", key)
    assert done.code == 0, done.err
    assert done.out.splitlines()[0] == f"done: {key}"
    decisions, _ = _recorded(store)
    assert [d.action_key for d in decisions] == [key]


def test_skip_and_snooze_while_its_note_is_being_sent_say_so_and_record_nothing(store, seeded, afterview_home):
    """The same rule as `done`, in the service every interface calls (the desk's Done and Skip
    went through while the note went out: the skip then said it would not go, and it went)."""
    db, key, message_id = _sending(store, seeded, since=NOW - timedelta(seconds=20))
    skip = afterview("--db", db, "--at", NOW.isoformat(), "skip", key, "--reason", "changed my mind")
    assert_clean_error(skip)
    assert skip.err.strip() == (
        f"afterview: error: {key}: message {message_id} is being sent right now, so it can no longer be skipped: "
        f"once sent, the action counts as done; nothing was recorded (afterview show {message_id} says how it "
        "went; if that send fails, decide then)")
    snooze = afterview("--db", db, "--at", NOW.isoformat(), "snooze", key, "--until", "2027-01-05 09:00")
    assert_clean_error(snooze, "so it can no longer be put off", "nothing was recorded")
    assert _recorded(store) == ([], MessageState.SENDING)
