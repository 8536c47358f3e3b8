"""A send the mail server accepted but the database could not record (locked by another
program, a full disk): the command says the message went out and must not be sent again, and
the check of interrupted sends records it from the Sent folder later. Never "try again".

The commands run in-process (tests.helpers.afterview), so that the wait for the lock
(delivery.RECORD_WAIT, 30 seconds) is cut to one second here: what is tested is what the
command does once that wait is over, not its length."""

import sqlite3
import threading
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import LATER, approved_note, delivered_copies
from tests.helpers import afterview

pytestmark = pytest.mark.mail


def run_cli(db, *args, at=NOW):
    """`afterview --db DB ARGS...` at `at`, in this process, with the test account's password."""
    return afterview("--db", str(db), *args, env={"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": at.isoformat()})


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
                                                         tmp_path, monkeypatch):
    monkeypatch.setattr(delivery, "RECORD_WAIT", 1.0)
    # its result cannot be kept beside the database either (the disk full): the Sent folder is the
    # way it is recorded (kept there: tests/delivery/test_d83_outbox_more.py)
    monkeypatch.setattr(delivery, "_keep_aside", lambda store, entries: None)
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    lock = Lock(db)
    mail.smtp.before_250 = lock.take
    try:
        done = run_cli(db, *[part.format(id=message_id) for part in command])
    finally:
        lock.release()
        mail.smtp.before_250 = None
    assert lock.taken.is_set()
    assert "Traceback" not in done.err
    assert done.code == 2, (done.out, done.err)
    [line] = [x for x in done.err.splitlines() if not x.startswith("warning: ")]
    assert line == (f"afterview: error: message {message_id} went out (the mail server accepted it), but could not "
                    f"be recorded: {db} is busy: another Afterview program (the desk, the worker, a command) has been "
                    "changing it for a while. Do not send it again: from Thu 2026-11-26 10:06 on, afterview send-due "
                    "(or the worker) looks for it in the Sent folder and records it as sent")
    assert "try again" not in line
    assert delivered_copies(mail, header) == 1
    # a retry at once is refused as the send under way it is; nothing goes out twice
    again = run_cli(db, "send", str(message_id), "--now", at=NOW + timedelta(minutes=1))
    assert again.code == 2 and "it is not sent twice" in again.err, again.err
    assert run_cli(db, "send-due", at=NOW + timedelta(minutes=2)).code == 0
    assert delivered_copies(mail, header) == 1
    # past the claim's lease, it is found in the Sent folder and recorded as sent
    later = run_cli(db, "send-due", at=LATER)
    assert later.code == 0, later.err
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == MessageState.SENT, message.last_error
    assert delivered_copies(mail, header) == 1
