"""A QA tester's third round on the worker and `send --now`, against the real test servers.

- The worker said "account work sends again" a round after the SMTP server went down, when
  nothing was due and nothing had been tried: it must say so only once the account has sent
  (its session opened) again.
- With a refused login, "message 13 waits for account work, which cannot send" came on stdout
  at every round: like the account's problem, it is said once (again when it changes).
- A silent SMTP server (it accepts the connection and never answers) was said to have "closed
  the connection at once (a TLS port?)": it timed out.
- `send --now` run three times at once: the ones that lost the race said only "message 3 was
  not sent (see above)", with nothing above.
- `afterview worker` on a database it cannot open said "worker started" before the error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, account_for, add_message
from tests.delivery.test_crash import write_config
from tests.helpers import completed, worker_rounds

pytestmark = pytest.mark.mail


def _approved(store, seeded, accounts, **kw) -> int:
    message_id = add_message(store, seeded, **kw)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    return message_id


def _rounds(store, accounts, times, *, before=None, interval=0.1, say_send=None, log=None):
    """Run the worker in this process for one round at each of `times` (its clock); `before(n)`
    is called before round n (to mend a server, say). Returns (said, warned); `log` (if given)
    gets both in their order, each with the round it came in."""
    said, warned, used = [], [], []

    def clock():
        if before is not None:
            before(len(used))
        used.append(times[len(used)])
        return used[-1]

    log = [] if log is None else log

    def say(line):
        said.append(line)
        log.append((len(used), line))

    def warn(line):
        warned.append(line)
        log.append((len(used), line))

    delivery.run_worker(store, accounts=accounts, clock=clock, should_stop=lambda: len(used) >= len(times),
                        interval=interval, say=say, warn=warn, say_send=say_send)
    return said, warned


# --- 1. "sends again" only once it has sent -------------------------------------------------------

def test_the_worker_says_an_account_sends_again_only_once_it_has_sent(mail, store, seeded, account):
    from tests.fixtures.util import free_port

    down = account_for(mail, smtp_port=free_port())  # the SMTP server is gone; IMAP still answers
    accounts = {"test": down}
    message_id = _approved(store, seeded, accounts)

    def before(n):
        if n == 2:  # the server is back (its retry is not due yet: nothing is tried this round)
            accounts["test"] = account

    # the first retry comes a minute after the refused connection
    times = [NOW, NOW + timedelta(seconds=20), NOW + timedelta(seconds=40), NOW + timedelta(minutes=2)]
    log = []
    said, warned = _rounds(store, accounts, times, before=before, log=log)
    cannot = [line for line in warned if "cannot send" in line]
    assert len(cannot) == 1 and "connection refused" in cannot[0], warned
    # nothing was tried in rounds 2 and 3: nothing to say then; it sent in round 4, and then
    # (not before) the account sends again
    assert [(n, line) for n, line in log if n > 1] == [(4, f"sent message {message_id}"),
                                                      (4, "account test sends again")], log
    assert warned.count("account test sends again") == 1 and len(mail.messages("bob")) == 1


def test_the_worker_keeps_quiet_while_a_dead_server_has_nothing_due(mail, store, seeded, afterview_home, tmp_path):
    """The tester's own steps: the worker running, the SMTP server down, a message approved."""
    from tests.fixtures.util import free_port

    (afterview_home / "config.toml").write_text(
        mail.account_toml("test", extra="rate_per_minute = 0\n").replace(f"smtp_port = {mail.smtp_port}",
                                                                         f"smtp_port = {free_port()}"))
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    # three rounds: the refused connection, then rounds within the account's pause (its server is
    # not tried again before it): the message waits, said once, not at every round
    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "5", rounds=3,
                         env={"AV_TEST_PASSWORD": mail.users["alice"].password})
    out, err = done.out, done.err
    assert done.code == 0, err
    waits = [line[17:] for line in out.splitlines() if "waits for account" in line]
    assert waits == [f"message {message_id} waits for account test, whose server cannot be reached now: "
                     "it stays approved"], out
    assert "will retry" not in out and "failed" not in out, out
    assert len([line for line in err.splitlines() if "cannot send" in line]) == 1, err
    assert "sends again" not in err, err


# --- 2. a message waiting for its account is said once --------------------------------------------

