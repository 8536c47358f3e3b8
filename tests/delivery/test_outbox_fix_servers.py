"""Servers that fail the same way again and again (found by crash testers): a hung IMAP server
held up every send by its timeout, once per message, and its timeout was said as a port that may
expect implicit TLS even right after it had answered; an SMTP server that dropped every message
after its data (or refused every one) made fifty "outcome unknown" or failed messages in one round.
Real SMTP and IMAP servers, and small hung ones on a socket."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta

import pytest

from afterview.delivery.accounts import Account
from afterview.domain.model import Message, MessageState
from afterview.errors import DeliveryError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message

pytestmark = pytest.mark.mail


def _approved(store, seeded, accounts, count: int) -> list[int]:
    ids = [add_message(store, seeded, subject=f"Thank you ({n})") for n in range(count)]
    with store.transaction() as tx:
        for message_id in ids:
            delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    return ids


def _states(store, ids) -> list[MessageState]:
    with store.transaction() as tx:
        return [tx.get(Message, i).state for i in ids]


class Silent:
    """A server that accepts connections and says nothing; or, with `greeting`, says that and
    answers CAPABILITY (`capability`), then nothing more."""

    def __init__(self, greeting: bytes = b"", capability: bytes = b""):
        self.greeting, self.capability = greeting, capability
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(conn)
            if self.greeting:
                threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn) -> None:
        try:
            conn.sendall(self.greeting)
            for line in conn.makefile("rb"):
                tag, _, command = line.decode().strip().partition(" ")
                if command.upper() == "CAPABILITY" and self.capability:
                    conn.sendall(self.capability + f"{tag} OK done\r\n".encode())
                # anything else: never answered
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def test_a_hung_imap_server_holds_up_one_send_of_a_round_not_each(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    hung = Silent()
    try:
        accounts = {"test": account_for(mail, imap_port=hung.port, timeout=1)}
        ids = _approved(store, seeded, accounts, 3)
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        hung.close()
    assert report.sent == ids  # the thank-you notes go: a copy in Sent is no condition of a send
    assert len(hung.accepted) == 1  # one timeout, not one per message
    notes = dict(report.uncopied)
    assert notes[ids[0]].startswith(f"sent; the copy for the Sent folder failed: IMAP 127.0.0.1:{hung.port}: timed out")
    for later in ids[1:]:
        assert notes[later].startswith("sent; no copy filed in Sent: not tried again after an earlier copy failed "
                                       f"in this run (IMAP 127.0.0.1:{hung.port}: timed out"), notes[later]
    assert _states(store, ids) == [MessageState.SENT] * 3


def test_a_round_whose_mail_reading_timed_out_sends_without_waiting_for_that_server_again(mail, store, seeded,
                                                                                          monkeypatch):
    """As the worker and `send-due` do: the mail read first (a reply may stop a follow-up), then
    the due notes. The read waited its timeout for nothing: the thank-you notes go at once."""
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    hung = Silent()
    try:
        accounts = {"test": account_for(mail, imap_port=hung.port, timeout=1)}
        ids = _approved(store, seeded, accounts, 2)
        _imap, _synced, unread, _held = delivery.read_first(store, now=NOW, accounts=accounts, say=lambda line: None)
        report = delivery.send_due(store, now=NOW, accounts=accounts, unread=unread)
    finally:
        hung.close()
    assert "timed out" in unread["test"]
    assert report.sent == ids and len(hung.accepted) == 1  # the read's connection only
    for message_id in ids:
        assert dict(report.uncopied)[message_id].startswith(
            "sent; no copy filed in Sent: its mailbox did not answer when its mail was read just before (IMAP "
            f"127.0.0.1:{hung.port}: timed out")


def test_an_imap_timeout_after_the_greeting_is_no_tls_hint():
    from afterview.delivery.imap import ImapConnection

    server = Silent(b"* OK ready\r\n", b"* CAPABILITY IMAP4rev1 STARTTLS LOGIN\r\n")
    account = Account(name="slow", email="a@example.test", imap_host="127.0.0.1", imap_port=server.port,
                      imap_tls="starttls", password_env="AV_TEST_PASSWORD", timeout=1)
    try:
        with pytest.raises(DeliveryError) as caught:
            ImapConnection(account).open()  # greeted, then STARTTLS never answered
    finally:
        server.close()
    said = str(caught.value)
    assert said == f"IMAP 127.0.0.1:{server.port}: timed out waiting for the server's answer", said
    assert caught.value.temporary


def test_an_smtp_timeout_after_the_greeting_is_no_tls_hint():
    from afterview.delivery.smtp import SmtpConnection

    server = Silent(b"220 mail.example.test ESMTP\r\n")  # then EHLO is never answered
    account = Account(name="slow", email="a@example.test", smtp_host="127.0.0.1", smtp_port=server.port,
                      smtp_tls="starttls", password_env="AV_TEST_PASSWORD", timeout=1)
    try:
        with pytest.raises(DeliveryError) as caught:
            SmtpConnection(account).open()
    finally:
        server.close()
    said = str(caught.value)
    assert said == f"SMTP 127.0.0.1:{server.port}: timed out waiting for the server's answer", said


def test_a_server_that_greeted_before_and_hangs_now_is_no_tls_hint():
    """The worker's IMAP server answered a moment ago; now it accepts and never greets."""
    from afterview.delivery.imap import ImapConnection

    server = Silent(b"* OK ready\r\n", b"* CAPABILITY IMAP4rev1 LOGIN\r\n")
    account = Account(name="slow", email="a@example.test", imap_host="127.0.0.1", imap_port=server.port,
                      imap_tls="starttls", password_env="AV_TEST_PASSWORD", timeout=1)
    try:
        with pytest.raises(DeliveryError):  # it greets (no STARTTLS offered): it answered this process
            ImapConnection(account).open()
        server.greeting = b""  # now it hangs from the first byte
        with pytest.raises(DeliveryError) as caught:
            ImapConnection(account).open()
    finally:
        server.close()
    said = str(caught.value)
    assert said.startswith(f"IMAP 127.0.0.1:{server.port}: timed out waiting for the server's greeting"), said
    assert "implicit" not in said


