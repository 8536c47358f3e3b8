"""A change that leaves a scheduled note unplanned holds it back whether or not the output is read:
a reader gone early (`afterview opportunity status 2 interviewing | head -1`) is no error of the
command, and the work is done before anything is printed. (Found by a tester: with the pipe,
the status changed and the note stayed scheduled, to go out at its time.)"""

import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from afterview.storage import open_store

from tests.helpers import afterview

AT = "2026-11-28T18:37:00Z"
MONDAY = datetime(2026, 11, 30, 14, 0, tzinfo=timezone.utc)


@pytest.fixture
def scheduled(afterview_home):
    """The demo, with Priya's thank-you for interview 1 drafted and scheduled for Monday."""
    assert afterview("--at", AT, "demo", "--no-agenda").code == 0
    assert afterview("--at", AT, "draft", "thank_you:i1:p1", "--no-ask").code == 0
    store = open_store(f"sqlite:///{afterview_home / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            [note] = [x for x in tx.list(m.Message) if x.action_key == "thank_you:i1:p1"]
            note.state, note.approved_at, note.scheduled_at = m.MessageState.SCHEDULED, datetime(
                2026, 11, 28, 18, 0, tzinfo=timezone.utc), MONDAY
            tx.update(note)
    finally:
        store.close()
    return afterview_home, note.id


def _state(home, message_id):
    store = open_store(f"sqlite:///{home / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            return tx.get(m.Message, message_id).state
    finally:
        store.close()


def _run_with_reader_gone(home, *args):
    """`afterview ARGS` whose standard output's reader is gone before it writes anything."""
    read, write = os.pipe()
    os.close(read)  # each write to standard output: EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "afterview", "--at", AT, *args], stdout=write,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "AFTERVIEW_HOME": str(home)},
                              timeout=120)
    finally:
        os.close(write)
    return done


@pytest.mark.parametrize("command", [
    ("opportunity", "status", "1", "withdrawn"),
    ("outcome", "1", "rejected"),
    ("person", "edit", "Priya", "--do-not-contact"),
    ("interview", "edit", "1", "--cancelled"),
], ids=lambda c: " ".join(c[:2]))
def test_the_hold_back_does_not_depend_on_the_output_being_read(scheduled, command):
    home, message_id = scheduled
    done = _run_with_reader_gone(home, *command)
    assert done.returncode == 0, done.stderr  # a reader going away is no error of the command
    assert "Traceback" not in done.stderr
    assert _state(home, message_id) == m.MessageState.DRAFTED  # no longer planned: not sent on Monday


def test_read_to_the_end_the_hold_back_is_said_after_the_change(scheduled):
    home, message_id = scheduled
    result = afterview("--at", AT, "opportunity", "status", "1", "withdrawn")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "opportunity 1 is now withdrawn"
    assert lines[-1].startswith(f"message {message_id}: not sent: ")
    assert _state(home, message_id) == m.MessageState.DRAFTED
