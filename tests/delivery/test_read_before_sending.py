"""The mail is read before anything is sent: a reply that came while nothing was running stops
its follow-up before the follow-up can go (stop_on_reply: "a follow-up sent after a reply is the
worst failure"). The worker, the desk's mail round and `send-due` read first; a follow-up from
an account whose mail could not be read waits. Real SMTP and IMAP servers; the worker and
`send-due` as a user runs them, in this process."""

from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.delivery.test_crash import run_cli, write_config
from tests.delivery.test_reply_withdraws_at_once import follow_up
from tests.fixtures.util import free_port
from tests.helpers import worker_rounds

pytestmark = pytest.mark.mail

REPLY = """\
From: Bob Builder <bob@example.test>
To: alice@example.test
Subject: Re: Thank you for today
Date: {date}
Message-ID: <bob-read-first-{n}@example.test>
Content-Type: text/plain; charset=utf-8

Thanks Alice, we are still deciding and will be in touch next week.
"""


def due_follow_up(store, seeded, accounts, now: datetime) -> int:
    """Bob's first follow-up, approved to go at once: due, and planned until he replies."""
    return follow_up(store, seeded, accounts, now, after=None)[0]


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_the_desks_round_reads_the_reply_before_the_due_follow_up_could_go(mail, store, seeded, accounts):
    message_id = due_follow_up(store, seeded, accounts, NOW)
    mail.deliver_to_inbox("alice", REPLY.format(date="Thu, 26 Nov 2026 08:30:00 +0000", n=1))
    done = delivery.mail_round(store, now=NOW, accounts=accounts)
    assert done.replies == 1 and done.sent.sent == []
    [(held, why)] = done.sent.held_back
    assert held == message_id and why.startswith("not sent: Bob Builder replied on Thu 26 Nov")
    assert stored(store, message_id).state == MessageState.DRAFTED
    assert mail.received == []


def test_the_worker_reads_first_at_its_first_round(mail, store, seeded, accounts, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    now = datetime.now(timezone.utc)  # the worker runs on the real clock
    message_id = due_follow_up(store, seeded, accounts, now)
    # the reply came while the worker was not running
    mail.deliver_to_inbox("alice", REPLY.format(date=f"{now:%a, %d %b %Y %H:%M:%S +0000}", n=2))
    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "600", rounds=1,
                         env={"AV_TEST_PASSWORD": "alice-secret"})
    out, err = done.out, done.err
    assert done.code == 0, err
    assert stored(store, message_id).state == MessageState.DRAFTED, out
    lines = [line[17:] for line in out.splitlines()]  # after the local minute
    reply = next(n for n, line in enumerate(lines) if line.startswith("reply from bob@example.test"))
    held = next(n for n, line in enumerate(lines) if line.startswith(f"message {message_id}: not sent: Bob Builder"))
    assert reply < held, out
    assert f"sent message {message_id}" not in out
    assert mail.received == []


def test_send_due_reads_first(mail, store, seeded, accounts, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = due_follow_up(store, seeded, accounts, NOW)
    mail.deliver_to_inbox("alice", REPLY.format(date="Thu, 26 Nov 2026 08:30:00 +0000", n=3))
    done = run_cli(tmp_path / "afterview.db", "send-due")
    assert done.returncode == 0, done.stderr
    assert "reply from bob@example.test" in done.stdout
    assert f"message {message_id}: not sent: Bob Builder replied on Thu 26 Nov" in done.stdout
    assert stored(store, message_id).state == MessageState.DRAFTED
    assert mail.received == []


def test_a_follow_up_waits_while_the_mail_cannot_be_read_and_a_thank_you_goes(mail, store, seeded, afterview_home,
                                                                             tmp_path, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    unreadable = account_for(mail, imap_port=free_port())  # nothing listens there
    accounts = {unreadable.name: unreadable}
    follow_up = due_follow_up(store, seeded, accounts, NOW)
    thanks = add_message(store, seeded, subject="Thank you")
    with store.transaction() as tx:
        delivery.approve(tx, thanks, now=NOW, accounts=accounts)
    done = delivery.mail_round(store, now=NOW, accounts=accounts)
    assert done.sent.sent == [thanks]  # a thank-you answers the interview: no reply stops it
    [(waiting, why)] = done.sent.waiting
    assert waiting == follow_up
    assert why.startswith("waiting for its replies to be read: replies to test could not be read (")
    assert why.endswith("and one may stop this follow-up; it goes once they are read")
    assert any(line.startswith("replies to test could not be read: ") for line in done.problems)
    assert stored(store, follow_up).state == MessageState.APPROVED  # still due: it goes at a later round
    assert len(mail.received) == 1
    # the mail readable again: the next round reads it (nothing new), and the follow-up no longer
    # waits for it; the thank-you that went to Bob a minute ago moved it past the spacing between
    # two notes to one person, so it is held back for then rather than sent right after the thanks
    done = delivery.mail_round(store, now=NOW + timedelta(minutes=1), accounts={"test": account_for(mail)})
    assert done.problems == [] and done.sent.waiting == [] and done.sent.sent == [], (done.sent, done.problems)
    [(held, why)] = done.sent.held_back
    assert held == follow_up and why.startswith("not sent: the plan now has it from Tue 1 Dec 09:30"), why
    assert len(mail.received) == 1


def test_send_due_says_the_mail_it_could_not_read_and_exits_2(mail, store, seeded, afterview_home, tmp_path,
                                                               monkeypatch):
    (afterview_home / "config.toml").write_text(
        mail.account_toml("test", extra="rate_per_minute = 0\n").replace(
            f"imap_port = {mail.imap_port}", f"imap_port = {free_port()}"))
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    follow_up = due_follow_up(store, seeded, {"test": account_for(mail)}, NOW)
    done = run_cli(tmp_path / "afterview.db", "send-due")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "afterview: replies to test could not be read: " in done.stderr
    assert f"message {follow_up} waiting for its replies to be read: replies to test could not be read (IMAP " in done.stdout
    assert "Traceback" not in done.stderr
    assert stored(store, follow_up).state == MessageState.APPROVED and mail.received == []
