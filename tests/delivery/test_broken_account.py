"""One account whose password cannot be read stops nothing else: its message waits with why
(never failed for it, never left "sending"), the other accounts send and read, and the round
says what went wrong."""

from __future__ import annotations

from datetime import timedelta

from afterview.domain.model import Inbound, MessageState, Opportunity, OpportunityStatus, ReplyClass
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message


def _state(store, message_id):
    from afterview.domain.model import Message

    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_a_missing_password_leaves_the_message_waiting_and_the_others_go(mail, store, seeded, account):
    broken = account_for(mail, name="broken", password_env="AV_UNSET_VARIABLE")
    accounts = {"broken": broken, "test": account}
    stuck = add_message(store, seeded, state=MessageState.APPROVED, account="broken", approved_at=NOW)
    fine = add_message(store, seeded, state=MessageState.APPROVED, account="test", approved_at=NOW)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [fine] and len(mail.received) == 1
    # a problem of the account, not of the message: it stays approved (never "sending", never
    # failed, so it needs no new approval) and says why; it goes out once the account is fixed
    message = _state(store, stuck)
    assert message.state == MessageState.APPROVED and message.approved_at == NOW
    assert message.last_error.startswith("waiting for its account: ")
    assert "environment variable AV_UNSET_VARIABLE is not set" in message.last_error
    assert report.failed == [] and [i for i, _ in report.waiting] == [stuck]
    [problem] = report.account_problems
    assert (problem.account, problem.temporary, problem.messages) == ("broken", False, [stuck])
    fixed = {"broken": account_for(mail, name="broken"), "test": account}
    assert delivery.send_due(store, now=NOW + timedelta(minutes=1), accounts=fixed).sent == [stuck]
    assert len(mail.received) == 2 and _state(store, stuck).last_error == ""


def test_the_round_reads_the_other_accounts_and_says_which_failed(mail, store, seeded, account):
    broken = account_for(mail, name="broken", password_env="AV_UNSET_VARIABLE")
    mail.deliver_to_inbox("alice", (
        "From: Bob Builder <bob@example.test>\nTo: alice@example.test\nSubject: Re: Thank you for today\n"
        "Date: Thu, 26 Nov 2026 09:00:00 +0000\nMessage-ID: <broken-round-1@example.test>\n"
        "Content-Type: text/plain; charset=utf-8\n\nThanks Alice, we will be in touch next week.\n"))
    done = delivery.mail_round(store, now=NOW + timedelta(hours=1), accounts={"broken": broken, "test": account})
    assert done.replies == 1
    assert done.problems == ["replies to broken could not be read: account broken: environment variable "
                             "AV_UNSET_VARIABLE is not set"]


def test_a_confirmed_rejection_by_email_says_who_told_you(store, seeded):
    with store.transaction() as tx:
        reply = tx.add(Inbound(kind="reply", received_at=NOW, person_id=seeded["person"],
                               opportunity_id=seeded["opportunity"], classification=ReplyClass.REJECTION,
                               from_address="bob@example.test"))
    with store.transaction() as tx:
        delivery.confirm_reply(tx, reply.id, now=NOW)
        opportunity = tx.get(Opportunity, seeded["opportunity"])
    assert opportunity.status == OpportunityStatus.REJECTED
    assert opportunity.history[-1].person_id == seeded["person"]


def test_sync_reads_the_accounts_it_can_and_says_the_one_it_could_not(mail, afterview_home, tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    from tests.delivery.test_crash import write_config

    write_config(afterview_home, mail)
    with open(afterview_home / "config.toml", "a") as config:
        config.write('\n[accounts.broken]\nemail = "alice@example.test"\nimap_host = "127.0.0.1"\nimap_port = 1\n'
                     'imap_tls = "none"\npassword_env = "AV_TEST_PASSWORD"\n')
    env = dict(os.environ, AV_TEST_PASSWORD=mail.users["alice"].password, AFTERVIEW_AT=NOW.isoformat())
    done = subprocess.run([sys.executable, "-m", "afterview", "--db", str(tmp_path / "a.db"), "sync"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "new," in done.stdout  # the working account was read
    assert done.stderr.strip().splitlines() == [
        "afterview: could not read broken: IMAP 127.0.0.1:1: connection refused: wrong port, or the server is down"]


def test_a_keyring_account_on_a_system_without_one_is_told(afterview_home):
    import keyring
    from keyring.backends import fail

    from tests.helpers import afterview

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # as on a server with no desktop session
    try:
        done = afterview("account", "add", "fm", "--preset", "fastmail", "--email", "a@example.test",
                         "--password-keyring")
    finally:
        keyring.set_keyring(previous)
    assert done.code == 0
    assert "this system has no keyring" in done.err and "password_env" in done.err


def test_a_connection_test_gives_up_soon_on_a_server_that_never_answers(monkeypatch):
    import socket
    import time

    from afterview.delivery.accounts import Account

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # accepts connections (the kernel does) and never says a word
    port = silent.getsockname()[1]
    monkeypatch.setattr(delivery, "TEST_TIMEOUT", 0.5)
    account = Account(name="slow", email="a@example.test", smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none",
                      imap_host="127.0.0.1", imap_port=port, imap_tls="none", password_env="AV_TEST_PASSWORD",
                      timeout=30)
    try:
        started = time.monotonic()
        checks = delivery.test_account(account)
        took = time.monotonic() - started
    finally:
        silent.close()
    assert [c.ok for c in checks] == [False, False]
    # a server that never answers timed out, on both (SMTP said "closed at once" before: a tester)
    assert "timed out" in checks[1].detail and "timed out" in checks[0].detail, checks
    assert took < 10  # not the account's 30 s twice
