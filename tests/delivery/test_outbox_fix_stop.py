"""SIGTERM in the middle of a round stops after the send under way, not after the whole round
(found by a crash tester: TERM at 8 s, 44 more messages sent, the exit 45 s later), and the
worker's lines come as its sends are recorded, each with its time and what went to whom (they
came only as the round ended, so a log showed nothing until the worker was stopped, and a
`kill -9` lost them). The process sends itself SIGTERM in the middle of the first message's data
(AFTERVIEW_TEST_SIGTERM_AT, a test-only hook); the database and the servers are real."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW
from tests.delivery.test_crash import write_config
from tests.delivery.test_outbox_fix_servers import _approved, _states

pytestmark = pytest.mark.mail


def _env(**more) -> dict:
    env = dict(os.environ, AV_TEST_PASSWORD="alice-secret", AFTERVIEW_AT=NOW.isoformat(), **more)
    env.pop("AFTERVIEW_TEST_CRASH_AT", None)
    return env


def test_send_due_stopped_by_sigterm_ends_after_the_send_under_way(mail, store, seeded, accounts, afterview_home,
                                                                  tmp_path):
    write_config(afterview_home, mail)
    ids = _approved(store, seeded, accounts, 4)
    done = subprocess.run([sys.executable, "-m", "afterview", "--db", str(tmp_path / "afterview.db"), "send-due"],
                          env=_env(AFTERVIEW_TEST_SIGTERM_AT="during_data"), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 128 + signal.SIGTERM, (done.stdout, done.stderr)
    assert done.stdout.splitlines() == [
        f"sent message {ids[0]}",
        "3 due messages not tried: stopped before their turn; they stay approved or scheduled for the next run"]
    assert done.stderr.strip().endswith("stopped by signal 15 once the sends under way were recorded"), done.stderr
    assert _states(store, ids) == [MessageState.SENT] + [MessageState.APPROVED] * 3
    assert len(mail.received) == 1
    with store.transaction() as tx:  # not tried: no attempt counted, no error
        assert all(tx.get(Message, i).attempts == 0 and not tx.get(Message, i).last_error for i in ids[1:])


def test_the_worker_stopped_by_sigterm_ends_after_the_send_under_way(mail, store, seeded, accounts, afterview_home,
                                                                    tmp_path):
    write_config(afterview_home, mail)
    ids = _approved(store, seeded, accounts, 4)
    proc = subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(tmp_path / "afterview.db"), "worker",
                             "--interval", "600"], env=_env(AFTERVIEW_TEST_SIGTERM_AT="during_data"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, (out, err)
    assert _states(store, ids) == [MessageState.SENT] + [MessageState.APPROVED] * 3, (out, err)
    assert len(mail.received) == 1
    lines = [line[17:] for line in out.splitlines()]  # after the time each line begins with
    assert lines[-1] == "worker stopped", out
    assert f"sent message {ids[0]}, thank-you note to Bob Builder" in lines, out


STAMPED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d ")


def test_the_worker_says_each_send_as_it_is_recorded_with_its_time_and_whom(mail, store, seeded, accounts,
                                                                           afterview_home, tmp_path):
    """Its output read through a pipe (as in `afterview worker > log`): the first message's line
    is there while the server still takes the third."""
    write_config(afterview_home, mail)
    ids = _approved(store, seeded, accounts, 3)
    lines: list[str] = []
    seen_at_third: list[list[str]] = []

    def before_250():
        if len(mail.received) == 3:  # the third message, before the server's answer
            time.sleep(1.0)  # time for a line already written to arrive
            seen_at_third.append(list(lines))

    proc = subprocess.Popen([sys.executable, "-m", "afterview", "--db", str(tmp_path / "afterview.db"), "worker",
                             "--interval", "600"], env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)

    def read():
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    mail.smtp.before_250 = before_250
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(f"sent message {ids[2]}," in x for x in lines):
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        reader.join(10)
    finally:
        mail.smtp.before_250 = None
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, proc.stderr.read()
    assert seen_at_third, lines
    assert any(x.endswith(f"sent message {ids[0]}, thank-you note to Bob Builder") for x in seen_at_third[0]), \
        seen_at_third
    assert all(STAMPED.match(x) for x in lines), lines  # every line of the worker's begins with its minute
    # AFTERVIEW_AT: the worker's clock starts at that moment, and so do its times (UTC here)
    assert lines[0] == f"{NOW:%Y-%m-%d %H:%M} worker started (times in your zone, UTC); stop it with Ctrl-C", lines
    sent = [x[17:] for x in lines if " sent message " in x]
    assert sent == [f"sent message {i}, thank-you note to Bob Builder" for i in ids], lines
