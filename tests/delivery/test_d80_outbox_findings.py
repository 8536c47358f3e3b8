"""Sending against a server that misbehaves (found by a tester with a real aiosmtpd): an account
that cannot reach its server spends none of its messages' attempts and fails none; a server the
database knows answered is not said to be a port expecting implicit TLS; a note found late on the
very day it was set for goes as approved; an end of DATA answered with anything but 250 is not
counted sent. Real SMTP servers (the test server, and small ones on a socket)."""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta, timezone

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.delivery.test_found_late import NY, at, setup, stored as stored_in
from tests.delivery.test_outbox_fix_servers import Silent

pytestmark = pytest.mark.mail


def _stored(store, message_id) -> Message:
    with store.reading() as tx:
        return tx.get(Message, message_id)


def _approved(store, seeded, accounts) -> int:
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    return message_id


def test_a_server_down_for_ten_hours_fails_no_message_and_spends_none_of_its_attempts(mail, store, seeded,
                                                                                     monkeypatch):
    from tests.fixtures.util import free_port

    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    down = {"test": account_for(mail, smtp_port=free_port())}  # connection refused: the laptop offline
    message_id = _approved(store, seeded, down)
    moment = NOW
    for _ in range(20):  # a round every half hour, for ten hours
        report = delivery.send_due(store, now=moment, accounts=down)
        assert report.failed == [] and report.retrying == []
        [problem] = report.account_problems
        assert problem.messages == [message_id] and "connection refused" in problem.error
        assert "spends none of its attempts" in problem.line() and "will be retried" not in problem.line()
        message = _stored(store, message_id)
        assert message.state == MessageState.APPROVED and message.attempts == 1  # a mark, never a try
        assert message.last_error.startswith("waiting for its account: SMTP 127.0.0.1:")
        moment += timedelta(minutes=30)
    # within the account's pause, its server is not even tried: the message waits all the same
    paused = delivery.send_due(store, now=moment - timedelta(minutes=29), accounts=down)
    assert paused.account_problems[0].messages == [message_id] and paused.reached == []
    # back online: it goes, its first real attempt counted as its first
    up = {"test": account_for(mail)}
    went = delivery.send_due(store, now=moment, accounts=up)
    assert went.sent == [message_id] and len(mail.received) == 1
    message = _stored(store, message_id)
    assert message.state == MessageState.SENT and message.attempts == 1
    with store.reading() as tx:
        assert delivery.account_unreachable(tx, "test") is None  # the pause ended with it


def test_a_slow_greeting_from_a_server_the_database_knows_is_not_said_a_tls_port(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    hung = Silent()  # accepts, and never greets
    try:
        slow = {"test": account_for(mail, smtp_port=hung.port, timeout=1)}
        first = _approved(store, seeded, slow)
        never = delivery.send_due(store, now=NOW, accounts=slow)  # never heard from there: the hint stands
        assert "implicit TLS" in never.account_problems[0].error
        # a message sent through that account (as a database older than the record knows it)
        with store.transaction() as tx:
            message = tx.get(Message, first)
            message.state, message.sent_at = MessageState.SENT, NOW
            tx.update(message)
            tx.set_state(delivery.UNREACHABLE_KEY + "test", None)
        _approved(store, seeded, slow)
        known = delivery.send_due(store, now=NOW + timedelta(hours=1), accounts=slow)
        error = known.account_problems[0].error
        assert "timed out" in error and "implicit TLS" not in error, error
    finally:
        hung.close()


def test_a_session_that_opened_is_recorded_as_heard_from(mail, store, seeded, accounts):
    message_id = _approved(store, seeded, accounts)
    assert delivery.send_due(store, now=NOW, accounts=accounts).sent == [message_id]
    with store.reading() as tx:
        assert tx.get_state(delivery.HEARD_KEY + "test") == [f"{mail.host}:{mail.smtp_port}"]


def test_being_sent_says_the_minute_rounded_up_as_send_due_does(store, seeded):
    message_id = add_message(store, seeded, state=MessageState.SENDING,
                             updated_at=datetime(2026, 11, 26, 12, 10, 30, tzinfo=timezone.utc))
    with store.transaction() as tx:
        line = delivery.gone(tx, tx.get(Message, message_id), now=datetime(2026, 11, 26, 12, 12, tzinfo=timezone.utc),
                             tz="UTC")
    assert "finds out from Thu 2026-11-26 12:16 on" in line, line


def test_a_thank_you_found_late_on_the_morning_it_was_set_for_goes_as_approved(mail, afterview_home, monkeypatch):
    # Friday's interview; the plan set the thank-you for Monday morning; the laptop was opened
    # at 10:05 their time that Monday: the same day, their daytime: it goes as approved
    setup(mail, afterview_home, monkeypatch, start="2026-12-18 14:00")
    assert at("2026-12-18 22:00")("approve", "1").code == 0
    assert at("2026-12-18 22:00")("send", "1", "--at", f"2026-12-21 08:00 {NY}").code == 0  # Monday morning
    went = at(f"2026-12-21 10:05 {NY}")("send-due")
    assert went.out.splitlines() == ["sent message 1"], went.out
    assert len(mail.received) == 1


def test_a_thank_you_found_the_day_after_it_was_set_for_is_still_held_back(mail, afterview_home, monkeypatch):
    setup(mail, afterview_home, monkeypatch, start="2026-12-18 14:00")
    assert at("2026-12-18 22:00")("approve", "1").code == 0
    assert at("2026-12-18 22:00")("send", "1", "--at", f"2026-12-21 08:00 {NY}").code == 0
    ran = at(f"2026-12-22 10:05 {NY}")("send-due")
    assert mail.received == [] and "a draft again" in ran.out
    assert stored_in(afterview_home).state == MessageState.DRAFTED


class _Odd:
    """An SMTP server (no TLS, no login) that answers the end of DATA with `code`."""

    def __init__(self, code: bytes):
        self.code = code
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            conn.sendall(b"220 odd ESMTP\r\n")
            data = False
            for line in conn.makefile("rb"):
                if data:
                    if line == b".\r\n":
                        conn.sendall(self.code + b" taken, perhaps\r\n")
                        data = False
                    continue
                verb = line[:4].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-odd\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    data = True
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 OK\r\n")

    def close(self) -> None:
        self.listener.close()


@pytest.mark.parametrize("code", [b"251", b"354"])
def test_an_end_of_data_answered_without_250_is_not_counted_sent(code):
    from afterview.delivery.accounts import Account
    from afterview.delivery.smtp import OutcomeUnknown, SmtpConnection

    odd = _Odd(code)
    try:
        account = Account(name="odd", email="a@example.test", smtp_host="127.0.0.1", smtp_port=odd.port,
                          smtp_tls="none", auth="none", timeout=5)
        connection = SmtpConnection(account)
        try:
            connection.client = __import__("smtplib").SMTP("127.0.0.1", odd.port, timeout=5)
            connection.client.ehlo()
            with pytest.raises(OutcomeUnknown, match=f"{code.decode()} taken, perhaps, not 250"):
                connection.send("a@example.test", ["b@example.test"], b"Subject: hi\r\n\r\nhello\r\n")
        finally:
            connection.close()
    finally:
        odd.close()