def test_the_worker_says_a_message_waits_for_its_account_once(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_WRONG_PASSWORD", "wrong")
    accounts = {"test": account_for(mail, password_env="AV_WRONG_PASSWORD")}
    message_id = _approved(store, seeded, accounts)
    times = [NOW + timedelta(minutes=n) for n in range(3)]
    said, warned = _rounds(store, accounts, times)
    waits = [line for line in said if "waits for account test" in line]
    assert waits == [f"message {message_id}: waits for account test, which cannot send: it stays approved"], said
    assert len([line for line in warned if "cannot send" in line]) == 1, warned


def test_the_worker_command_prints_a_waiting_message_once(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "5", rounds=3,
                         env={"AV_TEST_PASSWORD": "wrong"})  # three rounds, each with the login refused
    out, err = done.out, done.err
    assert done.code == 0, err
    waits = [line[17:] for line in out.splitlines() if "waits for account" in line]
    assert waits == [f"message {message_id} waits for account test, which cannot send: it stays approved"], out
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.APPROVED


def test_a_waiting_message_is_said_again_when_its_state_changes(mail, store, seeded, monkeypatch):
    monkeypatch.setenv("AV_WRONG_PASSWORD", "wrong")
    accounts = {"test": account_for(mail, password_env="AV_WRONG_PASSWORD")}
    message_id = _approved(store, seeded, accounts)

    def before(n):
        if n == 1:  # scheduled for a moment already come: now it "stays scheduled"
            with store.transaction() as tx:
                delivery.schedule(tx, message_id, when=NOW + timedelta(seconds=30), now=NOW)

    times = [NOW, NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)]
    said, _ = _rounds(store, accounts, times, before=before)
    waits = [line.rsplit(" ", 1)[-1] for line in said if "waits for account test" in line]
    assert waits == ["approved", "scheduled"], said


# --- 3. a silent server timed out -------------------------------------------------------------------

def test_a_silent_smtp_server_is_said_to_have_timed_out(monkeypatch):
    from afterview.delivery.accounts import Account
    from afterview.delivery.smtp import SmtpConnection
    from afterview.errors import DeliveryError

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # the kernel accepts; nobody ever says a word
    port = silent.getsockname()[1]
    account = Account(name="slow", email="a@example.test", smtp_host="127.0.0.1", smtp_port=port,
                      smtp_tls="starttls", password_env="AV_TEST_PASSWORD", timeout=0.5)
    try:
        started = time.monotonic()
        with pytest.raises(DeliveryError) as caught:
            SmtpConnection(account).open()
        took = time.monotonic() - started
        monkeypatch.setattr(delivery, "TEST_TIMEOUT", 0.5)
        [smtp, _imap] = delivery.test_account(account)
    finally:
        silent.close()
    said = str(caught.value)
    assert said.startswith(f"SMTP 127.0.0.1:{port}: timed out"), said
    assert "closed" not in said and 'smtp_tls = "implicit"' in said and caught.value.temporary
    assert took < 5
    assert not smtp.ok and smtp.detail.startswith(f"SMTP 127.0.0.1:{port}: timed out"), smtp.detail


def test_a_server_that_hangs_up_at_once_is_still_said_so(monkeypatch):
    import threading

    from afterview.delivery.accounts import Account
    from afterview.delivery.smtp import SmtpConnection
    from afterview.errors import DeliveryError

    rude = socket.socket()
    rude.bind(("127.0.0.1", 0))
    rude.listen(4)
    port = rude.getsockname()[1]

    def hang_up():
        conn, _ = rude.accept()
        conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    account = Account(name="rude", email="a@example.test", smtp_host="127.0.0.1", smtp_port=port,
                      smtp_tls="starttls", password_env="AV_TEST_PASSWORD", timeout=5)
    try:
        with pytest.raises(DeliveryError) as caught:
            SmtpConnection(account).open()
    finally:
        thread.join(5)
        rude.close()
    assert "closed the connection at once (a TLS port?" in str(caught.value)


# --- 4. send --now that lost the race ---------------------------------------------------------------

def _cli(db, *args, at=NOW):
    """The command line and environment of `afterview --db DB ARGS...` in a process of its own."""
    env = dict(os.environ, AV_TEST_PASSWORD="alice-secret", AFTERVIEW_AT=at.isoformat())
    env.pop("AFTERVIEW_TEST_CRASH_AT", None)
    return [sys.executable, "-m", "afterview", "--db", str(db), *args], env


def _run(db, *args, at=NOW) -> subprocess.CompletedProcess:
    """`afterview --db DB ARGS...` in this process (what is read is its answer)."""
    return completed("--db", str(db), *args, env={"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": at.isoformat(),
                                                  "AFTERVIEW_TEST_CRASH_AT": None})


