"""Many programs on one SQLite file (the desk, the worker, several send-due and send --now at once:
a crash tester's burst): the outbox plans outside the write lock, and the step that records what
the server accepted waits longer for that lock than the usual five seconds (a send went out, and
"could not be recorded: ... busy"). Real SMTP and IMAP servers, a real second program's lock."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_interview, add_message

pytestmark = pytest.mark.mail


def _write_lock_free(db) -> bool:
    """Whether another program could take the database's write lock right now (no waiting)."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()


def test_the_outbox_plans_outside_the_write_lock(mail, store, seeded, accounts, tmp_path, monkeypatch):
    from datetime import timedelta

    found = add_interview(store, seeded, NOW - timedelta(hours=3))
    message_id = add_message(store, found, action_key=found["key"], interview_id=found["interview"])
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    planned_while_free = []
    unplanned = delivery.unplanned

    def watched(*args, **kwargs):
        planned_while_free.append(_write_lock_free(tmp_path / "afterview.db"))
        return unplanned(*args, **kwargs)

    monkeypatch.setattr(delivery, "unplanned", watched)
    report = delivery.send_due(store, now=NOW, accounts=accounts)
    assert report.sent == [message_id], report
    assert planned_while_free == [True]  # planned once, and no other program waited for it meanwhile


def test_a_send_is_recorded_after_another_program_held_the_lock_for_eight_seconds(mail, store, seeded, accounts,
                                                                                  tmp_path):
    ids = [add_message(store, seeded, subject=f"Thank you ({n})") for n in range(2)]
    with store.transaction() as tx:
        for message_id in ids:
            delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    held: list[sqlite3.Connection] = []

    def take_lock():  # right as the server takes the first message: another program writes, slowly
        if held:
            return
        other = sqlite3.connect(tmp_path / "afterview.db", check_same_thread=False, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.append(other)

        def release():
            other.execute("ROLLBACK")
            other.close()
        threading.Timer(8.0, release).start()

    mail.smtp.before_250 = take_lock
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        mail.smtp.before_250 = None
    assert held and report.sent == ids, report
    with store.transaction() as tx:
        assert [tx.get(Message, i).state for i in ids] == [MessageState.SENT, MessageState.SENT]
    assert len(mail.received) == 2


def test_a_transaction_that_waits_longer_puts_the_usual_wait_back(store, tmp_path):
    """The longer wait is the recording step's only: the connection goes back to the pool with
    the usual five seconds."""
    with store.transaction(wait=30) as tx:
        assert tx.connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    with store.transaction() as tx:
        assert tx.connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5_000
