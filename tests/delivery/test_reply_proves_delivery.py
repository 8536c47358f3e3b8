"""A reply that answers a message proves it arrived: a send of unknown outcome becomes sent.

A send interrupted after the server accepted it (killed after the 250, through the test-only
crash hook) is failed, "outcome unknown". Their reply (In-Reply-To: its Message-ID), or an
automatic reply that answers or quotes it, then shows it was delivered: `sync` marks it sent and
says so, and approving it again is refused, so no second copy ever goes out. A bounce about it
keeps it failed. Real SQLite file, real SMTP (aiosmtpd into Dovecot), real IMAP, the commands as
a user runs them.
"""

import signal
from datetime import timedelta

import pytest

from afterview.domain.model import Inbound, InboundKind, Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import LATER, delivered_copies, run_cli, write_config

pytestmark = pytest.mark.mail

SYNC_AT = LATER + timedelta(hours=1)


def interrupted_after_250(mail, store, seeded, accounts, afterview_home, tmp_path, **kw) -> tuple[int, str]:
    """An approved note sent by `send-due`, killed after the server's 250, then reconciled: failed,
    outcome unknown, one copy delivered. (message id, its Message-ID header)"""
    write_config(afterview_home, mail)
    message_id = add_message(store, seeded, **kw)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        header = tx.get(Message, message_id).message_id
    db = tmp_path / "afterview.db"
    assert run_cli(db, "send-due", crash="after_250").returncode == -signal.SIGKILL
    restarted = run_cli(db, "send-due", at=LATER)
    assert restarted.returncode == 3, restarted.stderr  # an outcome found unknown: status 3
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and message.last_error.startswith("outcome unknown")
    assert delivered_copies(mail, header) == 1
    return message_id, header


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def reply(header: str, *, n: int = 1, auto: bool = False, thread: bool = True, quote: bool = False) -> str:
    heads = [f"From: Bob Builder <bob@example.test>", "To: alice@example.test",
             f"Subject: {'Automatic reply' if auto else 'Re'}: Thank you for today",
             "Date: Thu, 26 Nov 2026 11:30:00 +0000", f"Message-ID: <answer-{n}@example.test>",
             "Content-Type: text/plain; charset=utf-8"]
    if thread:
        heads += [f"In-Reply-To: {header}", f"References: {header}"]
    if auto:
        heads += ["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
                  "X-MS-Exchange-Inbox-Rules-Loop: bob@example.test"]
        body = "I am out of the office until December 10 with no access to email."
    else:
        body = "Thanks Alice, good to hear from you. We will be in touch next week."
    if quote:  # an automatic reply that carries the original's headers, not a thread
        body += f"\n\n-----Original Message-----\nSubject: Thank you for today\nMessage-ID: {header}\n"
    return "\n".join(heads) + "\n\n" + body + "\n"


