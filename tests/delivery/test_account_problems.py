"""An account that cannot send is an account problem: one line on stderr, exit status 2, and
its messages are not failed for it.

The server down: the due messages wait, approved or scheduled, spending none of their attempts,
and go once the server can be reached. The password wrong (535) or unreadable: a problem of the
account's settings, not of the messages: they stay approved or scheduled (no new approval needed)
and go out at the first run once it is fixed.
`send-due` and `send --now` say it on stderr with exit status 2 (as `sync` does for a server it
cannot read); the worker says it once on stderr and keeps running. Real servers; the commands
run in this process (tests.helpers), as the process itself is not what is tested here.
"""

import subprocess
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message
from tests.delivery.test_crash import write_config
from tests.helpers import completed, worker_rounds

pytestmark = pytest.mark.mail


def cli(db, *args, password="alice-secret", at=NOW) -> subprocess.CompletedProcess:
    return completed("--db", str(db), *args, env={"AV_TEST_PASSWORD": password, "AFTERVIEW_AT": at.isoformat()})


def stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def two_due(store, seeded, accounts) -> tuple[int, int]:
    """One message approved, one scheduled for now: both due."""
    first, second = add_message(store, seeded), add_message(store, seeded, subject="Another note")
    with store.transaction() as tx:
        delivery.approve(tx, first, now=NOW, accounts=accounts)
        delivery.approve(tx, second, now=NOW, accounts=accounts)
        delivery.schedule(tx, second, when=NOW, now=NOW)
    return first, second


def test_a_wrong_password_fails_no_message_and_send_due_says_it_with_status_2(mail, store, seeded, accounts,
                                                                               afterview_home, tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    first, second = two_due(store, seeded, accounts)
    ran = cli(db, "send-due", password="wrong")
    assert ran.returncode == 2, (ran.stdout, ran.stderr)
    # the same password reads the mail (read first, see test_read_before_sending): said too
    said, read = ran.stderr.strip().splitlines()
    assert read.startswith("afterview: replies to test could not be read: IMAP 127.0.0.1: authentication failed")
    assert said.startswith("afterview: account test cannot send: SMTP 127.0.0.1: authentication failed for alice: 535")
    assert said.endswith("2 due messages stay approved or scheduled and go out once it is fixed "
                         "(check it: afterview account test test)")
    assert ran.stdout.splitlines() == [f"message {first} waits for account test, which cannot send: it stays approved",
                                       f"message {second} waits for account test, which cannot send: it stays scheduled"]
    assert "Traceback" not in ran.stderr and "wrong" not in ran.stdout + ran.stderr
    for message_id, state in ((first, MessageState.APPROVED), (second, MessageState.SCHEDULED)):
        message = stored(store, message_id)
        assert message.state == state and message.attempts == 1  # one login tried for it, never failed
        assert message.last_error.startswith("waiting for its account: SMTP 127.0.0.1: authentication failed")
    shown = cli(db, "show", str(first))
    assert "approved, waiting for its account: SMTP 127.0.0.1: authentication failed" in shown.stdout
    listed = cli(db, "drafts")
    assert "approved (waiting for its account)" in listed.stdout and "retrying after an error" not in listed.stdout

    again = cli(db, "send-due", password="wrong", at=NOW + timedelta(minutes=1))  # still wrong: still waiting
    assert again.returncode == 2 and stored(store, first).attempts == 1
    fixed = cli(db, "send-due", at=NOW + timedelta(minutes=2))  # no new approval needed
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.splitlines() == [f"sent message {first}", f"sent message {second}"]
    assert len(mail.messages("bob")) == 2
    assert stored(store, first).last_error == "" and stored(store, second).state == MessageState.SENT


def test_send_now_with_a_wrong_password_names_the_account_problem(mail, store, seeded, accounts, afterview_home,
                                                                 tmp_path):
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert cli(db, "approve", str(message_id)).returncode == 0
    sent = cli(db, "send", str(message_id), "--now", password="wrong")
    assert sent.returncode == 2
    [said] = sent.stderr.strip().splitlines()
    assert said.startswith(f"afterview: error: message {message_id} was not sent: account test cannot send: SMTP ")
    assert "535" in said and "afterview account test test" in said
    assert stored(store, message_id).state == MessageState.APPROVED  # as send-due leaves it, not scheduled


def test_a_server_down_is_retried_and_send_due_says_it_with_status_2(mail, store, seeded, accounts, afterview_home,
                                                                     tmp_path):
    """The server cannot be reached: an account problem, said with status 2; the due messages wait,
    approved or scheduled, spending none of their attempts, and go once the server can be reached."""
    from tests.fixtures.util import free_port

    (afterview_home / "config.toml").write_text(
        mail.account_toml("test", extra="rate_per_minute = 0\n").replace(f"smtp_port = {mail.smtp_port}",
                                                                         f"smtp_port = {free_port()}"))
    db = tmp_path / "afterview.db"
    first, second = two_due(store, seeded, accounts)
    ran = cli(db, "send-due")
    assert ran.returncode == 2
    [said] = ran.stderr.strip().splitlines()
    assert "cannot send: SMTP 127.0.0.1:" in said and "connection refused" in said
    assert said.endswith("2 due messages stay approved or scheduled and go out once its server can be reached "
                         "(this spends none of their attempts; the server is tried again after a pause) "
                         "(check it: afterview account test test)")
    waits = "waits for account test, whose server cannot be reached now: it stays"
    assert ran.stdout.splitlines() == [f"message {first} {waits} approved", f"message {second} {waits} scheduled"]
    for message_id, state in ((first, MessageState.APPROVED), (second, MessageState.SCHEDULED)):
        message = stored(store, message_id)
        assert message.state == state and message.attempts == 1  # a mark, not an attempt spent
        assert message.last_error.startswith("waiting for its account: SMTP 127.0.0.1:")
    again = cli(db, "send-due", at=NOW + timedelta(hours=1))  # still down: still waiting, nothing spent
    assert again.returncode == 2 and {stored(store, i).attempts for i in (first, second)} == {1}
    write_config(afterview_home, mail)  # reachable again: both go, no new approval needed
    fixed = cli(db, "send-due", at=NOW + timedelta(hours=2))
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.splitlines() == [f"sent message {first}", f"sent message {second}"]
    assert {stored(store, i).attempts for i in (first, second)} == {1}  # the first real try of each


def test_the_worker_says_an_account_problem_once_on_stderr_and_fails_nothing(mail, store, seeded, accounts,
                                                                              afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "5", rounds=2,
                         env={"AV_TEST_PASSWORD": "wrong"})
    out, err = done.out, done.err
    assert done.code == 0, err
    lines = err.strip().splitlines()
    sending = [line for line in lines if "cannot send" in line]
    assert len(sending) == 1, err  # said once, not every round
    assert sending[0].startswith("afterview: account test cannot send: SMTP 127.0.0.1: authentication failed")
    assert any(line.startswith("afterview: replies to test could not be read: IMAP") for line in lines), err
    assert "Traceback" not in err and "failed" not in out
    message = stored(store, message_id)
    assert message.state == MessageState.APPROVED and mail.received == []
