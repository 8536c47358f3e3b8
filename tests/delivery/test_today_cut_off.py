"""`today` (and `agenda`, `plan`, `why`) on a note whose send is claimed but not recorded: being
sent, or cut off (the program sending it killed between its claim and its result).

Found in review: such a note was listed as "being sent now", under "ON ITS WAY (nothing to do)",
for as long as no round of the outbox ran: five minutes after a crash, and days after it when
no worker runs. Within the claim's five minutes both are possible, so both are said, with the
minute from which `send-due` finds out; after them the send was cut off: it needs the user (a
`send-due`, or the worker, to find out whether it went), and what happens next is said. Once
`send-due` has looked, the unknown outcome is listed as before.

The demo's pipeline at Mon 30 Nov 23:30 UTC, the user in Chicago, the note's claim set in the
database as a crash leaves it.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from afterview.domain.model import Message, MessageState
from afterview.storage import open_store
from tests.helpers import afterview

AT = "2026-11-30T23:30:00Z"
LATER = "2026-11-30T23:45:00Z"  # past the claim's five minutes
CLAIMED = datetime(2026, 11, 30, 23, 27, 40, tzinfo=timezone.utc)  # 17:27 in Chicago; found out from 17:33
HEADING = "ON ITS WAY (nothing to do)"
KEY = "thank_you:i1:p2"  # the demo's thank-you to Tom Becker

def av(*args: str, at: str = AT):
    done = afterview("--at", at, *args)
    assert done.code == 0, (args, done.out, done.err)
    return done


@pytest.fixture
def claimed(afterview_home) -> int:
    """The demo, the user in Chicago; Tom Becker's thank-you claimed by a program that then died."""
    av("demo")
    (afterview_home / "config.toml").write_text('timezone = "America/Chicago"\n')
    message_id = int(av("draft", KEY).out.split()[0].lstrip("#"))
    store = open_store(f"sqlite:///{afterview_home / 'afterview.db'}")
    try:
        with store.transaction() as tx:
            message = tx.get(Message, message_id)
            message.state, message.updated_at, message.attempts = MessageState.SENDING, CLAIMED, 1
            message.message_id = "<cut-off@mail.example>"
            tx.update(message)
    finally:
        store.close()
    return message_id


def test_within_its_five_minutes_it_is_being_sent_or_cut_off(claimed):
    out = av("today").out
    going = out[out.index(HEADING):]
    assert (f"  Tom Becker (email) sending (message {claimed}): being sent since Mon 2026-11-30 17:27; if no "
            "Afterview program is sending it, the send was cut off, and afterview send-due finds out from Mon "
            "2026-11-30 17:33 on whether it went out\n") in going
    assert "being sent now" not in out
    assert [r["on_its_way"] for r in json.loads(av("today", "--json").out) if r["key"] == KEY] == [True]
    why = av("why", KEY).out
    assert f'message: message {claimed} ("Thank you - Senior Data Engineer interview"): being sent since ' in why


def test_after_them_it_was_cut_off_and_needs_the_user(claimed):
    out = av("today", at=LATER).out
    said = (f"sending (message {claimed}): its send was cut off at Mon 2026-11-30 17:27 and it may have gone out: "
            "do not send it again; afterview send-due (or the worker) looks for it in your Sent folder and marks it "
            "sent if it is there, else asks you whether it arrived")
    todo, _, going = out.partition(HEADING)
    assert said in todo and f"key: {KEY}" in todo  # with what needs the user, not on its way
    assert f"message {claimed}" not in going
    assert [r["on_its_way"] for r in json.loads(av("today", "--json", at=LATER).out) if r["key"] == KEY] == [False]
    assert "its send was cut off at Mon 2026-11-30 17:27" in av("why", KEY, at=LATER).out

    # what it says happens: send-due looks (no account to search here), and the outcome is unknown
    done = afterview("--at", LATER, "send-due")
    assert done.code == 3 and f"message {claimed} outcome unknown" in done.out, (done.out, done.err)
    assert (f"its send may have arrived (message {claimed}): afterview show {claimed}"
            in av("today", at=LATER).out)
