"""Kill the sending process at each step of a send: never two copies, and a clear state.

The process kills itself with SIGKILL at a named step through AFTERVIEW_TEST_CRASH_AT, a
test-only hook (afterview.delivery.smtp.crash_point); the database and the servers are real.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message, stop, worker
from tests.helpers import completed, worker_rounds

LATER = NOW + timedelta(minutes=10)  # past the lease of an interrupted send


def write_config(home, mail, *, append_sent=True) -> None:
    (home / "config.toml").write_text(
        mail.account_toml("test", extra=f"append_sent = {str(append_sent).lower()}\nrate_per_minute = 0\n"))


def run_cli(db, *args, crash: str | None = None, at=NOW, timeout=60) -> subprocess.CompletedProcess:
    """`afterview --db DB ARGS...` at `at`, with the test account's password: in this process
    (what is read is its answer), or, to be killed at the step `crash`, in a process of its own."""
    if crash is None:
        return completed("--db", str(db), *args, env={"AV_TEST_PASSWORD": "alice-secret",
                                                      "AFTERVIEW_AT": at.isoformat(), "AFTERVIEW_TEST_CRASH_AT": None})
    env = dict(os.environ, AV_TEST_PASSWORD="alice-secret", AFTERVIEW_AT=at.isoformat(), AFTERVIEW_TEST_CRASH_AT=crash)
    return subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def approved_note(store, seeded, accounts, mail, home, tmp_path) -> tuple[int, str, object]:
    """A note approved to go out now through the test account: (its id, its Message-ID, the
    database's path)."""
    write_config(home, mail)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        header = tx.get(Message, message_id).message_id
    return message_id, header, tmp_path / "afterview.db"


def delivered_copies(mail, message_id_header: str) -> int:
    return sum(1 for m in mail.messages("bob") if m["Message-ID"] == message_id_header)


# step -> (state after the restart, copies delivered, what the user reads)
CASES = {
    "before_claim_commit": (MessageState.SENT, 1, ""),
    "after_claim": (MessageState.FAILED, 0, "outcome unknown"),
    "during_data": (MessageState.FAILED, 0, "outcome unknown"),
    "after_250": (MessageState.FAILED, 1, "outcome unknown"),
    "after_sent_copy": (MessageState.SENT, 1, ""),
}


@pytest.mark.parametrize("step", list(CASES))
def test_kill_at_each_step_never_yields_two_copies(step, mail, store, seeded, accounts, afterview_home, tmp_path):
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    killed = run_cli(db, "send-due", crash=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    first = run_cli(db, "send-due", at=NOW)  # an immediate restart leaves a fresh claim alone
    assert first.returncode == 0, first.stderr
    restarted = run_cli(db, "send-due", at=LATER)
    state, copies, words = CASES[step]
    # an outcome it finds unknown is status 3, for a script run by cron to tell the user
    assert restarted.returncode == (3 if words else 0), restarted.stderr
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == state, (message.last_error, first.stdout, restarted.stdout)
    assert delivered_copies(mail, header) == copies
    assert words in message.last_error
    if words:
        assert "outcome unknown" in restarted.stdout and "Sent folder" in restarted.stdout
    # whatever happened, more runs never send a second copy
    assert run_cli(db, "send-due", at=LATER + timedelta(hours=1)).returncode == 0
    assert delivered_copies(mail, header) == copies


def test_worker_sends_syncs_and_stops_cleanly_on_sigterm(mail, store, seeded, accounts, afterview_home, tmp_path):
    write_config(afterview_home, mail, append_sent=False)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
    with worker(tmp_path / "afterview.db", "alice-secret", 30) as proc:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not mail.messages("bob"):
            time.sleep(0.2)
        assert len(mail.messages("bob")) == 1
        time.sleep(0.5)  # in IDLE now: SIGTERM must still stop it promptly
        started = time.monotonic()
        out, err = stop(proc, timeout=15)
    assert proc.returncode == 0, err
    assert time.monotonic() - started < 5
    assert "sent message" in out and "worker stopped" in out
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT


@pytest.mark.parametrize("how", ["removed", "replaced"])
def test_the_worker_stops_when_its_database_file_is_removed(how, mail, store, seeded, afterview_home, tmp_path):
    """SQLite goes on writing into a removed file: a worker running on would record its sends
    where nobody will ever read them. It stops at its next round, saying why."""
    write_config(afterview_home, mail)
    db = tmp_path / "afterview.db"
    store.close()

    def away(round_: int) -> None:  # while it waits after its first round
        if round_ != 1:
            return
        if how == "replaced":  # a copy put in its place (a restore, a sync tool) is another file
            (tmp_path / "copy.db").write_bytes(db.read_bytes())
            os.replace(tmp_path / "copy.db", db)
        else:
            for suffix in ("", "-wal", "-shm"):
                (tmp_path / f"afterview.db{suffix}").unlink(missing_ok=True)

    done = worker_rounds("--db", str(db), "worker", "--interval", "5", rounds=3, between=away,
                         env={"AV_TEST_PASSWORD": "alice-secret"})
    out, err = done.out, done.err
    assert out.splitlines()[0][17:].startswith("worker started"), out
    assert done.code == 2, (out, err)
    assert err.strip() == (f"afterview: error: the database file {db} was {how}"
                           f"{'' if how == 'removed' else ' by another file'}: the worker stops, and sends nothing "
                           "more (start it again with the database in place)")


def test_a_send_whose_sent_folder_could_not_be_searched_is_found_there_later(mail, store, seeded, accounts,
                                                                            afterview_home, tmp_path, monkeypatch):
    """Interrupted after the server's 250, before it was recorded, with a copy in Sent (filed
    there by the provider, or late), and the Sent folder could not be searched when the
    interruption was found (the login refused): its outcome is unknown. The next sync that can
    read the mailbox finds it there and records it as sent, when it was attempted."""
    message_id, header, db = approved_note(store, seeded, accounts, mail, afterview_home, tmp_path)
    assert run_cli(db, "send-due", crash="after_250").returncode == -signal.SIGKILL
    [copy] = [raw for raw in mail.raw_messages("bob") if header.encode() in raw]
    client = mail.imap("alice")
    try:
        client.append("Sent", copy, flags=(b"\\Seen",))
    finally:
        client.logout()
    monkeypatch.setenv("AV_TEST_PASSWORD", "not-the-password")
    wrong = dict(os.environ, AFTERVIEW_AT=LATER.isoformat())
    found_out = subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), "send-due"], env=wrong,
                               capture_output=True, text=True, timeout=60)
    # 3: an outcome found unknown needs you, whatever else (the mail could not be read either: the same password)
    assert found_out.returncode == 3, found_out.stderr
    assert "afterview: replies to test could not be read: IMAP" in found_out.stderr
    with store.transaction() as tx:
        unknown = tx.get(Message, message_id)
    assert unknown.state == MessageState.FAILED and "the Sent folder could not be searched" in unknown.last_error
    synced = run_cli(db, "sync", at=LATER + timedelta(hours=1))
    assert synced.returncode == 0, synced.stderr
    assert (f"message {message_id}: its send's outcome was unknown, and it is in the Sent folder now: marked sent"
            in synced.stdout), synced.stdout
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
    assert message.state == MessageState.SENT and message.sent_at == unknown.updated_at
    assert delivered_copies(mail, header) == 1
