"""`today`, `why` and `agenda`, said as the desk and the other commands say them.

- `today` lists its ON ITS WAY section whatever is due: a note scheduled for a later action is
  listed there (text and `--json`), nothing due or not, and is not counted among those "planned
  later" (the desk's rule: services.planning.on_its_way). It returned before that section when
  nothing was due, and counted the note among the later ones.
- `why` of an action whose send may have arrived (cut off after the server may have taken it:
  outbox.outcome_unknown) says so, as `today` and `show` do, not "failed"; its `--json` says
  "status": "may have arrived" (its message's state stays "failed", as stored).
- `agenda --days` past ten years is refused in one line, not "a number or date is out of range".

The demo's pipeline at Mon 30 Nov 23:30 UTC (six actions due or overdue, three upcoming), the user
in Chicago, the notes' states set in the database as the outbox leaves them.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from afterview.domain.model import Message, MessageState
from afterview.services import delivery
from tests.helpers import afterview, assert_clean_error
from tests.planner.monday_demo import AT, av, demo, drafted  # noqa: F401 (demo: a fixture)

HEADING = "ON ITS WAY (nothing to do)"
DUE = ("thank_you:i4:p6", "thank_you:i1:p1", "thank_you:i1:p2", "thank_you:i1:p3", "rejection_reply:o3:p5",
       "linkedin_note:p5")
LATER = "status_check.1:o2:i2:p4"  # upcoming: from Tue 1 Dec 09:30 UTC
TUESDAY_10_CHICAGO = datetime(2026, 12, 1, 16, 0, tzinfo=timezone.utc)


def set_state(store, message_id: int, state: MessageState, *, scheduled_at=None, attempts=0, last_error="") -> None:
    with store.transaction() as tx:
        message = tx.get(Message, message_id)
        message.state, message.scheduled_at = state, scheduled_at
        message.attempts, message.last_error = attempts, last_error
        if state in (MessageState.APPROVED, MessageState.SCHEDULED):
            message.approved_at = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)
        tx.update(message)


def test_today_lists_a_later_note_on_its_way_with_nothing_due(demo):
    for key in DUE:
        av("skip", key, "--reason", "handled")
    assert av("today").out.splitlines()[-1].startswith("3 more planned later")
    later = drafted(LATER)
    set_state(demo, later, MessageState.SCHEDULED, scheduled_at=TUESDAY_10_CHICAGO)

    out = av("today").out
    assert "Nothing needs you right now; 1 note is on its way (below)." in out
    going = out[out.index(HEADING):]
    assert going.splitlines()[:4] == [
        f"{HEADING}: 1",
        f"  Marcus Webb (email) scheduled (message {later}): goes Tue 2026-12-01 10:00",
        "           Status follow-up (Analytics Engineer at Contoso Health)",
        f"           key: {LATER}",
    ]
    # counted as the desk counts it: the note on its way is not among those planned later
    assert out.splitlines()[-1].startswith("2 more planned later")
    assert "3 more planned later" not in out

    records = json.loads(av("today", "--json").out)
    assert [(r["key"], r["state"], r["on_its_way"], r["message_id"]) for r in records] == [
        (LATER, "upcoming", True, later)]


def test_today_lists_a_later_note_on_its_way_beside_what_is_due(demo):
    later = drafted(LATER)
    # scheduled for a moment of its action, as approving it sets it (approved to go now, before its
    # earliest moment, the outbox would hold it back: listed under HELD BACK, see test_d27_today_held_back)
    set_state(demo, later, MessageState.SCHEDULED, scheduled_at=TUESDAY_10_CHICAGO)
    out = av("today").out
    todo, _, going = out.partition(HEADING)
    for key in DUE:
        assert f"key: {key}" in todo
    assert LATER not in todo and f"key: {LATER}" in going
    assert f"Marcus Webb (email) scheduled (message {later}): goes Tue 2026-12-01 10:00" in going
    assert out.splitlines()[-1].startswith("2 more planned later")
    records = json.loads(av("today", "--json").out)
    assert [r["key"] for r in records] == [*("thank_you:i4:p6", "thank_you:i1:p1", "thank_you:i1:p2",
                                            "thank_you:i1:p3", "rejection_reply:o3:p5", "linkedin_note:p5"), LATER]
    assert [r["on_its_way"] for r in records] == [False] * 6 + [True]

    # a later note that needs the user (a retry) is no note on its way: counted later, as before
    set_state(demo, later, MessageState.SCHEDULED, scheduled_at=TUESDAY_10_CHICAGO, attempts=2,
              last_error="SMTP smtp.mail.example:465: 451 try again later")
    out = av("today").out
    assert HEADING not in out and out.splitlines()[-1].startswith("3 more planned later")
    assert [r["key"] for r in json.loads(av("today", "--json").out)] == list(DUE)


def test_why_of_a_send_that_may_have_arrived(demo):
    unknown, failed = drafted("thank_you:i1:p2"), drafted("thank_you:i1:p3")
    set_state(demo, unknown, MessageState.FAILED, attempts=1, last_error=delivery.UNKNOWN_OUTCOME)
    set_state(demo, failed, MessageState.FAILED, attempts=1, last_error="550 5.1.1 No such user")

    out = av("why", "thank_you:i1:p2").out
    lines = out.splitlines()
    assert lines[0] == "thank_you:i1:p2: may have arrived"
    message = next(line for line in lines if line.startswith("message: "))
    assert message.startswith(f"message: its send may have arrived (message {unknown} (")
    assert message.endswith(f"): afterview show {unknown}")
    assert "failed" not in out
    found = json.loads(av("why", "thank_you:i1:p2", "--json").out)
    assert found["status"] == "may have arrived"
    assert found["message"]["state"] == "failed" and found["message"]["id"] == unknown

    # a plain failure is said as before, and flagged apart
    out = av("why", "thank_you:i1:p3").out
    assert out.splitlines()[0] == "thank_you:i1:p3: failed"
    assert f"failed: afterview show {failed}" in out
    found = json.loads(av("why", "thank_you:i1:p3", "--json").out)
    assert found["status"] == "failed" and found["message"]["state"] == "failed"


@pytest.mark.parametrize("days", ["3661", "100000000", str(10 ** 30)])
def test_agenda_days_past_ten_years_is_one_line(demo, days):
    done = afterview("--at", AT, "agenda", "--days", days)
    assert_clean_error(done)
    assert done.err.strip() == f"afterview: error: --days must be at most 3660 (ten years), got {days}"


def test_agenda_days_up_to_ten_years(demo):
    out = av("agenda", "--days", "3660").out
    assert "key: status_check.1:o1:i1:p3" in out  # the latest planned action, within it
    assert "at most 3660" in av("agenda", "--help").out