def test_their_reply_marks_an_unknown_outcome_sent_and_no_second_copy_goes_out(mail, store, seeded, accounts,
                                                                              afterview_home, tmp_path):
    message_id, header = interrupted_after_250(mail, store, seeded, accounts, afterview_home, tmp_path)
    db = tmp_path / "afterview.db"
    mail.deliver_to_inbox("alice", reply(header))
    synced = run_cli(db, "sync", at=SYNC_AT)
    assert synced.returncode == 0, synced.stderr
    assert (f"  message {message_id}: the reply from bob@example.test answers it, so it arrived: marked sent "
            "(its send's outcome was unknown)") in synced.stdout.splitlines()
    message = stored(store, message_id)
    assert message.state == MessageState.SENT and message.last_error == ""
    # when the send was attempted (its claim, a moment into the round), not when the reply came
    assert NOW <= message.sent_at < NOW + timedelta(minutes=1)
    assert "answers it" in message.note
    with store.transaction() as tx:
        [answer] = tx.list(Inbound)
    assert answer.answers_message_id == message_id

    # nothing left to approve or send: never a second copy
    approve = run_cli(db, "approve", str(message_id), at=SYNC_AT)
    assert approve.returncode == 2 and "was sent already" in approve.stderr and "Traceback" not in approve.stderr
    assert run_cli(db, "send-due", at=SYNC_AT + timedelta(hours=1)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1


def test_a_reply_after_it_was_approved_again_stops_the_second_copy(mail, store, seeded, accounts,
                                                                   afterview_home, tmp_path):
    """The user approved it again and scheduled it for later; their reply comes first."""
    message_id, header = interrupted_after_250(mail, store, seeded, accounts, afterview_home, tmp_path)
    db = tmp_path / "afterview.db"
    assert run_cli(db, "approve", str(message_id), "--resend", at=LATER).returncode == 0
    assert run_cli(db, "send", str(message_id), "--at", (SYNC_AT + timedelta(hours=2)).isoformat(),
                   at=LATER).returncode == 0
    mail.deliver_to_inbox("alice", reply(header))
    synced = run_cli(db, "sync", at=SYNC_AT)
    assert f"it was scheduled again: it is not sent a second time" in synced.stdout
    message = stored(store, message_id)
    assert message.state == MessageState.SENT and message.scheduled_at is None
    assert message.sent_at == min(SYNC_AT, NOW.replace(hour=11, minute=30))  # the reply's time: no attempt known
    assert run_cli(db, "send-due", at=SYNC_AT + timedelta(hours=3)).stdout.strip() == "nothing due"
    assert delivered_copies(mail, header) == 1


@pytest.mark.parametrize("thread, quote", [(True, False), (False, True)], ids=["in-reply-to", "quoted"])
def test_an_automatic_reply_answering_or_quoting_it_marks_it_sent(mail, store, seeded, accounts, afterview_home,
                                                                  tmp_path, thread, quote):
    message_id, header = interrupted_after_250(mail, store, seeded, accounts, afterview_home, tmp_path)
    mail.deliver_to_inbox("alice", reply(header, auto=True, thread=thread, quote=quote))
    report = delivery.sync(store, now=SYNC_AT, account=accounts["test"])
    assert [r.kind for r in report.recorded] == [InboundKind.AUTO_REPLY]
    assert report.recorded[0].answers_message_id == message_id
    assert [i for i, _ in report.delivered] == [message_id]
    assert "the automatic reply from bob@example.test answers it" in report.delivered[0][1]
    assert stored(store, message_id).state == MessageState.SENT


def test_a_bounce_about_it_fails_it_until_a_reply_shows_it_arrived(mail, store, seeded, accounts,
                                                                    afterview_home, tmp_path):
    message_id, header = interrupted_after_250(mail, store, seeded, accounts, afterview_home, tmp_path)
    dsn = (open(__file__.replace("test_reply_proves_delivery.py", "samples/postfix_dsn.eml")).read()
           .replace("<thanks-1@candidate.example>", header).replace("nobody@acme.example", "bob@example.test"))
    mail.deliver_to_inbox("alice", dsn)
    report = delivery.sync(store, now=SYNC_AT, account=accounts["test"])
    assert report.bounced == [message_id] and report.delivered == []
    message = stored(store, message_id)
    assert message.state == MessageState.FAILED and message.last_error.startswith("bounced:")  # known now
    mail.deliver_to_inbox("alice", reply(header, n=2))
    later = delivery.sync(store, now=SYNC_AT + timedelta(minutes=5), account=accounts["test"])
    # an answer cannot come without the message: it arrived (see test_bounce_after_reply)
    assert len(later.recorded) == 1 and [i for i, _ in later.delivered] == [message_id]
    assert later.delivered[0][1].endswith("marked sent (a delivery report had said it bounced)")
    assert stored(store, message_id).state == MessageState.SENT


def test_a_reply_stops_the_follow_up_too_once_the_note_counts_as_sent(mail, store, seeded, accounts,
                                                                      afterview_home, tmp_path):
    """The thank-you's send was interrupted; their reply shows it arrived: `today` no longer says
    its send failed, and no follow-up to them is planned."""
    interview = add_interview(store, seeded, NOW - timedelta(days=1))
    message_id, header = interrupted_after_250(mail, store, interview, accounts, afterview_home, tmp_path,
                                               action_key=interview["key"], interview_id=interview["interview"])
    db = tmp_path / "afterview.db"
    before = run_cli(db, "today", at=SYNC_AT)
    assert f"its send may have arrived (message {message_id}): afterview show {message_id}" in before.stdout
    mail.deliver_to_inbox("alice", reply(header))
    assert run_cli(db, "sync", at=SYNC_AT).returncode == 0
    after = run_cli(db, "plan", at=SYNC_AT)
    assert f"(message {message_id}): afterview show" not in after.stdout
    assert interview["key"] not in after.stdout
