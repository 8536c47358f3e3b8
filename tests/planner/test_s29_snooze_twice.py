"""One snooze in force at a time: `afterview snooze` on an action already snoozed replaces the
snooze in force (the earlier kept, undone) and says so; a database that already holds two live
snoozes of one action (made before this) reads correctly: undo takes back the last and says the
earlier still holds it back.

Found by a desk tester: Snooze sent from two tabs recorded two live snoozes of one action; Undo of
the one listed said it was planned again, while the other still held it back.

The commands as a user types them, on a real SQLite file; your clock UTC.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from afterview.domain import model as m
from tests.helpers import afterview

KEY = "thank_you:i1:p1"
AT = ("--at", "2026-11-20 12:00 UTC")


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "av.db")
    for command in (
        ("profile", "set", "--name", "Alex Morgan", "--email", "alex@mail.example", "--tz", "UTC"),
        ("opportunity", "add", "--company", "Northwind Analytics", "--role", "Data Engineer"),
        ("person", "add", "Priya Raman", "--email", "priya@northwind.example", "--company", "Northwind Analytics",
         "--tz", "UTC", "--country", "US"),
        ("interview", "add", "--opportunity", "1", "--start", "2026-11-20 09:00 UTC", "--duration", "60m",
         "--stage", "panel interview", "--with", "Priya Raman:hiring_manager"),
    ):
        done = afterview("--db", path, *AT, *command)
        assert done.code == 0, (command, done.err)
    return path


def decisions(path: str) -> list[m.Decision]:
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{path}")
    try:
        with store.transaction() as tx:
            return sorted(tx.list(m.Decision, action_key=KEY), key=lambda d: d.id)
    finally:
        store.close()


def test_a_second_snooze_replaces_the_one_in_force_and_says_so(db):
    assert afterview("--db", db, *AT, "snooze", KEY, "--until", "2026-11-20 15:00").code == 0
    again = afterview("--db", db, *AT, "snooze", KEY, "--until", "2026-11-20 17:00")
    assert again.code == 0, again.err
    lines = again.out.splitlines()
    assert lines[0] == f"snoozed: {KEY} until Fri 2026-11-20 17:00"
    assert lines[1].startswith("was snoozed until Fri 2026-11-20 15:00; now until Fri 2026-11-20 17:00")
    first, second = decisions(db)
    assert first.undone_at is not None and second.undone_at is None  # exactly one live; the earlier kept
    timeline = afterview("--db", db, *AT, "timeline", "--opportunity", "1")
    assert "undone (was snoozed until" in timeline.out, timeline.out
    # undone, nothing holds it back: planned again at its own moment
    undone = afterview("--db", db, *AT, "undo", KEY)
    assert "now: planned again at the plan's own moment" in undone.out, undone.out


def test_two_live_snoozes_from_before_read_correctly(db):
    from afterview.services.planning import holding_words, undo_decision
    from afterview.storage import open_store

    store = open_store(f"sqlite:///{db}")
    at = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)
    try:
        with store.transaction() as tx:  # as two tabs recorded them before one replaced the other
            tx.add(m.Decision(action_key=KEY, kind=m.DecisionKind.SNOOZE, at=at, until=at.replace(hour=18)))
            tx.add(m.Decision(action_key=KEY, kind=m.DecisionKind.SNOOZE, at=at.replace(minute=1),
                              until=at.replace(hour=15)))
        with store.transaction() as tx:
            undone = undo_decision(tx, KEY, at.replace(hour=12))
    finally:
        store.close()
    assert undone.decision.until.hour == 15 and undone.still is not None and undone.still.until.hour == 18
    assert holding_words(undone.still, "UTC", at) == "an earlier snooze still holds it back, until Fri 20 Nov 18:00"
    told = afterview("--db", db, *AT, "undo", KEY)  # the earlier one, then nothing holds it back
    assert told.code == 0 and "now: planned again at the plan's own moment" in told.out, told.out
