"""SIGTERM in the middle of a send (a cron job's `timeout`, a terminal closed: found by a crash
tester, the send's outcome was left unknown though the server had taken it): `send --now` and
`send-due` finish the send under way and record it, say it, then end with status 143. The
process sends itself SIGTERM mid-DATA through AFTERVIEW_TEST_SIGTERM_AT (a test-only hook,
afterview.delivery.smtp.crash_point); the database and the servers are real."""

import os
import signal
import subprocess
import sys

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.delivery.conftest import NOW, add_message
from tests.delivery.test_crash import delivered_copies, write_config


def _run(db, *args):
    env = dict(os.environ, AV_TEST_PASSWORD="alice-secret", AFTERVIEW_AT=NOW.isoformat(),
               AFTERVIEW_TEST_SIGTERM_AT="during_data")
    env.pop("AFTERVIEW_TEST_CRASH_AT", None)
    return subprocess.run([sys.executable, "-m", "afterview", "--db", str(db), *args], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", ["send-due", "send --now"])
def test_sigterm_mid_send_finishes_and_records_it_then_stops(command, mail, store, seeded, accounts,
                                                               afterview_home, tmp_path):
    write_config(afterview_home, mail)
    message_id = add_message(store, seeded)
    with store.transaction() as tx:
        delivery.approve(tx, message_id, now=NOW, accounts=accounts)
        header = tx.get(Message, message_id).message_id
    args = ["send-due"] if command == "send-due" else ["send", str(message_id), "--now"]
    done = _run(tmp_path / "afterview.db", *args)
    assert done.returncode == 128 + signal.SIGTERM, (done.returncode, done.stdout, done.stderr)
    assert f"sent message {message_id}" in done.stdout
    assert done.stderr.strip().endswith("stopped by signal 15 once the sends under way were recorded"), done.stderr
    with store.transaction() as tx:
        assert tx.get(Message, message_id).state == MessageState.SENT
    assert delivered_copies(mail, header) == 1
