"""The copy for the Sent folder is filed after the send is recorded (found by a tester with a
Dovecot stopped by kill -STOP): it was filed between the server's 250 and the commit that records
"sent", so a crash or a slow mailbox server in that window left a note the program knew had gone
"outcome unknown". And a copy the server stored but whose OK did not come in time was said as
"failed", inviting a second copy. Real SMTP and IMAP servers (one behind a small proxy that
withholds the server's answer to the copy), and a hung one on a socket."""

from __future__ import annotations

import signal
import socket
import threading
import time

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.delivery.test_crash import LATER, approved_note, delivered_copies, run_cli
from tests.delivery.test_outbox_fix_servers import Silent

pytestmark = pytest.mark.mail


def _state(store, message_id: int) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


def test_a_send_is_recorded_as_sent_before_its_copy_is_filed(mail, store, seeded, monkeypatch):
    """While the mailbox server keeps the copy waiting, the note is already recorded as sent."""
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    hung = Silent()
    try:
        accounts = {"test": account_for(mail, imap_port=hung.port, timeout=3)}
        message_id = add_message(store, seeded)
        with store.transaction() as tx:
            delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        done: list = []
        sending = threading.Thread(target=lambda: done.append(delivery.send_due(store, now=NOW, accounts=accounts)))
        sending.start()
        deadline = time.monotonic() + 20
        while not hung.accepted and time.monotonic() < deadline:
            time.sleep(0.05)
        assert hung.accepted, "the copy for Sent was never tried"
        during = _state(store, message_id).state  # the mailbox server has not answered yet
        sending.join(30)
    finally:
        hung.close()
    assert during == MessageState.SENT
    [report] = done
    assert report.sent == [message_id]
    message = _state(store, message_id)
    assert message.state == MessageState.SENT and message.note == dict(report.uncopied)[message_id]
    assert message.note.startswith("sent; the copy for the Sent folder failed: IMAP 127.0.0.1")


def test_killed_while_its_copy_is_filed_the_send_stays_sent(mail, store, seeded, accounts, afterview_home,
                                                              tmp_path):
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    killed = run_cli(db, "send-due", crash="before_sent_copy")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    later = run_cli(db, "send-due", at=LATER)
    assert later.returncode == 0 and "outcome unknown" not in later.stdout, later.stdout
    message = _state(store, message_id)
    assert message.state == MessageState.SENT and not message.last_error
    assert delivered_copies(mail, header) == 1


class WithheldAnswer:
    """A proxy to the mailbox server that passes everything, until the client has sent more
    than `after` bytes (the copy being filed): from then on the server's answers are withheld,
    as if they were lost. The server itself stores what it was given."""

    def __init__(self, host: str, port: int, after: int):
        self.target, self.after = (host, port), after
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # the listener was closed: the proxy stops
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            sent = [0]
            threading.Thread(target=self._pipe, args=(client, server, sent, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, sent, False), daemon=True).start()

    def _pipe(self, source, sink, sent, upward: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if upward:
                    sent[0] += len(chunk)
                elif sent[0] > self.after:
                    continue  # the answer to the copy: withheld
                sink.sendall(chunk)
        except OSError:  # one side closed the connection: the relay of this client ends
            pass

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()


def test_a_copy_stored_whose_answer_timed_out_may_have_been_filed(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    body = "Dear Bob,\n" + "thank you for the conversation today.\n" * 1500 + "Alice\n"  # about 57 kB
    proxy = WithheldAnswer(mail.host, mail.imap_port, after=40_000)
    try:
        accounts = {"test": account_for(mail, imap_port=proxy.port, timeout=2)}
        message_id = add_message(store, seeded, body=body, state=MessageState.APPROVED, approved_at=NOW)
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        proxy.close()
    assert report.sent == [message_id]
    note = dict(report.uncopied)[message_id]
    assert note.startswith('sent; the copy for the Sent folder "Sent" may have been filed (no answer from the '
                           f"server in time: IMAP {mail.host}:{proxy.port}: timed out"), note
    assert note.endswith("): check Sent before filing it again"), note
    assert "failed" not in note
    assert _state(store, message_id).note == note
    header = _state(store, message_id).message_id
    assert [m["Message-ID"] for m in mail.messages("alice", "Sent")] == [header]  # it was filed indeed
