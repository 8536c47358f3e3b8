"""A send the mail server accepted but the database could not record (locked by another
program, a full disk): the command says the message went out and must not be sent again, and
the check of interrupted sends records it from the Sent folder later. Never "try again"."""

import sqlite3
import threading
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import LATER, approved_note, delivered_copies, run_cli

pytestmark = pytest.mark.mail


class Lock:
    """Another program holding the database's write lock, taken the moment the server accepts."""

    def __init__(self, db):
        self.db, self.connection, self.taken = db, None, threading.Event()

    def take(self) -> None:
        self.connection = sqlite3.connect(self.db, check_same_thread=False, isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")
        self.taken.set()

    def release(self) -> None:
        if self.connection is not None:
            self.connection.execute("ROLLBACK")
            self.connection.close()


@pytest.mark.parametrize("command", [["send-due"], ["send", "{id}", "--now"]])
def test_a_send_that_cannot_be_recorded_says_it_went_out(command, mail, store, seeded, accounts, afterview_home,
                                                         tmp_path):
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    lock = Lock(db)
    mail.smtp.before_250 = lock.take
    try:
        done = run_cli(db, *[part.format(id=message_id) for part in command])
    finally:
        lock.release()
        mail.smtp.before_250 = None
    assert lock.taken.is_set()
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, (done.stdout, done.stderr)
    [line] = [x for x in done.stderr.splitlines() if not x.startswith("warning: ")]
    assert line == (f"afterview: error: message {message_id} went out (the mail server accepted it), but could not "
                    f"be recorded: {db} is busy: another Afterview program (the desk, the worker, a command) has been "
                    "changing it for a while. Do not send it again: from 2026-11-26 10:05 UTC on, afterview send-due "
                    "(or the worker) looks for it in the Sent folder and records it as sent")
    assert "try again" not in line
    assert delivered_copies(mail, header) == 1
    # a retry at once is refused as the send under way it is; nothing goes out twice
    again = run_cli(db, "send", str(message_id), "--now", at=NOW + timedelta(minutes=1))
    assert again.returncode == 2 and "it is not sent twice" in again.stderr, again.stderr
    assert run_cli(db, "send-due", at=NOW + timedelta(minutes=2)).returncode == 0
    assert delivered_copies(mail, header) == 1
    # past the claim's lease, it is found in the Sent folder and recorded as sent
    later = run_cli(db, "send-due", at=LATER)
    assert later.returncode == 0, later.stderr
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == MessageState.SENT, message.last_error
    assert delivered_copies(mail, header) == 1
