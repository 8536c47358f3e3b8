"""A login the mail server refused for a reason of its own is said as that reason, not as a
password problem (found by a tester: "[LIMIT] Maximum number of connections ... (check the
password or app password)"). Scripted servers on 127.0.0.1 give the replies real servers give
(Dovecot's [LIMIT] and [UNAVAILABLE], Gmail's "Too many simultaneous connections", SMTP's 421
and 454), which a test cannot make a real server give at will."""

from __future__ import annotations

import socketserver
import threading

import pytest

from afterview.delivery.accounts import Account
from afterview.delivery.imap import ImapConnection
from afterview.delivery.smtp import SmtpConnection
from afterview.errors import DeliveryError


class _Scripted:
    """A server on 127.0.0.1 that answers each line with what `answer` gives (None: hang up)."""

    def __init__(self, greeting: bytes, answer) -> None:
        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(greeting)
                for line in self.rfile:
                    reply = answer(line.rstrip(b"\r\n"))
                    if reply is None:
                        return
                    self.wfile.write(reply)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Session)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _imap(refusal: bytes) -> _Scripted:
    def answer(line: bytes):
        tag, _, rest = line.partition(b" ")
        command = rest.partition(b" ")[0].upper()
        if command == b"CAPABILITY":
            return b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n"
        if command == b"LOGIN":
            return tag + b" NO " + refusal + b"\r\n"
        return None if command != b"LOGOUT" else b"* BYE\r\n" + tag + b" OK bye\r\n"

    return _Scripted(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n", answer)


def _smtp(refusal: bytes) -> _Scripted:
    def answer(line: bytes):
        command = line.partition(b" ")[0].upper()
        if command == b"EHLO":
            return b"250-localhost\r\n250 AUTH PLAIN LOGIN\r\n"
        if command == b"AUTH":
            return refusal + b"\r\n"
        if command == b"QUIT":
            return b"221 bye\r\n"
        return b"500 what?\r\n"

    return _Scripted(b"220 localhost ready\r\n", answer)


def _account(port: int, monkeypatch) -> Account:
    monkeypatch.setenv("AV_TEST_PASSWORD", "s3cret-pw")
    return Account(name="work", email="alice@example.test", user="alice", smtp_host="127.0.0.1", smtp_port=port,
                   smtp_tls="none", imap_host="127.0.0.1", imap_port=port, imap_tls="none",
                   password_env="AV_TEST_PASSWORD", timeout=10)


def _refused(connection) -> DeliveryError:
    with pytest.raises(DeliveryError) as raised:
        connection.open()
    error = raised.value
    assert "\n" not in str(error) and "s3cret-pw" not in str(error)
    return error


@pytest.mark.parametrize("reply, says, temporary", [
    (b"[LIMIT] Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10)",
     "the server's limit of connections was reached, not a password problem: close other mail programs using "
     "this account, or try again later", True),
    (b"[ALERT] Too many simultaneous connections. (Failure)", "the server's limit of connections was reached", True),
    (b"[UNAVAILABLE] Temporary authentication failure.", "the server cannot log anyone in just now, not a password "
     "problem: try again later", True),
    (b"[INUSE] Mailbox in use", "the mailbox is in use by another program", True),
    (b"[EXPIRED] Password expired", "the password has expired: renew it with the mail provider", False),
    (b"[PRIVACYREQUIRED] Use TLS", "only over an encrypted connection: check imap_tls", False),
])
def test_an_imap_refusal_is_said_as_what_it_is(reply, says, temporary, monkeypatch):
    server = _imap(reply)
    try:
        error = _refused(ImapConnection(_account(server.port, monkeypatch)))
    finally:
        server.stop()
    text = str(error)
    assert text.startswith("IMAP 127.0.0.1: login refused for alice: ") and reply.decode()[:20] in text, text
    assert says in text and "check the password" not in text, text
    assert error.temporary is temporary


def test_an_imap_wrong_password_is_still_said_so(monkeypatch):
    server = _imap(b"[AUTHENTICATIONFAILED] Authentication failed.")
    try:
        error = _refused(ImapConnection(_account(server.port, monkeypatch)))
    finally:
        server.stop()
    assert str(error) == ("IMAP 127.0.0.1: authentication failed for alice: [AUTHENTICATIONFAILED] Authentication "
                          "failed. (check the password or app password)")
    assert not error.temporary


@pytest.mark.parametrize("reply, says", [
    (b"421 4.7.0 Too many concurrent SMTP connections from this IP", "the server's limit of connections was reached, "
     "not a password problem"),
    (b"454 4.7.0 Temporary authentication failure", "the server refused the login for now, not a password problem: "
     "try again later"),
])
def test_an_smtp_refusal_for_now_is_not_a_password_problem(reply, says, monkeypatch):
    server = _smtp(reply)
    try:
        error = _refused(SmtpConnection(_account(server.port, monkeypatch)))
    finally:
        server.stop()
    text = str(error)
    assert text.startswith("SMTP 127.0.0.1: login refused for alice: " + reply.decode()[:3]), text
    assert says in text and "check the password" not in text, text
    assert error.temporary


def test_an_smtp_wrong_password_is_still_said_so(monkeypatch):
    server = _smtp(b"535 5.7.8 Authentication credentials invalid")
    try:
        error = _refused(SmtpConnection(_account(server.port, monkeypatch)))
    finally:
        server.stop()
    assert str(error) == ("SMTP 127.0.0.1: authentication failed for alice: 535 5.7.8 Authentication credentials "
                          "invalid (check the password or app password)")