def test_send_now_three_at_once_the_others_say_who_sent_it(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    db = tmp_path / "afterview.db"
    args, env = _cli(db, "send", str(message_id), "--now")
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    done = [(proc.wait(60), *proc.communicate()) for proc in procs]
    winners = [d for d in done if d[0] == 0]
    assert len(winners) == 1, done
    assert f"sent message {message_id}" in winners[0][1]
    assert len(mail.messages("bob")) == 1
    for code, out, err in (d for d in done if d[0] != 0):
        assert code == 2, (code, out, err)
        [line] = err.strip().splitlines()
        assert "see above" not in line, line
        assert (line.startswith(f"afterview: error: message {message_id} is being sent by another Afterview "
                                "program (since ")
                or line.startswith(f"afterview: error: message {message_id} was sent already (at ")), line


def test_send_now_of_a_message_another_program_is_sending_says_so(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    with store.transaction() as tx:  # another program's claim, a moment ago
        from afterview.delivery import outbox

        assert outbox.claim(tx, message_id, NOW)
    ran = _run(tmp_path / "afterview.db", "send", str(message_id), "--now", at=NOW + timedelta(seconds=5))
    assert ran.returncode == 2
    # a program that stopped mid-send looks the same for the claim's 5 minutes: when it is found out is said
    assert ran.stderr.strip() == (f"afterview: error: message {message_id} is being sent by another Afterview "
                                  "program (since Thu 2026-11-26 10:00): it is not sent twice. If no other "
                                  "Afterview program is running, the send was interrupted, and afterview send-due "
                                  "finds out from Thu 2026-11-26 10:05 on whether it went out")
    assert mail.received == []


def test_send_now_of_a_message_sent_a_moment_ago_says_when(mail, store, seeded, afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    db = tmp_path / "afterview.db"
    assert _run(db, "send-due").returncode == 0
    ran = _run(db, "send", str(message_id), "--now", at=NOW + timedelta(minutes=1))
    assert ran.returncode == 2
    assert ran.stderr.strip() == (f"afterview: error: message {message_id} was sent already (at Thu 2026-11-26 "
                                  "10:00 your time (UTC)); nothing more to send")
    assert len(mail.messages("bob")) == 1


# --- 6. the worker opens its database before it says it started --------------------------------------

def test_the_worker_on_a_database_it_cannot_open_says_only_why(afterview_home, tmp_path):
    db = tmp_path / "not-a-database.db"
    db.write_bytes(b"this is not an SQLite file, it is a shopping list\n" * 100)
    ran = worker_rounds("--db", str(db), "worker", "--interval", "5", rounds=1,  # one round, if it started
                        env={"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": NOW.isoformat()})
    assert ran.code != 0
    assert "worker started" not in ran.out, ran.out
    assert ran.err.strip().startswith("afterview: error:"), ran.err
    assert "Traceback" not in ran.err


@pytest.mark.parametrize("other", ["sent", "claimed"])
def test_send_now_that_loses_the_claim_says_who_has_it(other, mail, store, seeded, afterview_home, tmp_path,
                                                      monkeypatch):
    """Deterministically the tester's race: it passes its own checks, then another program
    sends the message (or claims it) just before its own claim."""
    from afterview.delivery import outbox
    from tests.helpers import afterview

    write_config(afterview_home, mail)
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    real_send_due = delivery.send_due

    def another_program_first(the_store, **kw):
        if other == "sent":
            real_send_due(the_store, **kw)
        else:
            with the_store.transaction() as tx:
                assert outbox.claim(tx, message_id, kw["now"])
        return real_send_due(the_store, **kw)

    monkeypatch.setattr(delivery, "send_due", another_program_first)
    done = afterview("--db", str(tmp_path / "afterview.db"), "send", str(message_id), "--now",
                     env={"AV_TEST_PASSWORD": "alice-secret", "AFTERVIEW_AT": NOW.isoformat()})
    assert done.code == 2, (done.out, done.err)
    assert "see above" not in done.err
    wanted = ("was sent already (at Thu 2026-11-26 10:00 your time" if other == "sent"
              else "is being sent by another Afterview program (since Thu 2026-11-26 10:00)")
    assert f"afterview: error: message {message_id} {wanted}" in done.err, done.err
    assert len(mail.messages("bob")) == (1 if other == "sent" else 0)


# --- 5. the worker wakes when a scheduled message is due --------------------------------------------

def test_the_worker_wakes_at_a_messages_scheduled_time_not_a_whole_interval_later(mail, store, seeded,
                                                                                  afterview_home, tmp_path):
    from datetime import datetime, timezone

    write_config(afterview_home, mail, append_sent=False)
    message_id = _approved(store, seeded, {"test": account_for(mail)})
    now = datetime.now(timezone.utc)
    at = now + timedelta(seconds=5)
    with store.transaction() as tx:
        delivery.schedule(tx, message_id, when=at, now=now)
    seen = []

    def sent_yet(round_: int) -> bool:  # after each round: is it in Bob's mailbox? Then that round was the last
        if mail.messages("bob"):
            seen.append(datetime.now(timezone.utc))
        return bool(seen)

    # the interval is 60 s: only a wake at its time sends it within 5 s of it
    done = worker_rounds("--db", str(tmp_path / "afterview.db"), "worker", "--interval", "60", between=sent_yet,
                         waits=True, env={"AV_TEST_PASSWORD": mail.users["alice"].password})
    out, err = done.out, done.err
    assert len(mail.messages("bob")) == 1, (out, err)
    [arrived] = seen
    assert at <= arrived < at + timedelta(seconds=5), (at, arrived)
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT
