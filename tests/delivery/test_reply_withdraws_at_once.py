"""A reply read by the worker (or the desk's mail round) withdraws the follow-up at once.

`afterview sync` holds back, as soon as it records a reply, every approved or scheduled note the
plan no longer has ("message 6: not sent: ..."). The worker and the desk's round read replies
too: they do the same, instead of leaving the note "scheduled (no longer planned)" until its send
time. The note names the reply. Real SMTP and IMAP servers; the worker command in this process
(tests.helpers.worker_rounds), on its real waits.
"""

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import Decision, DecisionKind, Message, MessageKind, MessageState, Role
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message
from tests.delivery.test_crash import write_config
from tests.helpers import worker_rounds

pytestmark = pytest.mark.mail

REPLY = """\
From: Bob Builder <bob@example.test>
To: alice@example.test
Subject: Re: Thank you for today
Date: {date}
Message-ID: <bob-answers-{n}@example.test>
Content-Type: text/plain; charset=utf-8

Thanks Alice, we are still deciding and will be in touch next week.
"""


def follow_up(store, seeded, accounts, now: datetime, after: timedelta | None = timedelta(days=1)) -> tuple[int, str]:
    """Bob interviewed us 13 days before `now`; the thank-you is done; the first follow-up is
    approved and scheduled for `after` later (the next day; None: it goes at once, due now), and
    still planned. (message id, its action key)"""
    found = add_interview(store, seeded, now - timedelta(days=13), role=Role.RECRUITER)
    key = f"status_check.1:o{found['opportunity']}:i{found['interview']}:p{found['person']}"
    with store.transaction() as tx:
        tx.add(Decision(action_key=found["key"], kind=DecisionKind.DONE, at=now - timedelta(days=12)))
    message_id = add_message(store, found, kind=MessageKind.STATUS_CHECK, action_key=key, subject="Following up",
                             created_at=now - timedelta(hours=1))
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=now, accounts=accounts)
        if after is not None:
            delivery.schedule(tx, message_id, when=now + after, now=now)
        assert delivery.unplanned(tx, [tx.get(Message, message_id)], now=now) == {}  # planned until they reply
    return message_id, key


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_the_desks_mail_round_withdraws_the_follow_up_after_their_reply(mail, store, seeded, accounts):
    message_id, _ = follow_up(store, seeded, accounts, NOW)
    mail.deliver_to_inbox("alice", REPLY.format(date="Thu, 26 Nov 2026 10:30:00 +0000", n=1))
    done = delivery.mail_round(store, now=NOW + timedelta(hours=1), accounts=accounts)
    assert done.replies == 1
    [(held, why)] = done.sent.held_back
    assert held == message_id
    assert why.startswith("not sent: Bob Builder replied on Thu 26 Nov; a draft again")
    message = stored(store, message_id)
    assert message.state == MessageState.DRAFTED and message.scheduled_at is None and message.last_error == why
    assert mail.received == []


def test_the_worker_withdraws_the_follow_up_as_soon_as_their_reply_is_read(mail, store, seeded, accounts,
                                                                           afterview_home, tmp_path):
    write_config(afterview_home, mail)
    now = datetime.now(timezone.utc)  # the worker runs on the real clock
    message_id, _ = follow_up(store, seeded, accounts, now)
    came = []

    def reply() -> None:
        # the moment it is sent, noted first: the worker may wake, read it and end its round
        # before the delivery program returns (seen on a loaded machine)
        came.append(time.monotonic())
        mail.deliver_to_inbox("alice", REPLY.format(date=f"{now:%a, %d %b %Y %H:%M:%S +0000}", n=2))

    def meanwhile(round_: int) -> bool:
        if round_ == 1:  # its first round is over: the reply comes a second later, while it waits in IDLE (600 s)
            assert stored(store, message_id).state == MessageState.SCHEDULED
            threading.Timer(1.0, reply).start()
            return False
        assert came and time.monotonic() - came[0] < 20, "the reply did not wake it"
        return True

    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "600", between=meanwhile,
                         waits=True, env={"AV_TEST_PASSWORD": "alice-secret"})
    out, err = done.out, done.err
    assert done.code == 0, err
    message = stored(store, message_id)
    assert message.state == MessageState.DRAFTED, out  # within seconds, long before its send time
    assert f"message {message_id}: not sent: Bob Builder replied on {now:%a} {now.day} {now:%b}" in out
    assert mail.received == []


def test_a_reply_that_comes_before_the_worker_waits_starts_its_next_round_at_once(mail, store, seeded, accounts,
                                                                                  afterview_home, tmp_path):
    """Mail that came between a round's read and the start of its wait woke no IDLE (it was no news
    once IDLE started): the worker slept its whole interval (found by measuring the suite: about
    50 s with Dovecot). It now asks the server first (NOOP) and starts the next round at once."""
    write_config(afterview_home, mail)
    now = datetime.now(timezone.utc)
    message_id, _ = follow_up(store, seeded, accounts, now)
    ended = []

    def meanwhile(round_: int) -> bool:
        ended.append(time.monotonic())
        if round_ == 1:  # after its read, before its wait: the reply is there already
            mail.deliver_to_inbox("alice", REPLY.format(date=f"{now:%a, %d %b %Y %H:%M:%S +0000}", n=3))
            return False
        assert ended[1] - ended[0] < 15, "the mail that came before the wait did not start a round"
        return True

    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "600", between=meanwhile,
                         waits=True, env={"AV_TEST_PASSWORD": "alice-secret"})
    assert done.code == 0, done.err
    assert stored(store, message_id).state == MessageState.DRAFTED, done.out
    assert mail.received == []


@pytest.mark.parametrize("answer, new", [
    ((b"NOOP completed", [(4, b"EXISTS"), (1, b"RECENT")]), True),
    ((b"NOOP completed", [(3, b"EXISTS")]), True),
    ((b"NOOP completed", [(0, b"RECENT")]), False),
    ((b"NOOP completed", [(2, b"FETCH", (b"FLAGS", (b"\\Seen",)))]), False),
    ((b"NOOP completed", []), False),
    (None, False),
])
def test_what_a_noop_answer_says_of_new_mail(answer, new):
    assert delivery._new_mail(answer) is new
