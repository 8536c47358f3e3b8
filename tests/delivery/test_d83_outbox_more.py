"""The outbox, found by testers: a send the server accepted while another program held the
database's lock is kept beside the database and recorded by the next program, never forgotten nor
sent again; `send --now` that finds the account unable to send leaves the note approved; `drafts`
marks a note waiting for its account as such; a send another program is making is said so; the
reconciliation is said before the sends. Real SMTP server, real SQLite file and lock."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message
from tests.delivery.test_crash import LATER, approved_note, delivered_copies
from tests.helpers import afterview

pytestmark = pytest.mark.mail


def run_cli(db, *args, at=NOW, password="alice-secret"):
    return afterview("--db", str(db), *args, env={"AV_TEST_PASSWORD": password, "AFTERVIEW_AT": at.isoformat()})


def _stored(store, message_id) -> Message:
    with store.transaction() as tx:
        return tx.get(Message, message_id)


class Lock:
    """Another program (a long import) holding the database's write lock from the moment the
    server accepts the message, until released."""

    def __init__(self, db):
        self.db, self.connection, self.taken = db, None, threading.Event()

    def take(self) -> None:
        self.connection = sqlite3.connect(self.db, check_same_thread=False, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")
        self.taken.set()

    def release(self) -> None:
        if self.connection is not None:
            self.connection.execute("ROLLBACK")
            self.connection.close()
            self.connection = None


@pytest.mark.parametrize("command", [["send-due"], ["send", "{id}", "--now"]])
def test_a_send_accepted_while_the_database_is_locked_is_recorded_by_the_next_program(
        command, mail, store, seeded, accounts, afterview_home, tmp_path, monkeypatch):
    monkeypatch.setattr(delivery, "RECORD_WAIT", 1.0)
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    lock = Lock(db)
    mail.smtp.before_250 = lock.take
    try:
        done = run_cli(db, *[part.format(id=message_id) for part in command])
        assert lock.taken.is_set() and done.code == 2, (done.out, done.err)
        kept = tmp_path / "afterview.db-unrecorded"
        assert kept.exists()
        assert (f"message {message_id} went out (the mail server accepted it), but could not be recorded yet: "
                in done.err) and f"kept in {kept}" in done.err and "Traceback" not in done.err, done.err
    finally:
        lock.release()
        mail.smtp.before_250 = None
    assert _stored(store, message_id).state == MessageState.SENDING
    # the next program, well within the claim's lease, records it first: no Sent folder needed
    after = run_cli(db, "send-due", at=NOW + timedelta(minutes=1))
    assert after.code == 0, after.err
    assert (f"message {message_id} went out earlier, when the database could not be written: recorded as sent now"
            in after.out), after.out
    message = _stored(store, message_id)
    assert message.state == MessageState.SENT and message.sent_at is not None
    assert not kept.exists()
    later = run_cli(db, "send-due", at=LATER)  # past the lease: nothing to settle, nothing sent again
    assert later.code == 0 and "outcome unknown" not in later.out, later.out
    assert _stored(store, message_id).state == MessageState.SENT
    assert delivered_copies(mail, header) == 1


def test_the_worker_records_a_send_it_could_not_record_once_the_database_can_be_written(
        mail, store, seeded, accounts, afterview_home, tmp_path, monkeypatch):
    monkeypatch.setattr(delivery, "RECORD_WAIT", 0.5)
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    lock = Lock(db)
    mail.smtp.before_250 = lock.take
    said, warned = [], []
    deadline = time.monotonic() + 40

    def warn(line: str) -> None:
        warned.append(line)
        lock.release()  # the long import ends once the worker said the database could not be used

    def recorded() -> bool:
        return any("went out earlier" in line for line in said) or time.monotonic() > deadline

    try:
        delivery.run_worker(store, accounts=accounts, clock=delivery.running_clock(NOW), should_stop=recorded,
                            interval=5, say=said.append, warn=warn)
    finally:
        lock.release()
        mail.smtp.before_250 = None
    assert any("could not be recorded yet" in line for line in warned), (warned, said)
    assert f"message {message_id} went out earlier, when the database could not be written: recorded as sent now" in said, said
    message = _stored(store, message_id)
    assert message.state == MessageState.SENT, message.last_error
    assert delivered_copies(mail, header) == 1


def test_send_now_with_a_refused_login_leaves_the_note_approved(mail, store, seeded, accounts, afterview_home,
                                                                 tmp_path):
    from tests.delivery.test_crash import write_config

    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded)
    assert run_cli(db, "approve", str(message_id)).code == 0
    sent = run_cli(db, "send", str(message_id), "--now", password="wrong")
    assert sent.code == 2
    assert f"message {message_id} waits for account test, which cannot send: it stays approved" in sent.out, sent.out
    message = _stored(store, message_id)
    assert message.state == MessageState.APPROVED and message.scheduled_at is None
    assert message.last_error.startswith("waiting for its account: ")
    listed = run_cli(db, "drafts")
    assert "approved (waiting for its account)" in listed.out and "retrying after an error" not in listed.out
    assert "(waiting for its account: " in listed.err
    fixed = run_cli(db, "send-due", at=NOW + timedelta(minutes=1))  # fixed: it goes, with no new approval
    assert fixed.code == 0 and f"sent message {message_id}" in fixed.out, (fixed.out, fixed.err)


def test_a_send_another_program_is_making_is_said_so(store, seeded, accounts):
    claimed = NOW - timedelta(minutes=1)
    message_id = add_message(store, seeded, state=MessageState.SENDING, message_id="<flight-2@example.test>",
                             updated_at=claimed)
    report = delivery.reconcile(store, now=NOW, accounts=accounts)
    [(found, said)] = report.checking
    assert found == message_id
    assert said.startswith("is being sent by another Afterview program (since 2026-11-26 09:59 UTC): it is not sent "
                           "twice. If no other Afterview program is running, the send was cut off"), said


def test_send_due_says_the_reconciliation_before_the_sends(mail, store, seeded, accounts, afterview_home, tmp_path):
    from tests.delivery.test_crash import write_config

    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    stuck = add_message(store, seeded, state=MessageState.SENDING, message_id="<cut-off@example.test>",
                        updated_at=NOW - timedelta(minutes=30))
    due = add_message(store, seeded, subject="Another note")
    with store.transaction() as tx:
        delivery.approve(tx, due, now=NOW, accounts=accounts)
    done = run_cli(db, "send-due")
    lines = done.out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"message {stuck} "))
    assert lines.index(f"sent message {due}") > first, lines


def test_an_address_changed_while_a_send_was_cut_off_long_ago_says_it_as_today_does(store, seeded, tmp_path,
                                                                                  afterview_home):
    db = tmp_path / "afterview.db"
    message_id = add_message(store, seeded, state=MessageState.SENDING, message_id="<cut@example.test>",
                             updated_at=NOW - timedelta(hours=2))
    edited = run_cli(db, "person", "edit", str(seeded["person"]), "--email", "robert@example.test")
    assert edited.code == 0, edited.err
    [line] = [x for x in edited.out.splitlines() if x.startswith(f"message {message_id} ")]
    assert "being sent right now" not in line
    assert line.startswith(f"message {message_id} goes to bob@example.test, too late to change it: its send was cut "
                           "off at "), line
    assert "do not send it again" in line
