"""`afterview today` says first when an account the outbox stopped keeps approved notes from going.

Found by a tester: once an account's sends ended the same way three times in a row (its server
dropping the connection after each message's data), the outbox stopped it across rounds
(services.delivery.Hold), but `today` listed its approved notes under ON ITS WAY as "goes with the
next send round", as if they would go. Now one line comes first: which account, since when, its
last error, when it is tried again (the user's clock), the notes that wait on it, and what to do;
`--json` gives it as a record of kind "account_stopped". A real aiosmtpd drops the connection
after DATA; the store is a SQLite file."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import run_cli
from tests.delivery.test_outbox_fix_servers import _approved

pytestmark = pytest.mark.mail

BROKE = "SMTP 127.0.0.1: the connection broke after the whole message was sent, before the server's answer"
GOING = "ON ITS WAY (nothing to do)"


def _config(home, mail) -> None:
    (home / "config.toml").write_text('timezone = "America/Chicago"\n'
                                      + mail.account_toml("test", extra="rate_per_minute = 0\n"))


def _stopped(mail, store, seeded, accounts, home, count: int = 5) -> list[int]:
    """`count` notes approved through the test account; the server drops the first three after
    their data: the outbox stops the account, the others wait (their ids are returned)."""
    _config(home, mail)
    ids = _approved(store, seeded, accounts, count)
    mail.smtp.drop_next(stage="DATA", times=3)
    first = delivery.send_due(store, now=NOW, accounts=accounts)
    assert [i for i, _ in first.unknown] == ids[:3] and first.account_problems[0].halted
    return ids[3:]


def test_today_says_first_that_the_account_stopped_and_what_to_do(mail, store, seeded, accounts, afterview_home,
                                                                   tmp_path):
    db = tmp_path / "afterview.db"
    _config(afterview_home, mail)
    ids = _approved(store, seeded, accounts, 5)
    before = run_cli(db, "today", at=NOW)
    assert before.returncode == 0 and "stopped sending" not in before.stdout  # nothing held: nothing said
    mail.smtp.drop_next(stage="DATA", times=3)
    delivery.send_due(store, now=NOW, accounts=accounts)
    waiting = ids[3:]

    done = run_cli(db, "today", at=NOW + timedelta(minutes=1))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Times are yours (America/Chicago); a reason says when a time is the recipient's."
    assert lines[2] == (
        f"account test stopped sending on Thu 2026-11-26 04:00: its sends ended the same way again and again "
        f"(last: {BROKE}); 2 approved notes wait on it (messages {waiting[0]}, {waiting[1]}); they are not tried "
        "before Thu 2026-11-26 04:05, then one first, and the others once the server takes it. What to do: check it "
        "(afterview account test test); once its SMTP check passes, the next round tries one at once, without "
        "waiting for Thu 2026-11-26 04:05. Only a message its server takes ends the stop: nothing else clears it")
    assert lines[3:5] == ["", "Nothing else needs you right now; 2 notes are on their way (below)."]
    # the notes themselves no longer read as going with the next round
    assert lines.index(f"{GOING}: 2") > 2
    for message_id in waiting:
        assert (f"approved (message {message_id}): waits for its account test, which stopped sending (see above)"
                in done.stdout)
    assert "goes with the next send round" not in done.stdout and "not sent yet" not in done.stdout

    # --json: a record of its own, first
    records = json.loads(run_cli(db, "today", "--json", at=NOW + timedelta(minutes=1)).stdout)
    first = records[0]
    assert first["kind"] == "account_stopped" and first["reason"] == lines[2]
    assert {k: first[k] for k in ("account", "since", "until", "last_error", "waiting", "command", "stops")} == {
        "account": "test", "since": NOW.isoformat(), "until": (NOW + timedelta(minutes=5)).isoformat(),
        "last_error": BROKE, "waiting": waiting, "command": "afterview account test test", "stops": 1}
    assert first["key"] is None and first["on_its_way"] is False
    assert all(r["kind"] != "account_stopped" for r in records[1:])


def test_after_the_pause_and_after_a_check_it_says_the_next_round_tries_one(mail, store, seeded, accounts,
                                                                            afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    waiting = _stopped(mail, store, seeded, accounts, afterview_home)
    later = run_cli(db, "today", at=NOW + timedelta(minutes=6)).stdout.splitlines()[2]
    assert later.endswith(
        f"2 approved notes wait on it (messages {waiting[0]}, {waiting[1]}); the next send round (afterview send-due, "
        "the worker, the desk) tries one at once, and the others once the server takes it. What to do: check it "
        "(afterview account test test); it says what is wrong with its server or its settings. Only a message its "
        "server takes ends the stop: nothing else clears it")
    # `account test` whose SMTP check passes ends the pause; the stop itself stays until a send goes through
    tested = run_cli(db, "account", "test", "test", at=NOW + timedelta(minutes=2))
    assert "the next round (afterview send-due, the worker, the desk) tries one" in tested.stdout, tested.stdout
    checked = run_cli(db, "today", at=NOW + timedelta(minutes=2)).stdout
    assert "account test stopped sending on Thu 2026-11-26 04:00" in checked
    assert "the next send round (afterview send-due, the worker, the desk) tries one at once" in checked
    # the server takes a message: the stop ends, and nothing more is said
    mail.smtp.clear_failures()
    assert delivery.send_due(store, now=NOW + timedelta(minutes=3), accounts=accounts).sent == waiting
    assert "stopped sending" not in run_cli(db, "today", at=NOW + timedelta(minutes=4)).stdout


def test_one_note_waiting_scheduled_for_later(mail, store, seeded, accounts, afterview_home, tmp_path):
    db = tmp_path / "afterview.db"
    [waiting] = _stopped(mail, store, seeded, accounts, afterview_home, count=4)
    out = run_cli(db, "today", at=NOW + timedelta(minutes=1)).stdout
    assert (f"; 1 approved note waits on it (message {waiting}); it is not tried before Thu 2026-11-26 04:05. What "
            "to do:") in out
    with store.transaction() as tx:
        delivery.schedule(tx, waiting, when=NOW + timedelta(days=1), now=NOW + timedelta(minutes=1))
    out = run_cli(db, "today", at=NOW + timedelta(minutes=1)).stdout
    assert f"1 approved note waits on it (message {waiting})" in out
    assert (f"scheduled (message {waiting}): goes Fri 2026-11-27 04:00, if its account test sends again by then (it "
            "stopped sending: see above)") in out
