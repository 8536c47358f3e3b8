"""A note that may have arrived is never thrown away so that its action is drafted again (found
by a crash tester).

Discarded, a note whose send's outcome is unknown left its action planned: a new draft was
made and sent, and the recipient had two copies. Now `discard` refuses it in one line with the
ways on (done, approve --resend, skip), and merging two people keeps it, discarding the plain
draft for the same action instead. Real SQLite file, real SMTP (aiosmtpd into Dovecot), real
IMAP, the commands as a user runs them; the send is killed after the server's 250
(tests/delivery/test_qa_rejection_unknown_outcome.py's `unknown`).
"""

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState, Person
from afterview.services import delivery
from tests.delivery.conftest import add_message
from tests.delivery.test_crash import LATER, delivered_copies, run_cli
from tests.delivery.test_qa_rejection_unknown_outcome import one_line_error, stored, unknown  # noqa: F401

pytestmark = pytest.mark.mail


def of_action(store, key) -> list[Message]:
    with store.transaction() as tx:
        return [x for x in tx.list(Message) if x.action_key == key]


def kept_person(store, message_id) -> int:
    return stored(store, message_id).person_id


def test_discard_is_refused_with_the_ways_on_and_no_second_copy_goes(mail, store, unknown):
    db, message_id, key, header, _ = unknown
    line = one_line_error(run_cli(db, "discard", str(message_id), at=LATER))
    assert line.startswith(f"afterview: error: message {message_id} may have arrived already: its last send's "
                           "outcome is unknown, so it is not discarded"), line
    assert "nothing was changed" in line
    assert f"if it arrived, mark it done (afterview done {key})" in line
    assert f"if you are sure it did not, send it again: afterview approve {message_id} --resend" in line
    assert line.endswith(f"to give the action up, skip it (afterview skip {key} --reason ...)")
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and delivery.outcome_unknown(message)
    # the repro's next steps: no new draft for its action, nothing due, one copy
    drafted = run_cli(db, "draft", key, "--no-ask", at=LATER)
    assert drafted.returncode == 0, drafted.stderr
    assert [x.id for x in of_action(store, key)] == [message_id]
    assert "may have arrived already" in one_line_error(run_cli(db, "approve", str(message_id), at=LATER))
    assert run_cli(db, "send-due", at=LATER + timedelta(hours=1)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1
    # the ways it names do work: skipped, the action is given up, and the note stays as it was
    skipped = run_cli(db, "skip", key, "--reason", "told them in person", at=LATER)
    assert skipped.returncode == 0, skipped.stderr
    assert delivery.outcome_unknown(stored(store, message_id))


def test_an_edited_note_that_may_have_arrived_is_not_discarded_either(mail, store, unknown):
    # edited after the unknown send, it is a draft again that still says its first send may
    # have arrived: the same refusal. A note with no action is still taken off the drafts.
    from afterview.services.drafting import edit_draft

    db, message_id, key, header, _ = unknown
    with store.transaction() as tx:
        edit_draft(tx, message_id, "Thank you", "Hi Bob,\n\nThank you for your time.\n\nAlice", now=LATER)
    assert stored(store, message_id).state == MessageState.DRAFTED
    assert "may have arrived already" in one_line_error(run_cli(db, "discard", str(message_id), at=LATER))
    assert delivery.outcome_unknown(stored(store, message_id))
    loose = add_message(store, {"person": kept_person(store, message_id), "opportunity": None},
                        state=MessageState.FAILED,
                        last_error=f"{delivery.UNKNOWN_PREFIX}: its send was interrupted")
    taken = run_cli(db, "discard", str(loose), at=LATER)
    assert taken.returncode == 0 and taken.stdout.startswith(f"#{loose} discarded"), taken.stderr
    assert stored(store, loose).state == MessageState.CANCELLED
    assert delivered_copies(mail, header) == 1


def test_merge_keeps_the_note_that_may_have_arrived_and_discards_the_plain_draft(mail, store, seeded, unknown):
    # The repro: the person with the note that may have arrived is the duplicate; the one kept
    # has a plain draft for the same action. That draft goes, never the note that may have arrived.
    db, message_id, key, header, _ = unknown
    with store.transaction() as tx:
        twin = tx.add(Person(name="Bob B.", emails=["bob.b@example.test"], company_id=seeded["company"]))
    twin_key = key.replace(f":p{seeded['person']}", f":p{twin.id}")
    plain = add_message(store, {**seeded, "person": twin.id}, action_key=twin_key, to_address="bob.b@example.test")
    merged = run_cli(db, "person", "merge", str(seeded["person"]), "--into", str(twin.id), "--yes", at=LATER)
    assert merged.returncode == 0, merged.stderr
    assert (f"message {plain} discarded: message {message_id} for the same action, to Bob Builder (person "
            f"{seeded['person']}), is kept: it may have arrived already, this one was a plain draft") in merged.stdout
    assert f"message {message_id} discarded" not in merged.stdout
    kept = stored(store, message_id)
    assert kept.state == MessageState.FAILED and delivery.outcome_unknown(kept) and kept.action_key == twin_key
    assert stored(store, plain).state == MessageState.CANCELLED
    # its action is not offered again: drafting it finds the note that may have arrived
    assert run_cli(db, "draft", twin_key, "--no-ask", at=LATER).returncode == 0
    assert [x.id for x in of_action(store, twin_key) if x.state != MessageState.CANCELLED] == [message_id]
    assert run_cli(db, "send-due", at=LATER + timedelta(hours=1)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1


def test_merge_into_a_person_whose_note_was_sent_discards_the_duplicates_plain_draft(mail, store, seeded, unknown):
    # the other way round, with a note that was sent: the duplicate's plain draft goes
    db, message_id, key, header, _ = unknown
    assert run_cli(db, "done", key, at=LATER).returncode == 0  # it arrived: the note that went
    with store.transaction() as tx:
        twin = tx.add(Person(name="Bob B.", emails=["bob.b@example.test"], company_id=seeded["company"]))
    twin_key = key.replace(f":p{seeded['person']}", f":p{twin.id}")
    plain = add_message(store, {**seeded, "person": twin.id}, action_key=twin_key, to_address="bob.b@example.test")
    merged = run_cli(db, "person", "merge", str(twin.id), "--into", str(seeded["person"]), "--yes", at=LATER)
    assert merged.returncode == 0, merged.stderr
    assert (f"message {plain} discarded: message {message_id} for the same action, Bob Builder's own, is kept: "
            "it was sent (marked done), this one was a plain draft") in merged.stdout
    assert stored(store, plain).state == MessageState.CANCELLED
    assert stored(store, message_id).state == MessageState.DONE_ELSEWHERE
    assert delivered_copies(mail, header) == 1


def test_drafts_marks_a_note_that_may_have_arrived_apart_from_a_plain_failure(mail, store, unknown):
    # found by a scripts tester: `drafts --json` said "failed" for both, and a script could only
    # tell them apart by reading the English of last_error
    import json

    db, message_id, key, header, _ = unknown
    plain = add_message(store, {"person": kept_person(store, message_id), "opportunity": None},
                        state=MessageState.FAILED, last_error="550 5.1.1 no such user")
    listed = run_cli(db, "drafts", "--json", at=LATER)
    assert listed.returncode == 0, listed.stderr
    by_id = {row["id"]: row for row in json.loads(listed.stdout)}
    assert by_id[message_id]["state"] == "failed" and by_id[message_id]["outcome_unknown"] is True
    assert by_id[plain]["state"] == "failed" and by_id[plain]["outcome_unknown"] is False
    shown = run_cli(db, "drafts", at=LATER)
    assert shown.returncode == 0, shown.stderr
    [line] = [x for x in shown.stdout.splitlines() if x.lstrip().startswith(str(message_id))]
    assert "failed (may have arrived)" in line
    assert "(may have arrived: its send was cut off" in shown.stderr
    assert delivered_copies(mail, header) == 1
