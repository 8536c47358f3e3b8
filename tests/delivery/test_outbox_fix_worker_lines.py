"""The worker says each thing once, and only what is so (found by testers): a full disk gave
"the database cannot be used" and "the database can be used again" at every round, 1,400 lines an
hour, the second untrue; a message being sent by another program (or cut off) was said at every
round until its five minutes ran out; `send --now` said "was not sent" after "it may have arrived".
Real SMTP and IMAP servers."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.errors import StorageError
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.delivery.test_crash import approved_note, run_cli

pytestmark = pytest.mark.mail


def _rounds(store, accounts, count: int, *, interval: float = 0.05, before=None):
    """The worker in this process, one round a minute (its clock) for `count` rounds: what it said
    (say, warn) in order, and each say_send report."""
    said, reports, used = [], [], []

    def clock():
        if before is not None:
            before(len(used))
        used.append(NOW + timedelta(minutes=len(used)))
        return used[-1]

    delivery.run_worker(store, accounts=accounts, clock=clock, should_stop=lambda: len(used) >= count,
                        interval=interval, say=said.append, warn=said.append,
                        say_send=lambda report: reports.append(report))
    return said, reports


class DiskFull:
    """A store on a full disk: its transactions read as ever, and fail at their first statement
    that writes (SQLite's "database or disk is full"), as long as `full`."""

    def __init__(self, store):
        self.store, self.full = store, True

    def __getattr__(self, name):
        return getattr(self.store, name)

    @contextlib.contextmanager
    def transaction(self, *args, **kwargs):
        with self.store.transaction(*args, **kwargs) as tx:
            if self.full:
                tx.connection = _NoWrites(tx.connection, self.store.where)
            yield tx


class _NoWrites:
    def __init__(self, connection, where: str):
        self.connection, self.where = connection, where

    def __getattr__(self, name):
        return getattr(self.connection, name)

    def execute(self, statement, *args, **kwargs):
        from sqlalchemy.sql.dml import UpdateBase

        if isinstance(statement, UpdateBase):  # an INSERT, UPDATE or DELETE
            raise StorageError(f"cannot write {self.where}: the disk is full", advice="free some space, then try again")
        return self.connection.execute(statement, *args, **kwargs)


def test_a_full_disk_is_said_once_and_usable_again_only_once_a_write_went_through(mail, store, seeded, accounts):
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    disk = DiskFull(store)

    def before(round_):
        if round_ == 5:  # space freed before the sixth round
            disk.full = False

    said, reports = _rounds(disk, accounts, 8, before=before)
    problems = [line for line in said if "database" in line]
    assert problems == [f"the database cannot be used (cannot write {store.where}: the disk is full; free some "
                        "space, then try again); trying again every 0.05 s",
                        "the database can be used again"], said
    assert [r.sent for r in reports if r.sent] == [[message_id]]
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT


def test_a_message_being_sent_elsewhere_is_said_once_while_its_lease_runs(mail, store, seeded, accounts):
    message_id = add_message(store, seeded, state=MessageState.SENDING, account="test", updated_at=NOW)
    said, reports = _rounds(store, accounts, 4)  # rounds at 10:00 to 10:03: its lease ends at 10:05
    checking = [entry for report in reports for entry in report.checking]
    assert len(checking) == 1 and checking[0][0] == message_id, checking
    assert checking[0][1].startswith("is being sent by another Afterview program (since 2026-11-26 10:00 UTC): it is "
                                     "not sent twice. If no other Afterview program is running, the send was cut "
                                     "off"), checking[0][1]


def test_a_send_that_timed_out_after_its_data_says_so(mail, store, seeded, monkeypatch):
    import time

    monkeypatch.setenv("AV_TEST_PASSWORD", mail.users["alice"].password)
    accounts = {"test": account_for(mail, timeout=1)}
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    mail.smtp.before_250 = lambda: time.sleep(2.5)  # the whole message taken, the answer late
    try:
        report = delivery.send_due(store, now=NOW, accounts=accounts)
    finally:
        mail.smtp.before_250 = None
    [(unknown, why)] = report.unknown
    assert unknown == message_id
    assert why.startswith("outcome unknown: SMTP 127.0.0.1: timed out waiting for the server's answer (1 s) after "
                          "the whole message was sent; it may have arrived"), why
    assert "connection broke" not in why


def test_send_now_with_an_unknown_outcome_never_says_not_sent(mail, store, seeded, accounts, afterview_home,
                                                             tmp_path):
    message_id, _header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    mail.smtp.drop_next(stage="DATA")  # the whole message taken, then the connection closed
    done = run_cli(db, "send", str(message_id), "--now")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert f"message {message_id} outcome unknown: SMTP 127.0.0.1: the connection broke after the whole message " \
           "was sent" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == \
        f"afterview: error: message {message_id} was not confirmed sent (see above)"
    assert "was not sent" not in done.stderr