# --- the same failure again and again -------------------------------------------------------------

def test_an_account_whose_sends_all_drop_after_the_data_stops_after_three(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 6)
    mail.smtp.drop_next(stage="DATA", times=6)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    mail.smtp.clear_failures()
    assert [i for i, _ in report.unknown] == ids[:3]
    assert _states(store, ids) == [MessageState.FAILED] * 3 + [MessageState.APPROVED] * 3
    [problem] = report.account_problems
    assert problem.halted and problem.messages == ids[3:]
    assert problem.line().startswith("account test stopped sending: its last 3 sends ended the same "
                                     "way: SMTP 127.0.0.1: the connection broke after the whole message was sent")
    assert problem.line().endswith("its due messages stay approved or scheduled and are not tried before "
                                   "2026-11-26 10:05 UTC, then one first, and the others once the server takes it "
                                   "(check it: afterview account test test; then the next round tries one at once)")
    with store.transaction() as tx:  # not tried: nothing of them changed
        assert all(tx.get(Message, i).attempts == 0 and not tx.get(Message, i).last_error for i in ids[3:])
    # the server mended: the first round after the account's pause sends them (test_d52_held_account)
    again = delivery.send_due(store, now=NOW + timedelta(minutes=5), accounts=accounts)
    assert again.sent == ids[3:] and not again.account_problems


def test_an_account_whose_every_message_is_refused_stops_after_three(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 5)
    mail.smtp.fail_next(550, "5.7.1 Message refused", stage="DATA", times=5)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    mail.smtp.clear_failures()
    assert [i for i, _ in report.failed] == ids[:3]
    assert _states(store, ids) == [MessageState.FAILED] * 3 + [MessageState.APPROVED] * 2
    [problem] = report.account_problems
    assert problem.halted and problem.messages == ids[3:] and "550 5.7.1 Message refused" in problem.error


def test_recipients_refused_one_by_one_do_not_stop_the_round(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 5)
    mail.smtp.fail_next(550, "5.1.1 No such user", stage="RCPT", times=5)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    mail.smtp.clear_failures()
    assert [i for i, _ in report.failed] == ids  # each its own address's matter: each tried
    assert not report.account_problems


def test_one_success_between_ends_the_run_of_failures(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 6)
    mail.smtp.drop_next(stage="DATA", times=2)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert [i for i, _ in report.unknown] == ids[:2] and report.sent == ids[2:]
    assert not report.account_problems
