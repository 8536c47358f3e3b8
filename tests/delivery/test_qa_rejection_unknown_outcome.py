"""A send whose outcome is unknown is never sent again by a plain `approve` (found by a tester).

The process is killed right after the server's 250 (the test-only crash hook), so one copy
arrived and, with `append_sent = true`, none is in the Sent folder. `send-due` then says the
outcome is unknown; approving it again, or copying it out, is refused in one line until the
user says it did not arrive (`--resend`), and withdrawing that approval keeps the trace (the
message is failed, outcome unknown, again: never a plain draft). Real SQLite file, real SMTP
(aiosmtpd into Dovecot), real IMAP, the commands as a user runs them.
"""

import signal
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import LATER, delivered_copies, run_cli, write_config

pytestmark = pytest.mark.mail


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def one_line_error(done) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr.strip()


@pytest.fixture
def unknown(mail, store, seeded, accounts, afterview_home, tmp_path):
    """Bob's thank-you for yesterday's interview (a planned action), sent by `send-due` killed
    after the server's 250, then reconciled: failed, outcome unknown, one copy delivered, none
    in Sent. (db, message id, action key, Message-ID header, what the restarted send-due said)"""
    write_config(afterview_home, mail, append_sent=True)
    interview = add_interview(store, seeded, NOW - timedelta(days=1))
    message_id = add_message(store, interview, action_key=interview["key"], interview_id=interview["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        header = tx.get(Message, message_id).message_id
    db = tmp_path / "afterview.db"
    assert run_cli(db, "send-due", crash="after_250").returncode == -signal.SIGKILL
    restarted = run_cli(db, "send-due", at=LATER)
    assert restarted.returncode == 3, restarted.stderr  # an outcome found unknown: a script can tell
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and message.last_error.startswith("outcome unknown")
    assert delivered_copies(mail, header) == 1 and mail.messages("alice", "Sent") == []
    return db, message_id, interview["key"], header, restarted.stdout


def test_send_due_says_it_may_have_arrived_though_sent_has_no_copy(unknown):
    _, message_id, key, _, said = unknown
    [line] = [x for x in said.splitlines() if x.startswith(f"message {message_id} ")]
    assert line.startswith(f"message {message_id} outcome unknown: the send was interrupted")
    assert "check your Sent folder before approving" not in line  # Sent has no copy, yet it arrived
    assert "it may have arrived all the same" in line and "no copy in your Sent folder" in line
    assert line.endswith(f"if it arrived, mark it so: afterview done {key}; if you are sure it did not, "
                         f"send it again: afterview approve {message_id} --resend")


def test_a_plain_approve_is_refused_and_sends_no_second_copy(mail, store, unknown):
    db, message_id, key, header, _ = unknown
    refused = run_cli(db, "approve", str(message_id), at=LATER)
    line = one_line_error(refused)
    assert line.startswith(f"afterview: error: message {message_id} may have arrived already: its last send's "
                           "outcome is unknown")
    assert "Sent folder" in line and "missing there after a crash" in line
    assert f"afterview done {key}" in line and line.endswith(f"afterview approve {message_id} --resend")
    assert stored(store, message_id).state == MessageState.FAILED
    assert run_cli(db, "send-due", at=LATER + timedelta(hours=1)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1


def test_send_now_and_copies_out_are_refused_with_their_own_way_again(mail, store, unknown, tmp_path):
    db, message_id, _, header, _ = unknown
    now = one_line_error(run_cli(db, "send", str(message_id), "--now", at=LATER))
    assert "may have arrived already" in now and now.endswith(f"afterview approve {message_id} --resend")
    drafts = one_line_error(run_cli(db, "send", str(message_id), "--to-drafts", at=LATER))
    assert drafts.endswith(f"send it again: afterview send {message_id} --to-drafts --resend")
    eml = one_line_error(run_cli(db, "send", str(message_id), "--eml", str(tmp_path), at=LATER))
    assert eml.endswith(f"--eml {tmp_path} --resend")
    assert mail.messages("alice", "Drafts") == [] and not list(tmp_path.glob("*.eml"))
    assert delivered_copies(mail, header) == 1
    wrong = one_line_error(run_cli(db, "send", str(message_id), "--now", "--resend", at=LATER))
    assert "--resend goes with --to-drafts, --eml or --mailto" in wrong
    placed = run_cli(db, "send", str(message_id), "--to-drafts", "--resend", at=LATER)
    assert placed.returncode == 0, placed.stderr
    assert len(mail.messages("alice", "Drafts")) == 1


def test_resend_sends_it_again_at_the_users_word_and_keeps_the_trace(mail, store, unknown):
    db, message_id, _, header, _ = unknown
    approved = run_cli(db, "approve", str(message_id), "--resend", at=LATER)
    assert approved.returncode == 0, approved.stderr
    assert "it goes out again at your word (its last send's outcome was unknown)" in approved.stdout
    assert stored(store, message_id).note.startswith("approved again after an unknown outcome: its send of ")
    shown = run_cli(db, "show", str(message_id), at=LATER)
    assert "note: approved again after an unknown outcome" in shown.stdout
    sent = run_cli(db, "send-due", at=LATER + timedelta(minutes=1))
    assert f"sent message {message_id}" in sent.stdout, sent.stderr
    assert delivered_copies(mail, header) == 2  # what the user asked for, knowing it


def test_withdrawing_that_approval_keeps_the_unknown_outcome(mail, store, unknown):
    db, message_id, key, header, _ = unknown
    assert run_cli(db, "approve", str(message_id), "--resend", at=LATER).returncode == 0
    withdrawn = run_cli(db, "approve", str(message_id), "--withdraw", at=LATER)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert withdrawn.stdout.startswith(f"message {message_id} is failed again, its outcome unknown")
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and message.last_error.startswith("outcome unknown")
    shown = run_cli(db, "show", str(message_id), at=LATER)
    assert "its send may have arrived: outcome unknown" in shown.stdout and " drafted" not in shown.stdout
    # found by a tester: `show` explained it, but only `approve` gave the two ways on
    assert (f"if it arrived, mark it so: afterview done {key}; if you are sure it did not, send it again: "
            f"afterview approve {message_id} --resend") in shown.stdout
    timeline = run_cli(db, "timeline", "--person", "1", at=LATER)
    assert "thank you to Bob Builder: failed" in timeline.stdout and "drafted" not in timeline.stdout
    # the trace holds: approving it again needs --resend again
    assert "may have arrived already" in one_line_error(run_cli(db, "approve", str(message_id), at=LATER))
    assert run_cli(db, "send-due", at=LATER + timedelta(hours=1)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1


def test_the_service_refuses_it_too_so_every_interface_does(mail, store, seeded, accounts):
    """A connection dropped after the whole message was sent: the same refusal from `approve`
    itself (the desk's Approve calls it), and the same way again when told it did not arrive."""
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    mail.smtp.drop_next(stage="DATA")
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert [i for i, _ in report.unknown] == [message_id]
    assert "it may have arrived all the same" in report.unknown[0][1]
    assert "afterview" not in report.unknown[0][1]  # stored and shown on the desk too: no command in it
    later = NOW + timedelta(hours=1)
    with pytest.raises(delivery.UnknownOutcome, match="may have arrived already"):
        with store.transaction() as tx:
            delivery.approve(tx, message_id, now=later, accounts=accounts)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=later, accounts=accounts, resend=True)
    assert delivery.send_due(store, now=later, accounts=accounts).sent == [message_id]


def test_done_makes_it_the_note_that_went_and_undo_makes_it_unknown_again(mail, store, unknown):
    # Marked done ("it arrived"), the message is the one that went: done elsewhere, not a failed
    # note left behind in the drafts; undone, it is failed, outcome unknown, again.
    db, message_id, key, header, _ = unknown
    assert run_cli(db, "done", key, at=LATER).returncode == 0
    assert stored(store, message_id).state == MessageState.DONE_ELSEWHERE
    assert run_cli(db, "undo", key, at=LATER).returncode == 0
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and message.last_error.startswith("outcome unknown")
    assert run_cli(db, "send-due", at=LATER + timedelta(hours=1)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1


def test_editing_a_note_approved_again_keeps_its_first_send_in_sight(mail, store, accounts, unknown):
    # Its text changed after `approve --resend`: the approval goes, and the draft still says
    # its first send may have arrived (a plain approve stays refused).
    from afterview.services.drafting import edit_draft

    db, message_id, _, _, _ = unknown
    assert run_cli(db, "approve", str(message_id), "--resend", at=LATER).returncode == 0
    with store.transaction() as tx:
        edit_draft(tx, message_id, "Thank you", "Hi Bob,\n\nThank you for your time today.\n\nAlice",
                   now=LATER)
    message = stored(store, message_id)
    assert message.state == MessageState.DRAFTED and delivery.outcome_unknown(message)
    assert one_line_error(run_cli(db, "approve", str(message_id), at=LATER)).endswith("--resend")
