"""An account whose server drops the connection after each message's data stays held (found by a
tester with a real aiosmtpd): the stop after three sends that ended alike only ended that round,
the next round tried three more at once, so that every approved note became "outcome unknown"
within seconds, and the worker said "account ... sends again" as soon as the SMTP session opened,
though the server had taken nothing. Real SMTP and IMAP servers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import approved_note, run_cli
from tests.delivery.test_outbox_fix_servers import _approved, _states

pytestmark = pytest.mark.mail


def _unknown(store, ids) -> list[int]:
    with store.transaction() as tx:
        return [i for i in ids if tx.get(Message, i).state == MessageState.FAILED]


def test_a_stopped_account_stays_held_and_tries_one_message_after_a_growing_pause(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 8)
    mail.smtp.drop_next(stage="DATA", times=8)
    first = delivery.send_due(store, now=NOW, accounts=accounts)
    assert [i for i, _ in first.unknown] == ids[:3]
    [problem] = first.account_problems
    assert problem.halted and problem.messages == ids[3:]
    assert problem.line() == (
        "account test stopped sending: its last 3 sends ended the same way: SMTP 127.0.0.1: the connection broke "
        "after the whole message was sent, before the server's answer; its due messages stay approved or scheduled "
        f"and are not tried before {NOW + timedelta(minutes=5):%Y-%m-%d %H:%M} UTC, then one first, and the others "
        "once the server takes it (check it: afterview account test test; then the next round tries one at once)")
    tried = len(mail.smtp.attempts)

    # the next rounds (the worker's, send-due's, the desk's) try nothing before the pause ends
    for minutes in (0, 1, 4):
        held = delivery.send_due(store, now=NOW + timedelta(minutes=minutes, seconds=59), accounts=accounts)
        assert not held.sent and not held.unknown and held.account_problems[0].messages == ids[3:]
        assert held.account_problems[0].line() == problem.line()  # the same line: said once by the worker
        assert held.account_problems[0].halted and "test" not in held.confirmed
    assert len(mail.smtp.attempts) == tried
    assert delivery.send_due_status(held) == 2

    # after it, one message only; it fails too: held again, for longer
    probe = delivery.send_due(store, now=NOW + timedelta(minutes=5), accounts=accounts)
    assert [i for i, _ in probe.unknown] == [ids[3]] and len(mail.smtp.attempts) == tried + 1
    [again] = probe.account_problems
    assert again.messages == ids[4:] and "its try after a pause failed too" in again.line()
    assert f"not tried before {NOW + timedelta(minutes=20):%Y-%m-%d %H:%M} UTC" in again.line()
    assert not delivery.send_due(store, now=NOW + timedelta(minutes=19), accounts=accounts).unknown

    # the server mended: the one try goes through, and the others follow in the same round
    mail.smtp.clear_failures()
    mended = delivery.send_due(store, now=NOW + timedelta(minutes=20), accounts=accounts)
    assert mended.sent == ids[4:] and not mended.account_problems and mended.confirmed == ["test"]
    assert _unknown(store, ids) == ids[:4]  # four notes for the user to decide, not eight
    with store.transaction() as tx:
        assert delivery.account_hold(tx, "test") is None


def test_checking_the_account_lets_the_next_round_try_one_at_once(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 5)
    mail.smtp.drop_next(stage="DATA", times=3)
    delivery.send_due(store, now=NOW, accounts=accounts)
    released = delivery.release_hold(store, "test", now=NOW + timedelta(minutes=1))
    assert released is not None and released.until == NOW + timedelta(minutes=5)
    after = delivery.send_due(store, now=NOW + timedelta(minutes=1), accounts=accounts)
    assert after.sent == ids[3:] and not after.account_problems
    assert delivery.release_hold(store, "test", now=NOW + timedelta(minutes=2)) is None  # nothing held now


def test_the_users_send_now_is_the_held_accounts_one_try(mail, store, seeded, accounts):
    ids = _approved(store, seeded, accounts, 5)
    mail.smtp.drop_next(stage="DATA", times=3)
    delivery.send_due(store, now=NOW, accounts=accounts)
    now = delivery.send_due(store, now=NOW + timedelta(minutes=1), accounts=accounts, only=[ids[3]])
    assert now.sent == [ids[3]]
    rest = delivery.send_due(store, now=NOW + timedelta(minutes=1), accounts=accounts)
    assert rest.sent == [ids[4]] and not rest.account_problems


def _worker_rounds(store, accounts, count: int, before) -> list[str]:
    said, used = [], []

    def clock():
        before(len(used))
        used.append(NOW + timedelta(minutes=len(used)))
        return used[-1]

    delivery.run_worker(store, accounts=accounts, clock=clock, should_stop=lambda: len(used) >= count,
                        interval=0.05, say=said.append, warn=said.append)
    return said


def test_the_worker_says_the_account_sends_again_only_once_its_server_took_a_message(mail, store, seeded,
                                                                                      accounts):
    ids = _approved(store, seeded, accounts, 4)
    mail.smtp.drop_next(stage="DATA", times=4)
    said = _worker_rounds(store, accounts, 7, lambda n: mail.smtp.clear_failures() if n == 5 else None)
    stops = [i for i, line in enumerate(said) if line.startswith("account test stopped sending")]
    again = [i for i, line in enumerate(said) if line == "account test sends again"]
    sent = [i for i, line in enumerate(said) if line == f"sent message {ids[3]}"]
    assert len(stops) == 1 and len(sent) == 1 and len(again) == 1, said
    assert stops[0] < sent[0] < again[0], said
    assert len(mail.smtp.attempts) == 4  # three dropped, then the one that went through
    assert _states(store, ids) == [MessageState.FAILED] * 3 + [MessageState.SENT]


def test_send_due_says_needs_you_when_it_found_unknown_outcomes_and_stopped_the_account(
        mail, store, seeded, accounts, afterview_home, tmp_path):
    """Exit status 3 ("needs you") wins over 2 (an account that could not send): a cron job
    waiting for 3 learns of the notes that may have arrived."""
    _message_id, _header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    _approved(store, seeded, accounts, 3)
    mail.smtp.drop_next(stage="DATA", times=4)
    done = run_cli(db, "send-due")
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert "afterview: account test stopped sending" in done.stderr
    assert done.stdout.count("outcome unknown") == 3
    report = delivery.SendReport(unknown=[(1, "x")], account_problems=[delivery.AccountProblem("a", "e", True)])
    assert delivery.send_due_status(report) == 3 and delivery.send_due_status(report, {"a": "down"}) == 3
    assert delivery.send_due_status(delivery.SendReport(), {"a": "down"}) == 2
