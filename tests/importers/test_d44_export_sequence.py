"""An export at a made-up moment (`--at` ahead of the clock) never leaves a later export with
lower SEQUENCE numbers: an event written again after an export forgot it (an interview past the
30 days an export shows) gets a number above every number an export wrote, so a calendar that
took in the made-up export still applies the change. On a real SQLite file, through the command line."""

from __future__ import annotations

import icalendar

from tests.helpers import afterview
from tests.planner.test_cli import db  # noqa: F401  (the database fixture: a panel interview, Tue 1 Dec 2026)

NOW = "2026-11-25 09:00"  # the interview is ahead


def numbers(db, when: str, target) -> dict[str, int]:  # noqa: F811
    result = afterview("--db", db["path"], "--at", f"{when} Europe/Berlin", "calendar", "export", "-o", str(target))
    assert result.code == 0, result.err
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    return {str(e["uid"]): int(e["sequence"]) for e in cal.walk("VEVENT")}


def move(db, when: str, start: str) -> None:  # noqa: F811
    result = afterview("--db", db["path"], "--at", f"{when} Europe/Berlin", "interview", "edit",
                       str(db["interview"]), "--start", start)
    assert result.code == 0, result.err


def test_a_change_after_an_export_ahead_of_the_clock_gets_a_higher_sequence(db, tmp_path):  # noqa: F811
    uid = f"interview-{db['interview']}@afterview.local"
    first = numbers(db, NOW, tmp_path / "a.ics")
    move(db, NOW, "2026-12-01 11:00")
    ahead = numbers(db, "2026-12-20 09:00", tmp_path / "b.ics")  # made up: the interview is in it, moved
    assert ahead[uid] > first[uid]
    far = numbers(db, "2027-06-01 09:00", tmp_path / "c.ics")  # made up: the interview is past, not in it
    assert uid not in far
    move(db, NOW, "2026-12-01 14:00")
    back = numbers(db, "2026-11-25 09:30", tmp_path / "d.ics")  # the clock's moment again, after a change
    written = [*first.values(), *ahead.values(), *far.values()]
    assert back[uid] > ahead[uid], "a calendar that took in the made-up export would ignore the move"
    assert back[uid] > max(written)
